"""The engine's pool is opened at start-up (`floor serve`): the first scans do not wait for a connection."""

from __future__ import annotations

from sqlalchemy import event, text


def test_open_pool_connects_the_whole_pool_before_the_first_command(db):
    made = []
    event.listen(db.engine, "connect", lambda dbapi, record: made.append(record))
    assert db.open_pool() == db.engine.pool.size() == 16
    assert len(made) == 16 and db.engine.pool.checkedin() == 16
    with db.engine.connect() as conn:   # a command now takes an open connection
        assert conn.execute(text("SELECT 1")).scalar() == 1
    assert len(made) == 16
