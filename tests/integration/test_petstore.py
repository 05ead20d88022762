"""The bundled example, through the real ASGI app: what a frontend developer sees."""

from __future__ import annotations

import base64
import json

import pytest
from starlette.testclient import TestClient

from pymockapi.importing import load_spec
from tests.integration.conftest import PETSTORE
from tests.support.exercise import valid_call
from tests.support.oracle import response_errors

SPEC = load_spec(PETSTORE)
KEY = {"X-API-Key": "secret"}


@pytest.mark.parametrize("operation", SPEC.operations, ids=lambda op: op.key)
def test_every_operation_answers_a_valid_request_within_the_contract(
    petstore: TestClient, operation: object
) -> None:
    call = valid_call(SPEC, operation)  # type: ignore[arg-type]
    response = petstore.request(
        call.method, call.url, headers=call.all_headers(), content=call.body
    )
    assert 200 <= response.status_code < 300, response.text
    assert (
        response_errors(SPEC, call, response.status_code, response.headers, response.content) == []
    )


def test_static_mode_serves_the_first_named_example(petstore: TestClient) -> None:
    response = petstore.get("/pets")
    assert response.status_code == 200
    assert [pet["name"] for pet in response.json()] == ["Rex", "Tom"]


def test_prefer_example_picks_a_named_example(petstore: TestClient) -> None:
    assert petstore.get("/pets", headers={"Prefer": "example=empty"}).json() == []


def test_query_controls_work_without_a_prefer_header(petstore: TestClient) -> None:
    assert petstore.get("/pets?__example=empty").json() == []


def test_prefer_code_serves_the_documented_error(petstore: TestClient) -> None:
    response = petstore.get("/pets/5", headers={"Prefer": "code=404"})
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["detail"] == "No pet with this id."


@pytest.mark.parametrize(
    ("headers", "url"),
    [
        pytest.param({"Prefer": "code=418"}, "/pets/5", id="undocumented-code"),
        pytest.param({"Prefer": "example=nope"}, "/pets", id="unknown-example"),
    ],
)
def test_impossible_controls_get_a_clear_4xx(
    petstore: TestClient, headers: dict[str, str], url: str
) -> None:
    response = petstore.get(url, headers=headers)
    assert 400 <= response.status_code < 500
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["detail"]


def test_generated_pet_echoes_the_path_id_and_is_deterministic(petstore: TestClient) -> None:
    first = petstore.get("/pets/42")
    second = petstore.get("/pets/42")
    other = petstore.get("/pets/43")
    assert first.json()["id"] == 42
    assert first.content == second.content
    assert other.json()["id"] == 43


def test_seed_changes_generated_data(petstore: TestClient) -> None:
    plain = petstore.get("/pets/42", headers={"Prefer": "seed=1"}).content
    assert plain == petstore.get("/pets/42?__seed=1").content
    assert plain != petstore.get("/pets/42", headers={"Prefer": "seed=2"}).content


def test_base_path_of_servers_is_served(petstore: TestClient) -> None:
    assert petstore.get("/v2/pets/1").json()["id"] == 1
    assert petstore.get("/api/pets/1").json()["id"] == 1


def test_concrete_path_beats_template(petstore: TestClient) -> None:
    response = petstore.get("/users/me", headers={"Authorization": "Bearer t"})
    assert response.status_code == 200
    assert "password" not in response.json()


def test_unknown_path_is_404_problem_with_nearest_routes(petstore: TestClient) -> None:
    response = petstore.get("/pet/1")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert "/pets/{petId}" in response.json()["nearest"]


def test_wrong_method_is_405_with_allow(petstore: TestClient) -> None:
    response = petstore.post("/pets/1", headers=KEY)
    assert response.status_code == 405
    assert set(response.headers["allow"].split(", ")) >= {"GET", "PUT", "PATCH", "DELETE", "HEAD"}


def test_head_has_headers_but_no_body(petstore: TestClient) -> None:
    response = petstore.head("/pets/1")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    assert response.content == b""


