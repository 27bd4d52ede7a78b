"""`floor plan transfers|approve|dismiss`: the network's transfer plan from the site's shell."""

from __future__ import annotations

from typing import Annotated

import typer

from app.cli.common import SYSTEM, DbOption, build_floor, fail
from app.domain.errors import DomainError

plan_cli = typer.Typer(help="The transfer planner: what to move between the network's warehouses.",
                       no_args_is_help=True)


def _show(plan) -> None:
    if plan.unreachable:
        typer.secho(f"Planned without {', '.join(plan.unreachable)}: no answer.", fg="yellow")
    waiting = [m for m in plan.moves if m.status == "proposed"]
    typer.echo(f"Plan {plan.number}: {plan.skus} SKU(s) looked at, {plan.solved} solved, {len(plan.moves)} move(s)"
               + (f", {plan.unmet_units} unit(s) of cover no site can spare." if plan.unmet_units else "."))
    for m in plan.moves:
        state = "" if m.status == "proposed" else f" [{m.status}{' ' + m.transfer if m.transfer else ''}]"
        typer.echo(f"  #{m.id} {m.seller} {m.sku}: {m.units} {m.source} -> {m.dest}{state}\n      {m.why}")
    for source, dest, units, trucks in plan.trucks:
        typer.echo(f"  {source} -> {dest}: {units} unit(s) in {trucks} truck(s), if every move is approved")
    if waiting:
        typer.echo(f"Approve with: floor plan approve {' '.join(str(m.id) for m in waiting)}")


@plan_cli.command("transfers")
def plan_transfers(
    approve: Annotated[bool, typer.Option(help="Approve every proposed move at once.")] = False,
    db: DbOption = None,
) -> None:
    """Ask every peer for its stock and demand, plan the transfers, and print each move with why."""
    from app.services import network, planner

    floor = build_floor(db)
    try:
        plan = floor.bind(network.plan_network)(SYSTEM)
        if approve and plan.moves:
            plan = floor.bind(planner.approve)(SYSTEM, [m.id for m in plan.moves])
    except DomainError as exc:
        fail(exc)
    _show(plan)


@plan_cli.command("approve")
def plan_approve(moves: Annotated[list[int], typer.Argument(help="The moves' numbers (#) to make.")],
                 db: DbOption = None) -> None:
    """Approve moves: their transfers are made at the source sites."""
    from app.services import planner

    try:
        _show(build_floor(db).bind(planner.approve)(SYSTEM, moves))
    except DomainError as exc:
        fail(exc)


@plan_cli.command("dismiss")
def plan_dismiss(moves: Annotated[list[int], typer.Argument(help="The moves' numbers (#) to leave unmade.")],
                 db: DbOption = None) -> None:
    """Dismiss proposed moves."""
    from app.services import planner

    try:
        _show(build_floor(db).bind(planner.dismiss)(SYSTEM, moves))
    except DomainError as exc:
        fail(exc)


def register(cli: typer.Typer) -> None:
    cli.add_typer(plan_cli, name="plan")
