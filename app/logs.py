"""Logging for `floor serve` and the tools: one place sets it up (level, plain or JSON lines, access log),
and every record says which station, user and command it was about, when there is one.

Set the context around work with `with logs.context(station=..., user=..., command=...)`: the services'
command runner does it for every command, the worker for every print job and webhook it handles.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

FIELDS = ("station", "user", "command")
LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")
FORMATS = ("plain", "json")
_context: ContextVar[dict[str, str]] = ContextVar("floor_log_context", default={})  # noqa: B039 (never mutated)


@contextmanager
def context(**fields: object) -> Iterator[None]:
    """Add station / user / command (or anything else) to every record logged inside."""
    token = _context.set({**_context.get(), **{k: str(v) for k, v in fields.items() if v not in (None, "")}})
    try:
        yield
    finally:
        _context.reset(token)


class ContextFilter(logging.Filter):
    """Puts the context's fields on each record (a field passed with `extra=` wins)."""

    def filter(self, record: logging.LogRecord) -> bool:
        now = _context.get()
        for name in FIELDS:
            if not getattr(record, name, None):
                setattr(record, name, now.get(name, ""))
        where = " ".join(f"{n}={getattr(record, n)}" for n in FIELDS if getattr(record, n, ""))
        record.where = f" [{where}]" if where else ""
        return True


def _formatter(fmt: str) -> logging.Formatter:
    if fmt == "json":
        from pythonjsonlogger.json import JsonFormatter

        return JsonFormatter("%(asctime)s %(levelname)s %(name)s %(message)s %(station)s %(user)s %(command)s",
                             rename_fields={"asctime": "time", "levelname": "level", "name": "logger"},
                             timestamp=False)
    return logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s%(where)s")


def configure(level: str = "INFO", fmt: str = "plain", access_log: bool = False, stream=None) -> None:
    """Send every record at `level` or above to stderr, one line each (journald keeps them)."""
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.addFilter(ContextFilter())
    handler.setFormatter(_formatter(fmt))
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
    for name in ("uvicorn", "uvicorn.error"):
        logging.getLogger(name).handlers.clear()
        logging.getLogger(name).propagate = True
    access = logging.getLogger("uvicorn.access")
    access.handlers.clear()
    access.propagate = True
    access.disabled = not access_log
    for noisy in ("flet", "flet_web", "httpx", "httpcore", "multipart"):   # their INFO is per message or request
        logging.getLogger(noisy).setLevel(max(logging.WARNING, root.level))
