"""`floor serve` and `floor demo`: run the station server, load the demo site."""

from __future__ import annotations

import signal
from typing import Annotated

import typer

from app.cli.common import DbOption, build_floor, settings


def _demo_logins() -> str:
    from app.services.demo import USERS

    rows = [f"  badge {b}  PIN {p}  {n} ({r})" for b, n, r, p in USERS]
    return "Demo logins:\n" + "\n".join(rows)


def serve(
    host: Annotated[str | None, typer.Option(help="Address to listen on (0.0.0.0 for the site network).")] = None,
    port: Annotated[int | None, typer.Option(help="Port (default 8550).")] = None,
    db: DbOption = None,
    demo: Annotated[bool, typer.Option("--demo/--no-demo", help="Load demo data when the database is empty.")] = False,
) -> None:
    """Run the station server: migrate the database, then serve tablets, kiosks and the API."""
    from dataclasses import replace

    import uvicorn

    from app import heap, logs
    from app.bootstrap import build
    from app.render_process import RenderProcess
    from app.server import create_app
    from app.services import demo as demo_data
    from app.worker import Worker

    chosen = settings(db, **{k: v for k, v in (("host", host), ("port", port)) if v is not None})
    logs.configure(chosen.log_level, chosen.log_format, chosen.access_log)
    heap.tune_malloc()   # before any thread allocates (app/heap.py)
    floor = build(chosen)
    if demo and demo_data.is_empty(floor.uow()):
        typer.echo("Loading demo data (first start)...")
        demo_data.load(floor.uow, floor.login_policy)
    url = f"http://{'127.0.0.1' if chosen.host in ('0.0.0.0', '::') else chosen.host}:{chosen.port}"
    typer.secho(f"Floor is serving on {url}", fg="green", bold=True)
    if demo:
        typer.echo(_demo_logins())
    floor.print_setup = replace(floor.print_setup, renderer=RenderProcess())   # labels drawn in a child process
    api = create_app(floor)
    worker = Worker(floor).start()
    floor.db.open_pool()   # connected before the first scan, not during it
    heap.settle()   # the start-up heap out of the collector's way: no 100 ms pauses under load
    # uvicorn shuts down gracefully on SIGTERM, then raises the signal again; with the default handler that
    # ends the process before the `finally` below, leaving the label child and the worker's last batch.
    # This handler turns that second signal into a normal exit, so the clean-up runs (systemd stop, kill).
    signal.signal(signal.SIGTERM, _exit_cleanly)
    try:
        uvicorn.run(api, host=chosen.host, port=chosen.port, log_config=None, access_log=chosen.access_log,
                    ws_ping_interval=10, ws_ping_timeout=10)
    finally:
        worker.stop()
        floor.print_setup.renderer.stop()


def _exit_cleanly(signum: int, frame: object) -> None:
    raise SystemExit(0)


def demo(db: DbOption = None) -> None:
    """Load the demo site into an empty database."""
    from app.services import demo as demo_data

    floor = build_floor(db)
    if not demo_data.is_empty(floor.uow()):
        typer.secho("The database already holds data; demo data goes only into an empty one.", fg="red", err=True)
        raise typer.Exit(1)
    summary = demo_data.load(floor.uow, floor.login_policy)
    typer.echo(f"Loaded {summary.warehouses} warehouses, {summary.sellers} sellers, {summary.products} products, "
               f"{summary.locations} locations, {summary.orders} orders, {summary.users} users.")
    typer.echo(_demo_logins())
    typer.echo("Seller API tokens: " + ", ".join(f"{k}={v}" for k, v in summary.tokens.items()))


def register(cli: typer.Typer) -> None:
    cli.command()(serve)
    cli.command()(demo)
