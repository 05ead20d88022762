"""Filters, paging and count patterns over committed entries."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from pymockapi.errors import Violation
from pymockapi.exchange import HttpRequest, HttpResponse
from pymockapi.journal import FilterError, Filters, Journal
from pymockapi.model import Operation

LIST = Operation("GET", "/pets", "/paths/~1pets/get", operation_id="listPets")
GET = Operation("GET", "/pets/{id}", "/paths/~1pets~1{id}/get", operation_id="getPet")
CREATE = Operation("POST", "/pets", "/paths/~1pets/post", operation_id="createPet")


@pytest.fixture
def journal(tmp_path: Path) -> Iterator[Journal]:
    journal = Journal(tmp_path / "j.sqlite3")
    journal.start()

    def add(
        method: str,
        path: str,
        status: int,
        operation: Operation | None,
        session: str,
        headers: list[tuple[str, str]] | None = None,
        body: bytes = b"",
        violations: list[Violation] | None = None,
    ) -> None:
        journal.record_exchange(
            HttpRequest(method, path, headers=headers or [], body=body),
            HttpResponse(status),
            operation=operation,
            session=session,
            violations=violations or [],
            source="mock" if operation else "problem",
        )

    add("GET", "/pets", 200, LIST, "a")
    add("GET", "/pets/1", 200, GET, "a", headers=[("x-tenant", "acme")])
    add("GET", "/pets/2", 404, GET, "b")
    add(
        "POST",
        "/pets",
        422,
        CREATE,
        "b",
        body=b'{"name": "Rex"}',
        violations=[Violation("body.age", "is required")],
    )
    add("GET", "/nope", 404, None, "b")
    journal.flush()
    with sqlite3.connect(journal.path) as connection:  # spread the times one hour apart
        connection.execute("UPDATE requests SET time = 1700000000 + id * 3600")
    yield journal
    journal.close()


def paths(journal: Journal, **filters: object) -> list[str]:
    return [e["request"]["path"] for e in journal.page(Filters(**filters)).entries]  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        pytest.param({}, ["/nope", "/pets", "/pets/2", "/pets/1", "/pets"], id="newest-first"),
        pytest.param({"operation": "getPet"}, ["/pets/2", "/pets/1"], id="operation"),
        pytest.param({"method": "post"}, ["/pets"], id="method-any-case"),
        pytest.param({"path": "/pets/1"}, ["/pets/1"], id="path-exact"),
        pytest.param({"path": "/pets/*"}, ["/pets/2", "/pets/1"], id="path-glob"),
        pytest.param({"status": "404"}, ["/nope", "/pets/2"], id="status"),
        pytest.param({"status": "4xx"}, ["/nope", "/pets", "/pets/2"], id="status-class"),
        pytest.param({"session": "a"}, ["/pets/1", "/pets"], id="session"),
        pytest.param({"has_violations": True}, ["/pets"], id="violations"),
        pytest.param({"since": 1700000000 + 4 * 3600}, ["/nope", "/pets"], id="since-epoch"),
        pytest.param({"since": "2023-11-15T02:13:20+00:00"}, ["/nope", "/pets"], id="since-iso"),
        pytest.param({"since": "2023-11-15T02:13:20"}, ["/nope", "/pets"], id="since-naive-utc"),
        pytest.param(
            {"since": "2023-11-15T03:13:20 01:00"}, ["/nope", "/pets"], id="since-plus-decoded"
        ),
        pytest.param({"header": {"X-Tenant": "acme"}}, ["/pets/1"], id="header"),
        pytest.param({"body_contains": "Rex"}, ["/pets"], id="body"),
        pytest.param({"session": "b", "status": "404", "path": "/pets/*"}, ["/pets/2"], id="all"),
    ],
)
def test_filters(journal: Journal, filters: dict[str, object], expected: list[str]) -> None:
    assert paths(journal, **filters) == expected


def test_paging_by_offset_and_by_cursor_agree(journal: Journal) -> None:
    first = journal.page(limit=2)
    assert [e["id"] for e in first.entries] == [5, 4]
    assert first.total == 5
    assert first.next_cursor == 4
    by_cursor = journal.page(Filters(before_id=first.next_cursor), limit=2)
    by_offset = journal.page(limit=2, offset=2)
    assert [e["id"] for e in by_cursor.entries] == [e["id"] for e in by_offset.entries] == [3, 2]
    last = journal.page(Filters(before_id=2), limit=2)
    assert [e["id"] for e in last.entries] == [1]
    assert last.next_cursor is None


def test_a_count_pattern_reads_like_the_filters(journal: Journal) -> None:
    pattern = {"method": "GET", "path": "/pets/*", "status": 200, "session": "a"}
    assert journal.count(Filters.from_pattern(pattern)) == 1
    assert journal.count(Filters.from_pattern({"operation": "getPet"})) == 2
    assert journal.count(Filters.from_pattern({})) == 5


@pytest.mark.parametrize(
    ("pattern", "message"),
    [
        pytest.param({"paths": "/pets"}, "unknown pattern key", id="typo"),
        pytest.param({"header": {"a": 1}}, "header", id="header-values"),
        pytest.param({"has_violations": "yes"}, "has_violations", id="bool"),
    ],
)
def test_a_bad_pattern_is_refused_not_ignored(pattern: dict[str, object], message: str) -> None:
    with pytest.raises(FilterError, match=message):
        Filters.from_pattern(pattern)


@pytest.mark.parametrize(
    ("filters", "message"),
    [
        pytest.param({"status": "44"}, "status", id="status"),
        pytest.param({"since": "yesterday"}, "since", id="since"),
    ],
)
def test_bad_filter_values_are_refused(
    journal: Journal, filters: dict[str, object], message: str
) -> None:
    with pytest.raises(FilterError, match=message):
        journal.count(Filters(**filters))  # type: ignore[arg-type]


def test_deleting_one_session_keeps_the_others(journal: Journal) -> None:
    assert journal.delete(Filters(session="b")) == 3
    assert paths(journal) == ["/pets/1", "/pets"]
