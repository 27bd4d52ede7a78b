"""Just enough IPP (RFC 8010) to ask a CUPS scheduler about a job and its queue, standard library only."""

from __future__ import annotations

import http.client
import itertools
import socket
import struct

_REQUEST_IDS = itertools.count(1)
_INTEGER_TAGS = {0x21, 0x23}  # integer, enum
_JOB_STATES = {3: "pending", 4: "pending-held", 5: "processing", 6: "processing-stopped", 7: "canceled",
               8: "aborted", 9: "completed"}
_PRINTER_STATES = {3: "idle", 4: "processing", 5: "stopped"}


class _UnixConnection(http.client.HTTPConnection):
    """HTTP over a CUPS domain socket."""

    def __init__(self, path: str, timeout: float) -> None:
        super().__init__("localhost", timeout=timeout)
        self._path = path

    def connect(self) -> None:
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(self.timeout)
        self.sock.connect(self._path)


def _attribute(tag: int, name: str, value) -> bytes:
    raw = struct.pack(">i", value) if tag in _INTEGER_TAGS else value.encode()
    return struct.pack(">BH", tag, len(name)) + name.encode() + struct.pack(">H", len(raw)) + raw


def _request(operation: int, attributes: list[tuple[int, str, object]]) -> bytes:
    body = struct.pack(">BBHI", 2, 0, operation, next(_REQUEST_IDS)) + b"\x01"
    body += _attribute(0x47, "attributes-charset", "utf-8") + _attribute(0x48, "attributes-natural-language", "en")
    for tag, name, value in attributes:
        body += _attribute(tag, name, value)
    return body + b"\x03"


def _parse(data: bytes) -> tuple[int, dict[str, list]]:
    status = struct.unpack(">H", data[2:4])[0]
    out: dict[str, list] = {}
    i, name = 8, ""
    while i < len(data):
        tag = data[i]
        i += 1
        if tag <= 0x0F:  # a group delimiter; 0x03 ends the attributes
            if tag == 0x03:
                break
            continue
        n = struct.unpack(">H", data[i:i + 2])[0]
        name = data[i + 2:i + 2 + n].decode() or name  # an empty name adds a value to the previous attribute
        i += 2 + n
        m = struct.unpack(">H", data[i:i + 2])[0]
        raw = data[i + 2:i + 2 + m]
        i += 2 + m
        value = struct.unpack(">i", raw)[0] if tag in _INTEGER_TAGS and m == 4 else raw.decode("utf-8", "replace")
        out.setdefault(name, []).append(value)
    return status, out


def call(server: str, path: str, operation: int, attributes, timeout: float = 5.0) -> dict[str, list]:
    """POST one IPP request to a CUPS server ("host:port" or a socket path); returns its attributes."""
    if server.startswith("/"):
        conn: http.client.HTTPConnection = _UnixConnection(server, timeout)
    else:
        host, _, port = server.rpartition(":") if ":" in server else (server, "", "631")
        conn = http.client.HTTPConnection(host, int(port), timeout=timeout)
    try:
        conn.request("POST", path, _request(operation, attributes), {"Content-Type": "application/ipp"})
        response = conn.getresponse()
        data = response.read()
    finally:
        conn.close()
    if response.status != 200:
        raise OSError(f"IPP HTTP status {response.status}")
    status, attrs = _parse(data)
    if status >= 0x0400:
        raise LookupError(f"IPP status 0x{status:04x}: {attrs.get('status-message', [''])[0]}")
    return attrs


def job(server: str, job_id: int) -> dict[str, object]:
    """A job's state name, state reasons and the last message the printer gave for it."""
    a = call(server, "/jobs/", 0x0009, [(0x45, "job-uri", f"ipp://localhost/jobs/{job_id}"),
                                        (0x44, "requested-attributes", "job-state"),
                                        (0x44, "", "job-state-reasons"),
                                        (0x44, "", "job-printer-state-message"),
                                        (0x44, "", "job-printer-uri")])
    return {"state": _JOB_STATES.get(a.get("job-state", [0])[0], "unknown"),
            "reasons": a.get("job-state-reasons", []),
            "message": (a.get("job-printer-state-message") or [""])[0],
            "printer_uri": (a.get("job-printer-uri") or [""])[0]}


def printer(server: str, queue: str) -> dict[str, object]:
    """A queue's state (idle, processing, stopped), its message and whether it accepts jobs."""
    a = call(server, f"/printers/{queue}", 0x000B, [(0x45, "printer-uri", f"ipp://localhost/printers/{queue}"),
                                                    (0x44, "requested-attributes", "printer-state"),
                                                    (0x44, "", "printer-state-message"),
                                                    (0x44, "", "printer-is-accepting-jobs")])
    return {"state": _PRINTER_STATES.get(a.get("printer-state", [0])[0], "unknown"),
            "message": (a.get("printer-state-message") or [""])[0]}
