"""`floor label ...`: print outside a flow (a shipping label again, a zone's bin labels, samples)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

import printing
from app.cli.common import SYSTEM, DbOption, build_floor, fail, refuse
from app.domain.errors import DomainError

label_cli = typer.Typer(help="Print labels outside a flow: to a printer, or to a PDF file.", no_args_is_help=True)

PrinterOpt = Annotated[str | None, typer.Option(help="Printer name (see `floor printer list`); else a PDF file.")]
OutOpt = Annotated[Path | None, typer.Option("--out", help="Where to write the PDF (when no --printer).")]
DpiOpt = Annotated[int, typer.Option(help=f"The PDF file's printer: {', '.join(map(str, printing.DPIS))} dpi "
                                          "(a printer named with --printer says its own).")]


def _print_or_write(floor, document: str, subject_type: str, subject_id: int, printer: str | None,
                    out: Path, dpi: int, params: dict | None = None) -> None:
    """A job on a named printer (recorded, tried now, reported), or a PDF written to `out`."""
    from app.services import printjobs

    try:
        if printer:
            job = printjobs.print_on(floor.uow(), SYSTEM, printer, document, subject_type, subject_id, params)
        else:
            pdf = printjobs.document_pdf(floor.uow(), document, subject_id, params, dpi=dpi)
    except DomainError as exc:
        fail(exc)
    except printing.LabelDataError as exc:
        refuse(str(exc))
    if not printer:
        out.write_bytes(pdf)
        typer.echo(f"Wrote {out} ({len(pdf) // 1024} KB).")
        return
    printjobs.process_due(floor.uow, floor.print_setup)
    printjobs.poll_sent(floor.uow, floor.print_setup)
    state = next(j for j in printjobs.jobs_for(floor.uow(), subject_type, subject_id) if j.id == job.id)
    colour = "green" if state.state in ("done", "sent", "printing") else "red"
    typer.secho(f"Print job {state.id} on {printer}: {state.state} {state.reason}".rstrip(), fg=colour)
    raise typer.Exit(0 if colour == "green" else 1)


@label_cli.command("shipping")
def shipping(order: Annotated[str, typer.Option(help="Order id or the shop's order reference.")],
             printer: PrinterOpt = None, out: OutOpt = None, dpi: DpiOpt = 203, db: DbOption = None) -> None:
    """The shipping label(s) of an order's packages, again."""
    from app.services import documents

    floor = build_floor(db)
    packages = documents.labelled_packages(floor.uow(), order)
    if not packages:
        refuse(f"Order {order} has no labelled package yet.")
    for n, package_id in enumerate(packages, start=1):
        target = out or Path(f"shipping-{order}-{n}.pdf")
        _print_or_write(floor, "shipping_label", "package", package_id, printer, target, dpi)


@label_cli.command("bins")
def bins(zone: Annotated[str, typer.Option(help="Zone code, e.g. A.")],
         warehouse: Annotated[str | None, typer.Option(help="Warehouse code (needed when zones share codes).")] = None,
         page: Annotated[str, typer.Option(help="A4, Letter (sheets) or 2x1 (thermal).")] = "A4",
         printer: PrinterOpt = None, out: OutOpt = None, dpi: DpiOpt = 203, db: DbOption = None) -> None:
    """Bin labels of every location of a zone, in walking order."""
    from app.services import documents

    floor = build_floor(db)
    zones = documents.zones_coded(floor.uow(), zone, warehouse)
    if len(zones) != 1:
        refuse(f"Zone {zone!r} {'is in several warehouses: add --warehouse' if zones else 'does not exist'}.")
    _print_or_write(floor, "bin_labels", "zone", zones[0], printer, out or Path(f"bins-{zone}.pdf"), dpi,
                    {"page": page})


@label_cli.command("sample")
def sample(out: Annotated[Path, typer.Option("--out", help="Folder for one of every layout, 203 and 300 dpi.")]
           ) -> None:
    """One of every layout with demo data (PDF, and ZPL for the thermal ones), for both dpis."""
    from printing.samples import write_samples

    written = write_samples(out)
    typer.echo(f"Wrote {len(written)} files into {out}.")


def register(cli: typer.Typer) -> None:
    cli.add_typer(label_cli, name="label")
