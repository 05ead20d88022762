"""One root exception and the violation record that validation stages return as data."""

from __future__ import annotations

import enum
from dataclasses import dataclass


class ErrorKind(enum.Enum):
    """What went wrong, in words a person can act on."""

    SPEC_NOT_FOUND = "spec-not-found"
    SPEC_UNREADABLE = "spec-unreadable"
    SPEC_INVALID = "spec-invalid"
    REF_REFUSED = "ref-refused"
    REF_UNRESOLVABLE = "ref-unresolvable"
    UNSUPPORTED_VERSION = "unsupported-version"
    OPERATION_SKIPPED = "operation-skipped"
    SCHEMA_UNSATISFIABLE = "schema-unsatisfiable"
    BAD_CONTROL = "bad-control"


@dataclass(frozen=True, slots=True)
class Violation:
    """One way a request (or response) breaks the contract.

    ``location`` reads like ``query.limit``, ``header.X-Request-Id`` or ``body.tags[1]``.
    """

    location: str
    message: str

    def as_dict(self) -> dict[str, str]:
        return {"location": self.location, "message": self.message}


@dataclass(frozen=True, slots=True)
class Problem:
    """A problem found while loading a spec: where (file and JSON pointer) and what."""

    file: str
    pointer: str
    message: str
    kind: ErrorKind = ErrorKind.SPEC_INVALID

    def __str__(self) -> str:
        where = f"{self.file}#{self.pointer}" if self.pointer else self.file
        return f"{where}: {self.message}"


class PyMockApiError(Exception):
    """The root of every error PyMockAPI raises on purpose."""

    def __init__(self, kind: ErrorKind, message: str, *, file: str = "", pointer: str = "") -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message
        self.file = file
        self.pointer = pointer

    def __str__(self) -> str:
        where = self.file
        if self.pointer:
            where = f"{where}#{self.pointer}"
        return f"{where}: {self.message}" if where else self.message

    @classmethod
    def spec_not_found(cls, file: str) -> PyMockApiError:
        return cls(ErrorKind.SPEC_NOT_FOUND, "no such file", file=file)

    @classmethod
    def spec_unreadable(cls, file: str, reason: str, pointer: str = "") -> PyMockApiError:
        return cls(ErrorKind.SPEC_UNREADABLE, reason, file=file, pointer=pointer)

    @classmethod
    def spec_invalid(cls, file: str, pointer: str, reason: str) -> PyMockApiError:
        return cls(ErrorKind.SPEC_INVALID, reason, file=file, pointer=pointer)

    @classmethod
    def ref_refused(cls, file: str, pointer: str, reason: str) -> PyMockApiError:
        return cls(ErrorKind.REF_REFUSED, reason, file=file, pointer=pointer)

    @classmethod
    def unsupported_version(cls, file: str, found: str) -> PyMockApiError:
        return cls(
            ErrorKind.UNSUPPORTED_VERSION,
            f"not an OpenAPI 3.0, 3.1 or Swagger 2.0 document ({found})",
            file=file,
        )