def test_delete_is_204_without_body(petstore: TestClient) -> None:
    response = petstore.delete("/pets/1", headers=KEY)
    assert response.status_code == 204
    assert response.content == b""


def test_deprecated_operation_says_so(petstore: TestClient) -> None:
    assert petstore.get("/store/inventory").headers["deprecation"] == "true"


def test_xml_when_asked(petstore: TestClient) -> None:
    response = petstore.get("/pets/1", headers={"Accept": "application/xml"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/xml")
    assert response.text.lstrip().startswith(("<?xml", "<pet"))
    assert "<pet" in response.text


def test_accept_nobody_can_satisfy_is_406(petstore: TestClient) -> None:
    response = petstore.get("/pets/1", headers={"Accept": "text/csv"})
    assert response.status_code == 406
    assert response.headers["content-type"] == "application/problem+json"


def test_text_and_binary_bodies(petstore: TestClient) -> None:
    notes = petstore.get("/pets/1/notes")
    assert notes.headers["content-type"].startswith("text/plain")
    assert notes.text == "Loves long walks. Allergic to chicken."
    photo = petstore.get("/pets/1/photo")
    assert photo.headers["content-type"] == "image/png"
    assert isinstance(photo.content, bytes) and photo.content


def test_documented_response_headers_are_sent(petstore: TestClient) -> None:
    response = petstore.get("/pets")
    assert int(response.headers["x-total-count"]) >= 0
    created = petstore.post("/pets", json={"name": "Rex", "species": "dog"}, headers=KEY)
    assert created.status_code == 201
    assert created.headers["location"]


def test_invalid_query_gets_the_documented_400_with_every_violation(petstore: TestClient) -> None:
    response = petstore.get("/pets?limit=0&offset=-1")
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("application/problem+json")
    violations = json.loads(response.headers["x-pymockapi-violations"])
    assert {v["location"] for v in violations} == {"query.limit", "query.offset"}
    assert "query.limit" in response.json()["detail"]


def test_invalid_body_gets_the_documented_422_with_message(petstore: TestClient) -> None:
    response = petstore.post(
        "/pets", json={"name": "", "species": "dragon", "tags": ["A"]}, headers=KEY
    )
    assert response.status_code == 422
    body = response.json()
    assert set(body) >= {"message", "errors"}
    for location in ("body.name", "body.species", "body.tags[0]"):
        assert location in body["message"]


def test_missing_credentials_is_401_with_challenge(petstore: TestClient) -> None:
    response = petstore.post("/pets", json={"name": "Rex", "species": "dog"})
    assert response.status_code == 401
    challenges = response.headers.get_list("www-authenticate")
    assert any(c.lower().startswith("bearer") for c in challenges)
    assert response.headers["content-type"].startswith("application/problem+json")


def test_basic_credentials_are_accepted_as_an_alternative(petstore: TestClient) -> None:
    token = base64.b64encode(b"ann:pw").decode()
    assert (
        petstore.get("/users/ann_1", headers={"Authorization": f"Basic {token}"}).status_code == 200
    )


def test_unsupported_content_type_is_415(petstore: TestClient) -> None:
    response = petstore.post(
        "/pets", content=b"name=Rex", headers={**KEY, "content-type": "text/csv"}
    )
    assert response.status_code == 415
    assert response.headers["content-type"] == "application/problem+json"


def test_form_body_is_validated(petstore: TestClient) -> None:
    ok = petstore.post("/pets", data={"name": "Rex", "species": "dog"}, headers=KEY)
    assert ok.status_code == 201
    bad = petstore.post("/pets", data={"name": "Rex", "species": "unicorn"}, headers=KEY)
    assert bad.status_code == 422


def test_multipart_upload(petstore: TestClient) -> None:
    response = petstore.put(
        "/pets/1/photo",
        files={"file": ("a.png", b"\x89PNG....", "image/png")},
        data={"caption": "hi"},
        headers=KEY,
    )
    assert response.status_code == 200
    missing = petstore.put(
        "/pets/1/photo", data={"caption": "no file"}, files={"other": ("x", b"1")}, headers=KEY
    )
    assert missing.status_code in (400, 422)


@pytest.mark.parametrize(
    "payload",
    [
        pytest.param(b'{"name": "Rex", ', id="broken-json"),
        pytest.param(b"[" * 5000 + b"]" * 5000, id="nested-5000-deep"),
        pytest.param(b"\xff\xfe\x00garbage", id="not-utf8"),
    ],
)
def test_malformed_bodies_get_the_documented_4xx_not_500(
    petstore: TestClient, payload: bytes
) -> None:
    """createPet documents 422 (not 400) for bad input, so that is what a malformed body gets."""
    response = petstore.post(
        "/pets", content=payload, headers={**KEY, "content-type": "application/json"}
    )
    assert response.status_code == 422
    assert "body" in response.json()["message"]
    assert petstore.get("/pets/1").status_code == 200  # and the server is still fine


def test_malformed_body_without_documented_error_is_400_problem(petstore: TestClient) -> None:
    response = petstore.put(
        "/pets/1", content=b"{", headers={**KEY, "content-type": "application/json"}
    )
    assert response.status_code == 422  # replacePet documents 422
    response = petstore.patch(
        "/pets/1", content=b"{", headers={**KEY, "content-type": "application/merge-patch+json"}
    )
    assert response.status_code == 422


def test_broken_multipart_is_400(petstore: TestClient) -> None:
    response = petstore.put(
        "/pets/1/photo",
        content=b'--xyz\r\nContent-Disposition: form-data; name="file"\r\n\r\nabc',
        headers={**KEY, "content-type": "multipart/form-data; boundary=xyz"},
    )
    assert response.status_code == 400


def test_header_and_cookie_parameters_are_validated(petstore: TestClient) -> None:
    body = {"petId": 1, "quantity": 1, "payment": {"method": "card", "last4": "4242"}}
    missing = petstore.post("/store/orders", json=body, headers=KEY)
    assert missing.status_code == 422
    assert "header.Idempotency-Key" in missing.headers["x-pymockapi-violations"]
    short_cookie = petstore.get(
        "/store/orders/3fa85f64-5717-4562-b3fc-2c963f66afa6",
        headers={**KEY, "Cookie": "session=abc"},
    )
    assert short_cookie.status_code == 422  # no documented 4xx: a problem+json 422
    assert "cookie.session" in short_cookie.headers["x-pymockapi-violations"]


def test_deep_object_and_delimited_query_styles(petstore: TestClient) -> None:
    assert petstore.get("/pets/search?filter[species]=dog&filter[minAge]=2").status_code == 200
    bad = petstore.get("/pets/search?filter[species]=dragon")
    assert bad.status_code == 400 or bad.status_code == 422
    assert petstore.get("/pets?status=available,pending&tags=a|b").status_code == 200
    assert petstore.get("/pets?status=available,flying").status_code == 400


def test_cors_preflight_and_origin_echo(petstore: TestClient) -> None:
    preflight = petstore.options(
        "/pets",
        headers={
            "Origin": "http://app.local",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "x-api-key, content-type",
        },
    )
    assert preflight.status_code == 204
    assert preflight.headers["access-control-allow-origin"] == "http://app.local"
    assert "POST" in preflight.headers["access-control-allow-methods"]
    assert preflight.headers["access-control-allow-headers"] == "x-api-key, content-type"
    simple = petstore.get("/pets", headers={"Origin": "http://app.local"})
    assert simple.headers["access-control-allow-origin"] == "http://app.local"


def test_recursive_schema_keeps_required_properties(petstore: TestClient) -> None:
    def walk(node: dict) -> None:  # type: ignore[type-arg]
        assert {"slug", "name", "children"} <= set(node)
        for child in node["children"]:
            walk(child)

    walk(petstore.get("/categories/dogs").json())


def test_discriminated_payment_in_generated_order(petstore: TestClient) -> None:
    order = petstore.get("/store/orders/3fa85f64-5717-4562-b3fc-2c963f66afa6", headers=KEY).json()
    payment = order["payment"]
    assert payment["method"] in ("card", "bank")
    assert ("last4" in payment) == (payment["method"] == "card")
