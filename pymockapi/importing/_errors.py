"""The internal signal that one part of the document cannot be used."""

from __future__ import annotations

from typing import Protocol


class Broken(Exception):
    """A part of the document (at ``pointer`` in the bundle) that cannot be used, and why."""

    def __init__(self, pointer: str, message: str) -> None:
        super().__init__(message)
        self.pointer = pointer
        self.message = message


class Report(Protocol):
    """Records a problem at a bundled pointer (the importer maps it back to its file)."""

    def __call__(self, pointer: str, message: str) -> None: ...
