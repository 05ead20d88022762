"""``pymockapi from-spec``: serve a spec as a mock server."""

from __future__ import annotations

import os
from typing import Annotated, Any

import typer

from pymockapi import __version__
from pymockapi.cli._app import app
from pymockapi.cli._common import (
    RemoteRefsOption,
    SpecArgument,
    check_locale,
    configure_logging,
    fail,
    is_loopback,
    load_or_fail,
    routes_table,
    warn_if_exposed,
)
from pymockapi.config import JOURNAL_DEFAULT, ValidationMode
from pymockapi.errors import PyMockApiError


@app.command("from-spec")
def from_spec(
    spec: SpecArgument,
    host: Annotated[str, typer.Option(help="Address to bind.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 4010,
    dynamic: Annotated[
        bool, typer.Option("--dynamic", help="Generate every body from its schema.")
    ] = False,
    seed: Annotated[str, typer.Option(help="Seed of generated data (same seed, same data).")] = "0",
    locale: Annotated[
        str, typer.Option(help="Faker locale of generated names, places and text.")
    ] = "en_US",
    validation: Annotated[
        ValidationMode, typer.Option(help="What to do with requests that break the contract.")
    ] = ValidationMode.ENFORCE,
    cors: Annotated[bool, typer.Option("--cors/--no-cors", help="Answer CORS.")] = True,
    watch: Annotated[
        bool, typer.Option("--watch/--no-watch", help="Reload when the spec changes.")
    ] = True,
    allow_remote_refs: RemoteRefsOption = False,
    admin_token: Annotated[
        str | None, typer.Option(help="Token required by the /__pymockapi/ admin API.")
    ] = None,
    log_level: Annotated[str, typer.Option(help="debug, info, warning or error.")] = "info",
    workers: Annotated[
        int,
        typer.Option(
            min=1,
            max=64,
            help="Worker processes (each loads the spec; stateful mocks need --state FILE).",
        ),
    ] = 1,
    # [options: scenarios and state]
    stateful: Annotated[
        bool | None,
        typer.Option(
            "--stateful/--no-stateful",
            help="Answer CRUD operations from per-session state: what a client creates, it "
            "can read, list and delete (default: on when the spec has x-pymockapi.stateful).",
        ),
    ] = None,
    state: Annotated[
        str | None,
        typer.Option(
            "--state", help="SQLite file that keeps state across restarts (default: in memory)."
        ),
    ] = None,
    scenario_dirs: Annotated[
        list[str] | None,
        typer.Option(
            "--scenarios",
            metavar="DIR",
            help="Folder of scenario files (repeatable; default: scenarios/ next to the spec).",
        ),
    ] = None,
    scenario: Annotated[
        list[str] | None,
        typer.Option(
            "--scenario",
            metavar="FILE|NAME",
            help="A scenario file (.yaml/.yml) to load, or a scenario NAME to switch on "
            "globally (repeatable).",
        ),
    ] = None,
    allow_off_contract: Annotated[
        bool,
        typer.Option(
            "--allow-off-contract",
            help="Serve scenario responses that break the spec (reported, not refused).",
        ),
    ] = False,
    # [options: journal]
    journal: Annotated[
        str,
        typer.Option("--journal", help="SQLite file of the request journal (created if needed)."),
    ] = JOURNAL_DEFAULT,
    no_journal: Annotated[
        bool, typer.Option("--no-journal", help="Keep no request journal.")
    ] = False,
    journal_cap: Annotated[
        int, typer.Option("--journal-cap", min=1, help="Keep only the newest N journal entries.")
    ] = 100_000,
    redact: Annotated[
        list[str] | None,
        typer.Option(
            "--redact",
            help="Header to redact in the journal (repeatable); Authorization, Cookie and "
            "Set-Cookie always are.",
        ),
    ] = None,
    # [options: chaos]
    latency: Annotated[
        str | None,
        typer.Option(
            help="Delay every response: 200ms, uniform:min=50ms,max=300ms, "
            "normal:mean=200ms,stddev=50ms or lognormal:median=120ms,sigma=0.4."
        ),
    ] = None,
    bandwidth: Annotated[
        str | None, typer.Option(help="Dribble response bodies at this rate, e.g. 64kB/s.")
    ] = None,
    fault_rate: Annotated[
        str | None, typer.Option(help="Share of requests that get a fault: 0.05 or 5%.")
    ] = None,
    faults: Annotated[
        str | None,
        typer.Option(
            help="Faults to pick from (default error): error, a status such as 503, reset, "
            "empty, malformed, random, stall; comma-separated."
        ),
    ] = None,
    rate_limit: Annotated[
        str | None, typer.Option(help="Token bucket per client: 10/s, 600/min[,burst=N].")
    ] = None,
    rate_limit_key: Annotated[
        str | None,
        typer.Option(help="Who a rate limit counts: ip (default), session or header:NAME."),
    ] = None,
    stall_cap: Annotated[
        int, typer.Option(help="Most connections stalled at once by the stall fault.")
    ] = 100,
    stall_max: Annotated[str, typer.Option(help="Longest a stalled connection hangs.")] = "30s",
) -> None:
    """Serve SPEC as a mock server."""
    import uvicorn

    from pymockapi.chaos import ChaosOptions, ChaosSettingsError
    from pymockapi.chaos.transport import HTTP_PROTOCOL_PATH
    from pymockapi.server.loop import LOOP_PATH
    from pymockapi.serving import (
        OPTIONS_VARIABLE,
        ServeOptions,
        build_app,
        check_workers,
        startup_heap,
    )

    configure_logging(log_level)
    with startup_heap():
        loaded = load_or_fail(spec, allow_remote_refs)
        for item in loaded.problems:
            typer.echo(f"skipped: {item}", err=True)
        warn_if_exposed(host, admin_token)
        check_locale(locale)
        options = ServeOptions(
            spec=spec,
            host=host,
            dynamic=dynamic,
            seed=seed,
            locale=locale,
            validation=validation.value,
            cors=cors,
            watch=watch,
            allow_remote_refs=allow_remote_refs,
            admin_token=admin_token,
            admin_closed=not is_loopback(host) and not admin_token,
            stateful=stateful,
            state=state,
            scenario_dirs=tuple(scenario_dirs or ()),
            scenario=tuple(scenario or ()),
            allow_off_contract=allow_off_contract,
            journal=journal,
            no_journal=no_journal,
            journal_cap=journal_cap,
            redact=tuple(redact or ()),
            chaos=ChaosOptions(
                latency=latency,
                bandwidth=bandwidth,
                fault_rate=fault_rate,
                faults=faults,
                rate_limit=rate_limit,
                rate_limit_key=rate_limit_key,
                stall_cap=stall_cap,
                stall_max=stall_max,
            ),
        )
        try:
            check_workers(options, workers, loaded)
            # Built in this process too, so every problem is reported before anything is served.
            application = build_app(options, loaded)
        except PyMockApiError as error:
            fail(error)
        except ChaosSettingsError as error:
            typer.echo(f"error: {error}", err=True)
            raise typer.Exit(code=2) from None
    typer.echo(f"PyMockAPI {__version__}: {loaded.title} {loaded.api_version}".rstrip())
    typer.echo(routes_table(loaded, limit=25))
    suffix = f", {workers} workers" if workers > 1 else ""
    typer.echo(f"Mock server listening on http://{host}:{port}{suffix} (Ctrl-C to stop)")
    settings: dict[str, Any] = {
        "host": host,
        "port": port,
        "log_level": "warning" if log_level.lower() != "debug" else "debug",
        "access_log": False,
        "server_header": False,
        "proxy_headers": False,  # a local mock trusts no X-Forwarded-* header
        "lifespan": "on",
        "http": HTTP_PROTOCOL_PATH,
    }
    if workers <= 1:
        uvicorn.run(application, loop=LOOP_PATH, **settings)
        return
    os.environ[OPTIONS_VARIABLE] = options.to_environment()
    # uvloop's own accept (one connection per turn) spreads a burst over the workers
    # sharing the socket; LOOP_PATH's would give it all to the first one awake.
    uvicorn.run(
        "pymockapi.serving:app_from_environment",
        factory=True,
        workers=workers,
        **settings,
    )
