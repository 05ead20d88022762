"""The validation and recording proxy in front of a real backend on loopback."""

from __future__ import annotations

import asyncio
import json
import socket
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from pymockapi.engine import ServeEvent
from pymockapi.har import REDACTED, read_har
from pymockapi.model import Spec
from pymockapi.proxy import Timeouts, create_proxy
from tests.support.loopback_upstream import PETS_SPEC, Upstream, loopback_upstream


@pytest.fixture
def upstream() -> Iterator[Upstream]:
    with loopback_upstream() as backend:
        yield backend


@pytest.fixture
def pets(make_spec: Callable[..., Spec]) -> Spec:
    return make_spec(PETS_SPEC)


@pytest.fixture
def proxied(upstream: Upstream) -> Iterator[Callable[..., TestClient]]:
    clients: list[TestClient] = []

    def start(**options: Any) -> TestClient:
        target = options.pop("target", upstream.url)
        client = TestClient(create_proxy(target, **options), base_url="http://127.0.0.1:4010")
        client.__enter__()
        clients.append(client)
        return client

    yield start
    for client in clients:
        client.__exit__(None, None, None)


def violations(response: Any) -> list[str]:
    return [v["location"] for v in json.loads(response.headers.get("x-pymockapi-violations", "[]"))]


def test_a_conforming_answer_passes_through_untouched(proxied: Any, pets: Spec) -> None:
    response = proxied(spec=pets).get("/pets/1")
    assert response.status_code == 200
    assert response.json() == {"id": 1, "name": "Rex"}
    assert response.headers["x-rate"] == "10"
    assert "x-pymockapi-violations" not in response.headers


def test_a_non_conforming_answer_is_reported_in_the_header(proxied: Any, pets: Spec) -> None:
    response = proxied(spec=pets).get("/pets/2")
    assert response.status_code == 200
    assert response.json() == {"id": "two", "name": "Tom"}
    assert violations(response) == ["response.header.X-Rate", "response.body.id"]


def test_errors_mode_replaces_a_non_conforming_answer_with_502(
    proxied: Any, pets: Spec, upstream: Upstream
) -> None:
    response = proxied(spec=pets, errors=True).get("/pets/2")
    assert response.status_code == 502
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert problem["type"] == "urn:pymockapi:problem:invalid-response"
    assert {v["location"] for v in problem["violations"]} == {
        "response.header.X-Rate",
        "response.body.id",
    }
    assert upstream.count("/pets/2") == 1


def test_errors_mode_refuses_an_invalid_request_without_reaching_the_upstream(
    proxied: Any, pets: Spec, upstream: Upstream
) -> None:
    client = proxied(spec=pets, errors=True)
    bad_query = client.get("/pets", params={"limit": 0})
    bad_body = client.post("/pets", json={"nickname": "Rex"})
    assert bad_query.status_code == 422
    assert bad_query.json()["violations"][0]["location"] == "query.limit"
    assert bad_body.status_code == 422
    assert violations(bad_body) == ["body"]
    assert upstream.count("/pets") == 0
    assert client.get("/pets", params={"limit": 5}).status_code == 200
    assert upstream.count("/pets") == 1


def test_without_errors_an_invalid_request_is_forwarded_and_reported(
    proxied: Any, pets: Spec, upstream: Upstream
) -> None:
    response = proxied(spec=pets).get("/pets", params={"limit": 0})
    assert response.status_code == 200
    assert violations(response) == ["query.limit"]
    assert upstream.count("/pets") == 1


def test_a_down_upstream_gets_a_502_problem_not_a_hang(proxied: Any, pets: Spec) -> None:
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{sock.getsockname()[1]}"
    client = proxied(spec=pets, target=dead, timeouts=Timeouts(connect=1, read=1))
    response = client.get("/pets/1")
    assert response.status_code == 502
    assert response.json()["type"] == "urn:pymockapi:problem:upstream-unreachable"


def test_a_slow_upstream_gets_a_504_problem_after_the_read_timeout(proxied: Any) -> None:
    response = proxied(timeouts=Timeouts(connect=1, read=0.3)).get("/slow")
    assert response.status_code == 504
    assert response.json()["type"] == "urn:pymockapi:problem:upstream-timeout"


def test_redirects_are_handed_back_not_followed(proxied: Any, upstream: Upstream) -> None:
    response = proxied().get("/redirect", follow_redirects=False)
    assert response.status_code == 302
    assert response.headers["location"] == "/pets/1"
    assert upstream.count("/pets/1") == 0


