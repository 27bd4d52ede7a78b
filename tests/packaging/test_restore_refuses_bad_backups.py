"""`floor restore` checks a backup whole before it replaces anything: a damaged file, missing tables, half of
the order lines, only the revision table, or a revision from a newer Floor is refused in one line, and the
database it would have replaced is untouched (a `floor serve` still starts on it)."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from app.services import stock
from tests.packaging.conftest import floor_cli
from tests.support.factories import SYSTEM, build_site

DAMAGE = {
    "tables missing": ("DROP TABLE order_lines CASCADE", "1 table(s) missing: order_lines"),
    "half of the order lines": ("DELETE FROM order_lines WHERE line_no = 2", "`floor db check` finds"),
    "only the revision table": (None, "table(s) missing"),
    "a newer Floor's revision": ("UPDATE alembic_version SET version_num = '0099'", "made by a newer Floor"),
    "damaged bytes": (None, "damaged"),
}


def _execute(url: str, *statements: str) -> None:
    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.begin() as conn:
            for sql in statements:
                conn.execute(text(sql.replace(" CASCADE", "") if engine.dialect.name == "sqlite" else sql))
    finally:
        engine.dispose()


def _only_revision_table(url: str) -> None:
    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.begin() as conn:
            if engine.dialect.name == "sqlite":
                conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
                names = conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type='table'").scalars().all()
            else:
                names = conn.execute(text("SELECT tablename FROM pg_tables WHERE schemaname='public'")).scalars().all()
            for name in names:
                if name != "alembic_version" and not name.startswith("sqlite_"):
                    conn.execute(text(f'DROP TABLE IF EXISTS "{name}"' + (" CASCADE" if "postgres" in url else "")))
    finally:
        engine.dispose()


def _site_with_orders(floor) -> None:
    site = build_site(floor, users=False)
    for n in range(4):
        site.order("S1", f"KEEP-{n}", [("S1-P1", 1), ("S1-P2", 2)])


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_a_bad_backup_is_refused_in_one_line_and_the_live_database_is_untouched(floor, databases, tmp_path,
                                                                                  backend, damage):
    source = databases.floor()
    _site_with_orders(source)
    source_url = source.settings.database_url
    source.close()
    statement, says = DAMAGE[damage]
    if damage == "only the revision table":
        _only_revision_table(source_url)
    elif statement:
        _execute(source_url, statement)
    dest = tmp_path / f"bad.{'db' if backend == 'sqlite' else 'dump'}"
    if backend == "sqlite":   # a file copy: the damage may break what `floor backup` itself checks
        with sqlite3.connect(make_url(source_url).database) as src, sqlite3.connect(dest) as out:
            src.backup(out)
    else:
        made = floor_cli("backup", dest, "--db", source_url)
        assert made.exit_code == 0, made.output
    if damage == "damaged bytes":
        raw = bytearray(dest.read_bytes())
        raw[len(raw) // 3: len(raw) // 3 + 4096] = b"\xa5" * 4096
        dest.write_bytes(bytes(raw[: len(raw) * 2 // 3]))

    build_site(floor, users=False)   # the live site the backup would replace
    stock.receive(floor.uow(), SYSTEM, "S1", "S1-P1", "W1-A-1", 7, key="receive-live-seven")
    url = floor.settings.database_url
    floor.close()

    refused = floor_cli("restore", dest, "--db", url, "--force")

    assert refused.exit_code == 1, refused.output
    assert says in refused.output, refused.output
    assert len(refused.output.strip().splitlines()) == 1, refused.output   # one line, no traceback
    check = floor_cli("db", "check", "--db", url)
    assert check.exit_code == 0, check.output
    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as conn:
            assert conn.execute(text("SELECT sum(quantity) FROM stock")).scalar_one() == 7
    finally:
        engine.dispose()


def test_the_return_photos_go_into_the_backup_and_come_back_with_the_restore(floor, databases, tmp_path,
                                                                             monkeypatch, backend):
    data = tmp_path / "site-data"
    monkeypatch.setenv("FLOOR_DATA_DIR", str(data))
    photos = data / "photos" / "rma-7"
    photos.mkdir(parents=True)
    (photos / "unit-1-a.jpg").write_bytes(b"\xff\xd8 a photo of a scratched kettle")
    (photos / "unit-1-b.jpg").write_bytes(b"\xff\xd8 its box")
    _site_with_orders(floor)
    folder = tmp_path / "nightly"
    folder.mkdir()
    made = floor_cli("backup", folder, "--db", floor.settings.database_url)
    assert made.exit_code == 0, made.output
    assert "Return photos: 2 file(s)" in made.output
    assert sorted(p.suffix for p in folder.iterdir()) == [".db" if backend == "sqlite" else ".dump", ".tar"]

    (photos / "unit-1-a.jpg").unlink()   # the disk lost a photo; a later one exists only on this disk
    (photos / "unit-2-a.jpg").write_bytes(b"\xff\xd8 taken after the backup")
    backup_file = next(p for p in folder.iterdir() if p.suffix != ".tar")
    target = f"sqlite:///{tmp_path / 'restored.db'}" if backend == "sqlite" else databases.url()
    restored = floor_cli("restore", backup_file, "--db", target)
    assert restored.exit_code == 0, restored.output
    assert "Return photos: 2 file(s) put back" in restored.output
    assert sorted(p.name for p in (data / "photos" / "rma-7").iterdir()) == ["unit-1-a.jpg", "unit-1-b.jpg"]
    kept = next(data.glob("photos.replaced-*"))
    assert (kept / "rma-7" / "unit-2-a.jpg").exists()
