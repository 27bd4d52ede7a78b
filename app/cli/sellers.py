"""`floor seller ...`: sellers and their API tokens."""

from __future__ import annotations

from typing import Annotated

import typer

from app.cli.common import SYSTEM, DbOption, build_floor, fail
from app.domain.errors import DomainError

seller_cli = typer.Typer(help="Sellers and their API tokens.", no_args_is_help=True)


@seller_cli.command("add")
def seller_add(
    code: Annotated[str, typer.Argument(help="Short code, e.g. ACME.")],
    name: Annotated[str, typer.Option(help="The seller's company name.")],
    webhook: Annotated[str | None, typer.Option(help="URL its events are POSTed to (optional).")] = None,
    db: DbOption = None,
) -> None:
    """Add a seller whose stock the site keeps; then `floor seller token CODE` for its API token."""
    from app.services import sellers

    floor = build_floor(db)
    try:
        view = sellers.add_seller(floor.uow(), SYSTEM, code, name, webhook=webhook, policy=floor.webhooks.urls)
    except DomainError as exc:
        fail(exc, as_options=True)
    typer.echo(f"{'Added' if view.created else 'Already there:'} seller {view.code} ({view.name}).")


@seller_cli.command("list")
def seller_list(db: DbOption = None) -> None:
    """Every seller, its products and whether it has an API token."""
    from app.services import sellers

    for s in sellers.all_sellers(build_floor(db).uow(), SYSTEM):
        typer.echo(f"{s.code:<12} {s.name:<40} {s.products} products, token {'yes' if s.has_token else 'no'}")


@seller_cli.command("token")
def seller_token(code: str, db: DbOption = None) -> None:
    """Issue a new API token for a seller (the old one stops working). Shown once."""
    from app.services import sellers

    try:
        token = sellers.issue_token(build_floor(db).uow(), SYSTEM, code)
    except DomainError as exc:
        fail(exc)
    typer.echo(token)


def register(cli: typer.Typer) -> None:
    cli.add_typer(seller_cli, name="seller")
