"""``pymockapi export-har``: the journal (or part of it) as a HAR 1.2 file."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import IO

from pymockapi.journal._schema import open_reader
from pymockapi.journal.har import write_journal_har
from pymockapi.journal.query import Filters, stream


def export_har(
    journal: Path,
    out: IO[str] | Path,
    *,
    session: str | None = None,
    operation: str | None = None,
    redact: Sequence[str] = (),
) -> int:
    """Write the matching entries, oldest first; returns how many. Raises ``JournalError``."""
    open_reader(journal).close()  # refuse a missing or foreign file before writing anything
    rows = stream(journal, Filters(session=session, operation=operation))
    if isinstance(out, Path):
        with out.open("w", encoding="utf-8") as handle:
            return write_journal_har(rows, handle, redact)
    return write_journal_har(rows, out, redact)
