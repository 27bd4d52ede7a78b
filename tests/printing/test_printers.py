"""Printers: a PDF spool folder, a loopback 'Zebra' on raw TCP, and configuration."""

from __future__ import annotations

import socket

import pytest

from printing import render_pdf, render_zpl
from printing.errors import PrinterError, PrinterRejected, PrinterUnreachable
from printing.printers import CupsPrinter, PdfSpoolPrinter, Printer, RawTcpPrinter, printer_from_config
from printing.samples import shipping_label


def test_pdf_spool_writes_the_file_under_a_server_made_name(tmp_path):
    printer = PdfSpoolPrinter(tmp_path / "spool", name="browser")
    pdf = render_pdf(shipping_label())
    job = printer.submit(pdf, kind="pdf", title="../../etc/passwd")
    assert job.state == "done"
    assert printer.path_of(job.job_ref).read_bytes() == pdf
    assert printer.path_of(job.job_ref).parent == tmp_path / "spool"
    assert printer.status(job.job_ref).state == "done"
    assert [p.name for p in (tmp_path / "spool").iterdir()] == [f"{job.job_ref}.pdf"]


def test_pdf_spool_refuses_zpl_and_foreign_job_ids(tmp_path):
    printer = PdfSpoolPrinter(tmp_path)
    with pytest.raises(PrinterRejected) as caught:
        printer.submit(b"^XA^XZ", kind="zpl", title="x")
    assert caught.value.retryable is False
    with pytest.raises(PrinterRejected):
        printer.status("../secret")


def test_pdf_spool_on_an_unwritable_folder_is_a_retryable_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(PrinterUnreachable) as caught:
        PdfSpoolPrinter(blocker / "spool").submit(render_pdf(shipping_label()), kind="pdf", title="t")
    assert caught.value.retryable is True


def test_the_zebra_receives_exactly_the_zpl_bytes(zebra):
    zpl = render_zpl(shipping_label("japanese"), dpi=203, darkness=18).encode()
    printer = RawTcpPrinter("127.0.0.1", zebra.port, timeout=3, dpi=203, darkness=18)
    job = printer.submit(zpl, kind="zpl", title="SO-1")
    assert zebra.done.wait(5)
    assert zebra.received == [zpl]
    assert job.state == "done" and printer.status(job.job_ref).state == "done"


def test_a_refused_connection_raises_the_typed_retryable_error():
    with socket.socket() as s:  # a port nobody listens on any more
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    printer = RawTcpPrinter("127.0.0.1", port, timeout=1)
    with pytest.raises(PrinterUnreachable) as caught:
        printer.submit(b"^XA^XZ", kind="zpl", title="x")
    assert isinstance(caught.value, PrinterError) and caught.value.retryable
    assert "refused" in caught.value.reason


def test_a_zebra_refuses_pdf():
    with pytest.raises(PrinterRejected):
        RawTcpPrinter("127.0.0.1").submit(b"%PDF-1.4", kind="pdf", title="x")


def test_printers_come_from_configuration(tmp_path):
    pdf = printer_from_config({"kind": "pdf", "directory": str(tmp_path)})
    cups = printer_from_config({"kind": "cups", "queue": "Q", "dpi": 300, "server": "127.0.0.1:631"})
    zebra = printer_from_config({"kind": "zpl", "host": "10.0.0.5", "port": 9100, "dpi": 300, "darkness": 20})
    assert isinstance(pdf, PdfSpoolPrinter) and pdf.accepts == {"pdf"}
    assert isinstance(cups, CupsPrinter) and (cups.queue, cups.server, cups.dpi) == ("Q", "127.0.0.1:631", 300)
    assert isinstance(zebra, RawTcpPrinter) and ((zebra.host, zebra.port, zebra.dpi, zebra.darkness)
                                                 == ("10.0.0.5", 9100, 300, 20))
    assert zebra.accepts == {"zpl"}
    assert all(isinstance(p, Printer) for p in (pdf, cups, zebra))
    raw_cups = printer_from_config({"kind": "cups", "queue": "Z", "zpl": True})
    assert raw_cups.accepts == {"zpl"}
    with pytest.raises(ValueError):
        printer_from_config({"kind": "fax"})
    with pytest.raises(ValueError):
        printer_from_config({"kind": "zpl", "host": "h", "dpi": 250})
