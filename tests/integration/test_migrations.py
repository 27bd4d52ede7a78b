"""Alembic takes an empty database to head, the models match the migrations, and back down works."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from app.db import migrate
from app.db.base import Base
from app.db.engine import make_engine


def test_upgrade_from_empty_reaches_head_and_matches_the_models(databases):
    url = databases.url()
    engine = make_engine(url)
    migrate.downgrade(engine, "base")
    assert inspect(engine).get_table_names() in ([], ["alembic_version"])
    migrate.upgrade(engine)
    assert migrate.current_revision(engine) == migrate.head_revision(engine)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata)
    engine.dispose()
    assert diff == [], f"models and migrations differ: {diff}"


def test_upgrading_twice_changes_nothing(databases):
    engine = make_engine(databases.url())
    migrate.upgrade(engine)
    before = sorted(inspect(engine).get_table_names())
    migrate.upgrade(engine)
    assert sorted(inspect(engine).get_table_names()) == before
    engine.dispose()
