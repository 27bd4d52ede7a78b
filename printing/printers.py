"""Printers behind one small interface: a PDF spool folder, a CUPS queue, a Zebra on raw TCP 9100."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, runtime_checkable

from . import ipp
from .errors import PrinterError, PrinterRejected, PrinterUnreachable
from .layouts import DPIS


@dataclass(frozen=True)
class Submission:
    """A job a printer took: its reference (for status queries) and its state then."""

    job_ref: str
    state: str


@dataclass(frozen=True)
class JobStatus:
    """A job's state ("queued" | "printing" | "done" | "failed") and, when failed, why."""

    state: str
    reason: str = ""


@runtime_checkable
class Printer(Protocol):
    """Anything that prints: a name, the payload kinds it accepts, its dpi, submit and status."""

    name: str
    accepts: frozenset
    dpi: int

    def submit(self, payload: bytes, *, kind: str, title: str) -> Submission: ...

    def status(self, job_ref: str) -> JobStatus: ...


def _check_kind(printer, kind: str) -> None:
    if kind not in printer.accepts:
        raise PrinterRejected(f"printer {printer.name} takes {'/'.join(sorted(printer.accepts))}, not {kind}")


class PdfSpoolPrinter:
    """Writes each PDF into a spool folder under a server-made name; the job id is that name."""

    accepts = frozenset({"pdf"})

    def __init__(self, directory: str | os.PathLike, name: str = "pdf", dpi: int = 203) -> None:
        self.directory = Path(directory)
        self.name = name
        self.dpi = dpi

    def path_of(self, job_ref: str) -> Path:
        """The spooled file of a job (job refs are made here, so no path tricks get through)."""
        if not re.fullmatch(r"[0-9a-f]{32}", job_ref):
            raise PrinterRejected(f"not a spool job id: {job_ref!r}")
        return self.directory / f"{job_ref}.pdf"

    def submit(self, payload: bytes, *, kind: str = "pdf", title: str = "") -> Submission:
        _check_kind(self, kind)
        if not payload.startswith(b"%PDF-"):
            raise PrinterRejected("payload is not a PDF")
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            job_ref = uuid.uuid4().hex
            fd, tmp = tempfile.mkstemp(dir=self.directory, suffix=".part")
            with os.fdopen(fd, "wb") as f:
                f.write(payload)
            os.replace(tmp, self.path_of(job_ref))  # appears whole or not at all
        except OSError as error:
            raise PrinterUnreachable(
                f"cannot write to spool folder {self.directory}: {error.strerror or error}") from error
        return Submission(job_ref, "done")

    def status(self, job_ref: str) -> JobStatus:
        if self.path_of(job_ref).is_file():
            return JobStatus("done")
        return JobStatus("failed", f"no spooled file for job {job_ref}")


class RawTcpPrinter:
    """A Zebra (or any ZPL printer) taking raw bytes on TCP port 9100."""

    accepts = frozenset({"zpl"})

    def __init__(self, host: str, port: int = 9100, timeout: float = 3.0, dpi: int = 203,
                 darkness: int | None = None, name: str | None = None) -> None:
        self.host, self.port, self.timeout = host, port, timeout
        self.dpi, self.darkness = dpi, darkness
        self.name = name or f"zpl://{host}:{port}"
        self._sent: set[str] = set()

    def submit(self, payload: bytes, *, kind: str = "zpl", title: str = "") -> Submission:
        _check_kind(self, kind)
        try:
            with socket.create_connection((self.host, self.port), timeout=self.timeout) as conn:
                conn.sendall(payload)
                conn.shutdown(socket.SHUT_WR)
        except (ConnectionRefusedError, ConnectionResetError) as error:
            raise PrinterUnreachable(
                f"printer {self.name} refused the connection: {error.strerror or error}") from error
        except TimeoutError as error:
            raise PrinterUnreachable(f"printer {self.name} did not answer within {self.timeout:g} s") from error
        except OSError as error:
            raise PrinterUnreachable(f"printer {self.name} unreachable: {error.strerror or error}") from error
        job_ref = f"tcp-{uuid.uuid4().hex}"
        self._sent.add(job_ref)
        return Submission(job_ref, "done")

    def status(self, job_ref: str) -> JobStatus:
        # raw 9100 has no job tracking: the bytes were delivered or submit raised
        if job_ref in self._sent:
            return JobStatus("done", "delivered to the printer")
        return JobStatus("failed", f"job {job_ref} was not sent by this process")


_UNREACHABLE = re.compile(r"unable to connect|connection refused|not responding|no such file|timed out|"
                          r"not accepting jobs|unable to locate|network is unreachable|cannot connect", re.I)


