"""Commands around a real backend: ``record``, ``proxy``, ``replay``, ``replay-test`` and
``recording-to-scenarios``."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from pymockapi.cli._app import app
from pymockapi.cli._common import (
    AdminTokenOption,
    ConnectTimeoutOption,
    HostOption,
    JournalOption,
    LinkLocalOption,
    LogLevelOption,
    NoJournalOption,
    OverwriteOption,
    PortOption,
    RedactOption,
    RemoteRefsOption,
    SpecArgument,
    TimeoutOption,
    UpstreamArgument,
    configure_logging,
    is_loopback,
    journal_features,
    load_or_fail,
    warn_if_exposed,
)
from pymockapi.config import JOURNAL_DEFAULT, EngineConfig, ValidationMode
from pymockapi.model import Spec


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

    warn_if_exposed(host, admin_token)
    if out and Path(out).exists() and not overwrite:
        typer.echo(f"error: {out} exists; pass --overwrite or choose another file", err=True)
        raise typer.Exit(code=2)
    secrets = [*(redact or ()), *(spec.api_key_names() if spec is not None else ())]
    try:
        return create_proxy(
            upstream,
            spec=spec,
            errors=errors,
            timeouts=Timeouts(connect=connect_timeout, read=timeout),
            record_to=out,
            redact=secrets,
            allow_link_local=allow_link_local,
            features=journal_features(journal, no_journal, secrets),
            admin_token=admin_token,
            admin_closed=not is_loopback(host) and not admin_token,
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

    configure_logging(log_level)
    application = _proxy_app(
        upstream,
        spec=load_or_fail(spec, False) if spec else None,
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

    configure_logging(log_level)
    loaded = load_or_fail(spec, allow_remote_refs)
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

    configure_logging(log_level)
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
    loaded = load_or_fail(spec, False) if spec else None
    warn_if_exposed(host, admin_token)
    try:
        application = create_replay(
            recording,
            spec=loaded,
            options=options,
            config=EngineConfig(seed=seed, validation=validation, cors=cors),
            features=journal_features(journal, no_journal, None),
            admin_token=admin_token,
            admin_closed=not is_loopback(host) and not admin_token,
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

    loaded = load_or_fail(spec, False)
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
