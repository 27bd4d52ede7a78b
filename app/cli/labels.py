"""`floor label ...`: print outside a flow (a shipping label again, a zone's bin labels, samples)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

label_cli = typer.Typer(help="Print labels outside a flow: to a printer, or to a PDF file.", no_args_is_help=True)

PrinterOpt = Annotated[str | None, typer.Option(help="Printer name (see the printers table); else a PDF file.")]
OutOpt = Annotated[Path | None, typer.Option("--out", help="Where to write the PDF (when no --printer).")]
DbOpt = Annotated[str | None, typer.Option("--db", help="Database URL (default: FLOOR_DATABASE_URL or data/).")]


printer_cli = typer.Typer(help="The site's printers: browser PDF, CUPS queues, Zebra (ZPL on TCP 9100).",
                          no_args_is_help=True)


def register(cli: typer.Typer) -> None:
    cli.add_typer(label_cli, name="label")
    cli.add_typer(printer_cli, name="printer")


@printer_cli.command("add")
def printer_add(
    name: Annotated[str, typer.Argument(help="A name people recognise, e.g. 'Pack bench 2 Zebra'.")],
    kind: Annotated[str, typer.Option(help="pdf, cups or zpl.")],
    queue: Annotated[str | None, typer.Option(help="CUPS queue name (kind cups).")] = None,
    server: Annotated[str | None, typer.Option(help="CUPS server host:port (kind cups; default local).")] = None,
    host: Annotated[str | None, typer.Option(help="Printer address (kind zpl).")] = None,
    port: Annotated[int, typer.Option(help="TCP port (kind zpl).")] = 9100,
    dpi: Annotated[int, typer.Option(help="203 or 300 (what the printer's head has).")] = 203,
    darkness: Annotated[int | None, typer.Option(help="ZPL darkness 0-30 (kind zpl).")] = None,
    zpl: Annotated[bool, typer.Option(help="The CUPS queue is a raw queue to a Zebra: send ZPL.")] = False,
    db: DbOpt = None,
) -> None:
    """Add a printer (or change the one with this name)."""
    from sqlalchemy import select

    from app.db.models import Printer
    from app.domain.roles import Actor
    from app.services.commands import audit

    config: dict = {"dpi": dpi}
    if kind == "cups":
        if not queue:
            typer.secho("A CUPS printer needs --queue.", fg="red", err=True)
            raise typer.Exit(1)
        config.update(queue=queue, **({"server": server} if server else {}), zpl=zpl)
    elif kind == "zpl":
        if not host:
            typer.secho("A Zebra printer needs --host.", fg="red", err=True)
            raise typer.Exit(1)
        config.update(host=host, port=port, **({"darkness": darkness} if darkness is not None else {}))
    elif kind != "pdf":
        typer.secho("--kind is pdf, cups or zpl.", fg="red", err=True)
        raise typer.Exit(1)
    if dpi not in (203, 300):
        typer.secho("--dpi is 203 or 300.", fg="red", err=True)
        raise typer.Exit(1)
    floor = _floor(db)
    with floor.uow() as uow:
        row = uow.session.execute(select(Printer).where(Printer.name == name)).scalar_one_or_none()
        if row is None:
            row = Printer(name=name, kind=kind, config=config)
            uow.session.add(row)
        row.kind, row.config, row.active = kind, config, True
        uow.session.flush()
        audit(uow, Actor.system("cli"), "printer.saved", "printer", row.id, {"name": name, **config})
        uow.commit()
    typer.echo(f"Printer {name!r}: {kind} {config}")


@printer_cli.command("list")
def printer_list(db: DbOpt = None) -> None:
    """Every printer with its settings."""
    from sqlalchemy import select

    from app.db.models import Printer

    with _floor(db).reader() as uow:
        for p in uow.session.execute(select(Printer).order_by(Printer.name)).scalars():
            typer.echo(f"{p.name:30} {p.kind:5} {'on ' if p.active else 'off'} {p.config}")


def _floor(db):
    from app.cli import _floor as build

    return build(db)


def _print_or_write(floor, document: str, subject_type: str, subject_id: int, printer: str | None,
                    out: Path, page: str | None = None) -> None:
    """A job on a named printer (recorded, tried now, reported), or a PDF written to `out`."""
    import printing
    from app.domain.errors import DomainError
    from app.domain.roles import Actor
    from app.services import documents, printjobs

    actor = Actor.system("cli")
    if printer:
        from sqlalchemy import select

        from app.db.models import Printer

        with floor.uow() as uow:
            row = (printjobs.default_printer(uow) if printer == printjobs.DEFAULT_PRINTER else
                   uow.session.execute(select(Printer).where(Printer.name == printer)).scalar_one_or_none())
            if row is None:
                typer.secho(f"No printer named {printer!r}.", fg="red", err=True)
                raise typer.Exit(1)
            job = printjobs.enqueue(uow, actor, document, subject_type, subject_id, row)
            job_id = job.id
            uow.commit()
        printjobs.process_due(floor.uow, floor.print_setup)
        printjobs.poll_sent(floor.uow, floor.print_setup)
        state = next(j for j in printjobs.jobs_for(floor.uow(), subject_type, subject_id) if j.id == job_id)
        colour = "green" if state.state in ("done", "sent", "printing") else "red"
        typer.secho(f"Print job {state.id} on {printer}: {state.state} {state.reason}".rstrip(), fg=colour)
        raise typer.Exit(0 if colour == "green" else 1)
    try:
        with floor.reader() as uow:
            doc = documents.build(uow, document, subject_id)
        pdf = printing.render_pdf(doc, page=page or printjobs.SHEET_DOCUMENTS.get(document))
    except (DomainError, printing.LabelDataError) as exc:
        typer.secho(getattr(exc, "message", str(exc)), fg="red", err=True)
        raise typer.Exit(1) from None
    out.write_bytes(pdf)
    typer.echo(f"Wrote {out} ({len(pdf) // 1024} KB).")


@label_cli.command("shipping")
def shipping(order: Annotated[str, typer.Option(help="Order id or the shop's order reference.")],
             printer: PrinterOpt = None, out: OutOpt = None, db: DbOpt = None) -> None:
    """The shipping label(s) of an order's packages, again (a reprint is recorded as one)."""
    from sqlalchemy import or_, select

    from app.db.models import Order, Package

    floor = _floor(db)
    with floor.reader() as uow:
        found = uow.session.execute(select(Order).where(or_(
            Order.external_ref == order, Order.id == (int(order) if order.isdigit() else -1)))).scalars().first()
        packages = [] if found is None else list(uow.session.execute(select(Package.id).where(
            Package.order_id == found.id, Package.sscc.is_not(None)).order_by(Package.number)).scalars())
    if not packages:
        typer.secho(f"Order {order} has no labelled package yet.", fg="red", err=True)
        raise typer.Exit(1)
    for n, package_id in enumerate(packages, start=1):
        target = out or Path(f"shipping-{order}-{n}.pdf")
        _print_or_write(floor, "shipping_label", "package", package_id, printer, target)


