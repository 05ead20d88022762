"""The ``pymockapi`` command (typer). A thin adapter: it parses options and calls the core.

One module per group of commands; importing them registers the commands on ``app``, in the
order ``--help`` lists them.
"""

from pymockapi.cli._app import app, main

# Importing a module registers its commands; --help lists them in this order.
# isort: off
from pymockapi.cli import serve  # noqa: F401
from pymockapi.cli import spec  # noqa: F401
from pymockapi.cli import journal  # noqa: F401
from pymockapi.cli import traffic  # noqa: F401
# isort: on

__all__ = ["app", "main"]
