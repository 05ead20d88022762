"""Commands that read a spec without serving it: ``check``, ``generate``, ``routes``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from pymockapi.cli._app import app
from pymockapi.cli._common import (
    RemoteRefsOption,
    SpecArgument,
    check_locale,
    load_or_fail,
    routes_table,
)


@app.command()
def check(spec: SpecArgument, allow_remote_refs: RemoteRefsOption = False) -> None:
    """Load SPEC and report every problem; exit 1 if there is any (for CI)."""
    from pymockapi.checking import check_spec

    loaded = load_or_fail(spec, allow_remote_refs)
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
    check_locale(locale)
    loaded = load_or_fail(spec, allow_remote_refs)
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


@app.command()
def routes(spec: SpecArgument, allow_remote_refs: RemoteRefsOption = False) -> None:
    """Print a table of SPEC's operations."""
    loaded = load_or_fail(spec, allow_remote_refs)
    typer.echo(routes_table(loaded))
    for item in loaded.problems:
        typer.echo(f"skipped: {item}", err=True)
