"""Backups that don't stop the floor, and restores that never replace a live database by accident.

SQLite: the sqlite3 online backup API copies one consistent snapshot while stations keep writing
(in WAL mode a reader never blocks the writer). PostgreSQL: pg_dump's custom format (one snapshot),
put back with pg_restore in a single transaction. A backup is written under a temporary name and
renamed into place, so a file under the final name is always whole.
"""

from __future__ import annotations

import glob
import os
import shutil
import sqlite3
import subprocess
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.pool import NullPool

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_DUMP_MAGIC = b"PGDMP"
SUFFIX = {"sqlite": ".db", "postgresql": ".dump"}
# rows only a site makes (migrations seed reference tables such as carton types): any row = "holds data"
SITE_TABLES = frozenset({"warehouses", "sellers", "users", "stations", "orders", "ledger"})


class BackupError(Exception):
    """A backup or restore that cannot (or must not) go ahead; the message says what to do."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class BackupResult:
    path: Path
    backend: str
    size_bytes: int
    seconds: float
    revision: str | None
    pruned: tuple[Path, ...] = ()


@dataclass(frozen=True)
class RestoreResult:
    database: str          # the URL with its password hidden
    backend: str
    seconds: float
    revision: str | None
    set_aside: Path | None  # SQLite: the file that was replaced, kept beside it


def backend_of(url: str) -> str:
    return make_url(url).get_backend_name()


def sqlite_path(url: str) -> Path:
    database = make_url(url).database
    if not database or database == ":memory:":
        raise BackupError("An in-memory SQLite database has nothing to back up.")
    return Path(database)


# ---- backup ---------------------------------------------------------------------------------------

def backup(url: str, dest: Path, *, keep: int | None = None, now: datetime | None = None) -> BackupResult:
    """Copy the database at `url` to `dest` (a file, or a folder to put a dated file in) while it is in use."""
    kind = backend_of(url)
    if kind not in SUFFIX:
        raise BackupError(f"Floor backs up SQLite and PostgreSQL, not {kind}.")
    dest = Path(dest)
    in_folder = dest.is_dir()
    if in_folder:
        stamp = (now or datetime.now(UTC)).strftime("%Y%m%d-%H%M%S")
        dest = dest / f"floor-{stamp}{SUFFIX[kind]}"
    if dest.exists():
        raise BackupError(f"{dest} already exists; a backup never overwrites a file.")
    if not dest.parent.is_dir():
        raise BackupError(f"The folder {dest.parent} does not exist.")
    partial = dest.with_name(f".{dest.name}.partial")
    partial.unlink(missing_ok=True)
    started = time.perf_counter()
    try:
        revision = _sqlite_backup(sqlite_path(url), partial) if kind == "sqlite" else _pg_backup(url, partial)
        os.chmod(partial, 0o600)  # it holds PIN hashes and the whole order book
        _fsync(partial)
        os.replace(partial, dest)
        _fsync(dest.parent)
    finally:
        partial.unlink(missing_ok=True)
    seconds = time.perf_counter() - started
    pruned = prune(dest.parent, keep, SUFFIX[kind]) if in_folder and keep else ()
    return BackupResult(dest, kind, dest.stat().st_size, seconds, revision, pruned)


def prune(folder: Path, keep: int, suffix: str) -> tuple[Path, ...]:
    """Delete all but the newest `keep` dated backups (floor-*.db / floor-*.dump) in `folder`."""
    dated = sorted(folder.glob(f"floor-????????-??????{suffix}"))
    gone = tuple(dated[:-keep]) if keep > 0 else ()
    for path in gone:
        path.unlink()
    return gone


def _sqlite_backup(source: Path, target: Path) -> str | None:
    if not source.is_file():
        raise BackupError(f"There is no SQLite database at {source}.")
    src = sqlite3.connect(f"file:{source}?mode=rw", uri=True, timeout=30)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)  # one step = one read snapshot; the server's writers carry on meanwhile
        dst.execute("PRAGMA journal_mode=DELETE")  # a single self-contained file, no -wal beside it
        problem = dst.execute("PRAGMA quick_check").fetchone()[0]
        if problem != "ok":
            raise BackupError(f"The copy failed its check: {problem}")
        return _sqlite_revision(dst)
    finally:
        dst.close()
        src.close()


def _sqlite_revision(conn: sqlite3.Connection) -> str | None:
    try:
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.DatabaseError:
        return None
    return row[0] if row else None


def _pg_backup(url: str, target: Path) -> str | None:
    env, _ = _libpq_env(url)
    _run([_pg_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges", "--file", str(target)], env)
    return _pg_revision(url)


# ---- restore --------------------------------------------------------------------------------------

def restore(src: Path, url: str, *, force: bool = False) -> RestoreResult:
    """Put the backup `src` in place of the database at `url`.

    Refuses while a server is connected to it, always; refuses to replace a database that holds data
    unless `force`.
    """
    src = Path(src)
    kind = backend_of(url)
    made_by = _backup_kind(src)
    if made_by != kind:
        raise BackupError(f"{src} is a {made_by} backup but the database is {kind}: restore it into a "
                          f"{made_by} database.")
    started = time.perf_counter()
    set_aside = None
    if kind == "sqlite":
        set_aside, revision = _sqlite_restore(src, sqlite_path(url), force)
    else:
        revision = _pg_restore(src, url, force)
    return RestoreResult(make_url(url).render_as_string(hide_password=True), kind,
                         time.perf_counter() - started, revision, set_aside)


def _backup_kind(src: Path) -> str:
    if not src.is_file():
        raise BackupError(f"There is no backup file at {src}.")
    with open(src, "rb") as f:
        head = f.read(16)
    if head.startswith(SQLITE_MAGIC):
        return "sqlite"
    if head.startswith(PG_DUMP_MAGIC):
        return "postgresql"
    raise BackupError(f"{src} is neither a SQLite backup nor a pg_dump file made by `floor backup`.")


def _sqlite_restore(src: Path, target: Path, force: bool) -> tuple[Path | None, str | None]:
    checked = sqlite3.connect(f"file:{src}?mode=ro", uri=True)
    try:
        problem = checked.execute("PRAGMA quick_check").fetchone()[0]
        revision = _sqlite_revision(checked)
    finally:
        checked.close()
    if problem != "ok":
        raise BackupError(f"{src} is damaged ({problem}); nothing was changed.")
    if revision is None:
        raise BackupError(f"{src} is not a Floor database (no schema revision); nothing was changed.")
    set_aside = None
    if target.exists():
        _sqlite_take_over(target)
        if _sqlite_holds_data(target):
            if not force:
                raise BackupError(f"{target} holds data. Add --force to replace it (it is kept beside, renamed).")
            stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
            set_aside = target.with_name(f"{target.name}.replaced-{stamp}")
    target.parent.mkdir(parents=True, exist_ok=True)
    incoming = target.with_name(f".{target.name}.restoring")
    shutil.copyfile(src, incoming)
    _same_owner(incoming, target if target.exists() else target.parent)
    _fsync(incoming)
    if set_aside is not None:
        os.replace(target, set_aside)
    for leftover in (target.with_name(target.name + "-wal"), target.with_name(target.name + "-shm")):
        leftover.unlink(missing_ok=True)  # an old WAL replayed onto the restored file would corrupt it
    os.replace(incoming, target)
    _fsync(target.parent)
    return set_aside, revision


def _same_owner(path: Path, like: Path) -> None:
    """Run as root for a service user, a restored file must still belong to that user."""
    info = like.stat()
    if os.geteuid() == 0:
        os.chown(path, info.st_uid, info.st_gid)
    os.chmod(path, info.st_mode & 0o666 if like.is_file() else 0o640)


def _sqlite_take_over(target: Path) -> None:
    """Fail if any other process has the database open; else fold its WAL into the file."""
    conn = sqlite3.connect(target, timeout=0, isolation_level=None)
    try:
        # every connection to a WAL database holds a shared lock, so an exclusive one means nobody else
        conn.execute("PRAGMA locking_mode=EXCLUSIVE")
        conn.execute("BEGIN EXCLUSIVE")
        conn.execute("ROLLBACK")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            raise BackupError(f"{target} is open in another process (a running `floor serve`?). Stop the "
                              "server first (systemctl stop floor), then restore.") from None
        raise BackupError(f"{target} cannot be opened as a SQLite database: {exc}") from None
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{target} is not a SQLite database ({exc}); nothing was changed.") from None
    finally:
        conn.close()


def _sqlite_holds_data(target: Path) -> bool:
    conn = sqlite3.connect(f"file:{target}?mode=ro", uri=True)
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        return any(conn.execute(f'SELECT EXISTS (SELECT 1 FROM "{t}")').fetchone()[0]
                   for t in SITE_TABLES & tables)
    finally:
        conn.close()


def _pg_restore(src: Path, url: str, force: bool) -> str | None:
    env, database = _libpq_env(url)
    _run([_pg_tool("pg_restore"), "--list", str(src)], env)  # a readable archive, before touching anything
    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as conn:
            others = conn.execute(text(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND pid <> pg_backend_pid()")).scalar_one()
            if others:
                raise BackupError(f"{others} other connection(s) use database {database} (a running "
                                  "`floor serve`?). Stop every server using it first, then restore.")
            tables = conn.execute(text(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")).scalars().all()
            holds_data = any(conn.execute(text(f'SELECT EXISTS (SELECT 1 FROM public."{t}")')).scalar_one()
                             for t in SITE_TABLES & set(tables))
            if holds_data and not force:
                raise BackupError(f"Database {database} holds data. Add --force to replace it "
                                  "(take a `floor backup` of it first if in doubt).")
            if tables:
                # drop everything, not just what the dump names: a newer schema's extra tables would stay
                conn.execute(text("DROP SCHEMA public CASCADE"))
                conn.execute(text("CREATE SCHEMA public"))
                conn.commit()
    finally:
        engine.dispose()
    _run([_pg_tool("pg_restore"), "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction",
          "--dbname", database, str(src)], env)
    return _pg_revision(url)


# ---- PostgreSQL plumbing --------------------------------------------------------------------------

def _libpq_env(url: str) -> tuple[dict[str, str], str]:
    """pg_dump/pg_restore's connection as PG* variables: the password never shows in `ps`."""
    u: URL = make_url(url)
    env = dict(os.environ)  # PGSSLROOTCERT and friends still apply; the URL's own parts win
    host = u.host or u.query.get("host")
    values = {"PGHOST": host, "PGPORT": u.port or u.query.get("port"), "PGUSER": u.username,
              "PGPASSWORD": u.password, "PGDATABASE": u.database, "PGSSLMODE": u.query.get("sslmode")}
    env.update({k: str(v) for k, v in values.items() if v})
    if not u.database:
        raise BackupError("The PostgreSQL URL names no database.")
    return env, u.database


def _pg_tool(name: str) -> str:
    """The newest installed client: pg_dump must be at least as new as the server."""
    versioned = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), key=_major)
    found = versioned[-1] if versioned else shutil.which(name)
    if not found:
        raise BackupError(f"{name} is not installed: apt-get install postgresql-client")
    return found


def _major(path: str) -> int:
    part = Path(path).parts[-3]
    return int(part) if part.isdigit() else 0


def _run(cmd: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise BackupError(f"{Path(cmd[0]).name} failed: {done.stderr.strip()[-800:]}")


def _pg_revision(url: str) -> str | None:
    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as conn:
            return conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one_or_none()
    except Exception:
        return None
    finally:
        engine.dispose()


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
