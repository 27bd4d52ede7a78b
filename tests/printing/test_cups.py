"""A real CUPS scheduler (started by the fixture): jobs complete, files hold the label, failures say why."""

from __future__ import annotations

import pytest

from printing import render_pdf, render_zpl
from printing.errors import PrinterRejected, PrinterUnreachable
from printing.printers import CupsPrinter
from printing.samples import shipping_label, thermal_bin_label

from .cups_server import wait_for

pytestmark = pytest.mark.cups


def settled(printer: CupsPrinter, job_ref: str):
    return wait_for(lambda: (s := printer.status(job_ref)).state in ("done", "failed") and s)


def test_a_label_printed_through_cups_completes_and_its_file_holds_the_label(cups):
    printer = CupsPrinter("FloorLabels", server=cups.server)
    pdf = render_pdf(shipping_label("korean"), dpi=203)
    job = printer.submit(pdf, kind="pdf", title="SO-2024-000815 1/2")
    assert job.state == "queued" and job.job_ref.startswith("FloorLabels-")
    status = settled(printer, job.job_ref)
    assert status.state == "done", status
    assert (cups.out / f"{job.job_ref.rpartition('-')[2]}.out").read_bytes() == pdf


def test_zpl_goes_raw_through_a_cups_queue(cups):
    printer = CupsPrinter("FloorZebra", server=cups.socket_path, zpl=True)
    zpl = render_zpl(thermal_bin_label(), dpi=203).encode()
    job = printer.submit(zpl, kind="zpl", title="bin")
    assert settled(printer, job.job_ref).state == "done"
    assert (cups.out / f"{job.job_ref.rpartition('-')[2]}.out").read_bytes() == zpl


def test_a_failing_printer_gives_a_failed_job_with_the_reason_from_cups(cups):
    printer = CupsPrinter("FloorJammed", server=cups.server)
    job = printer.submit(render_pdf(shipping_label()), kind="pdf", title="jam")
    status = settled(printer, job.job_ref)
    assert status.state == "failed"
    assert "Paper jam" in status.reason


def test_a_stopped_queue_fails_the_job_with_the_reason_and_it_can_be_resubmitted(cups):
    cups.add_queue("FloorStopped", f"floortest:{cups.out}")
    cups.admin("cupsdisable", "-r", "Out of labels", "FloorStopped")
    printer = CupsPrinter("FloorStopped", server=cups.server)
    pdf = render_pdf(shipping_label("thai"))
    job = printer.submit(pdf, kind="pdf", title="waits")
    status = settled(printer, job.job_ref)
    assert status.state == "failed" and "Out of labels" in status.reason
    again = printer.resubmit(job.job_ref, pdf, kind="pdf", title="again")  # cancels the waiting job first
    cups.admin("cupsenable", "FloorStopped")
    assert settled(printer, again.job_ref).state == "done"
    assert (cups.out / f"{again.job_ref.rpartition('-')[2]}.out").read_bytes() == pdf
    assert printer.status(job.job_ref).state == "failed"  # the old job was cancelled, never printed twice


def test_a_queue_that_rejects_jobs_raises_a_retryable_error(cups):
    cups.add_queue("FloorRejecting", f"floortest:{cups.out}")
    cups.admin("cupsreject", "-r", "maintenance", "FloorRejecting")
    with pytest.raises(PrinterUnreachable) as caught:
        CupsPrinter("FloorRejecting", server=cups.server).submit(b"%PDF-1.4 x", kind="pdf", title="x")
    assert caught.value.retryable and "not accepting" in caught.value.reason


def test_an_unknown_queue_is_not_retryable(cups):
    with pytest.raises(PrinterRejected) as caught:
        CupsPrinter("NoSuchQueue", server=cups.server).submit(b"%PDF-1.4 x", kind="pdf", title="x")
    assert caught.value.retryable is False


def test_a_scheduler_that_is_down_raises_a_retryable_error(tmp_path):
    with pytest.raises(PrinterUnreachable) as caught:
        CupsPrinter("FloorLabels", server=str(tmp_path / "no-cupsd.sock")).submit(b"%PDF-1.4 x", kind="pdf", title="x")
    assert caught.value.retryable and "not reachable" in caught.value.reason
