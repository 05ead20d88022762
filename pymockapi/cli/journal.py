"""Commands over the request journal: ``report`` (CI) and ``export-har``."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from pymockapi.cli._app import app
from pymockapi.cli._common import (
    JournalFileOption,
    RemoteRefsOption,
    fail,
    load_or_fail,
)
from pymockapi.config import JOURNAL_DEFAULT
from pymockapi.errors import PyMockApiError


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

    loaded = load_or_fail(spec, allow_remote_refs) if spec else None
    try:
        result = build_report(Path(journal), loaded)
    except PyMockApiError as error:
        fail(error)
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
        list[str] | None,
        typer.Option("--redact", help="Another header or query parameter to redact (repeatable)."),
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
        fail(error)
    if out:
        typer.echo(f"wrote {count} entries to {out}", err=True)
