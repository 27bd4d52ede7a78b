"""Backups that don't stop the floor, and restores that never replace a live database by accident.

SQLite: the sqlite3 online backup API copies one consistent snapshot while stations keep writing
(in WAL mode a reader never blocks the writer). PostgreSQL: pg_dump's custom format (one snapshot),
put back with pg_restore in a single transaction. A backup is written under a temporary name and
renamed into place, so a file under the final name is always whole.
"""

from __future__ import annotations

import glob
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.pool import NullPool

from app.backup_check import FIRST_SCHEMA_TABLES, CopyRefused, check_copy, check_revision

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_DUMP_MAGIC = b"PGDMP"
SUFFIX = {"sqlite": ".db", "postgresql": ".dump"}
# rows only a site makes (migrations seed reference tables such as carton types): any row = "holds data"
SITE_TABLES = frozenset({"warehouses", "sellers", "users", "stations", "orders", "ledger"})
FIRST_TABLES = frozenset(FIRST_SCHEMA_TABLES)   # a dump of any revision has these


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
    photos: Path | None = None   # the return photos beside it (<name>.photos.tar), when there are any
    photo_count: int = 0


@dataclass(frozen=True)
class RestoreResult:
    database: str          # the URL with its password hidden
    backend: str
    seconds: float
    revision: str | None
    set_aside: Path | None  # SQLite: the file that was replaced, kept beside it
    photo_count: int = 0    # return photos put back from <name>.photos.tar
    photos_set_aside: Path | None = None


def photos_archive(backup_file: Path) -> Path:
    """Where the return photos of a database backup go: beside it, same name, .photos.tar."""
    return backup_file.with_name(backup_file.name.rsplit(".", 1)[0] + ".photos.tar")


def backend_of(url: str) -> str:
    return make_url(url).get_backend_name()


def sqlite_path(url: str) -> Path:
    database = make_url(url).database
    if not database or database == ":memory:":
        raise BackupError("An in-memory SQLite database has nothing to back up.")
    return Path(database)


# ---- backup ---------------------------------------------------------------------------------------

def backup(url: str, dest: Path, *, keep: int | None = None, now: datetime | None = None,
           photos_dir: Path | None = None) -> BackupResult:
    """Copy the database at `url` to `dest` (a file, or a folder to put a dated file in) while it is in use,
    and the return photos in `photos_dir` beside it (taken after the database: every photo it names is in)."""
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
    photos, count = _photos_backup(photos_dir, photos_archive(dest))
    seconds = time.perf_counter() - started
    pruned = prune(dest.parent, keep, SUFFIX[kind]) if in_folder and keep else ()
    return BackupResult(dest, kind, dest.stat().st_size, seconds, revision, pruned, photos, count)


def _photos_backup(folder: Path | None, archive: Path) -> tuple[Path | None, int]:
    files = sorted(p for p in folder.rglob("*") if p.is_file()) if folder and folder.is_dir() else []
    if not files:
        return None, 0
    partial = archive.with_name(f".{archive.name}.partial")
    try:
        with tarfile.open(partial, "w") as tar:
            for path in files:
                tar.add(path, arcname=str(path.relative_to(folder)))
        os.chmod(partial, 0o600)
        _fsync(partial)
        os.replace(partial, archive)
    finally:
        partial.unlink(missing_ok=True)
    return archive, len(files)


def prune(folder: Path, keep: int, suffix: str) -> tuple[Path, ...]:
    """Delete all but the newest `keep` dated backups (floor-*.db / floor-*.dump) in `folder`."""
    dated = sorted(folder.glob(f"floor-????????-??????{suffix}"))
    gone = tuple(dated[:-keep]) if keep > 0 else ()
    for path in gone:
        path.unlink()
        photos_archive(path).unlink(missing_ok=True)
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

