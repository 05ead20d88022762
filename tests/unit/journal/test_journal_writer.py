"""The writer thread: nothing lost without a count, the cap holds, shutdown flushes."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from pymockapi.engine import MockEngine, ServeEvent
from pymockapi.exchange import HttpRequest
from pymockapi.journal import Journal, setup
from pymockapi.model import Spec
from tests.conftest import openapi

DOC = openapi(
    {
        "/items/{id}": {
            "get": {
                "operationId": "getItem",
                "parameters": [
                    {"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}
                ],
                "responses": {"200": {"description": "ok"}},
            }
        }
    }
)


@pytest.fixture
def events(make_spec: Callable[..., Spec]) -> Callable[[int], list[ServeEvent]]:
    engine = MockEngine(make_spec(DOC))

    def make(count: int) -> list[ServeEvent]:
        return [engine.handle(HttpRequest("GET", f"/items/{n}")) for n in range(count)]

    return make


def paths(file: Path) -> list[str]:
    with sqlite3.connect(file) as connection:
        return [row[0] for row in connection.execute("SELECT path FROM requests ORDER BY id")]


def test_a_full_queue_counts_drops_instead_of_blocking(
    tmp_path: Path, events: Callable[[int], list[ServeEvent]]
) -> None:
    journal = Journal(tmp_path / "j.sqlite3", queue_size=3)
    # The writer is not started: it stands for a writer stuck on a slow disk.
    for event in events(8):
        journal.record(event)
    assert journal.dropped == 5
    assert journal.info["dropped"] == 5
    assert journal.flush(timeout=0.2) is False
    journal.start()
    assert journal.flush()
    journal.close()
    assert paths(tmp_path / "j.sqlite3") == ["/items/0", "/items/1", "/items/2"]
    assert journal.info["committed"] == 3
    assert journal.info["dropped"] == 5


def test_the_cap_keeps_only_the_newest_entries(
    tmp_path: Path, events: Callable[[int], list[ServeEvent]]
) -> None:
    journal = Journal(tmp_path / "j.sqlite3", cap=5, batch_size=3)
    journal.start()
    for event in events(12):
        journal.record(event)
    assert journal.flush()
    journal.close()
    assert paths(tmp_path / "j.sqlite3") == [f"/items/{n}" for n in range(7, 12)]
    assert journal.info["entries"] == 5


def test_the_cap_holds_across_restarts(
    tmp_path: Path, events: Callable[[int], list[ServeEvent]]
) -> None:
    for batch in range(3):
        journal = Journal(tmp_path / "j.sqlite3", cap=4)
        journal.start()
        for event in events(3):
            journal.record(event)
        journal.close()
        assert len(paths(tmp_path / "j.sqlite3")) == min(4, 3 * (batch + 1))


def test_shutdown_writes_everything_still_queued(
    tmp_path: Path, events: Callable[[int], list[ServeEvent]]
) -> None:
    journal = Journal(tmp_path / "j.sqlite3")
    journal.start()
    for event in events(50):
        journal.record(event)
    journal.close()  # no flush first: on_shutdown must drain the queue
    assert len(paths(tmp_path / "j.sqlite3")) == 50


def test_deleting_runs_in_order_with_pending_writes(
    tmp_path: Path, events: Callable[[int], list[ServeEvent]]
) -> None:
    journal = Journal(tmp_path / "j.sqlite3", cap=10)
    journal.start()
    for event in events(6):
        journal.record(event)
    assert journal.delete() == 6
    for event in events(3):
        journal.record(event)
    journal.flush()
    assert journal.count() == 3
    assert journal.info["entries"] == 3
    journal.close()


def test_the_feature_plugs_the_journal_into_the_server(tmp_path: Path) -> None:
    feature = setup(path=tmp_path / "j.sqlite3", cap=7)
    journal = feature.provides["journal"]
    assert isinstance(journal, Journal)
    assert feature.listeners == [journal.record]
    assert feature.on_startup == [journal.start]
    assert feature.on_shutdown == [journal.close]
    assert feature.info["cap"] == 7
    assert len(feature.admin_routers) == 1


def test_a_cap_below_one_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="at least 1"):
        Journal(tmp_path / "j.sqlite3", cap=0)


def test_a_batch_sqlite_refuses_is_counted_as_failed_and_the_writer_goes_on(
    tmp_path: Path, events: Callable[[int], list[ServeEvent]]
) -> None:
    file = tmp_path / "j.sqlite3"
    journal = Journal(file)
    with sqlite3.connect(file) as connection:  # stands for a full disk or a locked file
        connection.execute(
            "CREATE TRIGGER refuse BEFORE INSERT ON requests "
            "WHEN NEW.path = '/items/1' BEGIN SELECT RAISE(ABORT, 'disk full'); END"
        )
    journal.start()
    [first, second, third] = events(3)
    journal.record(first)
    assert journal.flush()
    journal.record(second)
    assert journal.flush()
    journal.record(third)
    journal.close()
    assert journal.info["failed"] == 1
    assert journal.info["committed"] == 2
    assert paths(file) == ["/items/0", "/items/2"]
