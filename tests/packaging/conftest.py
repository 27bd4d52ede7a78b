"""Packaging tests run the real artefacts: the wheel in a fresh venv, the systemd units through
systemd-analyze, the nginx site in a real nginx with a real certificate, the kiosk launcher's loop,
and backups, restores and upgrades through the `floor` CLI on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from app.cli import cli
from tests.support.browser import FloorServer

REPO = Path(__file__).resolve().parents[2]
PACKAGING = REPO / "packaging"


def floor_cli(*args: str):
    """Run `floor ARGS` in this process; returns the click Result (exit_code, output)."""
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture(scope="session")
def demo_server(tmp_path_factory):
    """`floor serve --demo` on a free port: its SQLite file is data_dir/floor.db."""
    server = FloorServer.start(tmp_path_factory.mktemp("floor-site"))
    yield server
    server.stop()

