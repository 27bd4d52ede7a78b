"""Errors that mean something on the floor; each carries a message a person can act on."""

from __future__ import annotations


class DomainError(Exception):
    """A rule of the warehouse said no. `code` is stable for APIs, `message` is for people."""

    code = "refused"
    http_status = 409

    def __init__(self, message: str, **details: object) -> None:
        super().__init__(message)
        self.message = message
        self.details = details


class NotFound(DomainError):
    code = "not_found"
    http_status = 404


class InvalidInput(DomainError):
    """Input that fails validation; `fields` maps a field path to what is wrong with it."""

    code = "invalid"
    http_status = 422

    def __init__(self, message: str, fields: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.fields = dict(fields or {})


class PermissionDenied(DomainError):
    code = "forbidden"
    http_status = 403


class BadCredentials(DomainError):
    code = "bad_credentials"
    http_status = 401


class BadgeLocked(DomainError):
    code = "badge_locked"
    http_status = 423


class OutOfStock(DomainError):
    code = "out_of_stock"


class WrongScan(DomainError):
    """That scan is not what this step takes; the message says what to scan instead."""

    code = "wrong_scan"


class IdempotencyConflict(DomainError):
    """The same command key came back with a different request."""

    code = "key_reused"
