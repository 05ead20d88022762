"""What one entry keeps: bounded bodies (flagged), redacted secrets, the exchange's facts."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from pymockapi.engine import MockEngine
from pymockapi.errors import Violation
from pymockapi.exchange import HttpRequest, HttpResponse
from pymockapi.journal import Journal
from pymockapi.model import Spec
from tests.conftest import openapi

DOC = openapi(
    {
        "/echo": {
            "post": {
                "operationId": "echo",
                "requestBody": {"content": {"application/octet-stream": {"schema": {}}}},
                "responses": {"200": {"description": "ok"}},
            }
        }
    }
)


@pytest.fixture
def journal(tmp_path: Path) -> Journal:
    return Journal(tmp_path / "j.sqlite3", max_body=16, redact=["X-Api-Key"])


def stored(journal: Journal) -> dict[str, Any]:
    journal.start()
    journal.flush()
    journal.close()
    found = journal.page(bodies=True).entries
    assert len(found) == 1
    return found[0]


def test_a_large_body_is_cut_flagged_and_its_size_kept(
    journal: Journal, make_spec: Callable[..., Spec]
) -> None:
    engine = MockEngine(make_spec(DOC))
    body = b"0123456789" * 10
    journal.record(
        engine.handle(
            HttpRequest(
                "POST", "/echo", headers=[("content-type", "application/octet-stream")], body=body
            )
        )
    )
    entry = stored(journal)
    assert entry["request"]["body"] == "0123456789012345"
    assert entry["request"]["body_size"] == 100
    assert entry["request"]["body_truncated"] is True
    assert entry["response"]["body_truncated"] is False
    assert entry["operation"] == "echo"
    assert entry["response"]["status"] == 200


def test_secret_query_parameters_are_redacted_by_default_and_on_request(
    journal: Journal,
) -> None:
    journal.record_exchange(
        HttpRequest("GET", "/x", "api_key=s3cret&limit=2&X-API-KEY=k2&token=t0k"),
        HttpResponse(200, [], b"hi"),
    )
    entry = stored(journal)
    assert entry["request"]["query"] == (
        "api_key=REDACTED&limit=2&X-API-KEY=REDACTED&token=REDACTED"
    )
    assert entry["request"]["url"].endswith(
        "/x?api_key=REDACTED&limit=2&X-API-KEY=REDACTED&token=REDACTED"
    )
    raw = journal.path.read_bytes()
    assert b"s3cret" not in raw and b"k2" not in raw and b"t0k" not in raw


def test_secret_headers_are_redacted_by_default_and_on_request(journal: Journal) -> None:
    journal.record_exchange(
        HttpRequest(
            "GET",
            "/x",
            headers=[
                ("authorization", "Bearer s3cret"),
                ("cookie", "sid=1"),
                ("x-api-key", "k"),
                ("accept", "application/json"),
            ],
        ),
        HttpResponse(200, [("Set-Cookie", "sid=2"), ("Content-Type", "text/plain")], b"hi"),
    )
    entry = stored(journal)
    request_headers = {h["name"]: h["value"] for h in entry["request"]["headers"]}
    response_headers = {h["name"]: h["value"] for h in entry["response"]["headers"]}
    assert request_headers == {
        "authorization": "REDACTED",
        "cookie": "REDACTED",
        "x-api-key": "REDACTED",
        "accept": "application/json",
    }
    assert response_headers == {"Set-Cookie": "REDACTED", "Content-Type": "text/plain"}
    assert b"s3cret" not in journal.path.read_bytes()  # closed: the WAL is folded in


def test_an_exchange_from_outside_the_engine_keeps_its_facts(journal: Journal) -> None:
    journal.record_exchange(
        HttpRequest(
            "POST",
            "/orders",
            query_string="dry=1",
            headers=[("host", "shop.test"), ("x-pymockapi-session", "s1")],
            body=b"\xff\xfe",
        ),
        HttpResponse(502, [], b"upstream down"),
        violations=[Violation("response.status", "502 is not documented")],
        chaos=["latency 100ms"],
        duration=0.25,
    )
    entry = stored(journal)
    assert entry["request"]["url"] == "http://shop.test/orders?dry=1"
    assert entry["request"]["body_encoding"] == "base64"
    assert entry["request"]["body"] == "//4="
    assert entry["source"] == "proxy"
    assert entry["session"] == "s1"
    assert entry["violations"] == [
        {"location": "response.status", "message": "502 is not documented"}
    ]
    assert entry["chaos"] == ["latency 100ms"]
    assert entry["duration_ms"] == 250.0
    assert entry["time"].endswith("Z")
