"""Stateful CRUD through the whole app: what a client creates, it can read, list and delete."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from pymockapi.config import EngineConfig, ValidationMode
from pymockapi.crud import setup
from pymockapi.importing import load_spec
from pymockapi.server import create_app
from pymockapi.state import MemoryStore, SqliteStore, StateStore
from pymockapi.validation.schemas import compile_schema_validator
from tests.unit.crud.crud_specs import blog_api, envelope_api, keyed_api, pets_api

Serve = Callable[..., TestClient]
MERGE = {"content-type": "application/merge-patch+json"}


@pytest.fixture
def crud(write_spec: Callable[..., Path]) -> Iterator[Serve]:
    """Serve a document statefully: ``crud(doc, store=..., stateful=..., **engine_config)``."""
    clients: list[TestClient] = []

    def start(
        document: dict[str, Any] | Path,
        *,
        store: StateStore | None = None,
        stateful: bool = True,
        **config: Any,
    ) -> TestClient:
        spec = load_spec(document if isinstance(document, Path) else write_spec(document))
        feature = setup(spec, store=store or MemoryStore(), stateful=stateful, seed="0")
        app = create_app(spec, EngineConfig(**config), features=[feature])
        client = TestClient(app, base_url="http://127.0.0.1:4010")
        client.__enter__()
        clients.append(client)
        return client

    yield start
    for client in clients:
        client.__exit__(None, None, None)


@pytest.fixture
def pets(crud: Serve) -> TestClient:
    return crud(pets_api())


def _create(client: TestClient, path: str = "/pets", **body: Any) -> dict[str, Any]:
    response = client.post(path, json=body or {"name": "Rex"})
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


def test_create_read_list_patch_delete_then_read_gives_404(pets: TestClient) -> None:
    created = _create(pets, name="Rex", tag="dog")
    pet_id = created["id"]
    assert pets.get(f"/pets/{pet_id}").json() == created
    assert pets.get("/pets").json() == [created]

    patched = pets.patch(f"/pets/{pet_id}", content=b'{"status": "sold"}', headers=MERGE)
    assert patched.status_code == 200
    assert patched.json() == {**created, "status": "sold"}
    assert pets.get(f"/pets/{pet_id}").json()["status"] == "sold"

    assert pets.delete(f"/pets/{pet_id}").status_code == 204
    gone = pets.get(f"/pets/{pet_id}")
    assert gone.status_code == 404
    assert gone.json()["message"]  # the documented 404 body
    assert pets.get("/pets").json() == []


def test_created_resources_get_a_location_and_the_documented_status(pets: TestClient) -> None:
    response = pets.post("/pets", json={"name": "Rex"})
    assert response.status_code == 201
    assert response.headers["location"] == f"/pets/{response.json()['id']}"


def test_server_assigns_readonly_fields_and_ignores_the_clients(pets: TestClient) -> None:
    first = _create(pets, name="Rex", id=999, createdAt="1999-01-01T00:00:00Z")
    second = _create(pets, name="Tom")
    assert (first["id"], second["id"]) == (1, 2)
    assert first["createdAt"] != "1999-01-01T00:00:00Z"
    assert pets.get("/pets/999").status_code == 404


def test_write_only_properties_are_kept_but_never_served(pets: TestClient) -> None:
    created = _create(pets, name="Rex", secret="hunter2")
    assert "secret" not in created
    assert "secret" not in pets.get(f"/pets/{created['id']}").json()
    assert "secret" not in pets.get("/pets").json()[0]


def test_use_after_free_every_method_gets_404(pets: TestClient) -> None:
    pet_id = _create(pets)["id"]
    assert pets.delete(f"/pets/{pet_id}").status_code == 204
    assert pets.get(f"/pets/{pet_id}").status_code == 404
    assert pets.put(f"/pets/{pet_id}", json={"name": "Back"}).status_code == 404
    assert pets.patch(f"/pets/{pet_id}", content=b'{"name": "x"}', headers=MERGE).status_code == 404
    assert pets.delete(f"/pets/{pet_id}").status_code == 404
    assert pets.get(f"/pets/{pet_id}/photo").status_code == 404
    assert _create(pets)["id"] != pet_id  # a deleted id is never handed out again


def test_unknown_ids_get_the_documented_404(pets: TestClient) -> None:
    response = pets.get("/pets/42")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/json"
    assert "42" in response.json()["message"]


def test_below_an_existing_item_the_spec_answers(pets: TestClient) -> None:
    pet_id = _create(pets)["id"]
    assert pets.get(f"/pets/{pet_id}/photo").status_code == 200
    assert pets.get("/pets/77/photo").status_code == 404


def test_put_replaces_but_keeps_server_fields(pets: TestClient) -> None:
    created = _create(pets, name="Rex", tag="dog")
    replaced = pets.put(f"/pets/{created['id']}", json={"name": "Max", "id": 50})
    assert replaced.status_code == 200
    body = replaced.json()
    assert body["id"] == created["id"]
    assert body["createdAt"] == created["createdAt"]
    assert body["name"] == "Max"
    assert "tag" not in body  # a replace drops what was not sent again
    assert pets.get(f"/pets/{created['id']}").json() == body


def test_merge_patch_null_removes_and_json_patch_body_merges(pets: TestClient) -> None:
    pet_id = _create(pets, name="Rex", tag="dog")["id"]
    removed = pets.patch(f"/pets/{pet_id}", content=b'{"tag": null}', headers=MERGE)
    assert "tag" not in removed.json()
    renamed = pets.patch(f"/pets/{pet_id}", json={"name": "Max"})
    assert renamed.json()["name"] == "Max"
    assert renamed.json()["id"] == pet_id


def test_json_patch_applies_or_changes_nothing(pets: TestClient) -> None:
    pet_id = _create(pets, name="Rex", tag="dog")["id"]
    headers = {"content-type": "application/json-patch+json"}
    patch = [
        {"op": "replace", "path": "/name", "value": "Max"},
        {"op": "remove", "path": "/tag"},
        {"op": "replace", "path": "/id", "value": 77},  # the server's: ignored
    ]
    changed = pets.patch(f"/pets/{pet_id}", json=patch, headers=headers)
    assert changed.status_code == 200
    assert (changed.json()["name"], changed.json()["id"]) == ("Max", pet_id)
    assert "tag" not in changed.json()
    failing = [{"op": "test", "path": "/name", "value": "Rex"}]
    refused = pets.patch(f"/pets/{pet_id}", json=failing, headers=headers)
    assert refused.status_code == 422
    assert pets.get(f"/pets/{pet_id}").json() == changed.json()


def test_lists_honour_limit_offset_filters_and_count_header(pets: TestClient) -> None:
    for index in range(5):
        _create(pets, name=f"pet{index}", status="sold" if index % 2 else "available")
    page = pets.get("/pets", params={"limit": 2, "offset": 1})
    assert [pet["name"] for pet in page.json()] == ["pet1", "pet2"]
    assert page.headers["x-total-count"] == "5"
    sold = pets.get("/pets", params={"status": "sold"})
    assert [pet["name"] for pet in sold.json()] == ["pet1", "pet3"]
    assert sold.headers["x-total-count"] == "2"


def test_a_full_collection_refuses_more_with_507(
    pets: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pymockapi.crud import _support

    monkeypatch.setattr(_support, "MAX_ITEMS", 2)
    _create(pets)
    _create(pets)
    refused = pets.post("/pets", json={"name": "Three"})
    assert refused.status_code == 507
    assert "/__pymockapi/state/reset" in refused.json()["detail"]
    assert pets.post("/pets", json={"name": "x"}, headers={"X-PyMockAPI-Session": "b"}).is_success


def test_prefer_code_and_query_controls_keep_priority(pets: TestClient) -> None:
    assert pets.get("/pets/5", headers={"Prefer": "code=200"}).status_code == 200
    assert pets.get("/pets/5", params={"__code": "200"}).status_code == 200
    pet_id = _create(pets)["id"]
    assert pets.get(f"/pets/{pet_id}", headers={"Prefer": "code=404"}).status_code == 404


def test_sessions_are_isolated(pets: TestClient) -> None:
    alice, bob = {"X-PyMockAPI-Session": "alice"}, {"X-PyMockAPI-Session": "bob"}
    created = pets.post("/pets", json={"name": "Rex"}, headers=alice).json()
    assert pets.get(f"/pets/{created['id']}", headers=alice).status_code == 200
    assert pets.get(f"/pets/{created['id']}", headers=bob).status_code == 404
    assert pets.get("/pets", headers=bob).json() == []
    assert pets.get("/pets").json() == []  # the default session is a session too
    assert pets.post("/pets", json={"name": "Tom"}, headers=bob).json()["id"] == 1


def test_served_items_fit_a_stricter_response_schema(crud: Serve) -> None:
    short_names = {
        "type": "array",
        "items": {
            "type": "object",
            "required": ["id", "name"],
            "properties": {"id": {"type": "integer"}, "name": {"type": "string", "maxLength": 3}},
            "additionalProperties": False,
        },
    }
    client = crud(pets_api(list_schema=short_names))
    created = _create(client, name="Rexford", tag="dog")
    listed = client.get("/pets").json()
    assert len(listed) == 1
    assert listed[0]["id"] == created["id"]
    assert set(listed[0]) == {"id", "name"}
    assert len(listed[0]["name"]) <= 3
    assert client.get("/pets").json() == listed  # the repair is deterministic


def test_reads_serve_the_stored_item_only_where_it_fits(crud: Serve) -> None:
    """A read may send the stored bytes as they are (no parsing): only when that very item
    was found to fit the read's schema; an item that does not is still repaired."""
    document = pets_api()
    strict = {
        "type": "object",
        "required": ["id", "name"],
        "properties": {"id": {"type": "integer"}, "name": {"type": "string", "maxLength": 3}},
        "additionalProperties": False,
    }
    document["paths"]["/pets/{petId}"]["get"]["responses"]["200"] = {
        "description": "ok",
        "content": {"application/json": {"schema": strict}},
    }
    client = crud(document)
    long = client.post("/pets", json={"name": "Rexford", "tag": "dog"})
    read = client.get(f"/pets/{long.json()['id']}").json()
    assert set(read) == {"id", "name"}
    assert len(read["name"]) <= 3
    assert client.get(f"/pets/{long.json()['id']}").json() == read  # every time


