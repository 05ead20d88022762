"""The journal through the server: every exchange recorded, queried over the admin API."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from pymockapi import journal
from pymockapi.server import create_app
from tests.integration.conftest import PETSTORE

API = "/__pymockapi/requests"


@pytest.fixture
def start(tmp_path: Path) -> Iterator[Callable[..., TestClient]]:
    clients: list[TestClient] = []

    def make(**options: Any) -> TestClient:
        app_options = {k: options.pop(k) for k in ("admin_token",) if k in options}
        feature = journal.setup(path=tmp_path / "journal.sqlite3", **options)
        client = TestClient(
            create_app(PETSTORE, features=[feature], **app_options),
            base_url="http://127.0.0.1:4010",
        )
        client.__enter__()
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.__exit__(None, None, None)


@pytest.fixture
def client(start: Callable[..., TestClient]) -> TestClient:
    client = start(redact=["X-Api-Key"])
    client.get("/pets/7", headers={"Authorization": "Bearer s3cret"})
    client.get("/pets", params={"limit": 0})  # rejected: 400 with a violation
    client.get("/pet/7", headers={"X-PyMockAPI-Session": "s2"})  # no operation: 404
    client.delete("/pets", headers={"X-PyMockAPI-Session": "s2"})  # path known: 405
    return client


def listed(client: TestClient, **params: Any) -> list[tuple[str, str, int]]:
    response = client.get(API, params=params)
    assert response.status_code == 200, response.text
    return [
        (e["request"]["method"], e["request"]["path"], e["response"]["status"])
        for e in response.json()["requests"]
    ]


def test_mocked_rejected_and_unmatched_requests_are_all_journaled(client: TestClient) -> None:
    assert listed(client) == [
        ("DELETE", "/pets", 405),
        ("GET", "/pet/7", 404),
        ("GET", "/pets", 400),
        ("GET", "/pets/7", 200),
    ]
    body = client.get(API).json()
    assert body["total"] == 4
    assert body["dropped"] == 0


def test_filters_and_paging_over_http(client: TestClient) -> None:
    assert listed(client, status="4xx", session="s2") == [
        ("DELETE", "/pets", 405),
        ("GET", "/pet/7", 404),
    ]
    assert listed(client, path="/pets*", method="GET") == [
        ("GET", "/pets", 400),
        ("GET", "/pets/7", 200),
    ]
    assert listed(client, operation="getPet") == [("GET", "/pets/7", 200)]
    assert listed(client, has_violations=True) == [("GET", "/pets", 400)]
    page = client.get(API, params={"limit": 3}).json()
    rest = client.get(API, params={"limit": 3, "cursor": page["next_cursor"]}).json()
    assert len(page["requests"]) == 3 and [e["request"]["path"] for e in rest["requests"]] == [
        "/pets/7"
    ]
    assert rest["next_cursor"] is None


def test_a_bad_filter_is_a_400_problem(client: TestClient) -> None:
    response = client.get(API, params={"status": "teapot"})
    assert response.status_code == 400
    assert response.headers["content-type"] == "application/problem+json"
    assert "status" in response.json()["detail"]


def test_one_request_in_full_with_secrets_redacted(client: TestClient) -> None:
    [summary] = client.get(API, params={"operation": "getPet"}).json()["requests"]
    entry = client.get(f"{API}/{summary['id']}").json()
    assert {"name": "authorization", "value": "REDACTED"} in entry["request"]["headers"]
    assert "s3cret" not in client.get(f"{API}/{summary['id']}").text
    assert entry["response"]["status"] == 200
    assert '"id":7' in entry["response"]["body"].replace(" ", "")
    assert entry["path_params"] == {"petId": "7"}
    missing = client.get(f"{API}/999")
    assert missing.status_code == 404
    assert missing.headers["content-type"] == "application/problem+json"


def test_count_verifies_how_many_requests_matched_a_pattern(client: TestClient) -> None:
    def count(pattern: dict[str, Any]) -> int:
        response = client.post(f"{API}/count", json=pattern)
        assert response.status_code == 200, response.text
        return int(response.json()["count"])

    assert count({"method": "GET", "path": "/pets/{petId}"}) == 0  # paths are concrete
    assert count({"operation": "getPet"}) == 1
    assert count({"status": "4xx"}) == 3
    assert count({"session": "s2", "method": "DELETE"}) == 1
    assert count({"header": {"authorization": "REDACTED"}}) == 1
    client.post("/pets", json={"name": "Rex", "species": "dog"}, headers={"X-API-Key": "k"})
    assert count({"method": "POST", "body_contains": "Rex"}) == 1
    assert client.post(f"{API}/count", json={"methd": "GET"}).status_code == 400
    assert client.post(f"{API}/count", content=b"{nope").status_code == 400
    # a bare `curl -d '{...}'` sends a form content type: the pattern is still read as JSON
    form = {"content-type": "application/x-www-form-urlencoded"}
    as_form = client.post(f"{API}/count", content=b'{"status": "405"}', headers=form)
    assert as_form.json()["count"] == 1


def test_near_misses_explain_each_unmatched_request(client: TestClient) -> None:
    unmatched = client.get(f"{API}/unmatched").json()["requests"]
    assert [(e["request"]["method"], e["request"]["path"]) for e in unmatched] == [
        ("DELETE", "/pets"),
        ("GET", "/pet/7"),
    ]
    typo = unmatched[1]["near_misses"][0]
    assert typo["operation"] == "getPet"
    assert typo["reasons"] == ["path segment 1 is 'pet', the operation expects 'pets'"]
    wrong_method = {m["operation"]: m["reasons"] for m in unmatched[0]["near_misses"]}
    assert wrong_method["listPets"] == ["method is DELETE, the operation accepts GET"]


def test_delete_by_session_then_all(client: TestClient) -> None:
    assert client.delete(API, params={"session": "s2"}).json() == {"deleted": 2}
    assert [path for _, path, _ in listed(client)] == ["/pets", "/pets/7"]
    assert client.delete(API).json() == {"deleted": 2}
    assert listed(client) == []


def test_har_export_over_http(client: TestClient) -> None:
    response = client.get("/__pymockapi/requests.har", params={"session": "s2"})
    assert response.status_code == 200
    entries = response.json()["log"]["entries"]
    assert [(e["request"]["method"], e["response"]["status"]) for e in entries] == [
        ("GET", 404),
        ("DELETE", 405),
    ]


def test_health_shows_the_journal_counters(client: TestClient) -> None:
    client.post(f"{API}/flush")
    info = client.get("/__pymockapi/health").json()["features"]["journal"]
    assert info["entries"] == 4
    assert info["committed"] == 4
    assert info["dropped"] == 0
    assert info["cap"] == 100_000


def test_concurrent_requests_are_all_journaled(start: Callable[..., TestClient]) -> None:
    client = start()
    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = list(pool.map(lambda n: client.get(f"/pets/{n}").status_code, range(1, 201)))
    assert statuses == [200] * 200
    assert client.post(f"{API}/count", json={"operation": "getPet"}).json()["count"] == 200


def test_the_admin_token_guards_the_journal(start: Callable[..., TestClient]) -> None:
    client = start(admin_token="t0k")
    assert client.get(API).status_code == 401
    assert client.get(API, headers={"Authorization": "Bearer t0k"}).status_code == 200


def test_the_specs_api_keys_are_redacted_without_being_named(tmp_path: Path) -> None:
    """The bundled example's ``apiKey`` scheme travels in ``X-API-Key``: no ``--redact``."""
    from pymockapi.importing import load_spec
    from pymockapi.serving import ServeOptions, build_app

    assert load_spec(PETSTORE).api_key_names() == ("X-API-Key",)
    options = ServeOptions(spec=str(PETSTORE), journal=str(tmp_path / "j.sqlite3"), stateful=False)
    with TestClient(build_app(options), base_url="http://127.0.0.1:4010") as client:
        headers = {"X-API-Key": "k-s3cret"}
        client.post("/pets", json={"name": "Rex", "species": "dog"}, headers=headers)
        [summary] = client.get(API, params={"operation": "createPet"}).json()["requests"]
        entry = client.get(f"{API}/{summary['id']}")
    assert {"name": "x-api-key", "value": "REDACTED"} in entry.json()["request"]["headers"]
    assert "k-s3cret" not in entry.text


