"""The one thread that writes the journal, fed by a bounded queue.

Request handling only calls :meth:`JournalWriter.submit` (an append): it never waits for
the disk, and it wakes the writer only once a batch is full; otherwise the writer looks
every ``linger`` seconds (and at once when someone flushes). When the queue is full the
entry is counted in ``dropped``; a batch that SQLite refuses is counted in ``failed``.
Nothing is lost without a count.

The writer commits whatever has queued up as one transaction (up to ``batch_size``), and
keeps the table at ``cap`` rows by deleting the oldest ids in the same transaction. Each
distinct response body is stored once (a mock sends the same bytes again and again);
bodies no entry refers to any more are deleted now and then. Maintenance (deleting
entries) runs on this thread too, in order with the writes.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pymockapi.engine import ServeEvent
from pymockapi.journal._schema import INSERT, forget_unused_bodies, open_writer
from pymockapi.journal.entry import EntryLimits, kept_body, to_row
from pymockapi.seeds import digest

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
        linger: float = 0.05,
        on_change: Callable[[], None] = lambda: None,
    ) -> None:
        self.path = path
        self.cap = cap
        self.limits = limits
        self.queue_size = queue_size
        self.batch_size = batch_size
        self.linger = linger
        self._pending: deque[tuple[float, ServeEvent] | _Command] = deque()
        self._wake = threading.Event()
        self._digests: OrderedDict[int, tuple[bytes, bytes]] = OrderedDict()
        self._pruned = 0
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
        pending = self._pending
        if len(pending) >= self.queue_size:
            with self._done:
                self.dropped += 1
            self._on_change()
            return False
        with self._done:
            self.accepted += 1
        pending.append((time.time(), event))
        if len(pending) >= self.batch_size:
            self._wake.set()
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
        self._wake.set()
        self._thread.join(timeout)
        self._thread = None

    def flush(self, timeout: float = 10.0) -> bool:
        """Wait until everything accepted so far is committed (or failed); ``False`` on timeout."""
        deadline = time.monotonic() + timeout
        self._wake.set()
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
        self._pending.append(command)
        self._wake.set()
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
                self._wake.wait(self.linger)
                self._wake.clear()
                if not self._pending:
                    if self._stop.is_set():
                        return
                    continue
                try:
                    self._drain(connection)
                except Exception:  # the writer outlives any one failure; counts tell the rest
                    log.exception("the journal writer failed")
        finally:
            connection.close()

    def _drain(self, connection: sqlite3.Connection) -> None:
        """Write what is queued, in order: entries in batches, commands between them."""
        batch: list[tuple[float, ServeEvent]] = []
        pending = self._pending
        while pending:
            item = pending.popleft()
            if isinstance(item, _Command):
                self._write(connection, batch)
                batch = []
                self._execute(connection, item)
                continue
            batch.append(item)
            if len(batch) >= self.batch_size:
                self._write(connection, batch)
                batch = []
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
        bodies: dict[bytes, bytes] = {}
        digests: list[bytes] = []
        for _, event in batch:
            body = kept_body(event.response.body, self.limits)
            key = self._digest(body)
            bodies[key] = body
            digests.append(key)
        written = 0
        try:
            connection.execute("BEGIN IMMEDIATE")
            ids = _body_ids(connection, bodies)
            rows = []
            for (wall_time, event), key in zip(batch, digests, strict=True):
                try:
                    rows.append(to_row(event, wall_time, self.limits, ids[key]))
                except Exception:  # one odd event must not lose the batch
                    log.exception(
                        "could not journal %s %s", event.request.method, event.request.path
                    )
            connection.executemany(INSERT, rows)
            entries = self.entries + len(rows)
            if entries > self.cap:
                pruned = connection.execute(
                    "DELETE FROM requests WHERE id IN "
                    "(SELECT id FROM requests ORDER BY id LIMIT ?)",
                    (entries - self.cap,),
                ).rowcount
                entries -= pruned
                self._pruned += pruned
                if self._pruned >= max(1_000, self.cap // 10):
                    forget_unused_bodies(connection)
                    self._pruned = 0
            connection.execute("COMMIT")
            written = len(rows)
            self.entries = entries
        except sqlite3.Error:
            log.exception("writing %d journal entries failed", len(batch))
            if connection.in_transaction:
                connection.execute("ROLLBACK")
        with self._done:
            self.committed += written
            self.failed += len(batch) - written
            self.processed += len(batch)
            self._done.notify_all()
        self._on_change()

    def _digest(self, body: bytes) -> bytes:
        """``seeds.digest`` of a body, remembered for the last bodies seen: an answer served from
        memory is the same ``bytes`` object every time, so it is hashed once."""
        found = self._digests.get(id(body))
        if found is not None and found[0] is body:
            return found[1]
        key = digest(body)
        self._digests[id(body)] = (body, key)
        if len(self._digests) > 64:
            self._digests.popitem(last=False)
        return key


def _body_ids(connection: sqlite3.Connection, bodies: dict[bytes, bytes]) -> dict[bytes, int]:
    """The row of each body in ``bodies`` (by digest), inserting those not stored yet."""
    ids: dict[bytes, int] = {}
    for key, data in bodies.items():
        found = connection.execute("SELECT id FROM bodies WHERE digest = ?", (key,)).fetchone()
        if found is not None:
            ids[key] = found[0]
        else:
            cursor = connection.execute(
                "INSERT INTO bodies (digest, data) VALUES (?, ?)", (key, data)
            )
            ids[key] = cursor.lastrowid or 0
    return ids
