"""The engine currently serving, swapped atomically when the spec changes.

A request takes the engine reference once, at its start, so a reload never changes the
rules under a request in flight, and no request fails while a new version is compiled.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pymockapi.config import EngineConfig
from pymockapi.engine import MockEngine, ResponderFactory, ServeEvent
from pymockapi.errors import PyMockApiError
from pymockapi.model import Spec

log = logging.getLogger("pymockapi")

SpecLoader = Callable[[], Spec]


@dataclass(slots=True)
class ReloadStatus:
    loaded_at: float = 0.0
    generation: int = 1
    last_error: str | None = None
    last_error_at: float | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "generation": self.generation,
            "loaded_at": self.loaded_at,
            "last_error": self.last_error,
            "last_error_at": self.last_error_at,
        }


@dataclass(slots=True)
class RecentRequests:
    """A small ring of recent requests for ``GET /__pymockapi/logs``.

    Events are kept as they are and formatted only when asked for: the hot path only
    appends to a bounded deque.
    """

    size: int = 500
    _items: deque[tuple[float, ServeEvent]] = field(default_factory=deque)

    def __post_init__(self) -> None:
        self._items = deque(maxlen=self.size)

    def add(self, event: ServeEvent) -> None:
        self._items.append((time.time(), event))

    def latest(self, limit: int) -> list[dict[str, Any]]:
        items = list(self._items)[-limit:]
        items.reverse()
        return [_summary(at, event) for at, event in items]


def _summary(at: float, event: ServeEvent) -> dict[str, Any]:
    request, response = event.request, event.response
    return {
        "time": at,
        "method": request.method,
        "path": request.path,
        "query": request.query_string,
        "operation": event.operation.key if event.operation else None,
        "status": response.status,
        "violations": [v.as_dict() for v in event.violations],
        "duration_ms": round(event.duration * 1000, 3),
    }


class Runtime:
    def __init__(
        self,
        loader: SpecLoader,
        config: EngineConfig,
        spec: Spec | None = None,
        responders: Sequence[ResponderFactory] = (),
        on_spec: Sequence[Callable[[Spec], None]] = (),
    ) -> None:
        self._loader = loader
        self.config = config
        self.responders = tuple(responders)
        self._on_spec = tuple(on_spec)
        self.engine = MockEngine(spec if spec is not None else loader(), config, self.responders)
        self._tell(self.engine.spec)
        self.status = ReloadStatus(loaded_at=time.time())
        self.recent = RecentRequests()
        self._lock = threading.Lock()
        self._stamps = self._file_stamps()

    @property
    def files(self) -> tuple[str, ...]:
        return self.engine.spec.files or (self.engine.spec.source,)

    def reload(self) -> bool:
        """Re-import and swap in; on failure keep serving the last good version."""
        with self._lock:
            stamps = self._file_stamps()
            try:
                engine = MockEngine(self._loader(), self.config, self.responders)
            except PyMockApiError as error:
                self._failed(str(error))
                self._stamps = stamps
                return False
            except Exception as error:  # an importer bug must not take the server down
                log.exception("reload failed")
                self._failed(f"unexpected error: {error}")
                self._stamps = stamps
                return False
            self._tell(engine.spec)
            self.engine = engine
            self._stamps = self._file_stamps()
            self.status.generation += 1
            self.status.loaded_at = time.time()
            self.status.last_error = None
            self.status.last_error_at = None
            for item in engine.spec.problems:
                log.warning("skipped: %s", item)
            log.info("reloaded %s (%d operations)", engine.spec.source, len(engine.spec.operations))
            return True

    def _tell(self, spec: Spec) -> None:
        for hook in self._on_spec:
            try:
                hook(spec)
            except Exception:  # a broken hook must not stop a version from being served
                log.exception("a feature failed to take in %s", spec.source)

    def changed(self) -> bool:
        return self._file_stamps() != self._stamps

    def _failed(self, message: str) -> None:
        self.status.last_error = message
        self.status.last_error_at = time.time()
        log.error("reload failed, still serving the previous version: %s", message)

    def _file_stamps(self) -> dict[str, tuple[int, int] | None]:
        stamps: dict[str, tuple[int, int] | None] = {}
        engine = getattr(self, "engine", None)
        if engine is None:
            return stamps
        for name in engine.spec.files or (engine.spec.source,):
            try:
                stat = Path(name).stat()
            except OSError:
                stamps[name] = None
                continue
            stamps[name] = (stat.st_mtime_ns, stat.st_size)
        return stamps
