"""Settings the engine runs with (the CLI and the pytest fixture build one)."""

from __future__ import annotations

import enum
from dataclasses import dataclass

JOURNAL_DEFAULT = ".pymockapi/journal.sqlite3"
"""Where ``from-spec`` keeps its request journal unless told otherwise."""


class ValidationMode(enum.Enum):
    ENFORCE = "enforce"
    """Invalid requests get an error response."""
    WARN = "warn"
    """Invalid requests are answered normally; violations go to a header and the log."""
    OFF = "off"


@dataclass(frozen=True, slots=True)
class EngineConfig:
    seed: str = "0"
    dynamic: bool = False
    validation: ValidationMode = ValidationMode.ENFORCE
    cors: bool = True
    max_body_bytes: int = 10 * 1024 * 1024
    locale: str = "en_US"
    """Faker locale of realistic generated values (names, cities, sentences)."""
