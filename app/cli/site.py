"""`floor warehouse|zone|bins|carton|site ...`: set a site up from an empty database."""

from __future__ import annotations

from typing import Annotated

import typer

from app.cli.common import SYSTEM, DbOption, again, build_floor, fail
from app.domain.errors import DomainError

warehouse_cli = typer.Typer(help="The site's warehouses.", no_args_is_help=True)
zone_cli = typer.Typer(help="Zones of a warehouse (pick, reserve, receiving, ...).", no_args_is_help=True)
bins_cli = typer.Typer(help="Bins of a zone, generated from ranges in walking order.", no_args_is_help=True)
carton_cli = typer.Typer(help="Carton types the packers choose from.", no_args_is_help=True)
site_cli = typer.Typer(help="The site as a whole.", no_args_is_help=True)


@warehouse_cli.command("add")
def warehouse_add(
    code: Annotated[str, typer.Argument(help="Short code printed on bins and labels, e.g. DE1.")],
    name: Annotated[str, typer.Option(help="e.g. 'Berlin Fulfilment'.")],
    country: Annotated[str, typer.Option(help="ISO 3166-1 alpha-2, e.g. DE.")],
    timezone: Annotated[str, typer.Option(help="IANA time zone, e.g. Europe/Berlin.")],
    address: Annotated[str, typer.Option(help="Street and number (the ship-from on labels).")] = "",
    city: Annotated[str, typer.Option()] = "",
    postal_code: Annotated[str, typer.Option()] = "",
    units: Annotated[str, typer.Option(help="metric or imperial (screens and labels).")] = "metric",
    language: Annotated[str, typer.Option(help="Language of its labels, e.g. en or de.")] = "en",
    gs1_prefix: Annotated[str, typer.Option(help="GS1 company prefix for its SSCCs (6-12 digits).")] = "0000000",
    db: DbOption = None,
) -> None:
    """Add a warehouse with its receiving, packing, shipping, returns, quarantine and in-transit places."""
    from app.services import site

    try:
        wh = site.add_warehouse(build_floor(db).uow(), SYSTEM, code, name=name, country=country, timezone=timezone,
                                address=address, city=city, postal_code=postal_code, units=units, language=language,
                                gs1_prefix=gs1_prefix)
    except DomainError as exc:
        fail(exc, as_options=True)
    typer.echo(f"{'Added' if wh.created else 'Already there:'} warehouse {wh.code} ({wh.name}, {wh.country}, "
               f"{wh.timezone}).")


@warehouse_cli.command("list")
def warehouse_list(db: DbOption = None) -> None:
    """Every warehouse with its zones and bins."""
    from app.services import site

    for wh in site.warehouses(build_floor(db).uow(), SYSTEM):
        typer.echo(f"{wh.code:<8} {wh.name:<32} {wh.country}  {wh.timezone:<20} {wh.units:<8} "
                   f"{wh.zones} zones, {wh.bins} bins")


@zone_cli.command("add")
def zone_add(
    warehouse: Annotated[str, typer.Argument(help="Warehouse code.")],
    code: Annotated[str, typer.Argument(help="Zone code, e.g. A.")],
    kind: Annotated[str, typer.Option(help="pick, reserve, receiving, packing, returns, quarantine or dock.")],
    name: Annotated[str, typer.Option()] = "",
    db: DbOption = None,
) -> None:
    """Add a zone to a warehouse; its bins take its kind."""
    from app.services import site

    try:
        zone = site.add_zone(build_floor(db).uow(), SYSTEM, warehouse, code, kind=kind, name=name)
    except DomainError as exc:
        fail(exc, as_options=True)
    typer.echo(f"{'Added' if zone.created else 'Already there:'} zone {zone.code} ({zone.kind}) in {zone.warehouse}.")


@bins_cli.command("add")
def bins_add(
    warehouse: Annotated[str, typer.Argument(help="Warehouse code.")],
    zone: Annotated[str, typer.Option(help="Zone code (add it first with floor zone add).")],
    aisles: Annotated[str, typer.Option(help="e.g. A01..A12 (or 1..12, or A01,A03).")],
    racks: Annotated[str, typer.Option(help="e.g. 01..20.")],
    levels: Annotated[str, typer.Option(help="e.g. 1..5.")],
    positions: Annotated[str, typer.Option(help="e.g. 1..4; leave out for one position a level.")] = "",
    db: DbOption = None,
) -> None:
    """Make every bin of the ranges (codes WH-AISLE-RACK-LEVEL[-POS]) in serpentine walking order."""
    from app.services import bins

    try:
        made = bins.add_bins(build_floor(db).uow(), SYSTEM, warehouse, zone, aisles=aisles, racks=racks,
                             levels=levels, positions=positions)
    except DomainError as exc:
        fail(exc, as_options=True)
    typer.echo(f"Added {made.created} bins ({made.first} .. {made.last}); {made.unchanged} were there already."
               + again(made))


@carton_cli.command("add")
def carton_add(
    code: Annotated[str, typer.Argument(help="e.g. M.")],
    inner: Annotated[str, typer.Option(help="Inner size LxWxH in mm, e.g. 350x250x150.")],
    max_weight: Annotated[int, typer.Option(help="Most it may weigh packed, in grams.")],
    tare: Annotated[int, typer.Option(help="The empty carton's weight, in grams.")],
    name: Annotated[str, typer.Option()] = "",
    db: DbOption = None,
) -> None:
    """Add a carton type (or change the one with this code)."""
    from app.services import site

    try:
        c = site.add_carton(build_floor(db).uow(), SYSTEM, code, inner=inner, max_weight_g=max_weight, tare_g=tare,
                            name=name)
    except DomainError as exc:
        fail(exc, as_options=True)
    typer.echo(f"Carton {c.code} ({c.name}): {c.length_mm}x{c.width_mm}x{c.height_mm} mm, up to {c.max_weight_g} g, "
               f"tare {c.tare_g} g.")


@site_cli.command("check")
def site_check(db: DbOption = None) -> None:
    """What the site still lacks before it can take orders, one line each (exit 1 if anything)."""
    from app.services import site

    lacks = site.check_site(build_floor(db).uow(), SYSTEM)
    for line in lacks:
        typer.secho(line, fg="yellow")
    if lacks:
        raise typer.Exit(1)
    typer.secho("The site has what it needs to take orders.", fg="green")


def register(cli: typer.Typer) -> None:
    cli.add_typer(warehouse_cli, name="warehouse")
    cli.add_typer(zone_cli, name="zone")
    cli.add_typer(bins_cli, name="bins")
    cli.add_typer(carton_cli, name="carton")
    cli.add_typer(site_cli, name="site")
