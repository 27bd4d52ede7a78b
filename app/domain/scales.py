"""Bench scales speaking MT-SICS (Mettler Toledo's Standard Interface Command Set, level 0), which most
network bench scales and serial-to-Ethernet converters in front of older scales understand.

The server sends `S` (a stable weight) and the scale answers one line:
`S S     1.234 kg` (stable), `S I` (could not settle: someone is touching it), `S +` / `S -` (over or
under its range), or `ES` / `ET` / `EL` (it did not understand). Pure: no sockets here (app/devices/scale.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.i18n import _

GRAMS_PER = {"g": 1.0, "kg": 1000.0, "mg": 0.001, "lb": 453.59237, "oz": 28.349523125}
_STABLE = re.compile(r"^S\s+S\s+(-?\d+(?:\.\d+)?)\s*([a-zA-Z]+)\s*$")
_ADDRESS = re.compile(r"^([A-Za-z0-9.\-]{1,100}|\[[0-9A-Fa-f:]{2,45}\]):(\d{1,5})$")


class ScaleProblem(Exception):
    """The scale answered, but not with a weight a packer can use; `message` says what to do."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Address:
    host: str
    port: int

    def __str__(self) -> str:
        return f"{self.host}:{self.port}"


def parse_address(text: str) -> Address:
    """`host:port` of a scale on the site network (an IPv6 host in brackets); ValueError if not one."""
    found = _ADDRESS.match((text or "").strip())
    if not found or not 1 <= int(found.group(2)) <= 65535:
        raise ValueError(text)
    return Address(found.group(1).strip("[]"), int(found.group(2)))


def grams_from_reply(line: str) -> int:
    """The weight in whole grams from the scale's answer to `S`, or ScaleProblem saying what to do."""
    reply = (line or "").strip()
    found = _STABLE.match(reply)
    if found:
        value, unit = float(found.group(1)), found.group(2).lower()
        if unit not in GRAMS_PER:
            raise ScaleProblem(_("The scale weighs in {unit}; set it to grams or kilograms.", unit=unit))
        grams = round(value * GRAMS_PER[unit])
        if grams <= 0:
            raise ScaleProblem(_("The scale reads {grams} g: put the box on it, or zero it when empty.",
                                 grams=grams))
        return grams
    if re.match(r"^S\s+I\b", reply):
        raise ScaleProblem(_("The scale is not steady. Hands off the box, then press Weigh again."))
    if re.match(r"^S\s+\+", reply):
        raise ScaleProblem(_("Too heavy for the scale. Type the weight from a bigger scale."))
    if re.match(r"^S\s+-", reply):
        raise ScaleProblem(_("The scale reads below zero: take the box off, zero it, then weigh again."))
    raise ScaleProblem(_("The scale gave an answer Floor does not understand ({reply}). Type the weight.",
                         reply=reply[:40] or _("nothing")))
