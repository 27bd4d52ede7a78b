"""Rows of a site's CSV file (products, bins, users, opening stock), each with its line number.

Shared by every import so that each refuses a file the same way: too big, not UTF-8, not text, a header
with missing or unknown columns, a row with the wrong number of cells, each problem keyed "line N: column"
(or "file", or "line N") so a person can find it in a spreadsheet.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from app.i18n import _

MAX_BYTES = 32 * 1024 * 1024
MAX_ROWS = 100_000


@dataclass(frozen=True)
class Row:
    line: int
    cells: dict[str, str]

    def get(self, column: str) -> str:
        return self.cells.get(column, "")


def where(line: int, column: str) -> str:
    """The key of a problem in one cell: "line 7: gtin"."""
    return f"line {line}: {column}"


def read_table(raw: bytes | str, required: tuple[str, ...], optional: tuple[str, ...] = (), *,
               max_bytes: int = MAX_BYTES, max_rows: int = MAX_ROWS) -> tuple[list[Row], dict[str, str]]:
    """Every non-empty row of the file with its line number, and every problem of its shape."""
    if isinstance(raw, bytes):
        if len(raw) > max_bytes:
            return [], {"file": _("larger than {mb} MB; split it into smaller files",
                                  mb=max_bytes // (1024 * 1024))}
        try:
            raw = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            return [], {"file": _("not UTF-8 text (byte {at}); save the file as CSV UTF-8", at=exc.start)}
    if "\x00" in raw:
        return [], {"file": _("not a text file (it has NUL bytes)")}
    reader = csv.reader(io.StringIO(raw.lstrip("\ufeff"), newline=""))
    try:
        header = [h.strip().lower() for h in next(reader)]
    except StopIteration:
        return [], {"file": _("empty")}
    except csv.Error as exc:
        return [], {"line 1": _("unreadable: {why}", why=exc)}
    missing = [c for c in required if c not in header]
    unknown = [c for c in header if c not in required + optional]
    if missing or unknown or len(set(header)) != len(header):
        problems = []
        if missing:
            problems.append(_("missing column(s): {names}", names=", ".join(missing)))
        if unknown:
            problems.append(_("unknown column(s): {names}; the columns are {known}", names=", ".join(unknown),
                              known=", ".join(required + optional)))
        if len(set(header)) != len(header):
            problems.append(_("a column appears twice"))
        return [], {"line 1": "; ".join(problems)}
    rows: list[Row] = []
    errors: dict[str, str] = {}
    try:
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                continue
            if len(rows) >= max_rows:
                return [], {"file": _("more than {n} rows; split it into smaller files", n=max_rows)}
            if len(cells) != len(header):
                errors[f"line {reader.line_num}"] = _("{cells} cells, the header has {columns}",
                                                      cells=len(cells), columns=len(header))
                continue
            rows.append(Row(reader.line_num, {h: c.strip() for h, c in zip(header, cells)}))
    except csv.Error as exc:
        return [], {f"line {reader.line_num}": _("unreadable: {why}", why=exc)}
    if not rows and not errors:
        return [], {"file": _("no rows under the header")}
    return rows, errors


def whole_number(errors: dict[str, str], row: Row, column: str, *, low: int = 0, high: int = 10**9,
                 required: bool = True) -> int | None:
    """The cell as a whole number in [low, high], or None with the problem recorded."""
    text = row.get(column)
    if not text:
        if required:
            errors[where(row.line, column)] = _("required")
        return None
    try:
        value = int(text)
    except ValueError:
        errors[where(row.line, column)] = _("a whole number, not {text}", text=repr(text[:20]))
        return None
    if not low <= value <= high:
        errors[where(row.line, column)] = _("between {low} and {high}", low=low, high=high)
        return None
    return value


def yes_no(errors: dict[str, str], row: Row, column: str) -> bool:
    text = row.get(column).lower()
    if text in ("", "0", "no", "n", "false"):
        return False
    if text in ("1", "yes", "y", "true"):
        return True
    errors[where(row.line, column)] = _("yes or no")
    return False
