"""The one thread that writes the journal, fed by a bounded queue.

Request handling only calls :meth:`JournalWriter.submit` (a ``put_nowait``): it never waits
for the disk. When the queue is full the entry is counted in ``dropped``; a batch that
SQLite refuses is counted in ``failed``. Nothing is lost without a count.

The writer commits whatever has queued up as one transaction (up to ``batch_size``), and
keeps the table at ``cap`` rows by deleting the oldest ids in the same transaction.
Maintenance (deleting entries) runs on this thread too, in order with the writes.
"""

from __future__ import annotations

import logging
import queue
import sqlite3
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pymockapi.engine import ServeEvent
from pymockapi.journal._schema import INSERT, open_writer
from pymockapi.journal.entry import EntryLimits, to_row

log = logging.getLogger("pymockapi.journal")

Task = Callable[[sqlite3.Connection], Any]


@dataclass(slots=True)
class _Command:
    task: Task
    result: Future[Any]


class JournalWriter:
    def __init__(
        self,
        path: Path,
        *,
        cap: int,
        limits: EntryLimits,
        queue_size: int = 10_000,
        batch_size: int = 1_000,
        on_change: Callable[[], None] = lambda: None,
    ) -> None:
        self.path = path
        self.cap = cap
        self.limits = limits
        self.batch_size = batch_size
        self._queue: queue.Queue[tuple[float, ServeEvent] | _Command] = queue.Queue(queue_size)
        self._done = threading.Condition()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._on_change = on_change
        self.accepted = 0
        """Entries taken into the queue."""
        self.processed = 0
        """Entries the writer is finished with (committed or failed)."""
        self.committed = 0
        self.dropped = 0
        self.failed = 0
        self.entries = 0
        """Rows in the table, as the writer last counted them."""

    # -- request side -------------------------------------------------------------------

    def submit(self, event: ServeEvent) -> bool:
        """Queue ``event`` without waiting; ``False`` (and counted as dropped) if full."""
        with self._done:
            self.accepted += 1
        try:
            self._queue.put_nowait((time.time(), event))
        except queue.Full:
            with self._done:
                self.accepted -= 1
                self.dropped += 1
            self._on_change()
            return False
        return True

    # -- control side -------------------------------------------------------------------

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> None:
        if self.running:
            return
        self._stop.clear()
        ready: Future[None] = Future()
        self._thread = threading.Thread(
            target=self._run, args=(ready,), name="pymockapi-journal", daemon=True
        )
        self._thread.start()
        ready.result(timeout=30)  # raises if the file could not be opened

    def stop(self, timeout: float = 30.0) -> None:
        """Write everything queued, then stop the thread."""
        if self._thread is None:
            return
        self._stop.set()
        self._thread.join(timeout)
        self._thread = None

    def flush(self, timeout: float = 10.0) -> bool:
        """Wait until everything accepted so far is committed (or failed); ``False`` on timeout."""
        deadline = time.monotonic() + timeout
        with self._done:
            target = self.accepted
            while self.processed < target:
                remaining = deadline - time.monotonic()
                if remaining <= 0 or not self.running:
                    return self.processed >= target
                self._done.wait(min(remaining, 0.5))
        return True

    def call(self, task: Task, timeout: float = 30.0) -> Any:
        """Run ``task(connection)`` on the writer thread, after the writes queued before it."""
        if not self.running:
            connection = open_writer(self.path)
            try:
                return task(connection)
            finally:
                connection.close()
        command = _Command(task, Future())
        self._queue.put(command, timeout=timeout)
        return command.result.result(timeout=timeout)

    # -- writer thread ------------------------------------------------------------------

    def _run(self, ready: Future[None]) -> None:
        try:
            connection = open_writer(self.path)
            self.entries = connection.execute("SELECT count(*) FROM requests").fetchone()[0]
        except Exception as error:
            ready.set_exception(error)
            return
        ready.set_result(None)
        self._on_change()
        try:
            while True:
                try:
                    first = self._queue.get(timeout=0.1)
                except queue.Empty:
                    if self._stop.is_set():
                        return
                    continue
                try:
                    self._drain(connection, first)
                except Exception:  # the writer outlives any one failure; counts tell the rest
                    log.exception("the journal writer failed")
        finally:
            connection.close()

    def _drain(
        self, connection: sqlite3.Connection, first: tuple[float, ServeEvent] | _Command
    ) -> None:
        batch: list[tuple[float, ServeEvent]] = []
        item: tuple[float, ServeEvent] | _Command | None = first
        while item is not None:
            if isinstance(item, _Command):
                self._write(connection, batch)
                batch = []
                self._execute(connection, item)
            else:
                batch.append(item)
            if len(batch) >= self.batch_size:
                break
            try:
                item = self._queue.get_nowait()
            except queue.Empty:
                item = None
        self._write(connection, batch)

    def _execute(self, connection: sqlite3.Connection, command: _Command) -> None:
        try:
            command.result.set_result(command.task(connection))
        except Exception as error:
            command.result.set_exception(error)
        self.entries = connection.execute("SELECT count(*) FROM requests").fetchone()[0]
        self._on_change()

    def _write(self, connection: sqlite3.Connection, batch: list[tuple[float, ServeEvent]]) -> None:
        if not batch:
            return
        rows = []
        for wall_time, event in batch:
            try:
                rows.append(to_row(event, wall_time, self.limits))
            except Exception:  # one odd event must not lose the batch
                log.exception("could not journal %s %s", event.request.method, event.request.path)
        written = 0
        try:
            connection.execute("BEGIN IMMEDIATE")
            connection.executemany(INSERT, rows)
            entries = self.entries + len(rows)
            if entries > self.cap:
                entries -= connection.execute(
                    "DELETE FROM requests WHERE id IN "
                    "(SELECT id FROM requests ORDER BY id LIMIT ?)",
                    (entries - self.cap,),
                ).rowcount
            connection.execute("COMMIT")
            written = len(rows)
            self.entries = entries
        except sqlite3.Error:
            log.exception("writing %d journal entries failed", len(rows))
            if connection.in_transaction:
                connection.execute("ROLLBACK")
        with self._done:
            self.committed += written
            self.failed += len(batch) - written
            self.processed += len(batch)
            self._done.notify_all()
        self._on_change()
