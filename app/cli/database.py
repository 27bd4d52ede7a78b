"""`floor db upgrade|check`, `floor backup` and `floor restore`: the site's database."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from app.cli.common import DbOption, build_floor, settings

db_cli = typer.Typer(help="The database: migrations and checks.", no_args_is_help=True)


@db_cli.command("upgrade")
def db_upgrade(db: DbOption = None) -> None:
    """Bring the database schema to the newest version (safe to run again)."""
    from app.bootstrap import schema_revision

    typer.echo(f"Database at revision {schema_revision(build_floor(db))} (head).")


@db_cli.command("check")
def db_check(db: DbOption = None) -> None:
    """Check every stock and order invariant; exit 1 when one is broken."""
    from app.services.invariants import violations

    problems = violations(build_floor(db).reader())
    for p in problems:
        typer.secho(p, fg="red")
    typer.echo("All invariants hold." if not problems else f"{len(problems)} problem(s).")
    raise typer.Exit(1 if problems else 0)


def _size(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB" if n >= 100_000 else f"{n / 1000:.1f} kB"


def backup(
    dest: Annotated[Path, typer.Argument(help="A file to create, or a folder to put floor-<date>-<time>.db|.dump in.")],
    keep: Annotated[int | None, typer.Option(help="With a folder: keep only the newest N dated backups.")] = None,
    db: DbOption = None,
) -> None:
    """Back up the database while stations keep working (SQLite online backup, or pg_dump)."""
    from app.backup import BackupError
    from app.backup import backup as run_backup

    try:
        done = run_backup(settings(db).db_url, dest, keep=keep, photos_dir=settings().photos_dir)
    except BackupError as exc:
        typer.secho(exc.message, fg="red", err=True)
        raise typer.Exit(1) from None
    typer.secho(f"Backed up the {done.backend} database (revision {done.revision}) to {done.path}: "
                f"{_size(done.size_bytes)} in {done.seconds:.2f} s.", fg="green")
    if done.photos:
        typer.echo(f"Return photos: {done.photo_count} file(s) in {done.photos}.")
    for path in done.pruned:
        typer.echo(f"Removed the older backup {path.name}.")


def restore(
    src: Annotated[Path, typer.Argument(help="A file made by `floor backup`.")],
    force: Annotated[bool, typer.Option("--force", help="Replace a database that holds data.")] = False,
    db: DbOption = None,
) -> None:
    """Put a backup back. Never while a server uses the database; a database with data only with --force."""
    from app.backup import BackupError
    from app.backup import restore as run_restore

    try:
        done = run_restore(src, settings(db).db_url, force=force, photos_dir=settings().photos_dir)
    except BackupError as exc:
        typer.secho(exc.message, fg="red", err=True)
        raise typer.Exit(1) from None
    typer.secho(f"Restored {src} into {done.database} (revision {done.revision}) in {done.seconds:.2f} s.",
                fg="green")
    if done.set_aside:
        typer.echo(f"The database it replaced is kept as {done.set_aside}.")
    if done.photo_count:
        typer.echo(f"Return photos: {done.photo_count} file(s) put back"
                   + (f"; the ones it replaced are kept in {done.photos_set_aside}." if done.photos_set_aside else "."))
    typer.echo("It was checked whole and brought to this version's schema: start the server.")


def register(cli: typer.Typer) -> None:
    cli.command("backup")(backup)
    cli.command("restore")(restore)
    cli.add_typer(db_cli, name="db")
