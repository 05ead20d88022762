"""Regular expressions of ``matches`` conditions, bounded in time.

Uses the ``regex`` package, whose matching takes a ``timeout`` (the standard ``re`` cannot
be interrupted, so a pattern such as ``(a+)+$`` on a long input could hang the server).
Patterns are capped at 1,000 characters and subjects at 64 KiB; a match that runs out of
time counts as no match and is logged.
"""

from __future__ import annotations

import logging
from typing import Any

import regex  # type: ignore[import-untyped]

log = logging.getLogger("pymockapi")

MAX_PATTERN = 1000
MAX_SUBJECT = 64 * 1024
TIMEOUT_SECONDS = 0.05


class BoundedPattern:
    __slots__ = ("_compiled", "pattern")

    def __init__(self, pattern: str) -> None:
        if len(pattern) > MAX_PATTERN:
            raise ValueError(f"a pattern longer than {MAX_PATTERN} characters")
        try:
            self._compiled: Any = regex.compile(pattern)
        except regex.error as error:
            raise ValueError(f"invalid regular expression {pattern!r}: {error}") from None
        self.pattern = pattern

    def search(self, text: str) -> bool:
        try:
            return self._compiled.search(text[:MAX_SUBJECT], timeout=TIMEOUT_SECONDS) is not None
        except TimeoutError:
            log.warning("pattern %r took too long; counted as no match", self.pattern)
            return False
