"""Print jobs: queued in the command's transaction, printed by a background worker, retried with back-off,
tracked to done or failed (with the printer's reason), reprinted on request. Never lost, never blocking."""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import select

import printing
from app import logs
from app.db.models import CarrierDocument, Printer, PrintJob, Station
from app.db.uow import UnitOfWork
from app.domain.errors import DomainError, InvalidInput, NotFound
from app.domain.roles import Actor, Permission
from app.i18n import _
from app.metrics import PRINT_FAILURES
from app.services import commands, documents
from app.services.commands import audit
from app.services.exceptions import close_open, open_exception
from app.services.spreadsheet import csv_text
from printing import printers as backends

log = logging.getLogger("floor.printing")

DEFAULT_PRINTER = "Browser PDF"


@dataclass(frozen=True)
class PrintSetup:
    """Where PDFs spool and how hard to try, from Settings."""

    spool_dir: Path
    max_attempts: int = 8
    photos_dir: Path | None = None
    renderer: object | None = None   # app.render_process.RenderProcess under `floor serve`; None: draw here

    def backend(self, printer: Printer) -> backends.Printer:
        config = {"kind": printer.kind, "name": printer.name, **printer.config}
        if printer.kind == "pdf":
            config["directory"] = str(self.spool_dir)
        return backends.printer_from_config(config)


@dataclass(frozen=True)
class JobView:
    id: int
    public_id: str
    document: str
    printer: str
    state: str
    attempts: int
    reason: str
    reprint_of: int | None
    created_at: datetime
    printer_kind: str = "pdf"   # "pdf": the station's browser prints it; "cups", "zpl": a printer does


def job_view(uow: UnitOfWork, job: PrintJob) -> JobView:
    printer = uow.session.get(Printer, job.printer_id)
    return JobView(job.id, job.public_id, job.document, printer.name, job.state, job.attempts,
                   job.reason, job.reprint_of, job.created_at, printer.kind)


def default_printer(uow: UnitOfWork) -> Printer:
    """The site's browser-PDF printer (made on first use)."""
    printer = uow.session.execute(select(Printer).where(Printer.name == DEFAULT_PRINTER)).scalar_one_or_none()
    if printer is None:
        printer = Printer(name=DEFAULT_PRINTER, kind="pdf", config={"dpi": 203})
        uow.session.add(printer)
        uow.session.flush()
    return printer


def printer_for(uow: UnitOfWork, station_id: int | None, document: str, params: dict | None = None) -> Printer:
    """The station's printer, unless it cannot print this document (a sheet on a Zebra): then browser PDF."""
    station = uow.session.get(Station, station_id) if station_id else None
    printer = uow.session.get(Printer, station.default_printer_id) if station and station.default_printer_id else None
    if printer is None or not printer.active or (printer.kind == "zpl" and not _thermal(document, params)):
        return default_printer(uow)
    return printer


# documents a carrier made (bought through karrio): printed as made, PDF or ZPL (app/services/labels.py)
AS_MADE = {"carrier_label": "label", "customs_form": "customs"}


def _thermal(document: str, params: dict | None) -> bool:
    """A label on a roll that a Zebra can take as ZPL (not a sheet)."""
    if document in AS_MADE:   # the carrier label was bought in the station printer's language; a form is a sheet
        return document == "carrier_label"
    entry = documents.DOCUMENTS[document]
    return entry.media(params).thermal and entry.layout.thermal is not None


def enqueue(uow: UnitOfWork, actor: Actor, document: str, subject_type: str, subject_id: int,
            printer: Printer | None = None, reprint_of: int | None = None, params: dict | None = None) -> PrintJob:
    """Queue a job in the caller's transaction (the worker prints it after commit)."""
    printer = printer or printer_for(uow, actor.station_id, document, params)
    job = PrintJob(public_id=secrets.token_hex(16), document=document, subject_type=subject_type,
                   subject_id=subject_id, params=params, printer_id=printer.id, state="queued", reprint_of=reprint_of,
                   user_id=actor.user_id, station_id=actor.station_id, created_at=uow.now(), updated_at=uow.now(),
                   next_attempt_at=uow.now())
    uow.session.add(job)
    uow.session.flush()
    audit(uow, actor, "print.reprint" if reprint_of else "print.queued", "print_job", job.id,
          {"document": document, "subject": f"{subject_type}:{subject_id}", "printer": printer.name,
           "reprint_of": reprint_of})
    return job


