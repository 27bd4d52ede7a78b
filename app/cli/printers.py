"""`floor printer add|list`: the site's printers (browser PDF, CUPS queues, Zebras on TCP 9100)."""

from __future__ import annotations

from typing import Annotated

import typer

import printing
from app.cli.common import SYSTEM, DbOption, build_floor, fail
from app.domain.errors import DomainError

printer_cli = typer.Typer(help="The site's printers: browser PDF, CUPS queues, Zebra (ZPL on TCP 9100).",
                          no_args_is_help=True)


@printer_cli.command("add")
def printer_add(
    name: Annotated[str, typer.Argument(help="A name people recognise, e.g. 'Pack bench 2 Zebra'.")],
    kind: Annotated[str, typer.Option(help="pdf, cups or zpl.")],
    queue: Annotated[str | None, typer.Option(help="CUPS queue name (kind cups).")] = None,
    server: Annotated[str | None, typer.Option(help="CUPS server host:port (kind cups; default local).")] = None,
    host: Annotated[str | None, typer.Option(help="Printer address (kind zpl).")] = None,
    port: Annotated[int, typer.Option(help="TCP port (kind zpl).")] = 9100,
    dpi: Annotated[int, typer.Option(help=f"{', '.join(map(str, printing.DPIS))}: what the printer's head has.")
                   ] = 203,
    darkness: Annotated[int | None, typer.Option(help="ZPL darkness 0-30 (kind zpl).")] = None,
    zpl: Annotated[bool, typer.Option(help="The CUPS queue is a raw queue to a Zebra: send ZPL.")] = False,
    db: DbOption = None,
) -> None:
    """Add a printer (or change the one with this name)."""
    from app.services import printers

    try:
        saved = printers.save_printer(build_floor(db).uow(), SYSTEM, name, kind, dpi=dpi, queue=queue,
                                      server=server, zpl=zpl, host=host, port=port, darkness=darkness)
    except DomainError as exc:
        fail(exc, as_options=True)
    typer.echo(f"Printer {saved.name!r}: {saved.kind} {saved.config}")


@printer_cli.command("list")
def printer_list(db: DbOption = None) -> None:
    """Every printer with its settings."""
    from app.services import printers

    for p in printers.printers(build_floor(db).uow()):
        typer.echo(f"{p.name:30} {p.kind:5} {'on ' if p.active else 'off'} {p.config}")


def register(cli: typer.Typer) -> None:
    cli.add_typer(printer_cli, name="printer")
