"""The ``pymockapi`` command (typer). A thin adapter: it parses options and calls the core."""

from __future__ import annotations

import ipaddress
import logging
import os
import sys
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer

from pymockapi import __version__
from pymockapi.config import JOURNAL_DEFAULT, EngineConfig, ValidationMode
from pymockapi.errors import PyMockApiError
from pymockapi.features import Feature
from pymockapi.model import Spec

app = typer.Typer(
    name="pymockapi",
    help="Serve any OpenAPI document as a contract-faithful, deterministic mock server.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

SpecArgument = Annotated[
    str, typer.Argument(help="OpenAPI 3.0/3.1 or Swagger 2.0 document (YAML or JSON).")
]
RemoteRefsOption = Annotated[
    bool,
    typer.Option(
        "--allow-remote-refs",
        help="Allow a URL as SPEC and $refs to URLs or outside the spec's folder.",
    ),
]
JournalFileOption = Annotated[
    str, typer.Option("--journal", help="The request journal written by from-spec.")
]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"pymockapi {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = False,
) -> None:
    """Serve any OpenAPI document as a contract-faithful, deterministic mock server."""


def _fail(error: PyMockApiError) -> NoReturn:
    typer.echo(f"error: {error}", err=True)
    raise typer.Exit(code=2)


def _load(spec: str, allow_remote_refs: bool) -> Spec:
    from pymockapi.importing import load_spec

    try:
        return load_spec(spec, allow_remote_refs=allow_remote_refs)
    except PyMockApiError as error:
        _fail(error)


def _routes_table(spec: Spec, limit: int | None = None) -> str:
    operations = spec.operations if limit is None else spec.operations[:limit]
    rows = [("METHOD", "PATH", "OPERATION", "RESPONSES")]
    for op in operations:
        name = op.operation_id or ""
        if op.deprecated:
            name += " (deprecated)"
        rows.append((op.method, op.path, name, " ".join(r.status for r in op.responses)))
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    lines = [
        f"  {row[0]:<{widths[0]}}  {row[1]:<{widths[1]}}  {row[2]:<{widths[2]}}  {row[3]}".rstrip()
        for row in rows
    ]
    if limit is not None and len(spec.operations) > limit:
        lines.append(f"  ... and {len(spec.operations) - limit} more (pymockapi routes SPEC)")
    return "\n".join(lines)


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


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
    from pymockapi.serving import (
        OPTIONS_VARIABLE,
        ServeOptions,
        build_app,
        check_workers,
        startup_heap,
    )

    _configure_logging(log_level)
    with startup_heap():
        loaded = _load(spec, allow_remote_refs)
        for item in loaded.problems:
            typer.echo(f"skipped: {item}", err=True)
        _warn_if_exposed(host, admin_token)
        _check_locale(locale)
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
            admin_closed=not _is_loopback(host) and not admin_token,
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
            _fail(error)
        except ChaosSettingsError as error:
            typer.echo(f"error: {error}", err=True)
            raise typer.Exit(code=2) from None
    typer.echo(f"PyMockAPI {__version__}: {loaded.title} {loaded.api_version}".rstrip())
    typer.echo(_routes_table(loaded, limit=25))
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
        uvicorn.run(application, **settings)
        return
    os.environ[OPTIONS_VARIABLE] = options.to_environment()
    uvicorn.run(
        "pymockapi.serving:app_from_environment",
        factory=True,
        workers=workers,
        **settings,
    )


@app.command()
def check(spec: SpecArgument, allow_remote_refs: RemoteRefsOption = False) -> None:
    """Load SPEC and report every problem; exit 1 if there is any (for CI)."""
    from pymockapi.checking import check_spec

    loaded = _load(spec, allow_remote_refs)
    problems = check_spec(loaded)
    for item in problems:
        typer.echo(str(item))
    count = len(loaded.operations)
    if problems:
        typer.echo(f"{len(problems)} problem(s); {count} operation(s) usable.", err=True)
        raise typer.Exit(code=1)
    typer.echo(f"ok: {count} operation(s), no problems.")


