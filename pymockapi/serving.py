"""Assemble the served application from the ``from-spec`` options.

The CLI parses options into :class:`ServeOptions` and calls :func:`build_app`. With
``--workers N`` each worker process rebuilds the same application from the options, which
the parent passes through an environment variable (uvicorn's factory mode); that is why the
options are plain, JSON-friendly data.
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import json
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pymockapi.chaos import ChaosOptions
from pymockapi.config import JOURNAL_DEFAULT, EngineConfig, ValidationMode
from pymockapi.errors import ErrorKind, PyMockApiError
from pymockapi.features import Feature
from pymockapi.model import Spec
from pymockapi.server.app import MockApp

OPTIONS_VARIABLE = "PYMOCKAPI_SERVE_OPTIONS"


@dataclass(frozen=True)
class ServeOptions:
    spec: str
    host: str = "127.0.0.1"
    dynamic: bool = False
    seed: str = "0"
    locale: str = "en_US"
    validation: str = ValidationMode.ENFORCE.value
    cors: bool = True
    watch: bool = True
    allow_remote_refs: bool = False
    admin_token: str | None = None
    admin_closed: bool = False
    # scenarios and state
    stateful: bool | None = None
    state: str | None = None
    scenario_dirs: tuple[str, ...] = ()
    scenario: tuple[str, ...] = ()
    allow_off_contract: bool = False
    # journal
    journal: str = JOURNAL_DEFAULT
    no_journal: bool = False
    journal_cap: int = 100_000
    redact: tuple[str, ...] = ()
    chaos: ChaosOptions = field(default_factory=ChaosOptions)

    def to_environment(self) -> str:
        return json.dumps(dataclasses.asdict(self))

    @classmethod
    def from_environment(cls, text: str) -> ServeOptions:
        data = json.loads(text)
        for name in ("scenario_dirs", "scenario", "redact"):
            data[name] = tuple(data.get(name) or ())
        data["chaos"] = ChaosOptions(**(data.get("chaos") or {}))
        return cls(**data)


def build_app(options: ServeOptions, spec: Spec | None = None) -> MockApp:
    """The application for these options; ``spec`` skips loading it a second time.

    Raises ``PyMockApiError`` for unusable input and ``ChaosSettingsError`` for a bad chaos
    option, so the CLI can answer with exit code 2 before anything is served.
    """
    from pymockapi.chaos import setup as setup_chaos
    from pymockapi.crud import setup as setup_state
    from pymockapi.crud import spec_wants_stateful
    from pymockapi.importing import load_spec
    from pymockapi.scenarios import scenario_sources
    from pymockapi.scenarios import setup as setup_scenarios
    from pymockapi.server import create_app
    from pymockapi.state import open_store

    loaded = (
        spec
        if spec is not None
        else load_spec(options.spec, allow_remote_refs=options.allow_remote_refs)
    )
    config = EngineConfig(
        seed=options.seed,
        dynamic=options.dynamic,
        validation=ValidationMode(options.validation),
        cors=options.cors,
        locale=options.locale,
    )
    features: list[Feature] = []
    store = open_store(Path(options.state) if options.state is not None else None)
    # Scenario rules answer before stateful CRUD; both share the one store.
    paths, names = scenario_sources(options.spec, options.scenario_dirs, options.scenario)
    if paths or names:
        features.append(
            setup_scenarios(
                loaded,
                paths=paths,
                activate=names,
                store=store,
                seed=options.seed,
                allow_off_contract=options.allow_off_contract,
            )
        )
    stateful = options.stateful if options.stateful is not None else spec_wants_stateful(loaded)
    features.append(setup_state(loaded, store=store, stateful=stateful, seed=options.seed))
    if not options.no_journal:
        from pymockapi.journal import setup as setup_journal

        features.append(
            setup_journal(
                path=options.journal,
                cap=options.journal_cap,
                redact=options.redact,  # the spec's apiKey names come through on_spec
            )
        )
    features.append(
        setup_chaos(
            options.chaos,
            seed=options.seed,
            scenario_chaos=_scenario_chaos(features),
        )
    )
    return create_app(
        loaded,
        config,
        admin_token=options.admin_token,
        admin_closed=options.admin_closed,
        watch=options.watch,
        allow_remote_refs=options.allow_remote_refs,
        features=features,
    )


def _scenario_chaos(features: list[Feature]) -> Callable[[], list[dict[str, object]]]:
    return lambda: [section for f in features for section in f.provides.get("chaos", ())]


def check_workers(options: ServeOptions, workers: int, spec: Spec) -> None:
    """Several workers must share state, or a client would see a different world per worker."""
    if workers <= 1 or options.state is not None:
        return
    from pymockapi.crud import spec_wants_stateful
    from pymockapi.scenarios import scenario_sources

    stateful = options.stateful if options.stateful is not None else spec_wants_stateful(spec)
    paths, names = scenario_sources(options.spec, options.scenario_dirs, options.scenario)
    if stateful or paths or names:
        raise PyMockApiError(
            ErrorKind.BAD_CONTROL,
            f"--workers {workers} with stateful mocks or scenarios needs --state FILE, so "
            "every worker sees the same state (or use --no-stateful and no scenarios)",
        )


@contextlib.contextmanager
def startup_heap() -> Iterator[None]:
    """No cyclic GC while the spec is loaded and compiled, then freeze what was built.

    A large spec is millions of objects that live as long as the server and hold no cycles
    (a reload frees the old ones by reference counting): collecting while they are built,
    and again after, only walks them (about 0.2 s before the first answer on GitHub's
    description). Frozen, no later full collection walks them either (under load those
    walks were 40-170 ms pauses). Only for a server process: a frozen object is never
    collected, which a test process building many apps could not afford.
    """
    gc.disable()
    try:
        yield
        gc.freeze()
    finally:
        gc.enable()


def app_from_environment() -> MockApp:
    """uvicorn's factory for ``--workers``: rebuild the parent's application."""
    with startup_heap():
        return build_app(ServeOptions.from_environment(os.environ[OPTIONS_VARIABLE]))
