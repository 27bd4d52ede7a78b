"""`floor`: serve the stations, migrate, load demo data, import orders, manage users."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from app import fatal
from app.config import Settings
from app.domain.errors import DomainError, InvalidInput
from app.domain.roles import Actor, Role

cli = typer.Typer(help="Floor: the warehouse-floor station server and its tools.", no_args_is_help=True,
                  add_completion=False)
db_cli = typer.Typer(help="The database: migrations and checks.", no_args_is_help=True)
user_cli = typer.Typer(help="People who log in at stations (badge + PIN).", no_args_is_help=True)
import_cli = typer.Typer(help="Bring data in from files.", no_args_is_help=True)
seller_cli = typer.Typer(help="Sellers and their API tokens.", no_args_is_help=True)
cli.add_typer(db_cli, name="db")
cli.add_typer(user_cli, name="user")
cli.add_typer(import_cli, name="import")
cli.add_typer(seller_cli, name="seller")

DbOption = Annotated[str | None, typer.Option(
    "--db", help="Database URL (default: FLOOR_DATABASE_URL or the SQLite file in the data folder).")]
SYSTEM = Actor.system("cli")


@cli.callback()
def _main(version: Annotated[bool, typer.Option("--version", callback=fatal.print_version, is_eager=True,
                                                 help="Print Floor's version and exit.")] = False) -> None:
    """Floor: the warehouse-floor station server and its tools."""


def _settings(db: str | None = None, **changes) -> Settings:
    settings = Settings.from_env()
    if db:
        changes["database_url"] = db
    return settings.with_(**changes) if changes else settings


def _floor(db: str | None = None):
    from app.bootstrap import build

    return build(_settings(db))


def _fail(exc: DomainError) -> None:
    typer.secho(exc.message, fg="red", err=True)
    for field, problem in getattr(exc, "fields", {}).items():
        typer.secho(f"  {field}: {problem}", fg="red", err=True)
    raise typer.Exit(1)


def _demo_logins() -> str:
    from app.services.demo import USERS

    rows = [f"  badge {b}  PIN {p}  {n} ({r})" for b, n, r, p in USERS]
    return "Demo logins:\n" + "\n".join(rows)


@cli.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Address to listen on (0.0.0.0 for the site network).")] = None,
    port: Annotated[int | None, typer.Option(help="Port (default 8550).")] = None,
    db: DbOption = None,
    demo: Annotated[bool, typer.Option("--demo/--no-demo", help="Load demo data when the database is empty.")] = False,
) -> None:
    """Run the station server: migrate the database, then serve tablets, kiosks and the API."""
    import uvicorn

    from app import heap, logs
    from app.bootstrap import build
    from app.server import create_app
    from app.services import demo as demo_data

    settings = _settings(db, **{k: v for k, v in (("host", host), ("port", port)) if v is not None})
    logs.configure(settings.log_level, settings.log_format, settings.access_log)
    heap.tune_malloc()   # before any thread allocates (app/heap.py)
    floor = build(settings)
    if demo and demo_data.is_empty(floor.uow()):
        typer.echo("Loading demo data (first start)...")
        demo_data.load(floor.uow, floor.login_policy)
    url = f"http://{'127.0.0.1' if settings.host in ('0.0.0.0', '::') else settings.host}:{settings.port}"
    typer.secho(f"Floor is serving on {url}", fg="green", bold=True)
    if demo:
        typer.echo(_demo_logins())
    from dataclasses import replace

    from app.render_process import RenderProcess
    from app.worker import Worker

    floor.print_setup = replace(floor.print_setup, renderer=RenderProcess())   # labels drawn in a child process
    api = create_app(floor)
    worker = Worker(floor).start()
    floor.db.open_pool()   # connected before the first scan, not during it
    heap.settle()   # the start-up heap out of the collector's way: no 100 ms pauses under load
    try:
        uvicorn.run(api, host=settings.host, port=settings.port, log_config=None, access_log=settings.access_log,
                    ws_ping_interval=10, ws_ping_timeout=10)
    finally:
        worker.stop()
        floor.print_setup.renderer.stop()


@db_cli.command("upgrade")
def db_upgrade(db: DbOption = None) -> None:
    """Bring the database schema to the newest version (safe to run again)."""
    from app.db import migrate

    floor = _floor(db)
    typer.echo(f"Database at revision {migrate.current_revision(floor.db.engine)} (head).")


@db_cli.command("check")
def db_check(db: DbOption = None) -> None:
    """Check every stock and order invariant; exit 1 when one is broken."""
    from app.services.invariants import violations

    problems = violations(_floor(db).reader())
    for p in problems:
        typer.secho(p, fg="red")
    typer.echo("All invariants hold." if not problems else f"{len(problems)} problem(s).")
    raise typer.Exit(1 if problems else 0)


@cli.command()
def demo(db: DbOption = None) -> None:
    """Load the demo site into an empty database."""
    from app.services import demo as demo_data

    floor = _floor(db)
    if not demo_data.is_empty(floor.uow()):
        typer.secho("The database already holds data; demo data goes only into an empty one.", fg="red", err=True)
        raise typer.Exit(1)
    summary = demo_data.load(floor.uow, floor.login_policy)
    typer.echo(f"Loaded {summary.warehouses} warehouses, {summary.sellers} sellers, {summary.products} products, "
               f"{summary.locations} locations, {summary.orders} orders, {summary.users} users.")
    typer.echo(_demo_logins())
    typer.echo("Seller API tokens: " + ", ".join(f"{k}={v}" for k, v in summary.tokens.items()))


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
        result = orders.import_orders(_floor(db).uow(), SYSTEM, parsed, key=key, parse_errors=errors)
    except InvalidInput as exc:
        _fail(exc)
    typer.secho(f"Imported {result.orders} orders with {result.lines} lines.", fg="green")


def _pin(value: str | None) -> str:
    return value or typer.prompt("PIN (4-8 digits)", hide_input=True, confirmation_prompt=True)


@user_cli.command("add")
def user_add(
    badge: Annotated[str, typer.Argument(help="Badge number as printed (e.g. 1001).")],
    name: Annotated[str, typer.Argument(help="The person's name as it should show.")],
    role: Annotated[Role, typer.Argument(help="picker, packer, returns_clerk, supervisor or admin.")],
    pin: Annotated[str | None, typer.Option(help="PIN; asked for (hidden) when left out.")] = None,
    db: DbOption = None,
) -> None:
    """Add a person who logs in with a badge and PIN."""
    from app.services import auth

    floor = _floor(db)
    try:
        info = auth.add_user(floor.uow(), SYSTEM, floor.login_policy, badge, name, role.value, _pin(pin))
    except DomainError as exc:
        _fail(exc)
    typer.echo(f"Added {info.name} ({info.role}) with badge {info.badge}.")


@user_cli.command("reset-pin")
def user_reset_pin(badge: str,
                   pin: Annotated[str | None, typer.Option(help="New PIN; asked for when left out.")] = None,
                   db: DbOption = None) -> None:
    """Give a badge a new PIN (also lifts a wrong-PIN lock)."""
    from app.services import auth

    floor = _floor(db)
    try:
        info = auth.reset_pin(floor.uow(), SYSTEM, floor.login_policy, badge, _pin(pin))
    except DomainError as exc:
        _fail(exc)
    typer.echo(f"New PIN set for {info.name} ({info.badge}).")


@user_cli.command("lock")
def user_lock(badge: str, db: DbOption = None) -> None:
    """Switch a badge off: it can no longer log in."""
    from app.services import auth

    try:
        info = auth.lock_user(_floor(db).uow(), SYSTEM, badge)
    except DomainError as exc:
        _fail(exc)
    typer.echo(f"Badge {info.badge} ({info.name}) is locked.")


@user_cli.command("unlock")
def user_unlock(badge: str, db: DbOption = None) -> None:
    """Switch a badge back on and clear its wrong-PIN lock."""
    from app.services import auth

    try:
        info = auth.unlock_user(_floor(db).uow(), SYSTEM, badge)
    except DomainError as exc:
        _fail(exc)
    typer.echo(f"Badge {info.badge} ({info.name}) is unlocked.")


@seller_cli.command("token")
def seller_token(code: str, db: DbOption = None) -> None:
    """Issue a new API token for a seller (the old one stops working). Shown once."""
    from app.services import sellers

    try:
        token = sellers.issue_token(_floor(db).uow(), SYSTEM, code)
    except DomainError as exc:
        _fail(exc)
    typer.echo(token)


from app.cli_site import register; register(cli)  # noqa: E402, E702, I001  (backup, restore)
from app.cli_labels import register as register_labels; register_labels(cli)  # noqa: E402, E702, I001


def main() -> None:
    fatal.run(cli)   # one line a person can act on for any error (app/fatal.py); FLOOR_DEBUG=1 for the traceback


if __name__ == "__main__":
    main()