@app.command()
def generate(
    spec: SpecArgument,
    operation: Annotated[
        str | None, typer.Option(help="Only this operationId (or 'GET /path').")
    ] = None,
    status: Annotated[str | None, typer.Option(help="Only this documented status.")] = None,
    seed: Annotated[int, typer.Option(help="Seed: the same seed prints the same data.")] = 0,
    count: Annotated[int, typer.Option(min=1, max=1000, help="Examples per response.")] = 1,
    output_format: Annotated[
        str, typer.Option("--format", help="json or yaml.", case_sensitive=False)
    ] = "json",
    out: Annotated[
        Path | None,
        typer.Option(help="Write one file per operation and status into this folder."),
    ] = None,
    locale: Annotated[str, typer.Option(help="Faker locale.")] = "en_US",
    allow_remote_refs: RemoteRefsOption = False,
) -> None:
    """Print generated response examples (or write them as fixture files with --out)."""
    from pymockapi.examples_output import render_examples, write_examples
    from pymockapi.generation import GenerationError, examples

    if output_format.lower() not in ("json", "yaml"):
        typer.echo("error: --format must be json or yaml", err=True)
        raise typer.Exit(code=2)
    _check_locale(locale)
    loaded = _load(spec, allow_remote_refs)
    try:
        found = examples(
            loaded, operation_id=operation, status=status, seed=seed, count=count, locale=locale
        )
    except GenerationError as error:
        typer.echo(f"error: {loaded.source}#{error}", err=True)
        raise typer.Exit(code=1) from error
    if not found:
        typer.echo("error: no documented response body matches these options", err=True)
        raise typer.Exit(code=1)
    if out is not None:
        for path in write_examples(found, out, output_format.lower()):
            typer.echo(str(path))
        return
    typer.echo(render_examples(found, output_format.lower()))


def _check_locale(locale: str) -> None:
    if locale == "en_US":
        return  # Faker's own default; listing the locales imports every Faker provider
    from faker.config import AVAILABLE_LOCALES

    if locale not in AVAILABLE_LOCALES:
        typer.echo(
            f"error: unknown --locale {locale!r} (e.g. en_US, de_DE, fr_FR, ja_JP)", err=True
        )
        raise typer.Exit(code=2)


@app.command()
def routes(spec: SpecArgument, allow_remote_refs: RemoteRefsOption = False) -> None:
    """Print a table of SPEC's operations."""
    loaded = _load(spec, allow_remote_refs)
    typer.echo(_routes_table(loaded))
    for item in loaded.problems:
        typer.echo(f"skipped: {item}", err=True)


@app.command()
def report(
    journal: JournalFileOption = JOURNAL_DEFAULT,
    spec: Annotated[
        str | None, typer.Option("--spec", help="Compare with this spec (contract coverage).")
    ] = None,
    junit: Annotated[str | None, typer.Option("--junit", help="Also write JUnit XML here.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")] = False,
    fail_on_violations: Annotated[
        bool,
        typer.Option("--fail-on-violations", help="Exit 1 if any request broke the contract."),
    ] = False,
    allow_remote_refs: RemoteRefsOption = False,
) -> None:
    """Summarise a run for CI: contract coverage and violations (text, JSON, JUnit XML)."""
    from pathlib import Path

    import orjson

    from pymockapi.reporting import build_report, junit_xml, render_text

    loaded = _load(spec, allow_remote_refs) if spec else None
    try:
        result = build_report(Path(journal), loaded)
    except PyMockApiError as error:
        _fail(error)
    if junit:
        Path(junit).write_bytes(junit_xml(result))
    if as_json:
        typer.echo(orjson.dumps(result.as_dict(), option=orjson.OPT_INDENT_2).decode())
    else:
        typer.echo(render_text(result), nl=False)
    if fail_on_violations and result.violating_requests:
        typer.echo(f"{result.violating_requests} request(s) broke the contract.", err=True)
        raise typer.Exit(code=1)


@app.command("export-har")
def export_har(
    journal: JournalFileOption = JOURNAL_DEFAULT,
    out: Annotated[
        str | None, typer.Option("--out", help="HAR file to write (default: stdout).")
    ] = None,
    session: Annotated[str | None, typer.Option(help="Only this session's requests.")] = None,
    operation: Annotated[str | None, typer.Option(help="Only this operation's requests.")] = None,
    redact: Annotated[
        list[str] | None, typer.Option("--redact", help="Another header to redact (repeatable).")
    ] = None,
) -> None:
    """Write the request journal as HAR 1.2, which browsers' developer tools open."""
    from pathlib import Path

    from pymockapi.journal.export import export_har as export

    target = Path(out) if out else sys.stdout
    try:
        count = export(
            Path(journal), target, session=session, operation=operation, redact=redact or ()
        )
    except PyMockApiError as error:
        _fail(error)
    if out:
        typer.echo(f"wrote {count} entries to {out}", err=True)