def restore(src: Path, url: str, *, force: bool = False, photos_dir: Path | None = None) -> RestoreResult:
    """Put the backup `src` in place of the database at `url` (and its photos, if any, into `photos_dir`).

    Refuses while a server is connected to it, always; refuses to replace a database that holds data
    unless `force`; refuses a backup that fails any check (app/backup_check.py) before changing anything.
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
    count, photos_aside = _photos_restore(photos_archive(src), photos_dir)
    return RestoreResult(make_url(url).render_as_string(hide_password=True), kind,
                         time.perf_counter() - started, revision, set_aside, count, photos_aside)


def _photos_restore(archive: Path, folder: Path | None) -> tuple[int, Path | None]:
    """The photos beside the backup into `folder`; photos already there are kept beside it, renamed."""
    if folder is None or not archive.is_file():
        return 0, None
    incoming = folder.with_name(f".{folder.name}.restoring")
    shutil.rmtree(incoming, ignore_errors=True)
    try:
        with tarfile.open(archive) as tar:
            tar.extractall(incoming, filter="data")   # no absolute paths, no .., no devices
            count = sum(1 for m in tar.getmembers() if m.isfile())
    except (tarfile.TarError, OSError) as exc:
        shutil.rmtree(incoming, ignore_errors=True)
        raise BackupError(f"The database was restored, but its photos {archive} could not be: {exc}") from None
    aside = None
    if folder.exists() and any(folder.iterdir()):
        aside = folder.with_name(f"{folder.name}.replaced-{datetime.now(UTC).strftime('%Y%m%d-%H%M%S')}")
        os.replace(folder, aside)
    elif folder.exists():
        folder.rmdir()
    os.replace(incoming, folder)
    return count, aside


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
    """Copy, check the copy whole (schema, tables, `floor db check`), then swap it in: a backup that fails
    any check changes nothing."""
    target.parent.mkdir(parents=True, exist_ok=True)
    incoming = target.with_name(f".{target.name}.restoring")
    try:
        _sqlite_copy_checked(src, incoming)
        try:
            revision = check_copy(f"sqlite:///{incoming}")
        except CopyRefused as exc:
            raise BackupError(f"{src} cannot be restored: {exc}. Nothing was changed.") from None
        _sqlite_single_file(incoming)
        set_aside = None
        if target.exists():
            _sqlite_take_over(target)
            if _sqlite_holds_data(target):
                if not force:
                    raise BackupError(f"{target} holds data. Add --force to replace it (it is kept beside, renamed).")
                stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
                set_aside = target.with_name(f"{target.name}.replaced-{stamp}")
        _same_owner(incoming, target if target.exists() else target.parent)
        _fsync(incoming)
        if set_aside is not None:
            os.replace(target, set_aside)
        for leftover in (target.with_name(target.name + "-wal"), target.with_name(target.name + "-shm")):
            leftover.unlink(missing_ok=True)  # an old WAL replayed onto the restored file would corrupt it
        os.replace(incoming, target)
        _fsync(target.parent)
        return set_aside, revision
    finally:
        for left in (incoming, incoming.with_name(incoming.name + "-wal"), incoming.with_name(incoming.name + "-shm")):
            left.unlink(missing_ok=True)


def _sqlite_copy_checked(src: Path, copy: Path) -> None:
    """A private copy of the backup (never opened in place), whole by SQLite's own integrity check."""
    try:
        source = sqlite3.connect(f"file:{src}?mode=ro", uri=True)
        try:
            problem = source.execute("PRAGMA integrity_check").fetchone()[0]
            if problem == "ok":
                target = sqlite3.connect(copy)
                try:
                    source.backup(target)
                finally:
                    target.close()
        finally:
            source.close()
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{src} is damaged ({exc}); nothing was changed.") from None
    if problem != "ok":
        raise BackupError(f"{src} is damaged ({problem}); nothing was changed.")


def _sqlite_single_file(path: Path) -> None:
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA journal_mode=DELETE")   # one self-contained file, no -wal beside it
    finally:
        conn.close()


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
    """Check the dump's contents, restore it in place of the `public` schema (the old one set aside under
    another name), check the result whole; on any failure put the old schema back."""
    env, database = _libpq_env(url)
    _pg_check_dump(src, env)
    engine = create_engine(url, poolclass=NullPool)
    aside = None
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
                # set the whole schema aside, not just what the dump names: a newer schema's extra tables would stay
                aside = "floor_replaced_" + datetime.now(UTC).strftime("%Y%m%d%H%M%S")
                conn.execute(text(f"ALTER SCHEMA public RENAME TO {aside}"))
                conn.execute(text("CREATE SCHEMA public"))
                conn.commit()
        try:
            _run([_pg_tool("pg_restore"), "--no-owner", "--no-privileges", "--exit-on-error",
                  "--single-transaction", "--dbname", database, str(src)], env)
            try:
                revision = check_copy(url)
            except CopyRefused as exc:
                raise BackupError(f"{src} cannot be restored: {exc}. Nothing was changed.") from None
        except BaseException:
            with engine.connect() as conn:
                conn.execute(text("DROP SCHEMA public CASCADE"))
                conn.execute(text(f"ALTER SCHEMA {aside} RENAME TO public") if aside else text("CREATE SCHEMA public"))
                conn.commit()
            raise
        if aside:
            with engine.connect() as conn:
                conn.execute(text(f"DROP SCHEMA {aside} CASCADE"))
                conn.commit()
        return revision
    finally:
        engine.dispose()


def _pg_check_dump(src: Path, env: dict[str, str]) -> None:
    """A readable archive with every table's data and a schema revision this version knows."""
    try:   # the whole archive read once (into nothing): a cut or damaged file fails here, not half-way in
        _run([_pg_tool("pg_restore"), "--file=/dev/null", str(src)], env)
    except BackupError as exc:
        raise BackupError(f"{src} is damaged ({exc.message}); nothing was changed.") from None
    listing = _run([_pg_tool("pg_restore"), "--list", str(src)], env)
    with_data = set(re.findall(r" TABLE DATA public (\w+) ", listing))
    missing = sorted(FIRST_TABLES - with_data)
    if missing:
        raise BackupError(f"{src} cannot be restored: {len(missing)} table(s) missing: {', '.join(missing[:8])}. "
                          "Nothing was changed.")
    data = _run([_pg_tool("pg_restore"), "--data-only", "--table=alembic_version", "--file=-", str(src)], env)
    rows = re.search(r"COPY public\.alembic_version .*? FROM stdin;\n(.*?)\\\.", data, re.S)
    revision = rows.group(1).split()[0] if rows and rows.group(1).split() else None
    try:
        check_revision(revision)
    except CopyRefused as exc:
        raise BackupError(f"{src} cannot be restored: {exc}. Nothing was changed.") from None


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


def _run(cmd: list[str], env: dict[str, str]) -> str:
    done = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["(no message)"])[-1]
        raise BackupError(f"{Path(cmd[0]).name} failed: {last[-300:]}")
    return done.stdout


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
