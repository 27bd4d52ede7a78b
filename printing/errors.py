"""Errors the printing package raises: bad label data and printer trouble."""

from __future__ import annotations


class LabelDataError(ValueError):
    """A label cannot be made from this data; `field` names the culprit (e.g. "ship_to.name")."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message

    def within(self, prefix: str) -> LabelDataError:
        """The same error with its field path under `prefix` (e.g. "ship_to")."""
        return LabelDataError(f"{prefix}.{self.field}" if prefix else self.field, self.message)


class PrinterError(RuntimeError):
    """A printer refused or could not take a job; `retryable` says whether trying again may help."""

    def __init__(self, reason: str, retryable: bool) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retryable = retryable


class PrinterUnreachable(PrinterError):
    """The printer is off, unplugged or refused the connection: try again later."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason, retryable=True)


class PrinterRejected(PrinterError):
    """The printer or queue rejected the job for a reason a retry will not fix."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason, retryable=False)