# [commands: record, replay, proxy]
UpstreamArgument = Annotated[str, typer.Argument(help="Base URL of the real backend.")]
JournalOption = Annotated[
    str, typer.Option("--journal", help="SQLite file of the request journal.")
]
NoJournalOption = Annotated[bool, typer.Option("--no-journal", help="Keep no request journal.")]
RedactOption = Annotated[
    list[str] | None,
    typer.Option(
        "--redact",
        help="Header to redact in recordings and the journal (repeatable); Authorization, "
        "Cookie and Set-Cookie always are.",
    ),
]
LinkLocalOption = Annotated[
    bool,
    typer.Option(
        "--allow-link-local-upstream",
        help="Allow an upstream on a link-local or cloud metadata address (refused by default).",
    ),
]
TimeoutOption = Annotated[
    float, typer.Option("--timeout", min=0.1, help="Seconds to wait for the upstream's answer.")
]
ConnectTimeoutOption = Annotated[
    float, typer.Option("--connect-timeout", min=0.1, help="Seconds to wait to connect.")
]
HostOption = Annotated[str, typer.Option(help="Address to bind.")]
PortOption = Annotated[int, typer.Option(help="Port to listen on.")]
LogLevelOption = Annotated[str, typer.Option(help="debug, info, warning or error.")]
AdminTokenOption = Annotated[
    str | None, typer.Option(help="Token required by the /__pymockapi/ admin API.")
]
OverwriteOption = Annotated[
    bool, typer.Option("--overwrite", help="Replace an existing recording file.")
]


def _configure_logging(level: str) -> None:
    logging.basicConfig(level=level.upper(), format="%(levelname)s %(name)s: %(message)s")


def _warn_if_exposed(host: str, admin_token: str | None) -> None:
    if not _is_loopback(host):
        typer.echo(
            f"warning: binding {host} exposes this server beyond this machine"
            + ("" if admin_token else "; the admin API stays closed without --admin-token"),
            err=True,
        )


def _journal_features(path: str, off: bool, redact: list[str] | None) -> list[Feature]:
    if off:
        return []
    from pymockapi.journal import setup as setup_journal

    try:
        return [setup_journal(path=path, redact=redact or ())]
    except PyMockApiError as error:
        _fail(error)


def _proxy_app(
    upstream: str,
    *,
    spec: Spec | None,
    errors: bool,
    out: str | None,
    timeout: float,
    connect_timeout: float,
    redact: list[str] | None,
    allow_link_local: bool,
    journal: str,
    no_journal: bool,
    admin_token: str | None,
    host: str,
    overwrite: bool,
) -> Any:
    from pathlib import Path

    from pymockapi.proxy import Timeouts, UpstreamRefused, create_proxy

    _warn_if_exposed(host, admin_token)
    if out and Path(out).exists() and not overwrite:
        typer.echo(f"error: {out} exists; pass --overwrite or choose another file", err=True)
        raise typer.Exit(code=2)
    try:
        return create_proxy(
            upstream,
            spec=spec,
            errors=errors,
            timeouts=Timeouts(connect=connect_timeout, read=timeout),
            record_to=out,
            redact=redact or (),
            allow_link_local=allow_link_local,
            features=_journal_features(journal, no_journal, redact),
            admin_token=admin_token,
            admin_closed=not _is_loopback(host) and not admin_token,
        )
    except (UpstreamRefused, OSError) as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(code=2) from error