class CountingStore(MemoryStore):
    """Counts the reads that parse an item."""

    def __init__(self) -> None:
        super().__init__()
        self.parsed = 0

    def get_item(self, session: str, collection: str, key: str) -> Any | None:
        self.parsed += 1
        return super().get_item(session, collection, key)


def test_a_read_sends_what_was_stored_byte_for_byte(crud: Serve) -> None:
    store = CountingStore()
    client = crud(pets_api(), store=store)
    created = client.post("/pets", json={"name": "Rëx 🐕", "tag": "dog"})
    parsed = store.parsed
    read = client.get(f"/pets/{created.json()['id']}")
    assert read.content == created.content
    assert read.headers["content-length"] == str(len(created.content))
    assert store.parsed == parsed  # served from the stored bytes, never parsed


def test_nested_resources_are_scoped_by_parent(crud: Serve) -> None:
    client = crud(blog_api())
    ann, bob = _create(client, "/users", name="Ann")["id"], _create(client, "/users", name="Bob")
    post = _create(client, f"/users/{ann}/posts", title="Hello")
    assert post["userId"] == ann
    assert client.get(f"/users/{ann}/posts/{post['id']}").json() == post
    assert client.get(f"/users/{bob['id']}/posts/{post['id']}").status_code == 404
    assert client.get(f"/users/{bob['id']}/posts").json() == []
    assert client.get(f"/users/{ann}/posts").json() == [post]
    assert client.post("/users/99/posts", json={"title": "x"}).status_code == 404
    assert client.delete(f"/users/{ann}").status_code == 204
    assert client.get(f"/users/{ann}/posts").status_code == 404
    assert client.get(f"/users/{ann}/posts/{post['id']}").status_code == 404


