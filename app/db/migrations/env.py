"""Alembic environment: the engine comes from the caller (app.db.migrate), never from a file."""

from alembic import context

from app.db import models  # noqa: F401  (registers every table)
from app.db.base import Base

config = context.config
engine = config.attributes["engine"]

with engine.connect() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=engine.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()
    connection.commit()
