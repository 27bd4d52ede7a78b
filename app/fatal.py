"""What `floor` prints when it cannot go on: one line a person can act on, not a traceback.

A bad setting (FLOOR_PORT=abc), a database that does not answer, a missing file: each is one line saying
what and what to do. FLOOR_DEBUG=1 shows the traceback as well, for a bug report."""

from __future__ import annotations

import os

from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import make_url


def debug() -> bool:
    return os.environ.get("FLOOR_DEBUG", "") not in ("", "0", "off", "no")


def _first_line(exc: BaseException) -> str:
    text = str(getattr(exc, "orig", None) or exc).strip()
    return (text.splitlines()[0] if text else type(exc).__name__)[:300]


def _where(url: str) -> str:
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        return "the database"


def describe(exc: BaseException, database_url: str = "") -> str:
    """One line for an error that stops a command."""
    if isinstance(exc, sa_exc.ArgumentError):
        return f"The database URL is not valid ({_first_line(exc)}): check FLOOR_DATABASE_URL or --db."
    if isinstance(exc, sa_exc.OperationalError | sa_exc.InterfaceError):
        return (f"Cannot reach the database {_where(database_url)}: {_first_line(exc)}. Check FLOOR_DATABASE_URL "
                "(or --db), that the database server runs and that this machine may connect to it.")
    if isinstance(exc, sa_exc.NoSuchModuleError):
        return f"Floor cannot speak to that kind of database ({_first_line(exc)}): use sqlite:/// or postgresql+psycopg://."
    if isinstance(exc, ValueError) and "FLOOR_" in str(exc):
        return f"Bad setting: {_first_line(exc)}."
    if isinstance(exc, PermissionError):
        return f"Not allowed: {exc.strerror} ({exc.filename}). Run it as the user that owns Floor's data (floor)."
    if isinstance(exc, OSError) and exc.filename:
        return f"{exc.strerror}: {exc.filename}."
    return (f"Floor stopped: {type(exc).__name__}: {_first_line(exc)} "
            "(FLOOR_DEBUG=1 shows the traceback; please send it with a bug report).")


def run(cli) -> None:
    """Run the `floor` CLI: a stop by Ctrl-C exits 130, any other error is one line on stderr and exit 1."""
    import sys

    import typer

    try:
        cli()
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as exc:
        if debug():
            raise
        typer.secho(f"floor: {describe(exc, _database_url(sys.argv))}", fg="red", err=True)
        sys.exit(1)


def _database_url(argv: list[str]) -> str:
    """The database a command was pointed at (--db, else the settings), for the message."""
    if "--db" in argv[:-1]:
        return argv[argv.index("--db") + 1]
    from app.config import Settings

    try:
        return Settings.from_env().db_url
    except ValueError:
        return ""


def print_version(value: bool) -> None:
    """`floor --version` (an eager option's callback)."""
    if value:
        import typer

        from app.about import version

        typer.echo(f"floor {version()}")
        raise typer.Exit()
