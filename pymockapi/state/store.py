"""The state store interface and its in-memory implementation."""

from __future__ import annotations

import copy
import threading
from collections import OrderedDict
from typing import Any, Protocol

import orjson

STARTED = "started"


class StateStore(Protocol):
    # state machines
    def get_machine(self, session: str, machine: str) -> str: ...
    def set_machine(self, session: str, machine: str, state: str) -> None: ...
    # resources
    def get_item(self, session: str, collection: str, key: str) -> Any | None: ...
    def get_item_json(self, session: str, collection: str, key: str) -> bytes | None:
        """The item as the JSON bytes the store keeps (``None``: no such item, or one kept
        as something JSON cannot carry; ``get_item`` then says which)."""
        ...

    def put_item(self, session: str, collection: str, key: str, value: Any) -> None: ...
    def delete_item(self, session: str, collection: str, key: str) -> bool: ...
    def was_deleted(self, session: str, collection: str, key: str) -> bool: ...
    def list_items(self, session: str, collection: str) -> list[Any]: ...
    def count_items(self, session: str, collection: str) -> int: ...
    def next_id(self, session: str, collection: str) -> int: ...
    # counters
    def increment(self, session: str, counter: str) -> int:
        """Add one and return the new value (1 on first call)."""
        ...

    # administration
    def reset(self, session: str | None = None, machine: str | None = None) -> None:
        """Reset everything, one session, or one machine (in one or every session)."""
        ...

    def snapshot(self, session: str | None = None) -> dict[str, Any]:
        """A JSON-able view of the state (one session or all), for the admin API."""
        ...

    def close(self) -> None:
        """Release files and connections (the server calls it on shutdown)."""
        ...


class _Session:
    __slots__ = ("collections", "counters", "ids", "machines", "tombstones")

    def __init__(self) -> None:
        self.machines: dict[str, str] = {}
        self.collections: dict[str, OrderedDict[str, Any]] = {}
        self.tombstones: dict[str, set[str]] = {}
        self.ids: dict[str, int] = {}
        self.counters: dict[str, int] = {}


_EMPTY = _Session()
"""Read-only stand-in for a session that has never been written to."""


JSON_ONLY = (
    orjson.OPT_PASSTHROUGH_DATACLASS
    | orjson.OPT_PASSTHROUGH_DATETIME
    | orjson.OPT_PASSTHROUGH_SUBCLASS
)
"""``orjson.dumps`` option: values JSON has no type for are refused (``TypeError``) rather
than quietly turned into strings."""


class _Kept:
    """A value that JSON cannot carry exactly (kept as a deep copy instead)."""

    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = copy.deepcopy(value)


def _freeze(value: Any) -> bytes | _Kept:
    """Stored values are kept as JSON bytes: copying in and out is one orjson call each
    way, ten times faster than a deep copy of the parsed tree."""
    try:
        return orjson.dumps(value, option=JSON_ONLY)
    except TypeError:  # not JSON (or an integer past 64 bits): keep an exact copy
        return _Kept(value)


def _thaw(frozen: bytes | _Kept) -> Any:
    if isinstance(frozen, bytes):
        return orjson.loads(frozen)
    return copy.deepcopy(frozen.value)


class MemoryStore:
    """Thread-safe in-memory state (the default); values are copied in and out."""

    def __init__(self) -> None:
        self._sessions: dict[str, _Session] = {}
        self._lock = threading.Lock()

    def _session(self, session: str) -> _Session:
        found = self._sessions.get(session)
        if found is None:
            found = self._sessions[session] = _Session()
        return found

    def _existing(self, session: str) -> _Session:
        """The session's state for reading: reads never create a session."""
        return self._sessions.get(session) or _EMPTY

    def get_machine(self, session: str, machine: str) -> str:
        with self._lock:
            return self._existing(session).machines.get(machine, STARTED)

    def set_machine(self, session: str, machine: str, state: str) -> None:
        with self._lock:
            self._session(session).machines[machine] = state

    def _kept(self, session: str, collection: str, key: str) -> bytes | _Kept | None:
        with self._lock:
            items = self._existing(session).collections.get(collection)
            return items.get(key) if items is not None else None

    def get_item(self, session: str, collection: str, key: str) -> Any | None:
        found = self._kept(session, collection, key)
        return _thaw(found) if found is not None else None

    def get_item_json(self, session: str, collection: str, key: str) -> bytes | None:
        found = self._kept(session, collection, key)
        return found if isinstance(found, bytes) else None

    def put_item(self, session: str, collection: str, key: str, value: Any) -> None:
        frozen = _freeze(value)
        with self._lock:
            state = self._session(session)
            state.collections.setdefault(collection, OrderedDict())[key] = frozen
            state.tombstones.get(collection, set()).discard(key)

    def delete_item(self, session: str, collection: str, key: str) -> bool:
        with self._lock:
            state = self._existing(session)
            items = state.collections.get(collection, OrderedDict())
            if key not in items:
                return False
            del items[key]
            state.tombstones.setdefault(collection, set()).add(key)
            return True

    def was_deleted(self, session: str, collection: str, key: str) -> bool:
        with self._lock:
            return key in self._existing(session).tombstones.get(collection, set())

    def list_items(self, session: str, collection: str) -> list[Any]:
        with self._lock:
            items = self._existing(session).collections.get(collection, OrderedDict())
            found = list(items.values())
        return [_thaw(value) for value in found]

    def count_items(self, session: str, collection: str) -> int:
        with self._lock:
            return len(self._existing(session).collections.get(collection, ()))

    def next_id(self, session: str, collection: str) -> int:
        with self._lock:
            state = self._session(session)
            state.ids[collection] = state.ids.get(collection, 0) + 1
            return state.ids[collection]

    def increment(self, session: str, counter: str) -> int:
        with self._lock:
            state = self._session(session)
            state.counters[counter] = state.counters.get(counter, 0) + 1
            return state.counters[counter]

    def reset(self, session: str | None = None, machine: str | None = None) -> None:
        with self._lock:
            sessions = [session] if session is not None else list(self._sessions)
            for name in sessions:
                if machine is None:
                    self._sessions.pop(name, None)
                elif name in self._sessions:
                    self._sessions[name].machines.pop(machine, None)

    def snapshot(self, session: str | None = None) -> dict[str, Any]:
        with self._lock:
            names = [session] if session is not None else sorted(self._sessions)
            result: dict[str, Any] = {}
            for name in names:
                state = self._sessions.get(name)
                if state is None:
                    continue
                result[name] = {
                    "machines": dict(state.machines),
                    "collections": {
                        key: [_thaw(value) for value in items.values()]
                        for key, items in state.collections.items()
                    },
                    "counters": dict(state.counters),
                }
            return result

    def close(self) -> None:
        """Nothing to release: the state lives and dies with the process."""
