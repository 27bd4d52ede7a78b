"""The site's printers: the browser's PDF, CUPS queues and Zebras on raw TCP 9100, set up by a supervisor."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

import printing
from app.db.models import Printer
from app.db.uow import UnitOfWork
from app.domain.errors import InvalidInput
from app.domain.roles import Actor, Permission
from app.i18n import _
from app.services import commands
from app.services.commands import audit

KINDS = ("pdf", "cups", "zpl")


@dataclass(frozen=True)
class PrinterInfo:
    """A printer as people set it up: its name, kind, whether it is on, and its settings."""

    name: str
    kind: str
    active: bool
    config: dict[str, Any]  # dpi; queue, server, zpl (cups); host, port, darkness (zpl)


def _info(row: Printer) -> PrinterInfo:
    return PrinterInfo(row.name, row.kind, row.active, dict(row.config))


def save_printer(uow: UnitOfWork, actor: Actor, name: str, kind: str, *, dpi: int = 203, queue: str | None = None,
                 server: str | None = None, zpl: bool = False, host: str | None = None, port: int = 9100,
                 darkness: int | None = None, key: str | None = None) -> PrinterInfo:
    """Add a printer, or change (and switch back on) the one with this name: a CUPS queue (`queue`, on
    `server`, `zpl` if it is a raw queue to a Zebra), a Zebra at `host`:`port`, or a PDF the browser opens."""
    actor.require(Permission.SUPERVISE)
    name = (name or "").strip()
    config = _config(name, kind, dpi=dpi, queue=queue, server=server, zpl=zpl, host=host, port=port,
                     darkness=darkness)

    def work(uow: UnitOfWork) -> PrinterInfo:
        row = uow.session.execute(select(Printer).where(Printer.name == name)).scalar_one_or_none()
        if row is None:
            row = Printer(name=name, kind=kind, config=config)
            uow.session.add(row)
        row.kind, row.config, row.active = kind, config, True
        uow.session.flush()
        audit(uow, actor, "printer.saved", "printer", row.id, {"name": name, "kind": kind, **config})
        return _info(row)

    return commands.run(uow, actor, key, "printer.save", {"name": name, "kind": kind, "config": config},
                        PrinterInfo, work)


def _config(name: str, kind: str, *, dpi: int, queue: str | None, server: str | None, zpl: bool,
            host: str | None, port: int, darkness: int | None) -> dict[str, Any]:
    """The settings a printer is stored with, or InvalidInput naming every one that is wrong."""
    problems: dict[str, str] = {}
    if not name or len(name) > 60:
        problems["name"] = _("1-60 characters")
    if kind not in KINDS:
        problems["kind"] = _("pdf, cups or zpl")
    if dpi not in printing.DPIS:
        problems["dpi"] = _("{choices} (what the printer's head has)", choices=", ".join(map(str, printing.DPIS)))
    config: dict[str, Any] = {"dpi": dpi}
    if kind == "cups":
        if not queue:
            problems["queue"] = _("a CUPS printer needs its queue name")
        config.update(queue=queue, **({"server": server} if server else {}), zpl=zpl)
    elif kind == "zpl":
        if not host:
            problems["host"] = _("a Zebra needs its address")
        if not 0 < port < 65536:
            problems["port"] = _("a TCP port, 1-65535")
        config.update(host=host, port=port)
    if darkness is not None:
        if not 0 <= darkness <= 30:
            problems["darkness"] = _("0-30")
        config["darkness"] = darkness
    if problems:
        raise InvalidInput(_("This printer cannot be set up so."), problems)
    return config


def printers(uow: UnitOfWork) -> list[PrinterInfo]:
    """Every printer of the site, by name."""
    with uow.reading() as uow:
        return [_info(p) for p in uow.session.execute(select(Printer).order_by(Printer.name)).scalars()]