@app.command()
def record(
    upstream: UpstreamArgument,
    spec: Annotated[
        str | None, typer.Option(help="Validate each exchange against this spec and tag it.")
    ] = None,
    out: Annotated[str, typer.Option(help="HAR file to write.")] = "recording.har",
    host: HostOption = "127.0.0.1",
    port: PortOption = 4010,
    timeout: TimeoutOption = 30.0,
    connect_timeout: ConnectTimeoutOption = 5.0,
    redact: RedactOption = None,
    allow_link_local_upstream: LinkLocalOption = False,
    journal: JournalOption = JOURNAL_DEFAULT,
    no_journal: NoJournalOption = False,
    admin_token: AdminTokenOption = None,
    overwrite: OverwriteOption = False,
    log_level: LogLevelOption = "info",
) -> None:
    """Forward every request to UPSTREAM and record the exchanges as HAR (--out)."""
    from pymockapi.proxy.serving import serve

    _configure_logging(log_level)
    application = _proxy_app(
        upstream,
        spec=_load(spec, False) if spec else None,
        errors=False,
        out=out,
        timeout=timeout,
        connect_timeout=connect_timeout,
        redact=redact,
        allow_link_local=allow_link_local_upstream,
        journal=journal,
        no_journal=no_journal,
        admin_token=admin_token,
        host=host,
        overwrite=overwrite,
    )
    typer.echo(f"Recording {upstream} into {out} (secrets redacted)")
    typer.echo(f"Recording proxy listening on http://{host}:{port} (Ctrl-C to stop)")
    serve(application, host, port, log_level, date_header=False)


@app.command()
def proxy(
    spec: SpecArgument,
    upstream: UpstreamArgument,
    errors: Annotated[
        bool,
        typer.Option(
            "--errors",
            help="Answer invalid requests 422 without forwarding; replace invalid answers "
            "by a 502 problem.",
        ),
    ] = False,
    record_to: Annotated[
        str | None, typer.Option("--record", help="Also record the exchanges to this HAR file.")
    ] = None,
    host: HostOption = "127.0.0.1",
    port: PortOption = 4010,
    timeout: TimeoutOption = 30.0,
    connect_timeout: ConnectTimeoutOption = 5.0,
    redact: RedactOption = None,
    allow_link_local_upstream: LinkLocalOption = False,
    allow_remote_refs: RemoteRefsOption = False,
    journal: JournalOption = JOURNAL_DEFAULT,
    no_journal: NoJournalOption = False,
    admin_token: AdminTokenOption = None,
    overwrite: OverwriteOption = False,
    log_level: LogLevelOption = "info",
) -> None:
    """Forward to UPSTREAM and check every request and response against SPEC."""
    from pymockapi.proxy.serving import serve

    _configure_logging(log_level)
    loaded = _load(spec, allow_remote_refs)
    application = _proxy_app(
        upstream,
        spec=loaded,
        errors=errors,
        out=record_to,
        timeout=timeout,
        connect_timeout=connect_timeout,
        redact=redact,
        allow_link_local=allow_link_local_upstream,
        journal=journal,
        no_journal=no_journal,
        admin_token=admin_token,
        host=host,
        overwrite=overwrite,
    )
    typer.echo(f"Validating {upstream} against {loaded.title} {loaded.api_version}".rstrip())
    typer.echo(f"Validation proxy listening on http://{host}:{port} (Ctrl-C to stop)")
    serve(application, host, port, log_level, date_header=False)


