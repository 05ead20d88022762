"""HAR 1.2 written by us and by browsers: round trips, redaction, interrupted recordings."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from pymockapi.errors import Violation
from pymockapi.har import (
    REDACTED,
    HarError,
    HarWriter,
    RecordedExchange,
    har_entry,
    read_har,
    redaction,
    write_har,
)

STARTED = datetime(2026, 1, 2, 3, 4, 5, 678000, tzinfo=UTC)


def exchange(**changes: Any) -> RecordedExchange:
    base: dict[str, Any] = {
        "method": "POST",
        "url": "http://api.test/pets?limit=2&tag=a%20b",
        "request_headers": [("content-type", "application/json"), ("authorization", "Bearer t")],
        "request_body": b'{"name":"Rex"}',
        "status": 201,
        "response_headers": [("Content-Type", "application/json"), ("Set-Cookie", "s=1")],
        "response_body": '{"id":1,"name":"Rëx"}'.encode(),
        "started": STARTED,
        "duration_ms": 12.5,
        "operation": "createPet",
        "violations": [Violation("response.body.id", "must be a string")],
    }
    base.update(changes)
    return RecordedExchange(**base)


def test_an_exchange_survives_a_round_trip_with_secrets_redacted(tmp_path: Path) -> None:
    path = tmp_path / "out.har"
    write_har([exchange()], path)
    [back] = read_har(path)
    assert (back.method, back.path, back.query_string) == ("POST", "/pets", "limit=2&tag=a%20b")
    assert back.request_body == b'{"name":"Rex"}'
    assert back.response_body == '{"id":1,"name":"Rëx"}'.encode()
    assert back.status == 201
    assert back.started == STARTED
    assert back.duration_ms == 12.5
    assert back.request_header("authorization") == REDACTED
    assert back.header("set-cookie") == REDACTED
    assert back.operation == "createPet"
    assert back.violations == [Violation("response.body.id", "must be a string")]


def test_the_written_document_has_what_har_viewers_require(tmp_path: Path) -> None:
    path = tmp_path / "out.har"
    write_har([exchange()], path)
    log = json.loads(path.read_text())["log"]
    assert log["version"] == "1.2"
    assert log["creator"]["name"] == "PyMockAPI"
    entry = log["entries"][0]
    assert entry["startedDateTime"] == "2026-01-02T03:04:05.678+00:00"
    for key in ("method", "url", "httpVersion", "cookies", "headers", "queryString"):
        assert key in entry["request"]
    assert entry["request"]["queryString"] == [
        {"name": "limit", "value": "2"},
        {"name": "tag", "value": "a b"},
    ]
    assert entry["request"]["postData"]["mimeType"] == "application/json"
    for key in ("status", "statusText", "content", "redirectURL", "headersSize", "bodySize"):
        assert key in entry["response"]
    assert entry["response"]["statusText"] == "Created"
    assert entry["timings"]["wait"] == 12.5


def test_binary_bodies_are_stored_as_base64() -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\xff"
    entry = har_entry(
        "GET", "http://x/img", [], b"", 200, [("content-type", "image/png")], png, STARTED, 1
    )
    assert entry["response"]["content"]["encoding"] == "base64"
    assert base64.b64decode(entry["response"]["content"]["text"]) == png


def test_extra_headers_are_redacted_and_defaults_can_be_kept() -> None:
    headers = [("X-Api-Key", "k"), ("Authorization", "a"), ("Accept", "*/*")]
    entry = har_entry(
        "GET", "http://x/", headers, b"", 200, [], b"", STARTED, 1,
        redact_headers=redaction(["x-api-key"]),
    )  # fmt: skip
    assert [h["value"] for h in entry["request"]["headers"]] == [REDACTED, REDACTED, "*/*"]
    kept = har_entry("GET", "http://x/", headers, b"", 200, [], b"", STARTED, 1, redact_headers=())
    assert [h["value"] for h in kept["request"]["headers"]] == ["k", "a", "*/*"]


def test_secret_query_parameters_are_redacted_and_the_rest_kept_as_written() -> None:
    url = "http://x/search?q=a%20b&API_KEY=s3cret&page=2&access%5Ftoken=t0k&flag"
    entry = har_entry("GET", url, [], b"", 200, [], b"", STARTED, 1)
    assert entry["request"]["url"] == (
        "http://x/search?q=a%20b&API_KEY=REDACTED&page=2&access%5Ftoken=REDACTED&flag"
    )
    assert entry["request"]["queryString"] == [
        {"name": "q", "value": "a b"},
        {"name": "API_KEY", "value": REDACTED},
        {"name": "page", "value": "2"},
        {"name": "access_token", "value": REDACTED},
        {"name": "flag", "value": ""},
    ]
    assert "s3cret" not in json.dumps(entry) and "t0k" not in json.dumps(entry)


def test_a_redact_name_covers_query_parameters_too() -> None:
    url = "http://x/?session=abc&q=1"
    entry = har_entry(
        "GET", url, [], b"", 200, [], b"", STARTED, 1, redact_headers=redaction(["Session"])
    )
    assert entry["request"]["url"] == "http://x/?session=REDACTED&q=1"
    kept = har_entry("GET", url, [], b"", 200, [], b"", STARTED, 1)
    assert kept["request"]["url"] == url


def chrome_har() -> dict[str, Any]:
    """What Chrome's "Save all as HAR" writes (trimmed), with the quirks readers must accept."""
    page = "page_1"
    return {
        "log": {
            "version": "1.2",
            "creator": {"name": "WebInspector", "version": "537.36"},
            "pages": [{"startedDateTime": "2026-01-02T03:04:05.000Z", "id": page, "title": "x"}],
            "entries": [
                {
                    "_initiator": {"type": "script"},
                    "_priority": "High",
                    "_resourceType": "fetch",
                    "cache": {},
                    "connection": "443",
                    "pageref": page,
                    "request": {
                        "method": "POST",
                        "url": "https://api.example.com/v1/pets?limit=2",
                        "httpVersion": "http/2.0",
                        "headers": [
                            {"name": ":authority", "value": "api.example.com"},
                            {"name": ":method", "value": "POST"},
                            {"name": "accept", "value": "application/json"},
                            {"name": "cookie", "value": "sid=abc"},
                        ],
                        "queryString": [{"name": "limit", "value": "2"}],
                        "cookies": [{"name": "sid", "value": "abc"}],
                        "headersSize": -1,
                        "bodySize": 14,
                        "postData": {"mimeType": "application/json", "text": '{"name":"Rex"}'},
                    },
                    "response": {
                        "status": 201,
                        "statusText": "",
                        "httpVersion": "http/2.0",
                        "headers": [
                            {"name": "content-type", "value": "application/json"},
                            {"name": "content-encoding", "value": "br"},
                            {"name": "content-length", "value": "9"},
                        ],
                        "cookies": [],
                        "content": {
                            "size": 22,
                            "mimeType": "application/json",
                            "compression": -13,
                            "text": base64.b64encode(b'{"id":1,"name":"Rex"}').decode(),
                            "encoding": "base64",
                        },
                        "redirectURL": "",
                        "headersSize": -1,
                        "bodySize": -1,
                        "_transferSize": 120,
                        "_error": None,
                    },
                    "serverIPAddress": "93.184.216.34",
                    "startedDateTime": "2026-01-02T03:04:05.123Z",
                    "time": 48.2,
                    "timings": {"blocked": 1.1, "dns": -1, "send": 0.2, "wait": 45, "receive": 2},
                },
                {  # a request the browser blocked: status 0, nothing to replay
                    "request": {"method": "GET", "url": "https://ads.example.com/x", "headers": []},
                    "response": {"status": 0, "headers": [], "content": {"size": 0}},
                    "startedDateTime": "2026-01-02T03:04:06.000Z",
                    "time": 0,
                },
                {  # Firefox: form posted as params only, no optional fields at all
                    "request": {
                        "method": "POST",
                        "url": "https://api.example.com/login",
                        "headers": [],
                        "postData": {
                            "mimeType": "application/x-www-form-urlencoded",
                            "params": [
                                {"name": "user", "value": "ann"},
                                {"name": "n", "value": "1"},
                            ],
                        },
                    },
                    "response": {"status": 204, "headers": [], "content": {}},
                },
            ],
        }
    }


