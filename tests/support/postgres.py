"""A throwaway PostgreSQL cluster for the test run: initdb in a temp folder, a Unix socket, no TCP."""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path

import psycopg
from sqlalchemy.engine import make_url


def _pg_bin(name: str) -> str:
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    if not candidates:
        raise RuntimeError(
            f"PostgreSQL's {name} is not installed: run `make test` (it installs postgresql) "
            "or set FLOOR_TEST_PG_URL to a server you provide."
        )
    return candidates[-1]


def _as_postgres(cmd: list[str]) -> list[str]:
    """initdb and postgres refuse to run as root: run them as the postgres user then."""
    if os.geteuid() != 0:
        return cmd
    return ["runuser", "-u", "postgres", "--", *cmd]


@dataclass
class ThrowawayPostgres:
    root: Path
    socket_dir: Path

    @property
    def admin_url(self) -> str:
        return f"postgresql+psycopg://floor@/postgres?host={self.socket_dir}"

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://floor@/{database}?host={self.socket_dir}"

    @classmethod
    def start(cls) -> ThrowawayPostgres:
        root = Path(tempfile.mkdtemp(prefix="floor-pg-"))
        data, sock = root / "data", root
        if os.geteuid() == 0:
            pg = pwd.getpwnam("postgres")
            os.chown(root, pg.pw_uid, pg.pw_gid)
        subprocess.run(_as_postgres([_pg_bin("initdb"), "-D", str(data), "-U", "floor", "-A", "trust",
                                     "-E", "UTF8", "--no-sync", "--no-locale"]),
                       check=True, capture_output=True)
        options = (f"-k {sock} -c listen_addresses='' -c fsync=off -c synchronous_commit=off "
                   "-c full_page_writes=off -c max_connections=300 -c shared_buffers=128MB "
                   + os.environ.get("FLOOR_TEST_PG_OPTIONS", ""))   # e.g. "-c log_lock_waits=on" to look into a run
        subprocess.run(_as_postgres([_pg_bin("pg_ctl"), "-D", str(data), "-o", options,
                                     "-l", str(root / "server.log"), "-w", "-t", "60", "start"]),
                       check=True, capture_output=True)
        return cls(root, sock)

    def stop(self) -> None:
        if os.environ.get("FLOOR_TEST_PG_KEEP_LOG"):
            shutil.copy(self.root / "server.log", os.environ["FLOOR_TEST_PG_KEEP_LOG"])
        subprocess.run(_as_postgres([_pg_bin("pg_ctl"), "-D", str(self.root / "data"), "-m", "immediate",
                                     "-w", "stop"]), capture_output=True)
        shutil.rmtree(self.root, ignore_errors=True)


def admin_execute(admin_url: str, *statements: str) -> None:
    """Run statements outside a transaction (CREATE / DROP DATABASE) as the cluster's admin."""
    dsn = make_url(admin_url).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(dsn, autocommit=True) as conn:
        for sql in statements:
            conn.execute(sql)


def copy_database(admin_url: str, template: str, prefix: str = "t") -> tuple[str, str]:
    """A new database made from `template` (CREATE DATABASE ... TEMPLATE): its name and its URL."""
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    admin_execute(admin_url, f"CREATE DATABASE {name} TEMPLATE {template}")
    return name, make_url(admin_url).set(database=name).render_as_string(hide_password=False)


def drop_databases(admin_url: str, names) -> None:
    """Drop these databases, their connections closed first (a test that failed may have left some)."""
    if names:
        admin_execute(admin_url, *[f"DROP DATABASE IF EXISTS {n} WITH (FORCE)" for n in names])
