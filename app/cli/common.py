"""What every `floor` command shares: the --db option, the Floor it builds, and how a refusal is shown."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from app.config import Settings
from app.domain.errors import DomainError
from app.domain.roles import Actor

if TYPE_CHECKING:
    from app.bootstrap import Floor

DbOption = Annotated[str | None, typer.Option(
    "--db", help="Database URL (default: FLOOR_DATABASE_URL or the SQLite file in the data folder).")]
SYSTEM = Actor.system("cli")  # who a command from the site's shell acts as, in the audit log


def settings(db: str | None = None, **changes) -> Settings:
    """Settings from the environment, with --db and the command's options over them."""
    found = Settings.from_env()
    if db:
        changes["database_url"] = db
    return found.with_(**changes) if changes else found


def build_floor(db: str | None = None) -> Floor:
    """The wired app (database migrated to head), as the server builds it."""
    from app.bootstrap import build  # here, not at the top: `floor --help` needs no database driver

    return build(settings(db))


def refuse(message: str) -> NoReturn:
    """Say what is wrong in red on stderr and exit 1."""
    typer.secho(message, fg="red", err=True)
    raise typer.Exit(1)


def again(result) -> str:
    """What to add to an import's report when the same file (or command) ran before: nothing new, or resumed."""
    chunks, before = getattr(result, "chunks", 0), getattr(result, "before", 0)
    if chunks and before == chunks:
        return " This was done before by the same file or command: nothing new was written."
    if before:
        return f" Resumed: {before} of {chunks} chunks were written by an earlier run."
    return ""


def fail(exc: DomainError, *, as_options: bool = False) -> NoReturn:
    """A service's refusal: its message, then each field it names (as --option when the fields are options)."""
    typer.secho(exc.message, fg="red", err=True)
    for field, problem in getattr(exc, "fields", {}).items():
        typer.secho(f"  {'--' + field.replace('_', '-') if as_options else field}: {problem}", fg="red", err=True)
    raise typer.Exit(1)
