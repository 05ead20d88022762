"""The answer memo's bounds and invalidation, without HTTP."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

import pytest

from pymockapi.engine import MockEngine, ServeEvent
from pymockapi.errors import Violation
from pymockapi.exchange import HttpRequest, HttpResponse
from pymockapi.model import Spec
from pymockapi.server.memo import MAX_REQUEST_BODY, AnswerMemo
from tests.conftest import openapi


def _scope(path: str, headers: Any = ((b"host", b"x"),)) -> dict[str, Any]:
    return {"method": "GET", "path": path, "raw_path": path.encode(), "headers": list(headers)}


def _event(body: bytes) -> ServeEvent:
    return ServeEvent(HttpRequest("GET", "/"), HttpResponse(200, [("content-type", "a/b")], body))


@pytest.fixture
def new_engine(make_spec: Callable[..., Spec]) -> Callable[[], MockEngine]:
    spec = make_spec(openapi({}))
    return lambda: MockEngine(spec)


def _keep(memo: AnswerMemo, engine: MockEngine, path: str, body: bytes) -> None:
    key = memo.key(_scope(path), b"")
    assert key is not None
    memo.get(key, engine, None)  # a miss first, as on the server
    memo.put(key, engine, None, _event(body))


def test_the_least_recently_used_answer_goes_first(new_engine: Callable[[], MockEngine]) -> None:
    memo, engine = AnswerMemo(max_entries=2), new_engine()
    for path in ("/a", "/b"):
        _keep(memo, engine, path, b"1")
    assert memo.get(memo.key(_scope("/a"), b"") or (), engine, None) is not None  # /a is fresh
    _keep(memo, engine, "/c", b"1")
    kept = {p for p in ("/a", "/b", "/c") if memo.get(memo.key(_scope(p), b"") or (), engine, None)}
    assert kept == {"/a", "/c"}


def test_bytes_are_bounded(new_engine: Callable[[], MockEngine]) -> None:
    memo, engine = AnswerMemo(max_bytes=16 * 1000), new_engine()
    for n in range(40):
        _keep(memo, engine, f"/{n}", b"x" * 900)
    assert 0 < len(memo) <= 17
    _keep(memo, engine, "/huge", b"x" * 2000)  # over a sixteenth of the budget: not kept
    assert memo.get(memo.key(_scope("/huge"), b"") or (), engine, None) is None


def test_answers_are_stamped_and_bound_to_their_engine(
    new_engine: Callable[[], MockEngine],
) -> None:
    memo, engine = AnswerMemo(), new_engine()
    key = memo.key(_scope("/a"), b"")
    assert key is not None
    memo.get(key, engine, "v1")
    memo.put(key, engine, "v1", _event(b"1"))
    assert memo.get(key, engine, "v2") is None
    answer = memo.get(key, engine, "v1")
    assert answer is not None and answer.body == b"1"
    assert answer.headers[-1] == (b"content-length", b"1")
    swapped = new_engine()
    assert memo.get(key, swapped, "v1") is None
    assert len(memo) == 0
    memo.put(key, engine, "v1", _event(b"1"))  # an answer from the old engine is dropped
    assert len(memo) == 0


def test_keys_hold_every_header_and_large_bodies_are_not_kept() -> None:
    as_lists = AnswerMemo.key(_scope("/a", [[b"host", b"x"]]), b"")
    assert as_lists == AnswerMemo.key(_scope("/a"), b"")
    assert AnswerMemo.key(_scope("/a", [(b"host", b"x"), (b"a", b"1")]), b"") != as_lists
    assert AnswerMemo.key(_scope("/a"), b"x" * (MAX_REQUEST_BODY + 1)) is None


def test_a_replayed_event_carries_every_field_of_the_first(
    new_engine: Callable[[], MockEngine],
) -> None:
    memo, engine = AnswerMemo(), new_engine()
    first = ServeEvent(
        HttpRequest("GET", "/a"),
        HttpResponse(422, [("content-type", "application/problem+json")], b"{}"),
        operation=None,
        path_params={"id": "7"},
        violations=[Violation("query.limit", "must be at least 1")],
        session="s1",
        scenario="sc",
        source="problem",
        started=1.0,
        duration=2.0,
        replayable=True,
    )
    key = memo.key(_scope("/a"), b"")
    assert key is not None
    memo.get(key, engine, None)
    memo.put(key, engine, None, first)
    answer = memo.get(key, engine, None)
    assert answer is not None
    again = HttpRequest("GET", "/a", headers=[("x", "y")])
    replayed = answer.replay(again, 5.0, 0.25)
    fresh = {"request", "started", "duration"}
    for field in dataclasses.fields(ServeEvent):
        if field.name not in fresh:
            assert getattr(replayed, field.name) == getattr(first, field.name), field.name
    assert (replayed.request, replayed.started, replayed.duration) == (again, 5.0, 0.25)
    assert replayed.path_params is not first.path_params  # a listener may not change the first
    assert replayed.violations is not first.violations
