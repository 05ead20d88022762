"""Options and helpers the commands share: loading a spec, failing with exit code 2,
logging, the exposure warning, the journal feature."""

from __future__ import annotations

import ipaddress
import logging
from typing import Annotated, NoReturn

import typer

from pymockapi.errors import PyMockApiError
from pymockapi.features import Feature
from pymockapi.model import Spec

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


UpstreamArgument = Annotated[str, typer.Argument(help="Base URL of the real backend.")]
JournalOption = Annotated[
    str, typer.Option("--journal", help="SQLite file of the request journal.")
]
NoJournalOption = Annotated[bool, typer.Option("--no-journal", help="Keep no request journal.")]
RedactOption = Annotated[
    list[str] | None,
    typer.Option(
        "--redact",
        help="Header or query parameter to redact in recordings and the journal (repeatable); "
        "Authorization, Cookie, Set-Cookie, access_token, api_key, token, password and the "
        "like always are.",
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


def fail(error: PyMockApiError) -> NoReturn:
    typer.echo(f"error: {error}", err=True)
    raise typer.Exit(code=2)


def load_or_fail(spec: str, allow_remote_refs: bool) -> Spec:
    from pymockapi.importing import load_spec

    try:
        return load_spec(spec, allow_remote_refs=allow_remote_refs)
    except PyMockApiError as error:
        fail(error)


def routes_table(spec: Spec, limit: int | None = None) -> str:
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


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_locale(locale: str) -> None:
    if locale == "en_US":
        return  # Faker's own default; listing the locales imports every Faker provider
    from faker.config import AVAILABLE_LOCALES

    if locale not in AVAILABLE_LOCALES:
        typer.echo(
            f"error: unknown --locale {locale!r} (e.g. en_US, de_DE, fr_FR, ja_JP)", err=True
        )
        raise typer.Exit(code=2)


def configure_logging(level: str) -> None:
    logging.basicConfig(level=level.upper(), format="%(levelname)s %(name)s: %(message)s")


def warn_if_exposed(host: str, admin_token: str | None) -> None:
    if not is_loopback(host):
        typer.echo(
            f"warning: binding {host} exposes this server beyond this machine"
            + ("" if admin_token else "; the admin API stays closed without --admin-token"),
            err=True,
        )


def journal_features(path: str, off: bool, redact: list[str] | None) -> list[Feature]:
    if off:
        return []
    from pymockapi.journal import setup as setup_journal

    try:
        return [setup_journal(path=path, redact=redact or ())]
    except PyMockApiError as error:
        fail(error)
