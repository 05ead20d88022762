"""HAR 1.2: the one recording format (browsers' developer tools open and write it).

Build entries with :func:`har_entry`, write them with :func:`write_har` or incrementally
with :class:`HarWriter`, read any HAR (browsers' included) with :func:`read_har`.
Secrets (``Authorization``, ``Cookie``, ``Set-Cookie``, and any named header) are redacted
on the way out.
"""

from pymockapi.har._read import HarError, parse_har, read_har
from pymockapi.har._write import exchange_entry, har_document, har_entry
from pymockapi.har.model import (
    DEFAULT_REDACT,
    REDACTED,
    RecordedExchange,
    redact,
    redaction,
)
from pymockapi.har.writer import HarWriter, write_har

__all__ = [
    "DEFAULT_REDACT",
    "REDACTED",
    "HarError",
    "HarWriter",
    "RecordedExchange",
    "exchange_entry",
    "har_document",
    "har_entry",
    "parse_har",
    "read_har",
    "redact",
    "redaction",
    "write_har",
]
