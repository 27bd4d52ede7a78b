"""`floor peer add|list`: the other sites of the network."""

from __future__ import annotations

from typing import Annotated

import typer

from app.cli.common import SYSTEM, DbOption, build_floor, fail
from app.domain.errors import DomainError

peer_cli = typer.Typer(help="The other sites of the network (peers) and the tokens between them.",
                       no_args_is_help=True)


@peer_cli.command("add")
def peer_add(
    site: Annotated[str, typer.Argument(help="The other site's code, e.g. PL1.")],
    url: Annotated[str, typer.Argument(help="Where its server answers, e.g. https://floor.pl1.example.")],
    token: Annotated[str, typer.Option(help="The token that site gave this one (its `floor peer add` printed it). "
                                            "Leave out the first time, add it when you have it.")] = "",
    new_token: Annotated[bool, typer.Option(help="Make a new token for that site to call this one with.")] = False,
    db: DbOption = None,
) -> None:
    """Add a peer (or change its address or token); prints, once, the token it calls this site with."""
    from app.services import peers

    try:
        done = build_floor(db).bind(peers.add)(SYSTEM, site, url, token, new_token=new_token)
    except DomainError as exc:
        fail(exc, as_options=True)
    typer.secho(f"Peer {done.peer.code} at {done.peer.url}.", fg="green")
    if done.token_for_peer:
        typer.echo(f"Give {done.peer.code} this token (shown once), for its `floor peer add ... --token`:")
        typer.echo(done.token_for_peer)
    if not token:
        typer.echo(f"Then run: floor peer add {done.peer.code} {done.peer.url} --token <the token {done.peer.code} "
                   "gives you>")


@peer_cli.command("list")
def peer_list(db: DbOption = None) -> None:
    """Every peer: its address, its warehouses, messages waiting for it, the last error."""
    from app.services import peers

    found = build_floor(db).bind(peers.listing)(SYSTEM)
    if not found:
        typer.echo("No peers yet: floor peer add SITE URL.")
    for p in found:
        seen = p.last_seen_at.strftime("%Y-%m-%d %H:%M UTC") if p.last_seen_at else "never"
        typer.echo(f"{p.code}  {p.url}  warehouses: {', '.join(p.warehouses) or '-'}  waiting: {p.pending}  "
                   f"last seen: {seen}" + (f"  last error: {p.last_error}" if p.last_error else ""))


def register(cli: typer.Typer) -> None:
    cli.add_typer(peer_cli, name="peer")
