"""`floor import ...`: bring data in from files, all of a file or none of it."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from app.cli.common import SYSTEM, DbOption, again, build_floor, fail
from app.domain.errors import DomainError, InvalidInput

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


def _read(file: Path) -> bytes:
    try:
        return file.read_bytes()
    except OSError as exc:
        typer.secho(f"Cannot read {file}: {exc.strerror}", fg="red", err=True)
        raise typer.Exit(1) from None


def _key(kind: str, raw: bytes, *extra: str) -> str:
    """Stable for the same file (and options): running it again is the same import, which writes nothing."""
    import hashlib

    return f"{kind}:" + hashlib.sha256(raw + "\x00".join(extra).encode()).hexdigest()[:40]


@import_cli.command("products")
def import_products(
    file: Annotated[Path, typer.Argument(help="CSV: sku, name; optional gtin, weight_g, length_mm, width_mm, "
                                              "height_mm, hazmat_un, track_lot, track_expiry, track_serial, "
                                              "hs_code, country_of_origin.")],
    seller: Annotated[str, typer.Option(help="The seller whose catalogue this is.")],
    db: DbOption = None,
) -> None:
    """Create or change a seller's products: all rows or none, every problem by line and column."""
    from app.domain.csv_table import read_table
    from app.services import products

    raw = _read(file)
    rows, errors = read_table(raw, products.CSV_REQUIRED, products.CSV_OPTIONAL)
    try:
        saved = products.import_products(build_floor(db).uow(), SYSTEM, seller, rows, parse_errors=errors,
                                         key=_key("products", raw, seller))
    except DomainError as exc:
        fail(exc)
    typer.secho(f"Products: {saved.created} added, {saved.updated} changed, {saved.unchanged} unchanged."
                + again(saved), fg="green")


@import_cli.command("users")
def import_users(
    file: Annotated[Path, typer.Argument(help="CSV: badge, name, role, pin; optional locale.")],
    db: DbOption = None,
) -> None:
    """Add the people who log in at stations: all rows or none (a badge already there as written is kept)."""
    from app.domain.csv_table import read_table
    from app.services import site_import

    raw = _read(file)
    rows, errors = read_table(raw, site_import.USER_REQUIRED, site_import.USER_OPTIONAL, max_rows=10_000)
    floor = build_floor(db)
    try:
        done = site_import.import_users(floor.uow(), SYSTEM, floor.login_policy, rows, parse_errors=errors,
                                        key=_key("users", raw))
    except DomainError as exc:
        fail(exc)
    typer.secho(f"Users: {done.added} added, {done.unchanged} there already.", fg="green")


@import_cli.command("stock")
def import_stock(
    file: Annotated[Path, typer.Argument(help="CSV: warehouse, bin, seller, sku, quantity; optional lot, expiry.")],
    db: DbOption = None,
) -> None:
    """Opening stock into empty bins, as ledger rows of reason 'opening': all rows or none."""
    from app.domain.csv_table import read_table
    from app.services import site_import

    raw = _read(file)
    rows, errors = read_table(raw, site_import.STOCK_REQUIRED, site_import.STOCK_OPTIONAL)
    try:
        done = site_import.import_stock(build_floor(db).uow(), SYSTEM, rows, parse_errors=errors,
                                        key=_key("stock", raw))
    except DomainError as exc:
        fail(exc)
    typer.secho(f"Opening stock: {done.units} units in {done.rows} rows." + again(done), fg="green")


@import_cli.command("bins")
def import_bins(
    file: Annotated[Path, typer.Argument(help="CSV: code, zone; optional warehouse, kind, pick_sequence, "
                                              "max_weight_g, max_volume_cm3.")],
    warehouse: Annotated[str | None, typer.Option(help="Warehouse for rows without a 'warehouse' column.")] = None,
    db: DbOption = None,
) -> None:
    """Bins of an irregular layout: all rows or none, every problem by line and column."""
    from app.domain.csv_table import read_table
    from app.services import bins

    raw = _read(file)
    rows, errors = read_table(raw, bins.BIN_COLUMNS, bins.BIN_OPTIONAL)
    try:
        made = bins.import_bins(build_floor(db).uow(), SYSTEM, rows, parse_errors=errors,
                                key=_key("bins", raw, warehouse or ""), warehouse=warehouse)
    except DomainError as exc:
        fail(exc)
    typer.secho(f"Bins: {made.created} added, {made.unchanged} there already." + again(made), fg="green")


def register(cli: typer.Typer) -> None:
    cli.add_typer(import_cli, name="import")
