"""`floor backup` while the floor keeps writing, `floor restore` onto a new database, and every
invariant on the restored copy; a restore never replaces a live or in-use database by accident."""

from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import func, select

from app.backup import sqlite_path
from app.db.engine import Database
from app.db.models import AuditEntry, Command, LedgerEntry, Stock
from app.services import stock
from app.services.invariants import violations
from tests.packaging.conftest import floor_cli
from tests.support.factories import SYSTEM, build_site

WRITERS = 4


def ledger_rows(db: Database) -> int:
    with db.engine.connect() as conn:
        return conn.execute(select(func.count(LedgerEntry.id))).scalar_one()


class StockTraffic:
    """Threads receiving into their own bin and moving one unit on to the next, until told to stop."""

    def __init__(self, floor) -> None:
        self.floor, self.stop, self.errors, self.done = floor, threading.Event(), [], [0] * WRITERS
        self.threads = [threading.Thread(target=self._run, args=(i,)) for i in range(WRITERS)]

    def _run(self, i: int) -> None:
        sku, here, there = f"S1-P{i % 3 + 1}", f"W1-A-{i + 1}", f"W1-A-{(i + 1) % 6 + 1}"
        try:
            for n in range(2000):
                if self.stop.is_set():
                    return
                stock.receive(self.floor.uow(), SYSTEM, "S1", sku, here, 2, key=f"recv-{i}-{n}")
                stock.move(self.floor.uow(), SYSTEM, "S1", sku, here, there, 1, key=f"move-{i}-{n}")
                self.done[i] = n + 1
        except Exception as exc:  # asserted on by the test
            self.errors.append(exc)

    def __enter__(self) -> StockTraffic:
        for t in self.threads:
            t.start()
        return self

    def running(self) -> bool:
        return all(t.is_alive() for t in self.threads)

    def __exit__(self, *exc) -> None:
        self.stop.set()
        for t in self.threads:
            t.join(timeout=60)


def test_a_backup_taken_while_stock_moves_restores_whole_with_every_invariant(floor, databases, tmp_path, backend):
    build_site(floor, users=False)
    dest = tmp_path / f"site.{'db' if backend == 'sqlite' else 'dump'}"
    with StockTraffic(floor) as traffic:
        deadline = time.monotonic() + 30
        while ledger_rows(floor.db) < 60 and time.monotonic() < deadline:
            time.sleep(0.02)
        before = ledger_rows(floor.db)
        assert traffic.running(), traffic.errors
        result = floor_cli("backup", dest, "--db", floor.settings.database_url)
        assert traffic.running(), "the writers must still be going when the backup ends"
        time.sleep(0.3)
    assert traffic.errors == []
    assert result.exit_code == 0, result.output
    assert "Backed up the " + backend in result.output
    final = ledger_rows(floor.db)

    target = f"sqlite:///{tmp_path / 'restored.db'}" if backend == "sqlite" else databases.url()
    restored = floor_cli("restore", dest, "--db", target)
    assert restored.exit_code == 0, restored.output

    copy = Database.connect(target)
    try:
        from app.bootstrap import Floor
        from tests.conftest import FAST_PINS

        restored_floor = Floor(settings=floor.settings.with_(database_url=target), db=copy, login_policy=FAST_PINS)
        assert violations(restored_floor.reader()) == []
        with copy.engine.connect() as conn:
            def count(column, *where):
                return conn.execute(select(func.count(column)).where(*where)).scalar_one()

            rows = count(LedgerEntry.id)
            commands = count(Command.key, Command.name.like("stock.%"))
            audits = count(AuditEntry.id, AuditEntry.action.like("stock.%"))
            receipts = count(LedgerEntry.id, LedgerEntry.reason == "receive")
            on_hand = conn.execute(select(func.sum(Stock.quantity))).scalar_one()
        # one snapshot: every command in it has its ledger row and its audit row, and nothing half-done
        assert before <= rows < final
        assert commands == rows == audits
        assert on_hand == 2 * receipts  # each receipt brought 2 units; moves keep the total
    finally:
        copy.dispose()
    assert floor_cli("db", "check", "--db", target).exit_code == 0


