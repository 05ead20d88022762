"""The typer application and the entry point; the commands register themselves on ``app``."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from pymockapi import __version__
from pymockapi.errors import PyMockApiError

app = typer.Typer(
    name="pymockapi",
    help="Serve any OpenAPI document as a contract-faithful, deterministic mock server.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


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


def main() -> None:
    try:
        app()
    except PyMockApiError as error:  # pragma: no cover - every command catches its own
        typer.echo(f"error: {error}", err=True)
        sys.exit(2)
