"""Setting up the site's printers, and printing a zone's bin labels on the printer and page asked for."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from app.cli import cli
from app.db.models import AuditEntry, Printer
from app.domain.errors import InvalidInput, PermissionDenied
from app.services import printers
from tests.printing.conftest import ZebraListener

runner = CliRunner()


def test_a_supervisor_sets_up_a_zebra_in_one_audited_command_and_saving_it_again_changes_it(site, floor):
    boss = site.actor("supervisor")
    first = printers.save_printer(floor.uow(), boss, "Bench 2 Zebra", "zpl", host="10.0.4.9", dpi=300, darkness=18)
    assert first.config == {"dpi": 300, "host": "10.0.4.9", "port": 9100, "darkness": 18} and first.active
    again = printers.save_printer(floor.uow(), boss, "Bench 2 Zebra", "zpl", host="10.0.4.10", dpi=600)
    assert again.config["host"] == "10.0.4.10" and again.config["dpi"] == 600
    assert [p.name for p in printers.printers(floor.uow())] == ["Bench 2 Zebra"]
    with floor.reader() as uow:
        saved = uow.session.execute(select(AuditEntry.actor, AuditEntry.detail).where(
            AuditEntry.action == "printer.saved").order_by(AuditEntry.id)).all()
    assert [(actor, detail["host"]) for actor, detail in saved] == [("Test supervisor", "10.0.4.9"),
                                                                    ("Test supervisor", "10.0.4.10")]


def test_a_picker_cannot_set_up_a_printer(site, floor):
    with pytest.raises(PermissionDenied):
        printers.save_printer(floor.uow(), site.actor("picker"), "Mine", "pdf")
    assert printers.printers(floor.uow()) == []


def test_a_printer_set_up_wrong_is_refused_naming_every_wrong_setting_and_nothing_is_written(site, floor):
    with pytest.raises(InvalidInput) as refused:
        printers.save_printer(floor.uow(), site.actor("admin"), "Dock Zebra", "zpl", dpi=250, darkness=40)
    assert set(refused.value.fields) == {"host", "dpi", "darkness"}
    with pytest.raises(InvalidInput) as refused:
        printers.save_printer(floor.uow(), site.actor("admin"), " ", "laser")
    assert set(refused.value.fields) == {"name", "kind"}
    with floor.reader() as uow:
        assert uow.session.execute(select(Printer)).first() is None


def test_a_zones_bin_labels_go_to_a_zebra_as_2x1_zpl_and_to_a_file_as_a_pdf_for_its_dpi(site, floor, tmp_path):
    from tests.printing.scanning import decode, raster_pages

    url = str(floor.db.engine.url.render_as_string(hide_password=False))
    zebra = ZebraListener()
    try:
        added = runner.invoke(cli, ["printer", "add", "Bin Zebra", "--kind", "zpl", "--host", "127.0.0.1",
                                    "--port", str(zebra.port), "--dpi", "300", "--db", url])
        assert added.exit_code == 0, added.output
        printed = runner.invoke(cli, ["label", "bins", "--zone", "A", "--warehouse", "W1", "--page", "2x1",
                                      "--printer", "Bin Zebra", "--db", url])
        assert printed.exit_code == 0 and "done" in printed.output, printed.output
        zebra.done.wait(5)
    finally:
        zebra.close()
    zpl = b"".join(zebra.received).decode()
    assert zpl.count("^XA^CI28^PW600^LL300") == 6   # six 2x1 labels for a 300 dpi head
    assert all(f"^FDLOC-W1-A-{i}^FS" in zpl for i in range(1, 7))

    out = tmp_path / "bins-2x1.pdf"
    done = runner.invoke(cli, ["label", "bins", "--zone", "A", "--warehouse", "W1", "--page", "2x1", "--dpi", "300",
                               "--out", str(out), "--db", url])
    assert done.exit_code == 0, done.output
    pages = raster_pages(out.read_bytes(), 300)
    assert [(p.width, p.height) for p in pages] == [(600, 300)] * 6
    assert [[r.text for r in decode(p)] for p in pages] == [[f"LOC-W1-A-{i}"] for i in range(1, 7)]
    wrong = runner.invoke(cli, ["label", "bins", "--zone", "A", "--warehouse", "W1", "--page", "A3", "--db", url])
    assert wrong.exit_code == 1 and "A3" in wrong.output
    bad_dpi = runner.invoke(cli, ["label", "bins", "--zone", "A", "--warehouse", "W1", "--dpi", "250", "--db", url])
    assert bad_dpi.exit_code == 1 and "203, 300, 600" in bad_dpi.output


def test_labels_for_a_generated_range_of_bins_print_on_sheets_and_2x1_and_a_code_too_long_is_named():
    from app.services.documents import bin_labels_pdf
    from tests.printing.scanning import decode, raster_pages

    codes = [f"A{a:02d}-{r:02d}-{lv}" for a in (1, 2) for r in (1, 2, 3) for lv in (1, 2, 3, 4, 5)]
    for page, per_sheet in (("A4", 24), ("Letter", 30), ("2x1", 1)):
        pdf = bin_labels_pdf(codes, page=page, dpi=300, zone="DE1 Pick", captions=[f"#{i}" for i in range(30)])
        pages = raster_pages(pdf, 300)
        assert len(pages) == -(-len(codes) // per_sheet)
        assert sorted(r.text for p in pages for r in decode(p)) == sorted(f"LOC-{c}" for c in codes)
    with pytest.raises(InvalidInput) as refused:
        bin_labels_pdf(["A01-01-1", "A01-01-1-1", "A01-01-2"], page="2x1", dpi=203)
    assert "A01-01-1-1" in refused.value.message and list(refused.value.fields) == ["A01-01-1-1"]
    assert bin_labels_pdf(["A01-01-1-1"], page="2x1", dpi=300).startswith(b"%PDF")
