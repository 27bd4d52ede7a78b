"""Find the shipped assets (fonts) in a source checkout or an installed wheel."""

from __future__ import annotations

from functools import cache
from pathlib import Path

_HERE = Path(__file__).resolve().parent


@cache
def fonts_dir() -> Path:
    """The folder holding the shipped .ttf fonts: a copy inside the package, or the repo's assets/fonts."""
    for candidate in (_HERE / "assets" / "fonts", _HERE.parent / "assets" / "fonts"):
        if (candidate / "DejaVuSans.ttf").is_file():
            return candidate
    raise FileNotFoundError(
        "shipped fonts not found: expected printing/assets/fonts or assets/fonts next to the printing package"
    )
