"""Secrets never reach the journal: the values of sensitive headers are replaced."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

REDACTED = "REDACTED"  # the same marker as recordings and HAR exports
ALWAYS_REDACTED: tuple[str, ...] = ("authorization", "proxy-authorization", "cookie", "set-cookie")


def redaction(extra: Iterable[str] = ()) -> frozenset[str]:
    """The lower-cased header names to redact: the defaults plus ``extra``."""
    return frozenset((*ALWAYS_REDACTED, *(name.strip().lower() for name in extra if name.strip())))


def redact(headers: Sequence[tuple[str, str]], names: frozenset[str]) -> list[tuple[str, str]]:
    return [(key, REDACTED if key.lower() in names else value) for key, value in headers]