def test_a_restore_refuses_a_database_that_holds_data_unless_forced(floor, databases, tmp_path, backend):
    build_site(floor, users=False)
    stock.receive(floor.uow(), SYSTEM, "S1", "S1-P1", "W1-A-1", 7, key="receive-seven")
    dest = tmp_path / "backup"
    dest.mkdir()
    made = floor_cli("backup", dest, "--db", floor.settings.database_url)
    assert made.exit_code == 0, made.output
    (backup_file,) = dest.iterdir()

    other = databases.floor()
    build_site(other, users=False)
    stock.receive(other.uow(), SYSTEM, "S2", "S2-P1", "W2-A-1", 3, key="receive-three")
    url = other.settings.database_url
    other.close()

    refused = floor_cli("restore", backup_file, "--db", url)
    assert refused.exit_code == 1
    assert "holds data. Add --force" in refused.output
    assert _quantities(url) == [3]

    forced = floor_cli("restore", backup_file, "--db", url, "--force")
    assert forced.exit_code == 0, forced.output
    assert _quantities(url) == [7]
    if backend == "sqlite":
        kept = list(sqlite_path(url).parent.glob(sqlite_path(url).name + ".replaced-*"))
        assert len(kept) == 1 and _quantities(f"sqlite:///{kept[0]}") == [3]


@pytest.mark.db("postgresql")
def test_a_postgresql_restore_refuses_while_another_connection_uses_the_database(floor, databases, tmp_path):
    dest = tmp_path / "empty.dump"
    assert floor_cli("backup", dest, "--db", floor.settings.database_url).exit_code == 0
    with floor.db.engine.connect() as held:  # stands for a running server's pool
        refused = floor_cli("restore", dest, "--db", floor.settings.database_url, "--force")
        assert held.closed is False
    assert refused.exit_code == 1
    assert "other connection(s) use database" in refused.output


def test_a_sqlite_restore_refuses_while_the_server_has_the_database_open(demo_server, tmp_path):
    live = demo_server.log_path.parent / "floor.db"
    dest = tmp_path / "live.db"
    started = time.perf_counter()
    made = floor_cli("backup", dest, "--db", f"sqlite:///{live}")
    took = time.perf_counter() - started
    assert made.exit_code == 0, made.output
    print(f"\nbackup of the running demo site: {dest.stat().st_size / 1e6:.1f} MB in {took:.2f} s (CLI)")
    before = live.stat().st_mtime_ns, live.stat().st_size

    refused = floor_cli("restore", dest, "--db", f"sqlite:///{live}", "--force")

    assert refused.exit_code == 1
    assert "open in another process" in refused.output
    assert (live.stat().st_mtime_ns, live.stat().st_size) == before
    assert not list(live.parent.glob("floor.db.replaced-*"))

    fresh = tmp_path / "fresh" / "floor.db"
    started = time.perf_counter()
    restored = floor_cli("restore", dest, "--db", f"sqlite:///{fresh}")
    print(f"restore of it into a new file: {time.perf_counter() - started:.2f} s (CLI)")
    assert restored.exit_code == 0, restored.output
    assert floor_cli("db", "check", "--db", f"sqlite:///{fresh}").exit_code == 0


@pytest.mark.db("sqlite")
def test_a_backup_into_a_folder_is_dated_never_overwrites_and_keeps_the_newest(floor, tmp_path):
    from datetime import UTC, datetime

    from app.backup import BackupError, backup

    url = floor.settings.database_url
    folder = tmp_path / "nightly"
    folder.mkdir()
    for day in (1, 2, 3):
        made = backup(url, folder, keep=2, now=datetime(2031, 5, day, 2, 30, tzinfo=UTC))
    assert sorted(p.name for p in folder.iterdir()) == ["floor-20310502-023000.db", "floor-20310503-023000.db"]
    assert made.pruned == (folder / "floor-20310501-023000.db",)
    assert oct(made.path.stat().st_mode & 0o777) == "0o600"
    with pytest.raises(BackupError, match="never overwrites"):
        backup(url, made.path)


def test_a_backup_of_one_kind_is_not_restored_into_the_other(tmp_path):
    junk = tmp_path / "notes.txt"
    junk.write_text("not a backup")
    refused = floor_cli("restore", junk, "--db", f"sqlite:///{tmp_path / 'x.db'}")
    assert refused.exit_code == 1 and "neither a SQLite backup nor a pg_dump file" in refused.output
    fake_dump = tmp_path / "site.dump"
    fake_dump.write_bytes(b"PGDMP\x01\x0e\x00" + b"\x00" * 64)
    refused = floor_cli("restore", fake_dump, "--db", f"sqlite:///{tmp_path / 'x.db'}")
    assert refused.exit_code == 1 and "is a postgresql backup but the database is sqlite" in refused.output
    assert not (tmp_path / "x.db").exists()


def _quantities(url: str) -> list[int]:
    db = Database.connect(url)
    try:
        with db.engine.connect() as conn:
            return list(conn.execute(select(Stock.quantity).order_by(Stock.id)).scalars())
    finally:
        db.dispose()
