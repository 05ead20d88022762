"""Write HAR files: all at once, or entry by entry so an interrupted recording stays valid."""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

from pymockapi.har._write import exchange_entry, har_document
from pymockapi.har.model import DEFAULT_REDACT, RecordedExchange


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=1)


def write_har(
    entries: Iterable[dict[str, Any] | RecordedExchange],
    target: str | Path | IO[str],
    *,
    creator: dict[str, str] | None = None,
    redact_headers: Iterable[str] = DEFAULT_REDACT,
) -> int:
    """Write a HAR document; entries are HAR dicts or exchanges (redacted). Returns the count."""
    names = tuple(redact_headers)
    items = [exchange_entry(e, names) if isinstance(e, RecordedExchange) else e for e in entries]
    text = _dumps(har_document(items, creator=creator)) + "\n"
    if isinstance(target, str | Path):
        Path(target).write_text(text, encoding="utf-8")
    else:
        target.write(text)
    return len(items)


class HarWriter:
    """Appends entries to a HAR file that is a complete, valid document after every entry.

    The file always ends with the same closing text; each new entry is written over that
    text, followed by it again, then flushed to disk. A recording stopped by Ctrl-C (or
    ``kill -9``) keeps every entry written before.
    """

    def __init__(
        self,
        path: str | Path,
        *,
        creator: dict[str, str] | None = None,
        redact_headers: Iterable[str] = DEFAULT_REDACT,
    ) -> None:
        self.path = Path(path)
        self.redact_headers = tuple(redact_headers)
        self.count = 0
        self._lock = threading.Lock()
        head = _dumps(har_document([], creator=creator))
        cut = head.rindex('"entries": [') + len('"entries": [')
        self._closing = b"\n ]" + head[cut:].split("]", 1)[1].encode() + b"\n"
        self._file = self.path.open("wb")
        self._file.write(head[:cut].encode() + self._closing)
        self._sync()

    def add(self, entry: dict[str, Any] | RecordedExchange) -> None:
        if isinstance(entry, RecordedExchange):
            entry = exchange_entry(entry, self.redact_headers)
        text = "\n" + _dumps(entry)
        with self._lock:
            if self.count:
                text = "," + text
            self._file.seek(-len(self._closing), os.SEEK_END)
            self._file.write(text.encode() + self._closing)
            self._file.truncate()
            self._sync()
            self.count += 1

    def _sync(self) -> None:
        self._file.flush()
        os.fsync(self._file.fileno())

    def close(self) -> None:
        with self._lock:
            if not self._file.closed:
                self._file.close()
