"""Scenarios: named sets of rules that answer requests before the spec's own response.

A scenario file (YAML, format published in ``schema.json``) holds named scenarios; each
holds rules that target an operation, match conditions over the request and the session's
state, and answer with a literal, a named example, a file, a generated body with overrides,
a sequence or a weighted random choice; bodies and headers may be Jinja2 templates.

``setup(...)`` loads the files, checks every response against the spec (an off-contract
answer is refused unless ``allow_off_contract``) and returns the :class:`Feature` to hand
to ``create_app``.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pymockapi.features import Feature
from pymockapi.model import Spec
from pymockapi.scenarios._errors import ScenarioError
from pymockapi.state import StateStore

if TYPE_CHECKING:
    from pymockapi.scenarios.feature import ScenarioHolder
    from pymockapi.scenarios.loader import load_scenarios
    from pymockapi.scenarios.model import DEFAULT

__all__ = [
    "DEFAULT",
    "ScenarioError",
    "ScenarioHolder",
    "load_scenarios",
    "scenario_sources",
    "setup",
]

_LAZY = {
    "DEFAULT": "pymockapi.scenarios.model",
    "ScenarioHolder": "pymockapi.scenarios.feature",
    "load_scenarios": "pymockapi.scenarios.loader",
}


def __getattr__(name: str) -> Any:
    """The exports that import Jinja2 and regex, imported on first use: every server start
    calls ``scenario_sources``, with or without scenario files."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)


def setup(
    spec: Spec,
    *,
    paths: Sequence[Path],
    activate: Sequence[str] = (),
    store: StateStore,
    seed: str = "0",
    allow_off_contract: bool = False,
) -> Feature:
    """Load the scenario files under ``paths`` and activate ``activate`` globally.

    Raises :class:`ScenarioError` (file, line, problem) for a broken file, an off-contract
    response (unless allowed) or an unknown scenario name.
    """
    from pymockapi.scenarios.feature import ScenarioHolder
    from pymockapi.scenarios.responder import ScenarioResponder

    holder = ScenarioHolder(
        spec, paths=paths, store=store, seed=seed, allow_off_contract=allow_off_contract
    )
    holder.load()
    unknown = holder.activate(list(activate))
    if unknown:
        known = ", ".join(holder.current.names)
        raise ScenarioError(
            ", ".join(str(p) for p in paths) or "--scenario",
            0,
            f"unknown scenario(s) {', '.join(unknown)}; the files define: {known}",
        )
    return Feature(
        name="scenarios",
        responders=[lambda engine: ScenarioResponder(holder)],
        admin_routers=[_admin_router(holder)],
        watched_files=holder.watched,
        reload=holder.load,
        provides={"chaos": holder.chaos, "scenarios": holder},
        info=holder.info,
    )


def _admin_router(holder: ScenarioHolder) -> Callable[[], Any]:
    """``/__pymockapi/scenario(s)``, built with the admin app (its module imports FastAPI)."""

    def build() -> Any:
        from pymockapi.scenarios.admin import build_router

        return build_router(holder)

    return build


def scenario_sources(
    spec: str, folders: Sequence[str], items: Sequence[str]
) -> tuple[list[Path], list[str]]:
    """``(paths, names)`` from ``--scenarios DIR`` and ``--scenario FILE|NAME`` options.

    An item that is an existing path, or ends with ``.yaml``/``.yml``, is a file; anything
    else names a scenario to switch on. Without any folder or file, ``scenarios/`` next to
    the spec is used when it exists.
    """
    paths = [Path(folder) for folder in folders]
    names: list[str] = []
    for item in items:
        if Path(item).exists() or item.lower().endswith((".yaml", ".yml")):
            paths.append(Path(item))
        else:
            names.append(item)
    if not paths and "://" not in spec:
        default = Path(spec).resolve().parent / "scenarios"
        if default.is_dir():
            paths.append(default)
    return paths, names
