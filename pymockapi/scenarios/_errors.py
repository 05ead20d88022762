"""A problem in a scenario file, named by file and line."""

from __future__ import annotations

from pymockapi.errors import ErrorKind, PyMockApiError


class ScenarioError(PyMockApiError):
    """``file:line: problem`` (the kind is ``spec-invalid``: a scenario is part of the mock's
    contract)."""

    def __init__(self, file: str, line: int, message: str) -> None:
        super().__init__(ErrorKind.SPEC_INVALID, message, file=file)
        self.line = line

    def __str__(self) -> str:
        if not self.line:
            return f"{self.file}: {self.message}"
        return f"{self.file}:{self.line}: {self.message}"

    def as_dict(self) -> dict[str, object]:
        return {"file": self.file, "line": self.line, "message": self.message}
