"""The request journal: record every exchange, query what has been committed."""

from __future__ import annotations

import contextlib
import sqlite3
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from pymockapi.engine import DEFAULT_SESSION, ServeEvent
from pymockapi.errors import Violation
from pymockapi.exchange import HttpRequest, HttpResponse
from pymockapi.har.model import redaction
from pymockapi.journal import query
from pymockapi.journal._schema import open_reader, open_writer
from pymockapi.journal.entry import DEFAULT_MAX_BODY, EntryLimits
from pymockapi.journal.writer import JournalWriter
from pymockapi.model import Operation

DEFAULT_PATH = Path(".pymockapi") / "journal.sqlite3"
DEFAULT_CAP = 100_000
DEFAULT_QUEUE = 10_000


class Journal:
    """A SQLite journal of served requests, written off the request path.

    ``record`` never blocks. Readers see committed entries only; call :meth:`flush` first
    to wait for the writer (the admin API does this before every read).
    """

    def __init__(
        self,
        path: Path | str = DEFAULT_PATH,
        *,
        cap: int = DEFAULT_CAP,
        max_body: int = DEFAULT_MAX_BODY,
        redact: Sequence[str] = (),
        queue_size: int = DEFAULT_QUEUE,
        batch_size: int = 1_000,
    ) -> None:
        if cap < 1:
            raise ValueError("the journal cap must be at least 1")
        self.path = Path(path)
        connection = open_writer(self.path)  # fail now, with a clear message, if unusable
        try:
            entries: int = connection.execute("SELECT count(*) FROM requests").fetchone()[0]
        finally:
            connection.close()
        self.info: dict[str, Any] = {
            "path": str(self.path),
            "cap": cap,
            "entries": entries,
            "committed": 0,
            "pending": 0,
            "dropped": 0,
            "failed": 0,
        }
        self.writer = JournalWriter(
            self.path,
            cap=cap,
            limits=EntryLimits(max_body=max_body, redact=frozenset(redaction(redact))),
            queue_size=queue_size,
            batch_size=batch_size,
            on_change=self._refresh_info,
        )

    def _refresh_info(self) -> None:
        writer = self.writer
        self.info.update(
            entries=writer.entries,
            committed=writer.committed,
            pending=max(0, writer.accepted - writer.processed),
            dropped=writer.dropped,
            failed=writer.failed,
        )

    def also_redact(self, names: Iterable[str]) -> None:
        """Redact ``names`` too (header or query parameter names) from the next entry on.

        Names add up: a spec's apiKey header renamed by a hot reload stays redacted under
        its old name, which clients may still send.
        """
        limits = self.writer.limits
        more = frozenset(redaction(names, defaults=False)) - limits.redact
        if more:
            self.writer.limits = replace(limits, redact=limits.redact | more)

    # -- writing ------------------------------------------------------------------------

    def record(self, event: ServeEvent) -> None:
        """The listener: queue one finished exchange (never waits)."""
        self.writer.submit(event)

    def record_exchange(
        self,
        request: HttpRequest,
        response: HttpResponse,
        *,
        source: str = "proxy",
        operation: Operation | None = None,
        path_params: dict[str, str] | None = None,
        violations: Sequence[Violation] = (),
        session: str | None = None,
        scenario: str | None = None,
        chaos: Sequence[str] = (),
        duration: float = 0.0,
    ) -> None:
        """Journal an exchange the engine did not answer (a proxied or replayed one).

        ``duration`` is in seconds, like :attr:`ServeEvent.duration`.
        """
        self.record(
            ServeEvent(
                request=request,
                response=response,
                operation=operation,
                path_params=dict(path_params or {}),
                violations=list(violations),
                session=session or request.header("x-pymockapi-session") or DEFAULT_SESSION,
                scenario=scenario,
                source=source,
                chaos=list(chaos),
                started=time.perf_counter() - duration,
                duration=duration,
            )
        )

    def start(self) -> None:
        self.writer.start()

    def close(self) -> None:
        """Write what is queued and stop the writer (``on_shutdown``)."""
        self.writer.stop()
        self._refresh_info()

    def flush(self, timeout: float = 10.0) -> bool:
        """Wait until every entry recorded so far is committed; ``False`` on timeout."""
        done = self.writer.flush(timeout)
        self._refresh_info()
        return done

    @property
    def dropped(self) -> int:
        return self.writer.dropped

    # -- reading ------------------------------------------------------------------------

    @contextlib.contextmanager
    def reader(self) -> Iterator[sqlite3.Connection]:
        connection = open_reader(self.path)
        try:
            yield connection
        finally:
            connection.close()

    def count(self, filters: query.Filters | None = None) -> int:
        with self.reader() as connection:
            return query.count(connection, filters or query.Filters())

    def page(
        self,
        filters: query.Filters | None = None,
        *,
        limit: int = 100,
        offset: int = 0,
        bodies: bool = False,
    ) -> query.Page:
        with self.reader() as connection:
            return query.page(
                connection, filters or query.Filters(), limit=limit, offset=offset, bodies=bodies
            )

    def get(self, entry_id: int) -> dict[str, Any] | None:
        with self.reader() as connection:
            return query.get(connection, entry_id)

    def delete(self, filters: query.Filters | None = None) -> int:
        """Delete matching entries (all by default), in order with the pending writes."""
        wanted = filters or query.Filters()
        deleted: int = self.writer.call(lambda connection: query.delete(connection, wanted))
        self._refresh_info()
        return deleted