def render(uow: UnitOfWork, job: PrintJob, dpi: int, fmt: str, photos_dir: Path | None = None,
           renderer=None) -> bytes:
    """The job's document as ZPL or as a PDF on its page, built for a `dpi` printer: read here, drawn by
    `renderer` (a child process) when given."""
    if job.document in AS_MADE:
        return _as_made(uow, job, fmt)
    doc = documents.build(uow, job.document, job.subject_id, job.params, photos_dir)
    kwargs = ({"dpi": dpi} if fmt == "zpl"
              else {"dpi": dpi, "page": documents.DOCUMENTS[job.document].media(job.params).name})
    if renderer is not None:
        return renderer.draw(fmt, doc, **kwargs)
    if fmt == "zpl":
        return printing.render_zpl(doc, **kwargs).encode("utf-8")
    return printing.render_pdf(doc, **kwargs)


def _as_made(uow: UnitOfWork, job: PrintJob, fmt: str) -> bytes:
    """The carrier's own document, byte for byte, if the printer takes its language."""
    doc = uow.session.execute(select(CarrierDocument).where(
        CarrierDocument.package_id == job.subject_id, CarrierDocument.kind == AS_MADE[job.document])
    ).scalar_one_or_none()
    if doc is None:
        raise NotFound(_("The carrier's document for this package is not here."))
    if doc.format != fmt:
        raise DomainError(_("The carrier made this label as {made}; this printer takes {wants}. Print it on a "
                            "{made} printer.", made=doc.format.upper(), wants=fmt.upper()))
    return doc.content


def pdf_of(uow: UnitOfWork, setup: PrintSetup, public_id: str) -> bytes:
    """The PDF of a job for the browser (the spooled file, or rendered now)."""
    with uow.reading() as uow:
        job = uow.session.execute(select(PrintJob).where(PrintJob.public_id == public_id)).scalar_one_or_none()
        if job is None:
            raise NotFound(_("No such print job."))
        printer = uow.session.get(Printer, job.printer_id)
        if printer.kind == "pdf" and job.external_ref:
            path = setup.spool_dir / f"{job.external_ref}.pdf"
            if path.is_file():
                return path.read_bytes()
        return render(uow, job, int(printer.config.get("dpi", 203)), "pdf", setup.photos_dir, setup.renderer)


def _backoff(attempts: int) -> timedelta:
    return timedelta(seconds=min(300, 2 ** attempts))


def process_due(uow_factory, setup: PrintSetup, *, limit: int = 20) -> int:
    """Print what is due: render, send, record the outcome. Returns how many jobs were tried."""
    with uow_factory() as uow:
        now = uow.now()
        due = list(uow.session.execute(select(PrintJob.id).where(
            PrintJob.state == "queued", PrintJob.next_attempt_at <= now).order_by(PrintJob.id).limit(limit)).scalars())
    for job_id in due:
        _attempt(uow_factory, setup, job_id)
    return len(due)


def _attempt(uow_factory, setup: PrintSetup, job_id: int) -> None:
    with uow_factory() as uow:
        job = uow.session.get(PrintJob, job_id)
        printer = uow.session.get(Printer, job.printer_id)
        if job.state != "queued":
            return
        try:
            backend = setup.backend(printer)
            fmt = "zpl" if "zpl" in backend.accepts and _thermal(job.document, job.params) else "pdf"
            payload = render(uow, job, backend.dpi, fmt, setup.photos_dir, setup.renderer)
        except (printing.LabelDataError, ValueError, DomainError) as exc:
            _failed(uow, job, printer, str(exc), retryable=False)
            uow.commit()
            return
        title = f"{job.document} {job.public_id[:8]}"
        earlier = job.external_ref  # a job CUPS still holds (stopped queue) is cancelled, never printed twice
    try:  # the printer call happens outside any transaction: it may take seconds
        if earlier and hasattr(backend, "resubmit"):
            submission = backend.resubmit(earlier, payload, kind=fmt, title=title)
        else:
            submission = backend.submit(payload, kind=fmt, title=title)
        outcome = ("ok", submission)
    except printing.PrinterError as exc:
        outcome = ("error", exc)
    with uow_factory() as uow:
        job = uow.session.get(PrintJob, job_id, with_for_update=True)
        printer = uow.session.get(Printer, job.printer_id)
        job.attempts += 1
        job.updated_at = uow.now()
        if outcome[0] == "ok":
            printer.offline_since = None
            job.external_ref = outcome[1].job_ref
            job.state = "done" if outcome[1].state == "done" else "sent"
            job.reason = ""
            close_open(uow, Actor.system("printer"), _("Printed after a retry."), kind="print_failure",
                       ref=job.public_id)
        else:
            if isinstance(outcome[1], printing.PrinterUnreachable):
                printer.offline_since = printer.offline_since or uow.now()
            _failed(uow, job, printer, outcome[1].reason, retryable=outcome[1].retryable,
                    max_attempts=setup.max_attempts)
        uow.commit()


