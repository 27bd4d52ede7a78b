"""CSV files people open in a spreadsheet: a cell that starts like a formula is written as text.

A buyer's name or an order reference comes from outside; written as it came, "=HYPERLINK(...)" or
"@SUM(...)" runs as a formula when the carrier's clerk opens the manifest (CSV formula injection).
OWASP's advice, followed here: such a cell gets a leading apostrophe, which spreadsheets show as text."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> object:
    """`value` as it goes into a CSV cell: text that a spreadsheet would run gets a leading '."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def csv_text(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """A whole CSV file (header first), every cell made safe."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows([safe_cell(v) for v in row] for row in rows)
    return out.getvalue()