@app.command()
def replay(
    recording: Annotated[str, typer.Argument(help="HAR file (ours, or saved by a browser).")],
    spec: Annotated[
        str | None, typer.Option(help="Mock this spec for requests the recording lacks.")
    ] = None,
    host: HostOption = "127.0.0.1",
    port: PortOption = 4010,
    match_header: Annotated[
        list[str] | None,
        typer.Option(
            "--match-header",
            help="Header whose value must match too (repeatable); '*' for every recorded "
            "header but volatile ones.",
        ),
    ] = None,
    ignore_header: Annotated[
        list[str] | None,
        typer.Option("--ignore-header", help="Header left out of --match-header '*'."),
    ] = None,
    ignore_query: Annotated[
        list[str] | None,
        typer.Option("--ignore-query", help="Query parameter left out of matching (repeatable)."),
    ] = None,
    body_match: Annotated[
        str, typer.Option(help="json (as values), exact (bytes) or ignore.")
    ] = "json",
    validation: Annotated[
        ValidationMode, typer.Option(help="With --spec: what to do with invalid requests.")
    ] = ValidationMode.WARN,
    seed: Annotated[str, typer.Option(help="With --spec: seed of generated data.")] = "0",
    cors: Annotated[bool, typer.Option("--cors/--no-cors", help="Answer CORS.")] = True,
    journal: JournalOption = JOURNAL_DEFAULT,
    no_journal: NoJournalOption = False,
    admin_token: AdminTokenOption = None,
    log_level: LogLevelOption = "info",
) -> None:
    """Serve a recording: recorded answers in order, then the spec's mock or a 404."""
    from pymockapi.har import HarError
    from pymockapi.proxy.serving import serve
    from pymockapi.replay import BodyMatch, MatchOptions, create_replay

    _configure_logging(log_level)
    try:
        options = MatchOptions(
            match_headers=tuple(match_header or ()),
            ignore_query=tuple(ignore_query or ()),
            body=BodyMatch(body_match),
            ignore_headers=tuple(ignore_header or ()),
        )
    except ValueError:
        typer.echo("error: --body-match takes json, exact or ignore", err=True)
        raise typer.Exit(code=2) from None
    loaded = _load(spec, False) if spec else None
    _warn_if_exposed(host, admin_token)
    try:
        application = create_replay(
            recording,
            spec=loaded,
            options=options,
            config=EngineConfig(seed=seed, validation=validation, cors=cors),
            features=_journal_features(journal, no_journal, None),
            admin_token=admin_token,
            admin_closed=not _is_loopback(host) and not admin_token,
        )
    except HarError as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(code=2) from error
    count = len(application.index.exchanges)
    typer.echo(f"Replaying {count} exchange(s) from {recording}")
    typer.echo(f"Replay server listening on http://{host}:{port} (Ctrl-C to stop)")
    serve(application, host, port, log_level)


@app.command("replay-test")
def replay_test(
    recording: Annotated[str, typer.Argument(help="HAR file whose requests are re-sent.")],
    against: Annotated[str, typer.Option(help="Base URL of the server under test.")],
    ignore: Annotated[
        list[str] | None,
        typer.Option("--ignore", help="JSONPath of a volatile body field, e.g. $.items[*].id."),
    ] = None,
    header: Annotated[
        list[str] | None,
        typer.Option("--header", help="Response header to compare (Content-Type always is)."),
    ] = None,
    timeout: TimeoutOption = 10.0,
) -> None:
    """Re-send the recorded requests to a server and diff its answers; exit 1 on differences."""
    from pymockapi.har import HarError, read_har
    from pymockapi.replay._jsonpath import PathError
    from pymockapi.replay.regression import render
    from pymockapi.replay.regression import replay_test as run

    headers = ["content-type", *(h.lower() for h in header or () if h.lower() != "content-type")]
    try:
        results = run(
            read_har(recording), against, ignore=ignore or (), headers=headers, timeout=timeout
        )
    except (HarError, PathError) as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(code=2) from error
    typer.echo(render(results))
    if not all(result.same for result in results):
        raise typer.Exit(code=1)


@app.command("recording-to-scenarios")
def recording_to_scenarios(
    recording: Annotated[str, typer.Argument(help="HAR file to turn into scenario rules.")],
    spec: Annotated[str, typer.Option(help="The spec the recorded operations belong to.")],
    out: Annotated[
        str | None, typer.Option(help="Scenario file to write (default: print it).")
    ] = None,
    scenario: Annotated[str, typer.Option(help="Name of the scenario to fill.")] = "default",
) -> None:
    """Turn a recording into scenario YAML, so recorded answers become editable mocks."""
    from pathlib import Path

    from pymockapi.har import HarError, read_har
    from pymockapi.replay.scenarios import recording_to_scenarios as convert
    from pymockapi.replay.scenarios import to_yaml

    loaded = _load(spec, False)
    try:
        document, skipped = convert(read_har(recording), loaded, scenario=scenario)
    except HarError as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(code=2) from error
    for line in skipped:
        typer.echo(f"skipped: {line}", err=True)
    text = to_yaml(document, recording)
    if out is None:
        typer.echo(text, nl=False)
    else:
        Path(out).write_text(text, encoding="utf-8")
        rules = len(document["scenarios"][scenario]["rules"])
        typer.echo(f"wrote {rules} rule(s) to {out}")


def main() -> None:
    try:
        app()
    except PyMockApiError as error:  # pragma: no cover - every command catches its own
        typer.echo(f"error: {error}", err=True)
        sys.exit(2)


if __name__ == "__main__":  # pragma: no cover
    main()
