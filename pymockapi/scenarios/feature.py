"""The loaded scenarios of a running server: swapped whole on reload, bound per spec."""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pymockapi.model import Spec
from pymockapi.scenarios._errors import ScenarioError
from pymockapi.scenarios.contract import Binding, bind
from pymockapi.scenarios.loader import load_scenarios
from pymockapi.scenarios.model import DEFAULT, ScenarioSet
from pymockapi.state import StateStore

log = logging.getLogger("pymockapi")


class ScenarioHolder:
    def __init__(
        self,
        spec: Spec,
        *,
        paths: Sequence[Path],
        store: StateStore,
        seed: str,
        allow_off_contract: bool,
    ) -> None:
        self.paths = list(paths)
        self.store = store
        self.seed = seed
        self.allow = allow_off_contract
        self.spec = spec
        self.current = ScenarioSet()
        self.active: list[str] = []
        self.errors: list[dict[str, Any]] = []
        self.warnings: list[dict[str, Any]] = []
        self.chaos: list[dict[str, Any]] = []
        """Shared with the chaos capability; updated in place on reload."""
        self.info: dict[str, Any] = {}
        """Shown in health; updated in place."""
        self._binding: tuple[ScenarioSet, Spec, Binding] | None = None
        self._lock = threading.Lock()

    def load(self) -> None:
        """Read the files again; on any problem raise it and keep the last good version."""
        with self._lock:
            try:
                loaded = load_scenarios(self.paths)
                binding = bind(loaded, self.spec, allow_off_contract=self.allow)
                if binding.errors:
                    raise _combined(binding.errors)
            except ScenarioError as error:
                self.errors[:] = [error.as_dict()]
                raise
            self.errors.clear()
            self.warnings[:] = [w.as_dict() for w in binding.warnings]
            for warning in binding.warnings:
                log.warning("off-contract scenario (allowed): %s", warning)
            self.current = loaded
            self._binding = (loaded, self.spec, binding)
            self.active[:] = [name for name in self.active if name in loaded.names]
            self.chaos[:] = [dict(item) for item in loaded.chaos]
            self._refresh_info()

    def activate(self, names: Sequence[str]) -> list[str]:
        """Set the globally active scenarios; returns unknown names (nothing changes then)."""
        unknown = [name for name in names if name not in self.current.names]
        if not unknown:
            self.active[:] = [name for name in dict.fromkeys(names) if name != DEFAULT]
            self._refresh_info()
        return unknown

    def binding_for(self, spec: Spec) -> Binding:
        cached = self._binding
        if cached is not None and cached[0] is self.current and cached[1] is spec:
            return cached[2]
        current = self.current
        binding = bind(current, spec, allow_off_contract=self.allow)
        for error in binding.errors:
            log.error("scenario rule skipped after the spec changed: %s", error)
        self.spec = spec
        self._binding = (current, spec, binding)
        return binding

    def watched(self) -> list[str]:
        return list(self.current.watched) or [str(path) for path in self.paths]

    def describe(self) -> dict[str, Any]:
        scenarios = []
        for name in self.current.names:
            rules = [rule.describe() for rule in self.current.rules if rule.scenario == name]
            active = name == DEFAULT or name in self.active
            scenarios.append({"name": name, "active": active, "rules": rules})
        return {
            "files": list(self.current.files),
            "scenarios": scenarios,
            "active": [DEFAULT, *self.active],
            "errors": list(self.errors),
            "warnings": list(self.warnings),
        }

    def _refresh_info(self) -> None:
        self.info.clear()
        self.info.update(
            files=list(self.current.files),
            scenarios=list(self.current.names),
            active=[DEFAULT, *self.active],
            rules=len(self.current.rules),
        )


def _combined(errors: list[ScenarioError]) -> ScenarioError:
    first = errors[0]
    if len(errors) == 1:
        return first
    more = "; ".join(
        f"line {e.line}: {e.message}" if e.file == first.file else str(e) for e in errors[1:4]
    )
    suffix = f" (and {len(errors) - 1} more: {more})"
    return ScenarioError(first.file, first.line, first.message + suffix)
