"""Both stores behave the same; the SQLite one also survives being closed and reopened."""

from __future__ import annotations

import datetime
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import orjson
import pytest

from pymockapi.errors import PyMockApiError
from pymockapi.state import STARTED, MemoryStore, SqliteStore, StateStore, open_store


@pytest.fixture(params=["memory", "sqlite"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[StateStore]:
    made: StateStore = (
        MemoryStore() if request.param == "memory" else SqliteStore(tmp_path / "s.db")
    )
    yield made
    made.close()


def test_machines_start_in_started_and_remember_their_state(store: StateStore) -> None:
    assert store.get_machine("default", "checkout") == STARTED
    store.set_machine("default", "checkout", "paid")
    assert store.get_machine("default", "checkout") == "paid"
    assert store.get_machine("other", "checkout") == STARTED


def test_items_keep_insertion_order_even_when_updated(store: StateStore) -> None:
    store.put_item("s", "/pets", "1", {"id": 1, "name": "Rex"})
    store.put_item("s", "/pets", "2", {"id": 2, "name": "Tom"})
    store.put_item("s", "/pets", "1", {"id": 1, "name": "Rex II"})
    assert store.list_items("s", "/pets") == [{"id": 1, "name": "Rex II"}, {"id": 2, "name": "Tom"}]
    assert store.get_item("s", "/pets", "1") == {"id": 1, "name": "Rex II"}
    assert store.get_item("s", "/pets", "3") is None


def test_count_items_counts_what_is_stored_now(store: StateStore) -> None:
    assert store.count_items("s", "/pets") == 0
    store.put_item("s", "/pets", "1", {})
    store.put_item("s", "/pets", "2", {})
    store.put_item("s", "/pets", "2", {"again": True})
    store.delete_item("s", "/pets", "1")
    assert store.count_items("s", "/pets") == 1
    assert store.count_items("other", "/pets") == 0


def test_values_are_copies_not_shared_objects(store: StateStore) -> None:
    value = {"tags": ["a"]}
    store.put_item("s", "/pets", "1", value)
    value["tags"].append("b")
    read = store.get_item("s", "/pets", "1")
    assert read == {"tags": ["a"]}
    read["tags"].append("c")
    assert store.get_item("s", "/pets", "1") == {"tags": ["a"]}


def test_json_reads_give_the_bytes_the_value_encodes_to(store: StateStore) -> None:
    """What a read serves without parsing: exactly what encoding the parsed item gives."""
    value = {"name": "Rëx 🐕", "weight": 1.5, "tags": [None, True, {"deep": [1e16]}]}
    store.put_item("s", "/pets", "1", value)
    encoded = store.get_item_json("s", "/pets", "1")
    assert encoded == orjson.dumps(store.get_item("s", "/pets", "1"))
    assert orjson.loads(encoded) == value
    assert store.get_item_json("s", "/pets", "2") is None
    assert store.get_item_json("other", "/pets", "1") is None


def test_values_json_cannot_carry_are_kept_exactly_in_memory() -> None:
    store = MemoryStore()
    when = datetime.date(2024, 5, 1)
    values = [{"at": when}, {"big": 2**70}, {1: "int key"}, {"nested": [{"a": 1.5}]}]
    for n, value in enumerate(values):
        store.put_item("s", "/things", str(n), value)
    assert [store.get_item("s", "/things", str(n)) for n in range(len(values))] == values
    assert store.get_item("s", "/things", "0") == {"at": when}  # a date, not a string
    # no JSON bytes for them: a read parses (and copies) them instead
    assert [store.get_item_json("s", "/things", str(n)) for n in range(3)] == [None] * 3
    assert store.get_item_json("s", "/things", "3") == b'{"nested":[{"a":1.5}]}'


def test_delete_leaves_a_tombstone_until_recreated(store: StateStore) -> None:
    store.put_item("s", "/pets", "1", {"id": 1})
    assert store.delete_item("s", "/pets", "1") is True
    assert store.delete_item("s", "/pets", "1") is False
    assert store.get_item("s", "/pets", "1") is None
    assert store.was_deleted("s", "/pets", "1")
    assert not store.was_deleted("s", "/pets", "2")
    store.put_item("s", "/pets", "1", {"id": 1})
    assert not store.was_deleted("s", "/pets", "1")


def test_ids_and_counters_count_per_session_and_name(store: StateStore) -> None:
    assert [store.next_id("a", "/pets") for _ in range(3)] == [1, 2, 3]
    assert store.next_id("a", "/users") == 1
    assert store.next_id("b", "/pets") == 1
    assert store.increment("a", "rule-1") == 1
    assert store.increment("a", "rule-1") == 2
    assert store.increment("b", "rule-1") == 1


def test_sessions_never_see_each_other(store: StateStore) -> None:
    store.put_item("alice", "/pets", "1", {"owner": "alice"})
    store.set_machine("alice", "m", "x")
    assert store.list_items("bob", "/pets") == []
    assert store.get_item("bob", "/pets", "1") is None
    assert store.snapshot("bob") == {}


def test_reading_an_unknown_session_does_not_create_it(store: StateStore) -> None:
    store.get_item("ghost", "/pets", "1")
    store.get_machine("ghost", "m")
    store.list_items("ghost", "/pets")
    store.was_deleted("ghost", "/pets", "1")
    assert "ghost" not in store.snapshot()


def test_snapshot_shows_machines_collections_and_counters(store: StateStore) -> None:
    store.set_machine("s", "checkout", "paid")
    store.put_item("s", "/pets", "1", {"id": 1})
    store.increment("s", "hits")
    assert store.snapshot() == {
        "s": {
            "machines": {"checkout": "paid"},
            "collections": {"/pets": [{"id": 1}]},
            "counters": {"hits": 1},
        }
    }


def _fill(store: StateStore) -> None:
    for session in ("a", "b"):
        store.set_machine(session, "checkout", "paid")
        store.set_machine(session, "other", "x")
        store.put_item(session, "/pets", "1", {"id": 1})
        store.next_id(session, "/pets")


@pytest.mark.parametrize(
    ("reset", "expected"),
    [
        pytest.param(
            {},
            {"a": STARTED, "b": STARTED, "a-other": STARTED, "a-items": 0, "b-items": 0},
            id="all",
        ),
        pytest.param(
            {"session": "a"},
            {"a": STARTED, "b": "paid", "a-other": STARTED, "a-items": 0, "b-items": 1},
            id="one-session",
        ),
        pytest.param(
            {"machine": "checkout"},
            {"a": STARTED, "b": STARTED, "a-other": "x", "a-items": 1, "b-items": 1},
            id="one-machine-everywhere",
        ),
        pytest.param(
            {"session": "b", "machine": "checkout"},
            {"a": "paid", "b": STARTED, "a-other": "x", "a-items": 1, "b-items": 1},
            id="one-machine-one-session",
        ),
    ],
)
def test_reset_forgets_exactly_what_was_asked(
    store: StateStore, reset: dict[str, str], expected: dict[str, object]
) -> None:
    _fill(store)
    store.reset(**reset)
    seen = {
        "a": store.get_machine("a", "checkout"),
        "b": store.get_machine("b", "checkout"),
        "a-other": store.get_machine("a", "other"),
        "a-items": len(store.list_items("a", "/pets")),
        "b-items": len(store.list_items("b", "/pets")),
    }
    assert seen == expected


def test_a_session_reset_restarts_its_ids(store: StateStore) -> None:
    store.next_id("a", "/pets")
    store.reset(session="a")
    assert store.next_id("a", "/pets") == 1


def test_counters_are_exact_under_concurrent_increments(store: StateStore) -> None:
    def work() -> None:
        for _ in range(50):
            store.increment("s", "hits")
            store.next_id("s", "/pets")

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert store.increment("s", "hits") == 201
    assert store.next_id("s", "/pets") == 201


def test_sqlite_state_survives_closing_and_reopening(tmp_path: Path) -> None:
    path = tmp_path / "state.db"
    first = SqliteStore(path)
    first.set_machine("s", "checkout", "shipped")
    first.put_item("s", "/pets", "1", {"id": 1, "name": "Rex"})
    first.put_item("s", "/pets", "2", {"id": 2, "name": "Tom"})
    first.delete_item("s", "/pets", "2")
    first.next_id("s", "/pets")
    first.increment("s", "hits")
    first.close()

    again = SqliteStore(path)
    try:
        assert again.get_machine("s", "checkout") == "shipped"
        assert again.list_items("s", "/pets") == [{"id": 1, "name": "Rex"}]
        assert again.was_deleted("s", "/pets", "2")
        assert again.next_id("s", "/pets") == 2
        assert again.increment("s", "hits") == 2
    finally:
        again.close()


def test_sqlite_keeps_unicode_and_nested_json(tmp_path: Path) -> None:
    value = {"name": "Rëx 🐕", "tags": [None, True, 1.5, {"deep": ["x"]}]}
    store = SqliteStore(tmp_path / "s.db")
    store.put_item("s", "/pets", "1", value)
    store.close()
    reopened = SqliteStore(tmp_path / "s.db")
    assert reopened.get_item("s", "/pets", "1") == value
    reopened.close()


def test_two_stores_on_one_file_see_each_others_writes(tmp_path: Path) -> None:
    one, two = SqliteStore(tmp_path / "s.db"), SqliteStore(tmp_path / "s.db")
    try:
        one.put_item("s", "/pets", "1", {"id": 1})
        assert two.get_item("s", "/pets", "1") == {"id": 1}
        assert one.next_id("s", "/pets") == 1
        assert two.next_id("s", "/pets") == 2
    finally:
        one.close()
        two.close()


def test_open_store_picks_memory_or_sqlite(tmp_path: Path) -> None:
    assert isinstance(open_store(None), MemoryStore)
    store = open_store(tmp_path / "state.db")
    assert isinstance(store, SqliteStore)
    store.close()
    assert (tmp_path / "state.db").exists()


@pytest.mark.parametrize(
    ("make", "message"),
    [
        pytest.param(lambda p: p / "missing" / "s.db", "does not exist", id="no-folder"),
        pytest.param(
            lambda p: (p / "junk.db").write_bytes(b"not sqlite" * 200) and p / "junk.db",
            "not a usable SQLite database",
            id="not-sqlite",
        ),
    ],
)
def test_open_store_explains_an_unusable_file(
    tmp_path: Path, make: Callable[[Path], Path], message: str
) -> None:
    with pytest.raises(PyMockApiError, match=message):
        open_store(make(tmp_path))
