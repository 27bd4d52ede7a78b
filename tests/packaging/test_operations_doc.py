"""docs/operations.md stays true: the files, commands, settings and metrics it names exist."""

from __future__ import annotations

import re

import click
import typer.main

from app.cli import cli
from tests.packaging.conftest import REPO

DOC = (REPO / "docs" / "operations.md").read_text()


def test_every_packaging_file_named_exists_and_every_one_is_named():
    named = set(re.findall(r"packaging/[\w./-]+[\w]", DOC))
    assert named, "the page names no packaging file"
    assert {p for p in named if not (REPO / p).exists()} == set()
    shipped = {str(p.relative_to(REPO)) for p in (REPO / "packaging").rglob("*") if p.is_file()}
    mentioned = "\n".join(named) + DOC
    assert {p for p in shipped if p not in mentioned and p.rsplit("/", 1)[-1] not in DOC} == set()


def test_every_floor_command_in_the_page_is_a_real_command():
    group = typer.main.get_command(cli)
    program = r"(?:floor|floor-admin|/opt/floor/venv[\w.-]*/bin/floor) ([a-z][a-z -]*)"
    blocks = "\n".join(re.findall(r"```\w*\n(.*?)```", DOC, re.S))
    lines = re.findall(rf"^\s*{program}", blocks, re.M) + re.findall(rf"`{program}", DOC)
    checked = set()
    for line in lines:
        words = line.split()
        command, ctx = group, click.Context(group)
        for word in words:
            if not hasattr(command, "get_command"):   # a command, not a group: the rest are its arguments
                break
            sub = command.get_command(ctx, word)
            if sub is None:
                break
            command, ctx = sub, click.Context(sub)
        assert command is not group, f"`floor {line}` is not a floor command"
        checked.add(command.name)
    assert {"serve", "backup", "restore", "upgrade", "check", "add", "token"} <= checked


def test_every_setting_named_is_one_floor_reads():
    named = set(re.findall(r"\bFLOOR_[A-Z_]+\b", DOC)) - {"FLOOR_KIOSK_MODE", "FLOOR_KIOSK_STATION"}
    known = set(re.findall(r'"(FLOOR_[A-Z_]+)"', (REPO / "app" / "config.py").read_text()))
    assert named - known == set()
    kiosk = (REPO / "packaging" / "kiosk" / "floor-kiosk").read_text()
    assert "FLOOR_KIOSK_MODE" in kiosk and "FLOOR_KIOSK_STATION" in kiosk


def test_the_metrics_table_matches_what_metrics_serves():
    gauges = (REPO / "app" / "api" / "metrics.py").read_text()
    counted = (REPO / "app" / "metrics.py").read_text()
    served = (set(re.findall(r'_gauge\("(floor_[a-z_]+)"', gauges)) | {"floor_info"}
              | {n + "_total" for n in re.findall(r'Counter\("(floor_[a-z_]+)"', counted)}
              | set(re.findall(r'Histogram\("(floor_[a-z_]+)"', counted)))
    rows = re.findall(r"^\| (`floor_.*?) \|", DOC, re.M)
    documented = {name for row in rows for name in re.findall(r"`(floor_[a-z_]+)", row)}
    assert served == documented
