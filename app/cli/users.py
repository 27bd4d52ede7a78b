"""`floor user ...`: people who log in at stations with a badge and a PIN."""

from __future__ import annotations

from typing import Annotated

import typer

from app.cli.common import SYSTEM, DbOption, build_floor, fail
from app.domain.errors import DomainError
from app.domain.roles import Role
from app.i18n import LANGUAGES

LANGUAGE_CHOICES = ", ".join(f"{code} ({name})" for code, name in LANGUAGES.items())

user_cli = typer.Typer(help="People who log in at stations (badge + PIN).", no_args_is_help=True)


def _pin(value: str | None) -> str:
    return value or typer.prompt("PIN (4-8 digits)", hide_input=True, confirmation_prompt=True)


@user_cli.command("add")
def user_add(
    badge: Annotated[str, typer.Argument(help="Badge number as printed (e.g. 1001).")],
    name: Annotated[str, typer.Argument(help="The person's name as it should show.")],
    role: Annotated[Role, typer.Argument(help="picker, packer, returns_clerk, supervisor or admin.")],
    pin: Annotated[str | None, typer.Option(help="PIN; asked for (hidden) when left out.")] = None,
    language: Annotated[str, typer.Option(help=f"The language their screens speak: {LANGUAGE_CHOICES}.")] = "en",
    db: DbOption = None,
) -> None:
    """Add a person who logs in with a badge and PIN."""
    from app.services import auth

    floor = build_floor(db)
    try:
        info = auth.add_user(floor.uow(), SYSTEM, floor.login_policy, badge, name, role.value, _pin(pin),
                             language=language)
    except DomainError as exc:
        fail(exc)
    typer.echo(f"Added {info.name} ({info.role}, {LANGUAGES[info.language]}) with badge {info.badge}.")


@user_cli.command("language")
def user_language(
    badge: str,
    language: Annotated[str, typer.Argument(help=f"{LANGUAGE_CHOICES}.")],
    db: DbOption = None,
) -> None:
    """Set the language a person's screens speak (from their next login)."""
    from app.services import auth

    try:
        info = auth.set_language(build_floor(db).uow(), SYSTEM, badge, language)
    except DomainError as exc:
        fail(exc)
    typer.echo(f"Badge {info.badge} ({info.name}) speaks {LANGUAGES[info.language]}.")


@user_cli.command("reset-pin")
def user_reset_pin(badge: str,
                   pin: Annotated[str | None, typer.Option(help="New PIN; asked for when left out.")] = None,
                   db: DbOption = None) -> None:
    """Give a badge a new PIN (also lifts a wrong-PIN lock)."""
    from app.services import auth

    floor = build_floor(db)
    try:
        info = auth.reset_pin(floor.uow(), SYSTEM, floor.login_policy, badge, _pin(pin))
    except DomainError as exc:
        fail(exc)
    typer.echo(f"New PIN set for {info.name} ({info.badge}).")


@user_cli.command("lock")
def user_lock(badge: str, db: DbOption = None) -> None:
    """Switch a badge off: it can no longer log in."""
    from app.services import auth

    try:
        info = auth.lock_user(build_floor(db).uow(), SYSTEM, badge)
    except DomainError as exc:
        fail(exc)
    typer.echo(f"Badge {info.badge} ({info.name}) is locked.")


@user_cli.command("unlock")
def user_unlock(badge: str, db: DbOption = None) -> None:
    """Switch a badge back on and clear its wrong-PIN lock."""
    from app.services import auth

    try:
        info = auth.unlock_user(build_floor(db).uow(), SYSTEM, badge)
    except DomainError as exc:
        fail(exc)
    typer.echo(f"Badge {info.badge} ({info.name}) is unlocked.")


def register(cli: typer.Typer) -> None:
    cli.add_typer(user_cli, name="user")
