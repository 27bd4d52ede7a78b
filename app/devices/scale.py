"""A bench scale on the site network: one TCP connection per weighing, `S` sent, one line read.

The scale's answer is read by app/domain/scales.py. What can go wrong on the way (no answer, refused,
a line that never ends) is a ScaleUnreachable with the address, so the packer is told to type the weight.
"""

from __future__ import annotations

import socket

from app.domain.scales import Address, grams_from_reply

MAX_LINE = 200


class ScaleUnreachable(Exception):
    def __init__(self, address: Address, reason: str) -> None:
        super().__init__(f"{address}: {reason}")
        self.address, self.reason = address, reason


def weigh(address: Address, timeout: float = 3.0) -> int:
    """A stable weight in grams (ScaleProblem from the scale's answer, ScaleUnreachable from the network)."""
    try:
        with socket.create_connection((address.host, address.port), timeout=timeout) as sock:
            sock.settimeout(timeout)
            sock.sendall(b"S\r\n")
            line = b""
            while not line.endswith(b"\n"):
                chunk = sock.recv(64)
                if not chunk:
                    break
                line += chunk
                if len(line) > MAX_LINE:
                    raise ScaleUnreachable(address, "the answer never ended")
    except TimeoutError:
        raise ScaleUnreachable(address, "no answer") from None
    except OSError as exc:
        raise ScaleUnreachable(address, exc.strerror or str(exc)) from None
    if not line:
        raise ScaleUnreachable(address, "closed without an answer")
    return grams_from_reply(line.decode("ascii", "replace"))
