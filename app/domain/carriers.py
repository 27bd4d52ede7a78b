"""Tracking numbers in the UPU S10 form (e.g. FP123456785DE): 2 letters, 8 digits, check digit, country."""

from __future__ import annotations

import re

S10 = re.compile(r"^[A-Z]{2}\d{9}[A-Z]{2}$")
_WEIGHTS = (8, 6, 4, 2, 3, 5, 9, 7)


def s10_check_digit(serial: str) -> int:
    if len(serial) != 8 or not serial.isdigit():
        raise ValueError("an S10 serial is 8 digits")
    check = 11 - sum(int(d) * w for d, w in zip(serial, _WEIGHTS)) % 11
    return {10: 0, 11: 5}.get(check, check)


def s10(service: str, serial: int, country: str) -> str:
    digits = f"{serial:08d}"
    return f"{service}{digits}{s10_check_digit(digits)}{country}"


def is_valid_s10(number: str) -> bool:
    return bool(S10.match(number or "")) and s10_check_digit(number[2:10]) == int(number[10])
