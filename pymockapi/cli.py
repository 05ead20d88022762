"""The ``pymockapi`` command (typer). A thin adapter: it parses options and calls the core."""

from __future__ import annotations

import ipaddress
import logging
import sys
from typing import Annotated, NoReturn

import typer

from pymockapi import __version__
from pymockapi.config import EngineConfig, ValidationMode
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
    # [options: scenarios and state]
    # [options: journal]
    # [options: chaos]
) -> None:
    """Serve SPEC as a mock server."""
    import uvicorn

    from pymockapi.server import create_app

    logging.basicConfig(level=log_level.upper(), format="%(levelname)s %(name)s: %(message)s")
    loaded = _load(spec, allow_remote_refs)
    for item in loaded.problems:
        typer.echo(f"skipped: {item}", err=True)
    if not _is_loopback(host):
        typer.echo(
            f"warning: binding {host} exposes the mock beyond this machine"
            + ("" if admin_token else "; the admin API stays closed without --admin-token"),
            err=True,
        )
    config = EngineConfig(seed=seed, dynamic=dynamic, validation=validation, cors=cors)
    features: list[Feature] = []
    # [setup: scenarios and state]
    # [setup: journal]
    # [setup: chaos]
    application = create_app(
        loaded,
        config,
        admin_token=admin_token,
        admin_closed=not _is_loopback(host) and not admin_token,
        watch=watch,
        allow_remote_refs=allow_remote_refs,
        features=features,
    )
    typer.echo(f"PyMockAPI {__version__}: {loaded.title} {loaded.api_version}".rstrip())
    typer.echo(_routes_table(loaded, limit=25))
    typer.echo(f"Mock server listening on http://{host}:{port} (Ctrl-C to stop)")
    uvicorn.run(
        application,
        host=host,
        port=port,
        log_level="warning" if log_level.lower() != "debug" else "debug",
        access_log=False,
        server_header=False,
        lifespan="on",
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
def routes(spec: SpecArgument, allow_remote_refs: RemoteRefsOption = False) -> None:
    """Print a table of SPEC's operations."""
    loaded = _load(spec, allow_remote_refs)
    typer.echo(_routes_table(loaded))
    for item in loaded.problems:
        typer.echo(f"skipped: {item}", err=True)


def main() -> None:
    try:
        app()
    except PyMockApiError as error:  # pragma: no cover - every command catches its own
        typer.echo(f"error: {error}", err=True)
        sys.exit(2)


if __name__ == "__main__":  # pragma: no cover
    main()
