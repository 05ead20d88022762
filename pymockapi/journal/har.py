"""The journal as HAR 1.2 (browsers' developer tools open it), streamed entry by entry.

Entries are built by :mod:`pymockapi.har`, the one HAR module; this only maps journal rows
onto it. Headers were already redacted when written; the names given here are redacted
again on the way out (the defaults plus any extra).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from typing import IO, Any

import orjson

from pymockapi.errors import Violation
from pymockapi.har import har_document, har_entry, redaction


def row_entry(row: sqlite3.Row, redact: Iterable[str] = ()) -> dict[str, Any]:
    entry = har_entry(
        row["method"],
        row["url"],
        [tuple(pair) for pair in orjson.loads(row["request_headers"])],
        row["request_body"],
        row["status"],
        [tuple(pair) for pair in orjson.loads(row["response_headers"])],
        row["response_body"],
        datetime.fromtimestamp(row["time"], UTC),
        row["duration_ms"],
        operation=row["operation"],
        violations=[Violation(**item) for item in orjson.loads(row["violations"])],
        redact_headers=redaction(redact),
        extra={"id": row["id"], "session": row["session"], "source": row["source"]},
    )
    entry["request"]["bodySize"] = row["request_body_size"]
    entry["response"]["bodySize"] = row["response_body_size"]
    entry["response"]["content"]["size"] = row["response_body_size"]
    truncated = [
        side
        for side, flag in (
            ("request", row["request_truncated"]),
            ("response", row["response_truncated"]),
        )
        if flag
    ]
    if truncated:
        entry["_pymockapi"]["truncated"] = truncated
    if row["scenario"]:
        entry["_pymockapi"]["scenario"] = row["scenario"]
    return entry


def har_chunks(rows: Iterable[sqlite3.Row], redact: Iterable[str] = ()) -> Iterator[str]:
    """The HAR document as text pieces, so a large journal never sits in memory whole."""
    names = tuple(redact)
    skeleton = json.dumps(har_document([]), ensure_ascii=False)
    head, tail = skeleton.split('"entries": []')
    yield head + '"entries": ['
    for index, row in enumerate(rows):
        yield ("," if index else "") + "\n" + json.dumps(row_entry(row, names), ensure_ascii=False)
    yield "\n]" + tail + "\n"


def write_journal_har(rows: Iterable[sqlite3.Row], out: IO[str], redact: Iterable[str] = ()) -> int:
    """Write the HAR document to ``out``; returns how many entries it holds."""
    counted = 0

    def counting() -> Iterator[sqlite3.Row]:
        nonlocal counted
        for row in rows:
            counted += 1
            yield row

    for piece in har_chunks(counting(), redact):
        out.write(piece)
    return counted
