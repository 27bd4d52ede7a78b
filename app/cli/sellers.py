"""`floor seller ...`: sellers and their API tokens."""

from __future__ import annotations

import typer

from app.cli.common import SYSTEM, DbOption, build_floor, fail
from app.domain.errors import DomainError

seller_cli = typer.Typer(help="Sellers and their API tokens.", no_args_is_help=True)


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
