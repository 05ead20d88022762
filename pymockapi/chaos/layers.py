"""Where chaos is declared, and the settings in force for one operation.

Precedence, lowest first: the live settings (CLI, or ``PUT /__pymockapi/chaos``), each
scenario file's top-level ``chaos:`` (files in order), then per operation: the live
settings' ``operations``, the spec's ``x-pymockapi-chaos``, each scenario file's
``operations``. A scenario rule's ``chaos:`` and the client's ``Prefer`` come on top of that
(see :mod:`pymockapi.chaos.plan`). Merged settings are cached per engine and operation.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from pymockapi.chaos.settings import (
    ChaosSettings,
    ChaosSettingsError,
    parse_file_section,
    parse_settings,
)
from pymockapi.engine import MockEngine
from pymockapi.model import Operation

log = logging.getLogger("pymockapi.chaos")

EXTENSION = "x-pymockapi-chaos"
ScenarioChaos = Sequence[Mapping[str, Any]] | Callable[[], Sequence[Mapping[str, Any]]]


@dataclass(frozen=True, slots=True)
class FileLayer:
    file: str
    settings: ChaosSettings
    operations: Mapping[str, ChaosSettings]


@dataclass(frozen=True, slots=True)
class Live:
    """What ``PUT`` replaces: the global settings and their per-operation overrides."""

    settings: ChaosSettings = field(default_factory=ChaosSettings)
    operations: Mapping[str, ChaosSettings] = field(default_factory=dict)


def parse_scenario_chaos(entries: Sequence[Mapping[str, Any]]) -> tuple[FileLayer, ...]:
    layers = []
    for entry in entries:
        name = str(entry.get("file", "scenario file"))
        settings, operations = parse_file_section(entry.get("chaos"), f"{name}: chaos")
        layers.append(FileLayer(name, settings, operations))
    return tuple(layers)


def _named(operations: Mapping[str, ChaosSettings], operation: Operation) -> ChaosSettings | None:
    if operation.operation_id and operation.operation_id in operations:
        return operations[operation.operation_id]
    return operations.get(f"{operation.method} {operation.path}")


class Layers:
    """The declared settings; ``settings_for`` merges them for one operation (cached)."""

    def __init__(self, live: Live, scenario_chaos: ScenarioChaos = ()) -> None:
        self.live = live
        self._source = scenario_chaos
        self._seen: tuple[int, ...] | None = None
        self._kept: Sequence[Mapping[str, Any]] = ()
        self.files: tuple[FileLayer, ...] = ()
        self._lock = threading.Lock()
        self._cache: dict[tuple[int, int], tuple[ChaosSettings, str]] = {}
        self._engine: MockEngine | None = None
        self._declared = False
        self.version = 0
        """Counts changes, so whoever keeps answers can tell they may be stale."""
        self.refresh(strict=True)

    def set_live(self, live: Live) -> None:
        with self._lock:
            self.live = live
            self._cache.clear()
            self._engine = None
            self.version += 1

    def refresh(self, *, strict: bool = False) -> None:
        """Re-read the scenario files' sections if they changed (cheap when they did not)."""
        entries = self._source() if callable(self._source) else self._source
        seen = tuple(id(entry) for entry in entries)
        if seen == self._seen:
            return
        try:
            files = parse_scenario_chaos(entries)
        except ChaosSettingsError as error:
            if strict:
                raise
            log.error("scenario chaos ignored, the previous version stays: %s", error)
            files = self.files
        with self._lock:
            self._seen, self._kept, self.files = seen, list(entries), files
            self._cache.clear()
            self._engine = None
            self.version += 1

    def declared(self, engine: MockEngine) -> bool:
        """Is any chaos declared anywhere (for this engine's spec)?"""
        if engine is not self._engine:
            self._switch(engine)
        return self._declared

    def settings_for(
        self, engine: MockEngine, operation: Operation | None
    ) -> tuple[ChaosSettings, str]:
        """The merged settings, and the rate-limit scope (``*`` or the operation's key)."""
        if engine is not self._engine:
            self._switch(engine)
        key = (id(engine), id(operation))
        found = self._cache.get(key)
        if found is None:
            found = self._merge(operation)
            with self._lock:
                self._cache[key] = found
        return found

    def _switch(self, engine: MockEngine) -> None:
        with self._lock:
            self._cache.clear()
            self._engine = engine
            self._declared = (
                not self.live.settings.empty
                or bool(self.live.operations)
                or any(not layer.settings.empty or layer.operations for layer in self.files)
                or any(EXTENSION in op.extensions for op in engine.spec.operations)
            )

    def _merge(self, operation: Operation | None) -> tuple[ChaosSettings, str]:
        merged = self.live.settings
        for layer in self.files:
            merged = merged.overlay(layer.settings)
        if operation is None:
            return merged, "*"
        own = ChaosSettings()
        named = _named(self.live.operations, operation)
        if named is not None:
            own = own.overlay(named)
        if EXTENSION in operation.extensions:
            try:
                where = f"{operation.key}: {EXTENSION}"
                own = own.overlay(parse_settings(operation.extensions[EXTENSION], where))
            except ChaosSettingsError as error:
                log.error("ignored: %s", error)
        for layer in self.files:
            named = _named(layer.operations, operation)
            if named is not None:
                own = own.overlay(named)
        scope = operation.key if own.rate_limit is not None else "*"
        return merged.overlay(own), scope
