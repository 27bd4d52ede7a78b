"""Which Floor this is: the distribution's name on the package index and its installed version."""

from __future__ import annotations

from importlib import metadata

DISTRIBUTION = "floor-warehouse"   # "floor" on the package index is an unrelated package; the command is `floor`


def version() -> str:
    try:
        return metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        return "unknown"
