"""Which recorded exchange answers a request, in which order, and what a miss shows."""

from __future__ import annotations

from typing import Any

import pytest

from pymockapi.exchange import HttpRequest
from pymockapi.har import RecordedExchange
from pymockapi.replay import BodyMatch, MatchOptions, RecordingIndex


def recorded(
    method: str, target: str, answer: Any, body: bytes = b"", **more: Any
) -> RecordedExchange:
    return RecordedExchange(
        method=method,
        url=f"http://api.test{target}",
        request_body=body,
        response_body=str(answer).encode(),
        **more,
    )


def request(method: str, target: str, body: bytes = b"", headers: Any = ()) -> HttpRequest:
    path, _, query = target.partition("?")
    return HttpRequest(method, path, query, list(headers), body)


def answer(index: RecordingIndex, req: HttpRequest) -> str | None:
    found = index.match(req)
    return found.response_body.decode() if found else None


def test_several_answers_to_one_request_are_served_in_order_then_the_last_repeats() -> None:
    index = RecordingIndex(
        [recorded("GET", "/n", 1), recorded("GET", "/other", "x"), recorded("GET", "/n", 2)],
        MatchOptions(),
    )
    assert [answer(index, request("GET", "/n")) for _ in range(4)] == ["1", "2", "2", "2"]
    index.reset()
    assert answer(index, request("GET", "/n")) == "1"


def test_method_path_and_query_must_match_but_query_order_does_not() -> None:
    index = RecordingIndex([recorded("GET", "/pets?a=1&b=2", "ok")], MatchOptions())
    assert answer(index, request("GET", "/pets?b=2&a=1")) == "ok"
    assert answer(index, request("GET", "/pets?a=1")) is None
    assert answer(index, request("POST", "/pets?a=1&b=2")) is None
    assert answer(index, request("GET", "/pets/?a=1&b=2")) is None


def test_ignored_query_keys_are_left_out_of_matching() -> None:
    index = RecordingIndex(
        [recorded("GET", "/pets?page=1&_ts=111", "ok")], MatchOptions(ignore_query=("_ts",))
    )
    assert answer(index, request("GET", "/pets?_ts=999&page=1")) == "ok"
    assert answer(index, request("GET", "/pets?page=1")) == "ok"
    assert answer(index, request("GET", "/pets?page=2")) is None


def test_a_redacted_query_parameter_matches_whatever_the_client_sends() -> None:
    """The recording kept ``api_key=REDACTED``; the client sends its real key."""
    index = RecordingIndex([recorded("GET", "/pets?api_key=REDACTED&page=1", "ok")], MatchOptions())
    assert answer(index, request("GET", "/pets?page=1&api_key=s3cret")) == "ok"
    assert answer(index, request("GET", "/pets?page=1")) == "ok"
    assert answer(index, request("GET", "/pets?page=2&api_key=s3cret")) is None


def test_regression_replays_leave_redacted_query_parameters_out() -> None:
    from pymockapi.replay.regression import _resent_query

    assert _resent_query("api_key=REDACTED&page=1&token=REDACTED&q=a%20b") == "?page=1&q=a%20b"
    assert _resent_query("api_key=REDACTED") == ""
    assert _resent_query("") == ""


@pytest.mark.parametrize(
    ("mode", "sent", "matches"),
    [
        pytest.param(BodyMatch.JSON, b'{ "b": [1, 2], "a": 1 }', True, id="json-as-values"),
        pytest.param(BodyMatch.JSON, b'{"a":1,"b":[2,1]}', False, id="json-array-order-counts"),
        pytest.param(BodyMatch.EXACT, b'{"b":[1,2],"a":1}', False, id="exact-bytes"),
        pytest.param(BodyMatch.EXACT, b'{"a":1,"b":[1,2]}', True, id="exact-same-bytes"),
        pytest.param(BodyMatch.IGNORE, b"anything", True, id="ignored"),
    ],
)
def test_bodies_match_as_configured(mode: BodyMatch, sent: bytes, matches: bool) -> None:
    index = RecordingIndex(
        [recorded("POST", "/pets", "ok", body=b'{"a":1,"b":[1,2]}')], MatchOptions(body=mode)
    )
    assert (answer(index, request("POST", "/pets", sent)) == "ok") is matches


def test_named_headers_must_match_others_never_do() -> None:
    exchanges = [
        recorded("GET", "/me", "ann", request_headers=[("X-User", "ann"), ("User-Agent", "a")]),
        recorded("GET", "/me", "bob", request_headers=[("X-User", "bob")]),
    ]
    index = RecordingIndex(exchanges, MatchOptions(match_headers=("X-User",)))
    assert answer(index, request("GET", "/me", headers=[("x-user", "bob")])) == "bob"
    assert (
        answer(index, request("GET", "/me", headers=[("x-user", "ann"), ("user-agent", "b")]))
        == "ann"
    )
    assert answer(index, request("GET", "/me")) is None


def test_head_is_answered_by_a_recorded_get() -> None:
    index = RecordingIndex([recorded("GET", "/pets", "ok")], MatchOptions())
    assert answer(index, request("HEAD", "/pets")) == "ok"


def test_a_miss_lists_the_nearest_recorded_requests() -> None:
    index = RecordingIndex(
        [
            recorded("GET", "/pets/1", 1),
            recorded("GET", "/pets/1", 1),
            recorded("GET", "/users", 2),
        ],
        MatchOptions(),
    )
    assert index.nearest(request("GET", "/pets/2"), limit=2) == ["GET /pets/1", "GET /users"]


def test_a_recording_under_a_base_path_answers_requests_without_it() -> None:
    index = RecordingIndex(
        [recorded("GET", "/api/v1/pets", "deep"), recorded("GET", "/v1/pets", "short")],
        MatchOptions(),
    )
    assert answer(index, request("GET", "/api/v1/pets")) == "deep"
    assert answer(index, request("GET", "/pets")) == "short"
    assert answer(index, request("GET", "/ets")) is None  # only whole segments


def test_matching_every_recorded_header_skips_volatile_and_ignored_ones() -> None:
    exchanges = [
        recorded(
            "GET",
            "/feed",
            "json",
            request_headers=[("Accept", "application/json"), ("User-Agent", "a"), ("X-T", "1")],
        ),
        recorded("GET", "/feed", "any"),
    ]
    index = RecordingIndex(exchanges, MatchOptions(match_headers=("*",), ignore_headers=("x-t",)))
    wanted = [("accept", "application/json"), ("user-agent", "curl")]
    assert answer(index, request("GET", "/feed", headers=wanted)) == "json"
    assert answer(index, request("GET", "/feed", headers=[("accept", "text/xml")])) == "any"