def _failed(uow, job: PrintJob, printer: Printer, reason: str, *, retryable: bool, max_attempts: int = 1) -> None:
    job.reason = reason[:300]
    again = retryable and job.attempts < max_attempts
    PRINT_FAILURES.labels(printer.name, "false" if again else "true").inc()
    with logs.context(station=job.station_id, user=job.user_id, command=f"print:{job.public_id}"):
        if again:
            log.warning("printing %s on %s failed (attempt %d of %d), next try in %d s: %s", job.document,
                        printer.name, job.attempts, max_attempts, _backoff(job.attempts).total_seconds(), reason)
        else:
            log.error("printing %s on %s failed after %d attempt(s), given up: %s", job.document, printer.name,
                      job.attempts, reason)
    if again:
        job.state, job.next_attempt_at = "queued", uow.now() + _backoff(job.attempts)
        return
    job.state = "failed"
    open_exception(uow, Actor.system("printer"), "print_failure",
                   _("Printing {document} on {printer} failed: {reason}", document=job.document,
                     printer=printer.name, reason=reason[:150]),
                   ref=job.public_id, detail={"job_id": job.id, "attempts": job.attempts})


def poll_sent(uow_factory, setup: PrintSetup) -> int:
    """Ask the printers about jobs they took (CUPS): done, or failed with the reason CUPS gives."""
    with uow_factory() as uow:
        waiting = select(PrintJob).where(PrintJob.state.in_(("sent", "printing")))
        sent = [(j.id, j.external_ref, setup.backend(uow.session.get(Printer, j.printer_id)))
                for j in uow.session.execute(waiting).scalars()]
    for job_id, ref, backend in sent:
        try:
            status = backend.status(ref)
        except printing.PrinterError as exc:
            status = backends.JobStatus("printing", exc.reason)
        with uow_factory() as uow:
            job = uow.session.get(PrintJob, job_id, with_for_update=True)
            if job.state not in ("sent", "printing"):
                continue
            job.updated_at = uow.now()
            if status.state == "failed":
                _failed(uow, job, uow.session.get(Printer, job.printer_id), status.reason or "failed", retryable=False)
            else:
                job.state = status.state if status.state in ("printing", "done") else job.state
            uow.commit()
    return len(sent)


def retry(uow: UnitOfWork, actor: Actor, job_id: int, key: str | None = None) -> JobView:
    """Try a failed job again (same job, same document)."""
    actor.require(Permission.SUPERVISE, Permission.PACK, Permission.RETURNS)

    def work(uow: UnitOfWork) -> JobView:
        job = uow.session.get(PrintJob, job_id, with_for_update=True)
        if job is None:
            raise NotFound(_("No such print job."))
        if job.state != "failed":
            raise DomainError(_("Only a failed job can be retried; this one is {state}.", state=job.state))
        job.state, job.next_attempt_at, job.reason, job.updated_at = "queued", uow.now(), "", uow.now()
        close_open(uow, actor, _("Retried."), kind="print_failure", ref=job.public_id)
        audit(uow, actor, "print.retry", "print_job", job.id)
        return job_view(uow, job)

    return commands.run(uow, actor, key, "print.retry", {"job": job_id}, JobView, work)


