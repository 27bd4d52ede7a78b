"""docs/operations.md's "A new site, from an empty database", as a test runs it: the commands of its block
and the CSV files it shows, read from the page itself (so the page and the test cannot drift apart)."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

from typer.testing import CliRunner

from app.cli import cli

REPO = Path(__file__).resolve().parents[2]
HEADING = "## A new site, from an empty database"


def section() -> str:
    doc = (REPO / "docs" / "operations.md").read_text()
    start = doc.index(HEADING)
    end = doc.find("\n## ", start + len(HEADING))
    return doc[start:end if end > 0 else None]


def commands() -> list[list[str]]:
    """The `floor-admin ...` lines of the section's shell block, as argument lists for `floor`."""
    block = re.search(r"```sh\n(.*?)```", section(), re.S).group(1)
    lines = [shlex.split(line) for line in block.splitlines() if line.strip()]
    assert all(words[0] == "floor-admin" for words in lines)
    return [words[1:] for words in lines]


def files() -> dict[str, str]:
    """`name.csv` -> the CSV block under the paragraph that names it."""
    return {name: body for name, body in re.findall(r"^`([\w-]+\.csv)`.*?```csv\n(.*?)```", section(), re.S | re.M)}


def run_steps(folder: Path, url: str, *, until: str | None = None) -> dict[str, str]:
    """Write the files into `folder`, run every command against `url` from there; each must exit 0 (but
    `site check`, which lists what is still missing). Returns each command's output by its words."""
    import os

    for name, body in files().items():
        (folder / name).write_text(body, encoding="utf-8")
    runner = CliRunner()
    outputs: dict[str, str] = {}
    here = os.getcwd()
    os.chdir(folder)
    try:
        for words in commands():
            result = runner.invoke(cli, [*words, "--db", url])
            said = " ".join(words)
            outputs[said] = result.output
            if words[:2] != ["site", "check"]:
                assert result.exit_code == 0, f"floor {said}: {result.output}"
            if until and said.startswith(until):
                break
    finally:
        os.chdir(here)
    return outputs