def test_client_chosen_string_ids_by_put(crud: Serve) -> None:
    client = crud(keyed_api())
    created = client.put("/articles/hello-world", json={"slug": "ignored", "title": "Hi"})
    assert created.status_code == 201
    assert created.json() == {"slug": "hello-world", "title": "Hi"}
    again = client.put("/articles/hello-world", json={"slug": "hello-world", "title": "Hi!"})
    assert again.status_code == 200
    assert client.get("/articles/hello-world").json()["title"] == "Hi!"
    assert client.delete("/articles/hello-world").status_code == 204
    assert client.get("/articles/hello-world").status_code == 404


def test_server_assigned_uuid_ids(crud: Serve) -> None:
    client = crud(keyed_api())
    first = _create(client, "/orders", item="book")
    second = _create(client, "/orders", item="pen")
    assert first["id"] != second["id"]
    assert len(first["id"]) == 36
    assert client.get(f"/orders/{first['id']}").json() == first
    missing = client.get("/orders/8f14e45f-ceea-4e7a-8b3f-8d1f0e1a2b3c")
    assert missing.status_code == 404  # no 404 documented: a problem says so
    assert missing.headers["content-type"] == "application/problem+json"


def test_uuid_ids_are_the_same_on_every_run(crud: Serve) -> None:
    ids = [_create(crud(keyed_api()), "/orders", item="book")["id"] for _ in range(2)]
    assert ids[0] == ids[1]


def test_list_envelopes_are_filled_and_paged(crud: Serve) -> None:
    client = crud(envelope_api())
    for index in range(3):
        _create(client, "/things", label=f"t{index}")
    first = client.get("/things").json()
    assert [thing["label"] for thing in first["data"]] == ["t0", "t1"]
    assert (first["total"], first["page"]) == (3, 1)
    second = client.get("/things", params={"page": 2}).json()
    assert [thing["label"] for thing in second["data"]] == ["t2"]
    assert second["page"] == 2