def reprint(uow: UnitOfWork, actor: Actor, job_id: int, printer_name: str | None = None,
            key: str | None = None) -> JobView:
    """Print a document again as a new job, recorded as a reprint of the first."""
    actor.require(Permission.SUPERVISE, Permission.PACK, Permission.RETURNS)

    def work(uow: UnitOfWork) -> JobView:
        first = uow.session.get(PrintJob, job_id)
        if first is None:
            raise NotFound(_("No such print job."))
        printer = None
        if printer_name:
            printer = uow.session.execute(select(Printer).where(Printer.name == printer_name)).scalar_one_or_none()
            if printer is None:
                raise InvalidInput(_("No printer {name}.", name=printer_name), {"printer": "unknown"})
        job = enqueue(uow, actor, first.document, first.subject_type, first.subject_id,
                      printer or uow.session.get(Printer, first.printer_id), reprint_of=first.reprint_of or first.id,
                      params=first.params)
        return job_view(uow, job)

    return commands.run(uow, actor, key, "print.reprint", {"job": job_id, "printer": printer_name}, JobView, work)


def jobs_for(uow: UnitOfWork, subject_type: str, subject_id: int) -> list[JobView]:
    with uow.reading() as uow:
        jobs = uow.session.execute(select(PrintJob).where(
            PrintJob.subject_type == subject_type, PrintJob.subject_id == subject_id).order_by(PrintJob.id)).scalars()
        return [job_view(uow, j) for j in jobs]


def print_on(uow: UnitOfWork, actor: Actor, printer_name: str, document: str, subject_type: str, subject_id: int,
             params: dict | None = None, key: str | None = None) -> JobView:
    """Queue a document on the printer called `printer_name` (outside a flow: a label again, a zone's bins)."""
    actor.require(Permission.SUPERVISE, Permission.PACK, Permission.RETURNS)
    if document not in AS_MADE:
        documents.DOCUMENTS[document].media(params)  # a page the document has, before anything is queued

    def work(uow: UnitOfWork) -> JobView:
        printer = (default_printer(uow) if printer_name == DEFAULT_PRINTER else uow.session.execute(
            select(Printer).where(Printer.name == printer_name)).scalar_one_or_none())
        if printer is None:
            raise InvalidInput(_("No printer {name}.", name=printer_name), {"printer": "unknown"})
        return job_view(uow, enqueue(uow, actor, document, subject_type, subject_id, printer, params=params))

    payload = {"printer": printer_name, "doc": document, "subject": f"{subject_type}:{subject_id}", "params": params}
    return commands.run(uow, actor, key, "print.on", payload, JobView, work)


def document_pdf(uow: UnitOfWork, document: str, subject_id: int, params: dict | None = None, *,
                 dpi: int = 203) -> bytes:
    """A document as a PDF for a `dpi` printer, on the page its params ask for, without a print job."""
    with uow.reading() as uow:
        doc = documents.build(uow, document, subject_id, params)
    return printing.render_pdf(doc, dpi=dpi, page=documents.DOCUMENTS[document].media(params).name)


def job_of(uow: UnitOfWork, public_id: str) -> PrintJob | None:
    return uow.session.execute(select(PrintJob).where(PrintJob.public_id == public_id)).scalar_one_or_none()


def browser_pdf(uow: UnitOfWork, actor: Actor, document: str, subject_type: str, subject_id: int,
                params: dict | None = None, key: str | None = None) -> JobView:
    """A document for this station's browser to open (recorded like every print job)."""

    def work(uow: UnitOfWork) -> JobView:
        return job_view(uow, enqueue(uow, actor, document, subject_type, subject_id, default_printer(uow),
                                     params=params))

    payload = {"doc": document, "subject": f"{subject_type}:{subject_id}", "params": params}
    return commands.run(uow, actor, key, "print.browser_pdf", payload, JobView, work)


def csv_of(uow: UnitOfWork, public_id: str) -> tuple[str, str]:
    """A manifest job's rows as CSV (file name, text); other documents have no CSV."""
    with uow.reading() as uow:
        job = job_of(uow, public_id)
        if job is None or job.document != "manifest":
            raise NotFound(_("No such manifest."))
        doc = documents.build(uow, job.document, job.subject_id, job.params)
    text = csv_text(["tracking_number", "sscc", "order_ref", "seller", "ship_to", "postal_code", "country",
                     "service", "weight_kg"],
                    ([r.tracking_number, r.sscc, r.order_ref, r.seller, r.ship_to_name, r.postal_code, r.country,
                      r.service, r.weight_kg] for r in doc.rows))
    return f"manifest-{doc.carrier}-{doc.day.isoformat()}.csv", text
