"""The `floor` command line: help on every command, users, order import, invariants check."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from app.cli import cli
from app.domain.errors import BadgeLocked
from app.services import auth

runner = CliRunner()
COMMANDS = [[], ["serve"], ["db"], ["db", "upgrade"], ["db", "check"], ["demo"], ["import"], ["import", "orders"],
            ["user"], ["user", "add"], ["user", "language"], ["user", "reset-pin"], ["user", "lock"],
            ["user", "unlock"], ["seller", "token"],
            ["backup"], ["restore"], ["label"], ["label", "shipping"], ["label", "bins"], ["label", "sample"],
            ["printer"], ["printer", "add"], ["printer", "list"], ["warehouse", "add"], ["warehouse", "list"],
            ["zone", "add"], ["bins", "add"], ["carton", "add"], ["seller", "add"], ["seller", "list"],
            ["site", "check"], ["import", "products"], ["import", "users"], ["import", "stock"], ["import", "bins"],
            ["plan"], ["plan", "transfers"], ["plan", "approve"], ["plan", "dismiss"], ["peer"], ["peer", "add"],
            ["peer", "list"]]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "floor")
def test_every_command_has_help(command):
    result = runner.invoke(cli, [*command, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage" in result.output


def test_users_are_added_reset_locked_and_unlocked_from_the_command_line(site, floor, monkeypatch):
    monkeypatch.setenv("FLOOR_PIN_HASH_TIME_COST", "1")
    monkeypatch.setenv("FLOOR_PIN_HASH_MEMORY_KIB", "8192")
    url = str(floor.db.engine.url.render_as_string(hide_password=False))
    out = runner.invoke(cli, ["user", "add", "3001", "Ewa Łęcka", "picker", "--pin", "4321", "--db", url])
    assert out.exit_code == 0 and "Ewa Łęcka" in out.output, out.output
    assert auth.login(floor.uow(), floor.login_policy, "3001", "4321").role == "picker"
    assert runner.invoke(cli, ["user", "reset-pin", "3001", "--pin", "8765", "--db", url]).exit_code == 0
    assert auth.login(floor.uow(), floor.login_policy, "3001", "8765")
    assert runner.invoke(cli, ["user", "lock", "3001", "--db", url]).exit_code == 0
    with pytest.raises(BadgeLocked):
        auth.login(floor.uow(), floor.login_policy, "3001", "8765")
    assert runner.invoke(cli, ["user", "unlock", "3001", "--db", url]).exit_code == 0
    bad = runner.invoke(cli, ["user", "add", "3002", "X", "picker", "--pin", "12", "--db", url])
    assert bad.exit_code == 1 and "4 to 8 digits" in bad.output


def test_a_csv_with_a_bad_row_is_refused_with_its_line_number(site, floor, tmp_path):
    url = str(floor.db.engine.url.render_as_string(hide_password=False))
    f = tmp_path / "orders.csv"
    f.write_text("order_ref,warehouse,ship_by,name,address1,city,country,sku,quantity\n"
                 "A-1,W1,2026-12-01T10:00:00Z,Zoë,Straße 1,Berlin,DE,S1-P1,1\n"
                 "A-2,W1,2026-12-01T10:00:00Z,Zoë,Straße 1,Berlin,DE,S1-P1,many\n", encoding="utf-8")
    bad = runner.invoke(cli, ["import", "orders", str(f), "--seller", "S1", "--db", url])
    assert bad.exit_code == 1 and "line 3: quantity" in bad.output
    f.write_text(f.read_text().replace("many", "2"), encoding="utf-8")
    good = runner.invoke(cli, ["import", "orders", str(f), "--seller", "S1", "--db", url])
    assert good.exit_code == 0 and "Imported 2 orders" in good.output
    check = runner.invoke(cli, ["db", "check", "--db", url])
    assert check.exit_code == 0 and "All invariants hold" in check.output


def test_a_missing_file_is_a_message_not_a_traceback(floor, tmp_path):
    url = str(floor.db.engine.url.render_as_string(hide_password=False))
    out = runner.invoke(cli, ["import", "orders", str(tmp_path / "nope.csv"), "--seller", "S1", "--db", url])
    assert out.exit_code == 1 and "Cannot read" in out.output


def test_label_commands_write_pdfs_that_scan_and_print_through_a_recorded_job(site, floor, tmp_path):
    from tests.printing.scanning import decode, raster_pages

    url = str(floor.db.engine.url.render_as_string(hide_password=False))
    out = tmp_path / "bins.pdf"
    done = runner.invoke(cli, ["label", "bins", "--zone", "A", "--warehouse", "W1", "--out", str(out), "--db", url])
    assert done.exit_code == 0, done.output
    reads = {r.text for page in raster_pages(out.read_bytes(), 300) for r in decode(page)}
    assert {f"LOC-W1-A-{i}" for i in range(1, 7)} <= reads
    printed = runner.invoke(cli, ["label", "bins", "--zone", "A", "--warehouse", "W1", "--printer", "Browser PDF",
                                  "--db", url])
    assert printed.exit_code == 0 and "done" in printed.output
    none = runner.invoke(cli, ["label", "shipping", "--order", "NOPE", "--db", url])
    assert none.exit_code == 1 and "no labelled package" in none.output
    ambiguous = runner.invoke(cli, ["label", "bins", "--zone", "A", "--db", url])
    assert ambiguous.exit_code == 1 and "--warehouse" in ambiguous.output


def test_printers_are_added_with_dpi_and_darkness_and_listed(floor):
    url = str(floor.db.engine.url.render_as_string(hide_password=False))
    added = runner.invoke(cli, ["printer", "add", "Bench Zebra", "--kind", "zpl", "--host", "10.0.0.9", "--dpi", "300",
                                "--darkness", "18", "--db", url])
    assert added.exit_code == 0, added.output
    bad = runner.invoke(cli, ["printer", "add", "Q", "--kind", "cups", "--db", url])
    assert bad.exit_code == 1 and "--queue" in bad.output
    odd = runner.invoke(cli, ["printer", "add", "Q", "--kind", "pdf", "--dpi", "250", "--db", url])
    assert odd.exit_code == 1 and "--dpi: 203, 300, 600" in odd.output
    listed = runner.invoke(cli, ["printer", "list", "--db", url])
    assert "Bench Zebra" in listed.output and "'darkness': 18" in listed.output


def test_label_samples_cover_every_layout_at_both_dpis(tmp_path):
    done = runner.invoke(cli, ["label", "sample", "--out", str(tmp_path / "s")])
    assert done.exit_code == 0
    names = {p.name for p in (tmp_path / "s").iterdir()}
    assert any(n.endswith("-203dpi.pdf") for n in names) and any(n.endswith("-300dpi.pdf") for n in names)


def test_site_setup_commands_refuse_bad_input_in_one_line_and_exit_1(floor, tmp_path):
    url = str(floor.db.engine.url.render_as_string(hide_password=False))
    ok = runner.invoke(cli, ["warehouse", "add", "DE1", "--name", "Berlin", "--country", "DE", "--timezone",
                             "Europe/Berlin", "--db", url])
    assert ok.exit_code == 0 and "Added warehouse DE1" in ok.output
    bad = runner.invoke(cli, ["zone", "add", "DE1", "A", "--kind", "shelf", "--db", url])
    assert bad.exit_code == 1 and "Unknown zone kind 'shelf'" in bad.output
    assert runner.invoke(cli, ["zone", "add", "DE1", "A", "--kind", "pick", "--db", url]).exit_code == 0
    huge = runner.invoke(cli, ["bins", "add", "DE1", "--zone", "A", "--aisles", "1..2000", "--racks", "1..100",
                               "--levels", "1..10", "--db", url])
    assert huge.exit_code == 1 and "2,000,000 bins" in huge.output
    missing = runner.invoke(cli, ["import", "products", str(tmp_path / "none.csv"), "--seller", "X", "--db", url])
    assert missing.exit_code == 1 and "Cannot read" in missing.output
    check = runner.invoke(cli, ["site", "check", "--db", url])
    assert check.exit_code == 1 and "DE1: no bins in a pick zone" in check.output


def test_floor_plan_transfers_prints_each_move_with_why_and_approving_makes_the_transfer(site, floor):
    site.receive("S1", "S1-P1", "W2-A-1", 40)
    site.receive("S1", "S1-P1", "W1-A-1", 1)
    for i in range(6):
        site.order("S1", f"CLI-DEMAND-{i}", [("S1-P1", 2)])
    url = str(floor.db.engine.url.render_as_string(hide_password=False))
    out = runner.invoke(cli, ["plan", "transfers", "--db", url])
    assert out.exit_code == 0, out.output
    assert "40 W2 -> W1" in out.output and "S1-P1 is spiking at W1" in out.output and "buy" in out.output
    move = out.output.split("floor plan approve ")[1].split()[0]
    done = runner.invoke(cli, ["plan", "approve", move, "--db", url])
    assert done.exit_code == 0 and "[approved TRF-1001]" in done.output, done.output
    again = runner.invoke(cli, ["plan", "approve", move, "--db", url])
    assert again.exit_code == 1 and "approved already" in again.output


def test_peers_are_added_in_two_steps_and_listed(floor):
    url = str(floor.db.engine.url.render_as_string(hide_password=False))
    first = runner.invoke(cli, ["peer", "add", "pl1", "https://floor.pl1.example", "--db", url])
    assert first.exit_code == 0 and "Give PL1 this token" in first.output, first.output
    theirs = "flp_" + "x" * 40
    second = runner.invoke(cli, ["peer", "add", "PL1", "https://floor.pl1.example", "--token", theirs, "--db", url])
    assert second.exit_code == 0 and "Give PL1" not in second.output        # our token for them is kept
    listed = runner.invoke(cli, ["peer", "list", "--db", url])
    assert "PL1  https://floor.pl1.example  warehouses: -  waiting: 0  last seen: never" in listed.output
    bad = runner.invoke(cli, ["peer", "add", "PL 1", "floor.pl1", "--token", "short", "--db", url])
    assert bad.exit_code == 1 and "--site" in bad.output and "--url" in bad.output and "--token" in bad.output


def test_importing_the_same_file_again_says_nothing_new_was_written(floor, tmp_path):
    url = str(floor.db.engine.url.render_as_string(hide_password=False))
    assert runner.invoke(cli, ["seller", "add", "ACME", "--name", "Acme", "--db", url]).exit_code == 0
    f = tmp_path / "products.csv"
    f.write_text("sku,name,gtin\nACME-1,Phone Case,4006381333931\n", encoding="utf-8")
    first = runner.invoke(cli, ["import", "products", str(f), "--seller", "ACME", "--db", url])
    assert first.exit_code == 0 and "nothing new" not in first.output, first.output
    again = runner.invoke(cli, ["import", "products", str(f), "--seller", "ACME", "--db", url])
    assert again.exit_code == 0 and "nothing new was written" in again.output, again.output
