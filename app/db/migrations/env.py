"""Alembic environment: the engine comes from the caller (app.db.migrate), never from a file."""

from alembic import context

from app.db import models  # noqa: F401  (registers every table)
from app.db.base import Base

config = context.config
engine = config.attributes["engine"]
sqlite = engine.dialect.name == "sqlite"

with engine.connect() as connection:
    # SQLite's batch mode rebuilds a table (copy, drop, rename); with foreign keys on, dropping a table
    # that other rows point at fails, so every real site's upgrade would. Off for the migration (the
    # PRAGMA only works outside a transaction), checked before commit, back on after.
    raw = connection.connection.driver_connection if sqlite else None
    if raw is not None:
        raw.execute("PRAGMA foreign_keys=OFF")
    try:
        context.configure(
            connection=connection,
            target_metadata=Base.metadata,
            render_as_batch=sqlite,
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()
            if raw is not None:
                dangling = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if dangling:
                    raise RuntimeError(f"the migration left rows pointing nowhere: {dangling[:5]}")
        connection.commit()
    finally:
        if raw is not None:
            raw.execute("PRAGMA foreign_keys=ON")
