"""`floor`: serve the stations and run the site's tools, one module per command group; every command
calls services (or the bootstrap that wires them), never the database itself."""

from __future__ import annotations

from typing import Annotated

import typer

from app import fatal
from app.cli import database, imports, labels, peers, planning, printers, sellers, server, site, users

cli = typer.Typer(help="Floor: the warehouse-floor station server and its tools.", no_args_is_help=True,
                  add_completion=False)


@cli.callback()
def _main(version: Annotated[bool, typer.Option("--version", callback=fatal.print_version, is_eager=True,
                                                 help="Print Floor's version and exit.")] = False) -> None:
    """Floor: the warehouse-floor station server and its tools."""


for group in (server, database, site, users, imports, sellers, labels, printers, planning, peers):
    group.register(cli)


def main() -> None:
    fatal.run(cli)   # one line a person can act on for any error (app/fatal.py); FLOOR_DEBUG=1 for the traceback
