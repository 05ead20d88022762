"""Violations collected while validating one request, and the status they call for."""

from __future__ import annotations

from pymockapi.errors import Violation

MALFORMED = 400
"""Input that cannot be read at all: broken JSON or multipart, undecodable text."""
UNPROCESSABLE = 422
"""A well-formed request that breaks the contract (a schema, a missing parameter)."""
TOO_LARGE = 413
UNSUPPORTED_MEDIA_TYPE = 415
UNAUTHORIZED = 401

_PRECEDENCE = (UNAUTHORIZED, UNSUPPORTED_MEDIA_TYPE, TOO_LARGE, MALFORMED, UNPROCESSABLE)


class Findings:
    """Every violation found, and the most telling status among them."""

    __slots__ = ("status", "violations")

    def __init__(self) -> None:
        self.violations: list[Violation] = []
        self.status: int | None = None

    def add(self, location: str, message: str, status: int = UNPROCESSABLE) -> None:
        self.violations.append(Violation(location, message))
        self._raise_to(status)

    def extend(self, violations: list[Violation], status: int = UNPROCESSABLE) -> None:
        if violations:
            self.violations.extend(violations)
            self._raise_to(status)

    def _raise_to(self, status: int) -> None:
        if self.status is None or _PRECEDENCE.index(status) < _PRECEDENCE.index(self.status):
            self.status = status