def _keyed_api(header: str) -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {"title": "keyed", "version": "1"},
        "components": {
            "securitySchemes": {"key": {"type": "apiKey", "in": "header", "name": header}}
        },
        "paths": {
            "/things": {
                "get": {
                    "security": [{"key": []}],
                    "responses": {"200": {"description": "ok"}},
                }
            }
        },
    }


def test_an_api_key_renamed_by_a_hot_reload_stays_redacted_under_both_names(
    tmp_path: Path, write_spec: Callable[..., Path]
) -> None:
    path = write_spec(_keyed_api("X-One"))
    feature = journal.setup(path=tmp_path / "journal.sqlite3")
    app = create_app(str(path), features=[feature])
    with TestClient(app, base_url="http://127.0.0.1:4010") as client:
        client.get("/things", headers={"X-One": "first-s3cret"})
        write_spec(_keyed_api("X-Two"))
        assert app.runtime.reload()
        client.get("/things", headers={"X-Two": "second-s3cret", "X-One": "old-s3cret"})
        entries = [
            client.get(f"{API}/{summary['id']}").json()
            for summary in client.get(API).json()["requests"]
        ]
    headers = [{h["name"]: h["value"] for h in e["request"]["headers"]} for e in entries]
    assert len(headers) == 2
    assert all(h.get("x-one", "REDACTED") == "REDACTED" for h in headers)
    assert any(h.get("x-two") == "REDACTED" for h in headers)
    assert "s3cret" not in str(entries)