def test_a_har_saved_by_a_browser_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "chrome.har"
    path.write_text("\ufeff" + json.dumps(chrome_har()), encoding="utf-8")  # BOM, as some save it
    first, login = read_har(path)
    assert (first.method, first.path, first.query_string) == ("POST", "/v1/pets", "limit=2")
    assert first.request_headers == [  # pseudo-headers left out, postData's type kept
        ("accept", "application/json"),
        ("cookie", "sid=abc"),
        ("content-type", "application/json"),
    ]
    assert first.request_body == b'{"name":"Rex"}'
    assert first.response_body == b'{"id":1,"name":"Rex"}'
    assert first.response_headers == [("content-type", "application/json")]
    assert first.duration_ms == 48.2
    assert login.request_body == b"user=ann&n=1"
    assert login.request_header("content-type") == "application/x-www-form-urlencoded"
    assert login.status == 204
    assert login.response_body == b""


@pytest.mark.parametrize(
    ("content", "message"),
    [
        pytest.param("{not json", "not valid JSON", id="broken-json"),
        pytest.param('{"log": {}}', "no log.entries", id="no-entries"),
        pytest.param("[]", "no log.entries", id="not-an-object"),
    ],
)
def test_an_unusable_file_is_reported_in_words(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "bad.har"
    path.write_text(content)
    with pytest.raises(HarError, match=message):
        read_har(path)


def test_the_incremental_writer_keeps_the_file_valid_after_each_entry(tmp_path: Path) -> None:
    path = tmp_path / "live.har"
    writer = HarWriter(path)
    assert read_har(path) == []
    for number in range(3):
        writer.add(exchange(url=f"http://api.test/pets/{number}"))
        assert [e.path for e in read_har(path)] == [f"/pets/{n}" for n in range(number + 1)]
    # never closed, as after Ctrl-C or kill -9: still a complete document
    assert json.loads(path.read_text())["log"]["version"] == "1.2"
    assert read_har(path)[0].request_header("authorization") == REDACTED
    writer.close()
