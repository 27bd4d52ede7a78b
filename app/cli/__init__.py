"""`floor`: serve the stations and run the site's tools, one module per command group; every command
calls services (or the bootstrap that wires them), never the database itself."""

from __future__ import annotations

import sys

import typer

from app.cli import database, imports, labels, printers, sellers, server, users

cli = typer.Typer(help="Floor: the warehouse-floor station server and its tools.", no_args_is_help=True,
                  add_completion=False)
for group in (server, database, users, imports, sellers, labels, printers):
    group.register(cli)


def main() -> None:
    try:
        cli()
    except KeyboardInterrupt:
        sys.exit(130)
