"""What a template sees: the request, the session's state, and seeded helpers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from pymockapi.templating import _helpers


class Headers(Mapping[str, str]):
    """Request headers by case-insensitive name (``request.headers['X-Tenant']``)."""

    def __init__(self, pairs: list[tuple[str, str]]) -> None:
        self._values: dict[str, str] = {}
        for name, value in pairs:
            self._values.setdefault(name.lower(), value)

    def __getitem__(self, name: str) -> str:
        return self._values[name.lower()]

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)


class StateView(Mapping[str, str]):
    """``state.checkout``: the session's state machines (every machine starts ``started``)."""

    def __init__(self, lookup: Callable[[str], str], known: Mapping[str, str]) -> None:
        self._lookup = lookup
        self._known = known

    def __getitem__(self, machine: str) -> str:
        return self._lookup(machine)

    def __iter__(self) -> Iterator[str]:
        return iter(self._known)

    def __len__(self) -> int:
        return len(self._known)


@dataclass(frozen=True, slots=True)
class RequestView:
    method: str
    path: str
    path_params: Mapping[str, Any] = field(default_factory=dict)
    query: Mapping[str, Any] = field(default_factory=dict)
    headers: Mapping[str, str] = field(default_factory=dict)
    cookies: Mapping[str, str] = field(default_factory=dict)
    body: Any = None
    text: str = ""

    @property
    def params(self) -> Mapping[str, Any]:
        """An alias of ``path_params``."""
        return self.path_params


def variables(
    request: RequestView,
    *,
    seed: bytes,
    state: Mapping[str, str] | None = None,
    now: dt.datetime | None = None,
) -> dict[str, Any]:
    """The variables of one render; ``seed`` drives ``faker`` and ``uuid``."""
    moment = now or dt.datetime.now(dt.UTC).replace(microsecond=0)
    return {
        "request": request,
        "state": state if state is not None else {},
        "faker": _helpers.FakerProxy(seed),
        "uuid": _helpers.Uuids(seed),
        "now": moment,
        "today": moment.date(),
        "json": _helpers.JsonHelper(),
        "base64": _helpers.Base64Helper(),
        "parse_date": _helpers.parse_date,
        "timedelta": _timedelta,
    }


def _timedelta(
    days: float = 0, hours: float = 0, minutes: float = 0, seconds: float = 0, weeks: float = 0
) -> dt.timedelta:
    return dt.timedelta(days=days, hours=hours, minutes=minutes, seconds=seconds, weeks=weeks)