@label_cli.command("bins")
def bins(zone: Annotated[str, typer.Option(help="Zone code, e.g. A.")],
         warehouse: Annotated[str | None, typer.Option(help="Warehouse code (needed when zones share codes).")] = None,
         page: Annotated[str, typer.Option(help="A4, Letter (sheets) or 2x1 (thermal).")] = "A4",
         printer: PrinterOpt = None, out: OutOpt = None, db: DbOpt = None) -> None:
    """Bin labels of every location of a zone, in walking order."""
    from sqlalchemy import select

    from app.db.models import Warehouse, Zone

    floor = _floor(db)
    with floor.reader() as uow:
        q = select(Zone).where(Zone.code == zone)
        if warehouse:
            q = q.join(Warehouse, Warehouse.id == Zone.warehouse_id).where(Warehouse.code == warehouse)
        zones = [z.id for z in uow.session.execute(q).scalars()]
    if len(zones) != 1:
        typer.secho(f"Zone {zone!r} {'is in several warehouses: add --warehouse' if zones else 'does not exist'}.",
                    fg="red", err=True)
        raise typer.Exit(1)
    _print_or_write(floor, "bin_labels", "zone", zones[0], printer, out or Path(f"bins-{zone}.pdf"), page)


@label_cli.command("sample")
def sample(out: Annotated[Path, typer.Option("--out", help="Folder for one of every layout, 203 and 300 dpi.")]
           ) -> None:
    """One of every layout with demo data (PDF, and ZPL for the thermal ones), for both dpis."""
    from printing.samples import write_samples

    written = write_samples(out)
    typer.echo(f"Wrote {len(written)} files into {out}.")