def test_everything_served_conforms_to_the_bundled_spec(crud: Serve) -> None:
    bundled = Path(__file__).resolve().parents[2] / "specs" / "petstore.yaml"
    client = crud(bundled)
    spec = load_spec(bundled)
    auth = {"X-API-Key": "k"}
    created = client.post("/pets", json={"name": "Rex", "species": "dog"}, headers=auth)
    assert created.status_code == 201
    pet_id = created.json()["id"]
    client.put(f"/pets/{pet_id}", json={"name": "Max", "species": "cat"}, headers=auth)
    exchanges = {
        "createPet": created,
        "getPet": client.get(f"/pets/{pet_id}"),
        "listPets": client.get("/pets"),
        "updatePet": client.patch(
            f"/pets/{pet_id}", content=b'{"status": "sold"}', headers={**auth, **MERGE}
        ),
    }
    for operation_id, response in exchanges.items():
        operation = next(op for op in spec.operations if op.operation_id == operation_id)
        documented = next(r for r in operation.responses if r.status == str(response.status_code))
        schema = documented.content[0].schema
        assert schema is not None
        violations = compile_schema_validator(schema).violations(response.json(), "body")
        assert violations == [], operation_id


def test_reads_can_ask_for_xml(crud: Serve) -> None:
    bundled = Path(__file__).resolve().parents[2] / "specs" / "petstore.yaml"
    client = crud(bundled)
    pet_id = client.post(
        "/pets", json={"name": "Rex", "species": "dog"}, headers={"X-API-Key": "k"}
    ).json()["id"]
    response = client.get(f"/pets/{pet_id}", headers={"accept": "application/xml"})
    assert response.status_code == 200
    assert "<name>Rex</name>" in response.text


def test_works_with_validation_off(crud: Serve) -> None:
    client = crud(pets_api(), validation=ValidationMode.OFF)
    created = _create(client, name="Rex")
    assert client.get(f"/pets/{created['id']}").json()["name"] == "Rex"


def test_admin_shows_and_resets_state(pets: TestClient) -> None:
    pets.post("/pets", json={"name": "Rex"}, headers={"X-PyMockAPI-Session": "a"})
    pets.post("/pets", json={"name": "Tom"}, headers={"X-PyMockAPI-Session": "b"})
    everything = pets.get("/__pymockapi/state").json()["sessions"]
    assert sorted(everything) == ["a", "b"]
    only_a = pets.get("/__pymockapi/state", params={"session": "a"}).json()["sessions"]
    assert [pet["name"] for pet in only_a["a"]["collections"]["/pets"]] == ["Rex"]
    reset = pets.post("/__pymockapi/state/reset", params={"session": "a"})
    assert reset.json() == {"reset": True, "session": "a", "machine": None}
    assert sorted(pets.get("/__pymockapi/state").json()["sessions"]) == ["b"]
    pets.post("/__pymockapi/state/reset")
    assert pets.get("/__pymockapi/state").json() == {"sessions": {}}
    assert pets.get("/pets", headers={"X-PyMockAPI-Session": "b"}).json() == []


def test_admin_state_follows_the_token_rules(write_spec: Callable[..., Path]) -> None:
    spec = load_spec(write_spec(pets_api()))
    feature = setup(spec, store=MemoryStore(), stateful=True, seed="0")
    with TestClient(create_app(spec, features=[feature], admin_token="t")) as client:
        assert client.get("/__pymockapi/state").status_code == 401
        authorized = client.get("/__pymockapi/state", headers={"Authorization": "Bearer t"})
        assert authorized.status_code == 200


def test_not_stateful_leaves_the_mock_answering(crud: Serve) -> None:
    client = crud(pets_api(), stateful=False)
    assert client.get("/pets/5").status_code == 200
    assert client.get("/__pymockapi/state").status_code == 200
    health = client.get("/__pymockapi/health").json()["features"]["state"]
    assert health["stateful"] is False


def test_health_lists_the_inferred_resources(pets: TestClient) -> None:
    health = pets.get("/__pymockapi/health").json()["features"]["state"]
    assert health == {"stateful": True, "store": "MemoryStore", "seed": "0", "resources": ["/pets"]}


def test_sqlite_state_survives_a_restart(crud: Serve, tmp_path: Path) -> None:
    path = tmp_path / "state.db"
    first = crud(pets_api(), store=SqliteStore(path))
    created = _create(first, name="Rex")
    first.__exit__(None, None, None)  # shutdown closes the store
    second = crud(pets_api(), store=SqliteStore(path))
    assert second.get(f"/pets/{created['id']}").json() == created
    assert _create(second)["id"] == created["id"] + 1
