"""Secrets never reach the journal: the values of sensitive headers and query parameters
are replaced, with the same names and marker as recordings and HAR exports."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from pymockapi.har.model import DEFAULT_REDACT, REDACTED, redact_query

ALWAYS_REDACTED: tuple[str, ...] = DEFAULT_REDACT
__all__ = ["ALWAYS_REDACTED", "REDACTED", "redact", "redact_query", "redaction"]


def redaction(extra: Iterable[str] = ()) -> frozenset[str]:
    """The lower-cased header and query parameter names to redact: the defaults plus ``extra``."""
    return frozenset((*ALWAYS_REDACTED, *(name.strip().lower() for name in extra if name.strip())))


def redact(headers: Sequence[tuple[str, str]], names: frozenset[str]) -> list[tuple[str, str]]:
    return [(key, REDACTED if key.lower() in names else value) for key, value in headers]
