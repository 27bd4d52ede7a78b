"""`floor import ...`: bring data in from files, all of a file or none of it."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from app.cli.common import SYSTEM, DbOption, build_floor, fail
from app.domain.errors import InvalidInput

import_cli = typer.Typer(help="Bring data in from files.", no_args_is_help=True)


@import_cli.command("orders")
def import_orders(
    file: Annotated[Path, typer.Argument(help="CSV: one row per order line (see README for the columns).")],
    seller: Annotated[str | None, typer.Option(help="Seller code for every row (else a 'seller' column).")] = None,
    db: DbOption = None,
) -> None:
    """Import orders from a CSV file: all of them, or none with every problem listed."""
    import hashlib

    from app.domain.order_csv import parse_orders_csv
    from app.services import orders

    try:
        raw = file.read_bytes()
    except OSError as exc:
        typer.secho(f"Cannot read {file}: {exc.strerror}", fg="red", err=True)
        raise typer.Exit(1) from None
    parsed, errors = parse_orders_csv(raw)
    if seller:
        from dataclasses import replace

        parsed = [replace(p, seller=p.seller or seller) for p in parsed]
    key = "csv:" + hashlib.sha256(raw + (seller or "").encode()).hexdigest()[:48]
    try:
        result = orders.import_orders(build_floor(db).uow(), SYSTEM, parsed, key=key, parse_errors=errors)
    except InvalidInput as exc:
        fail(exc)
    typer.secho(f"Imported {result.orders} orders with {result.lines} lines.", fg="green")


def register(cli: typer.Typer) -> None:
    cli.add_typer(import_cli, name="import")
