"""What a copy of a database must pass before `floor restore` puts it in place (and `floor serve` will
start on it): a schema revision this version knows, brought to this version's schema, every table and
column there, foreign keys whole, and every invariant of `floor db check`."""

from __future__ import annotations

from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, inspect
from sqlalchemy.pool import NullPool

from app.db import migrate

# tables every Floor database has had since the first migration: a copy at any revision must have them
FIRST_SCHEMA_TABLES = frozenset({"warehouses", "zones", "locations", "sellers", "products", "stock", "ledger",
                                 "orders", "order_lines", "users", "stations", "audit_log", "commands",
                                 "allocations", "alembic_version"})


class CopyRefused(Exception):
    """The copy fails a check; the message (one line) says which."""


def known_revisions() -> set[str]:
    script = ScriptDirectory(str(migrate.MIGRATIONS))
    return {r.revision for r in script.walk_revisions()}


def check_revision(revision: str | None) -> None:
    if revision is None:
        raise CopyRefused("it is not a Floor database (no schema revision)")
    if revision not in known_revisions():
        raise CopyRefused(f"it was made by a newer Floor (schema revision {revision}, unknown to this version): "
                          "restore it with that version or a newer one")


def check_copy(url: str) -> str:
    """Bring the copy at `url` to this version's schema and check it whole; returns its revision (head)."""
    from app.db.base import Base
    from app.db.engine import Database
    from app.db.uow import UnitOfWork
    from app.services.invariants import violations

    engine = create_engine(url, poolclass=NullPool)
    try:
        check_revision(migrate.current_revision(engine))
        _tables_present(engine, Base.metadata)   # before migrating: a migration would fail on a missing table
        try:
            migrate.upgrade(engine)
        except Exception as exc:
            raise CopyRefused(f"it cannot be brought to this version's schema: {_first_line(exc)}") from None
        _tables_present(engine, Base.metadata)
        revision = migrate.current_revision(engine)
    finally:
        engine.dispose()
    db = Database.connect(url)
    try:
        problems = violations(UnitOfWork(db, read_only=True))
    finally:
        db.dispose()
    if problems:
        raise CopyRefused(f"`floor db check` finds {len(problems)} problem(s) in it, the first: {problems[0]}")
    return revision


def _tables_present(engine, metadata) -> None:
    """Every table of the schema, each with its columns (a table made by a later migration may be absent
    before the upgrade: only tables and columns the copy's own revision must have are asked for then)."""
    found = inspect(engine)
    names = set(found.get_table_names())
    at_head = migrate.current_revision(engine) == migrate.head_revision(engine)
    missing = sorted(t for t in _tables_of_first_schema(metadata) | (set(metadata.tables) if at_head else set())
                     if t not in names)
    if missing:
        raise CopyRefused(f"{len(missing)} table(s) missing: {', '.join(missing[:8])}")
    if at_head:
        for name, table in metadata.tables.items():
            have = {c["name"] for c in found.get_columns(name)}
            lacking = [c.name for c in table.columns if c.name not in have]
            if lacking:
                raise CopyRefused(f"table {name} lacks column(s) {', '.join(lacking)}")


def _tables_of_first_schema(metadata) -> set[str]:
    return FIRST_SCHEMA_TABLES & set(metadata.tables)


def _first_line(exc: BaseException) -> str:
    text = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    return (text[0] if text else type(exc).__name__)[:300]
