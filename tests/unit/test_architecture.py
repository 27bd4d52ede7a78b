"""The house rules of STYLE.md and docs/architecture.md hold: the import-linter contracts in pyproject.toml
(layers, a pure domain, the wiring in bootstrap only, screens declared once, no import circles), and what
import-linter cannot see: no module takes another's private names, and no screen reaches the wiring."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "app"


def test_import_linter_contracts_are_kept():
    lint = Path(sys.executable).with_name("lint-imports")
    done = subprocess.run([str(lint), "--no-cache"], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert re.search(r"Contracts: \d+ kept, 0 broken", done.stdout), done.stdout
    contracts = len(re.findall(r"^\[\[tool\.importlinter\.contracts\]\]", (ROOT / "pyproject.toml").read_text(),
                               re.M))
    assert f"Contracts: {contracts} kept" in done.stdout and contracts >= 8


def _imports(path: Path):
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("app."):
            yield node.module, [a.name for a in node.names]


def test_no_module_of_the_layers_imports_a_private_name_of_another():
    """(`_` is the translation function, not a private name.)"""
    taken = [f"{path.relative_to(ROOT)}: from {module} import {name}"
             for layer in ("domain", "services", "ui", "db", "api") for path in (APP / layer).rglob("*.py")
             for module, names in _imports(path) for name in names
             if name.startswith("_") and name != "_" and not name.startswith("__")]
    assert taken == []


def test_no_screen_touches_the_wiring_of_the_site():
    reaching = [f"{path.relative_to(ROOT)}:{n}" for path in (APP / "ui").rglob("*.py") if path.name != "shell.py"
                for n, line in enumerate(path.read_text().splitlines(), 1)
                if re.search(r"\bctx\.floor\b|\.floor\.", line)]
    assert reaching == []


def test_no_screen_holds_a_unit_of_work():
    """A screen hands a service its plain arguments; bootstrap binds the unit of work (app/ui/shell.py)."""
    holding = [f"{path.relative_to(ROOT)}:{node.lineno} {node.name}" for path in (APP / "ui").rglob("*.py")
               for node in ast.walk(ast.parse(path.read_text()))
               if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
               and any(a.arg == "uow" for a in node.args.args + node.args.kwonlyargs)]
    assert holding == []
