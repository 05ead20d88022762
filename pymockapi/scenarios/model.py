"""Scenario files once loaded: scenarios, rules and responses, ready to serve."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from pymockapi.scenarios.conditions import Predicate

DEFAULT = "default"

BodyKind = Literal["spec", "literal", "example", "file", "generate"]
Mode = Literal["respond", "sequence", "random"]
After = Literal["cycle", "repeat-last", "fall-through"]


@dataclass(frozen=True, slots=True)
class Origin:
    file: str
    line: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}"


@dataclass(frozen=True, slots=True)
class ResponseSpec:
    origin: Origin
    status: int | None
    """``None``: the status the spec would choose."""
    kind: BodyKind
    headers: Mapping[str, Any] = field(default_factory=dict)
    """Values are text or :class:`pymockapi.templating.Template`."""
    body: Any = None
    """For ``literal`` and ``file``; may hold templates."""
    example: str | None = None
    overrides: Any = None
    """For ``generate``: deep-merged into the generated body; may hold templates."""
    templated: bool = False
    chaos: Mapping[str, Any] | None = None
    weight: float = 1.0


@dataclass(frozen=True, slots=True)
class Rule:
    key: str
    """Stable identity (scenario, file, line): keys sequence and random counters."""
    scenario: str
    origin: Origin
    order: int
    operation: str | None
    method: str | None
    path: str | None
    priority: int
    when: Predicate
    mode: Mode
    responses: tuple[ResponseSpec, ...]
    after: After = "repeat-last"
    then_state: Mapping[str, str] = field(default_factory=dict)
    chaos: Mapping[str, Any] | None = None
    machines: frozenset[str] = frozenset()
    name: str | None = None

    @property
    def target(self) -> str:
        return self.operation or f"{self.method} {self.path}"

    def describe(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "target": self.target,
            "file": self.origin.file,
            "line": self.origin.line,
            "priority": self.priority,
            "mode": self.mode,
            "responses": [
                {"status": r.status, "kind": r.kind, "line": r.origin.line} for r in self.responses
            ],
        }


@dataclass(frozen=True, slots=True)
class ScenarioSet:
    rules: tuple[Rule, ...] = ()
    files: tuple[str, ...] = ()
    watched: tuple[str, ...] = ()
    """Files and folders whose change triggers a reload (scenario files, body files)."""
    chaos: tuple[Mapping[str, Any], ...] = ()
    """``{"file": ..., "chaos": {...}}`` for each file with a top-level ``chaos`` section."""
    warnings: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        seen = dict.fromkeys([DEFAULT, *(rule.scenario for rule in self.rules)])
        return tuple(seen)