def test_hop_by_hop_headers_are_not_forwarded(proxied: Any, upstream: Upstream) -> None:
    proxied().get(
        "/pets",
        headers={
            "Connection": "keep-alive, X-Hop",
            "X-Hop": "private",
            "Proxy-Authorization": "Basic c2VjcmV0",
            "X-Kept": "yes",
        },
    )
    _, _, headers = upstream.hits[-1]
    assert headers["x-kept"] == "yes"
    assert "x-hop" not in headers
    assert "proxy-authorization" not in headers
    assert headers["host"] == upstream.url.removeprefix("http://")


def test_recording_writes_every_exchange_with_secrets_redacted(
    proxied: Any, pets: Spec, tmp_path: Path
) -> None:
    har = tmp_path / "session.har"
    client = proxied(spec=pets, record_to=har, redact=["X-Api-Key"])
    client.get("/pets/1", headers={"Authorization": "Bearer s3cret", "X-Api-Key": "k"})
    client.post("/pets", json={"name": "Tom"})
    exchanges = read_har(har)  # valid while the proxy still runs
    assert [(e.method, e.path, e.status) for e in exchanges] == [
        ("GET", "/pets/1", 200),
        ("POST", "/pets", 201),
    ]
    first = exchanges[0]
    assert first.request_header("authorization") == REDACTED
    assert first.request_header("x-api-key") == REDACTED
    assert first.header("set-cookie") == REDACTED
    assert first.operation == "getPet"
    assert json.loads(exchanges[1].request_body) == {"name": "Tom"}
    assert "s3cret" not in har.read_text()


def test_every_proxied_exchange_reaches_the_listeners(
    proxied: Any, pets: Spec, upstream: Upstream
) -> None:
    events: list[ServeEvent] = []
    client = proxied(spec=pets, errors=True, listeners=[events.append])
    client.get("/pets/2")
    client.get("/pets", params={"limit": 0})
    assert [(e.source, e.response.status) for e in events] == [("proxy", 502), ("proxy", 422)]
    assert events[0].operation is not None and events[0].operation.operation_id == "getPet"
    assert [v.location for v in events[1].violations] == ["query.limit"]


def test_the_journal_feature_records_proxied_exchanges(
    proxied: Any, pets: Spec, tmp_path: Path
) -> None:
    journal = pytest.importorskip("pymockapi.journal")
    client = proxied(spec=pets, features=[journal.setup(path=tmp_path / "journal.sqlite3")])
    client.get("/pets/2")
    listed = client.get("/__pymockapi/requests", params={"source": "proxy"}).json()
    assert [entry["response"]["status"] for entry in listed["requests"]] == [200], listed
    entry = client.get(f"/__pymockapi/requests/{listed['requests'][0]['id']}").json()
    assert entry["operation"] == "getPet"
    assert {v["location"] for v in entry["violations"]} == {
        "response.header.X-Rate",
        "response.body.id",
    }


async def _call(app: Any, scope: dict[str, Any]) -> tuple[int, bytes]:
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    await app(scope, receive, send)
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return sent[0]["status"], body


def _scope(method: str, target: bytes, host: bytes = b"127.0.0.1:4010") -> dict[str, Any]:
    return {
        "type": "http",
        "method": method,
        "path": target.decode(),
        "raw_path": target,
        "query_string": b"",
        "headers": [(b"host", host)],
        "client": ("127.0.0.1", 5000),
    }


@pytest.mark.parametrize(
    ("method", "target"),
    [
        pytest.param("GET", b"http://example.com/admin", id="absolute-form-other-host"),
        pytest.param("GET", b"http://169.254.169.254/latest/meta-data/", id="metadata-target"),
        pytest.param("CONNECT", b"example.com:443", id="connect"),
    ],
)
def test_the_proxy_refuses_to_relay_anywhere_but_the_upstream(
    upstream: Upstream, method: str, target: bytes
) -> None:
    status, body = asyncio.run(_call(create_proxy(upstream.url), _scope(method, target)))
    assert status == 403
    assert json.loads(body)["type"] == "urn:pymockapi:problem:proxy-refused"
    assert upstream.hits == []


def test_an_absolute_form_request_naming_the_upstream_is_forwarded(upstream: Upstream) -> None:
    target = (upstream.url + "/pets/1").encode()
    status, body = asyncio.run(_call(create_proxy(upstream.url), _scope("GET", target)))
    assert status == 200
    assert json.loads(body) == {"id": 1, "name": "Rex"}