class CupsPrinter:
    """A CUPS queue: jobs go in with `lp`, their state comes back over IPP from the same scheduler."""

    def __init__(self, queue: str, server: str | None = None, *, dpi: int = 203, name: str | None = None,
                 zpl: bool = False, darkness: int | None = None, lp: str = "lp", timeout: float = 30.0) -> None:
        self.queue, self.server = queue, server
        self.dpi, self.darkness = dpi, darkness
        self.name = name or queue
        self.accepts = frozenset({"zpl"}) if zpl else frozenset({"pdf"})
        self._lp, self._timeout = lp, timeout

    def _ipp_server(self) -> str:
        return self.server or os.environ.get("CUPS_SERVER") or "/run/cups/cups.sock"

    def submit(self, payload: bytes, *, kind: str = "pdf", title: str = "label") -> Submission:
        _check_kind(self, kind)
        command = [self._lp, *(["-h", self.server] if self.server else []), "-d", self.queue,
                   "-t", title[:200] or "label"]
        if kind == "zpl":
            command += ["-o", "raw"]
        try:
            done = subprocess.run([*command, "-"], input=payload, capture_output=True, timeout=self._timeout)
        except FileNotFoundError as error:
            raise PrinterRejected(f"`{self._lp}` is not installed (Debian package cups-client)") from error
        except subprocess.TimeoutExpired as error:
            raise PrinterUnreachable(f"CUPS did not take the job within {self._timeout:g} s") from error
        out = (done.stdout + done.stderr).decode("utf-8", "replace").strip()
        if done.returncode != 0:
            reason = out.removeprefix("lp: ") or f"lp exited with {done.returncode}"
            if not self._scheduler_answers():  # lp says "printer does not exist" when it cannot connect at all
                raise PrinterUnreachable(f"CUPS scheduler {self._ipp_server()} is not reachable ({reason})")
            raise (PrinterUnreachable if _UNREACHABLE.search(out) else PrinterRejected)(f"queue {self.queue}: {reason}")
        match = re.search(r"request id is (\S+)-(\d+)", out)
        if not match:
            raise PrinterError(f"queue {self.queue}: unexpected answer from lp: {out!r}", retryable=False)
        return Submission(f"{match.group(1)}-{match.group(2)}", "queued")

    def _scheduler_answers(self) -> bool:
        server = self._ipp_server()
        try:
            if server.startswith("/"):
                with socket.socket(socket.AF_UNIX) as s:
                    s.settimeout(2)
                    s.connect(server)
            else:
                host, _, port = server.rpartition(":") if ":" in server else (server, "", "631")
                socket.create_connection((host, int(port)), timeout=2).close()
            return True
        except OSError:
            return False

    def status(self, job_ref: str) -> JobStatus:
        job_id = int(job_ref.rpartition("-")[2])
        try:
            job = ipp.job(self._ipp_server(), job_id)
            queue = ipp.printer(self._ipp_server(), self.queue) if job["state"] in ("pending", "pending-held") else None
        except LookupError as error:
            return JobStatus("failed", f"CUPS does not know job {job_ref}: {error}")
        except OSError as error:
            raise PrinterUnreachable(f"cannot ask CUPS about job {job_ref}: {error}") from error
        state, message = job["state"], str(job["message"])
        if state == "completed":
            return JobStatus("done", message)
        if state == "processing":
            return JobStatus("printing", message)
        if state in ("pending", "pending-held"):
            if queue and queue["state"] == "stopped":
                why = queue["message"] or "stopped"
                return JobStatus("failed",
                                 f"queue {self.queue} is stopped: {why} (the job waits; cancel it before resubmitting)")
            return JobStatus("queued", "held" if state == "pending-held" else message)
        return JobStatus("failed", message or f"job {state}")

    def cancel(self, job_ref: str) -> None:
        """Cancel a job (before resubmitting one that waits on a stopped queue)."""
        command = ["cancel", *(["-h", self.server] if self.server else []), job_ref]
        subprocess.run(command, capture_output=True, timeout=self._timeout)

    def resubmit(self, job_ref: str, payload: bytes, *, kind: str = "pdf", title: str = "label") -> Submission:
        """Cancel a job that did not print and submit its payload again."""
        self.cancel(job_ref)
        return self.submit(payload, kind=kind, title=title)


def printer_from_config(config: Mapping) -> Printer:
    ("""Build a printer from settings, """
     """e.g. {"kind": "zpl", "host": "10.0.0.5", "port": 9100, "dpi": 300, "darkness": 20}.""")
    kind = config.get("kind")
    dpi = int(config.get("dpi", 203))
    name = config.get("name")
    if dpi not in DPIS:
        raise ValueError(f"printer dpi must be {', '.join(map(str, DPIS))}, got {dpi}")
    if kind == "pdf":
        return PdfSpoolPrinter(config["directory"], name=name or "pdf", dpi=dpi)
    if kind == "cups":
        return CupsPrinter(config["queue"], config.get("server"), dpi=dpi, name=name,
                           zpl=bool(config.get("zpl", False)), darkness=config.get("darkness"))
    if kind == "zpl":
        return RawTcpPrinter(config["host"], int(config.get("port", 9100)), float(config.get("timeout", 3.0)), dpi=dpi,
                             darkness=config.get("darkness"), name=name)
    raise ValueError(f"unknown printer kind {kind!r}: expected pdf, cups or zpl")
