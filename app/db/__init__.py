"""Persistence: SQLAlchemy models, engine setup, unit of work, migrations."""
