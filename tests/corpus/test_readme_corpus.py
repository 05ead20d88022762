"""Every document of ``@readme/oas-examples`` loads (or is refused clearly), and every loaded
operation answers a valid request with a documented status and a body that openapi-core
accepts.

The documents are installed from npm into ``.cache/npm`` on first use, never committed.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from starlette.testclient import TestClient

from pymockapi.checking import check_spec
from pymockapi.errors import PyMockApiError
from pymockapi.importing import load_spec
from pymockapi.model import OpenApiVersion, Operation, Spec
from pymockapi.server import create_app
from pymockapi.validation.schemas import compile_schema_validator
from tests.support.corpus import readme_examples
from tests.support.exercise import CannotBuild, valid_call
from tests.support.oracle import OracleCannotJudge, response_errors

pytestmark = pytest.mark.corpus

DOCUMENTS = readme_examples()
ROOT = DOCUMENTS[0].parents[2] if DOCUMENTS else Path(".")

# Documents PyMockAPI refuses on purpose, and the words the refusal must contain.
REFUSED: dict[str, str] = {}


def _id(path: Path) -> str:
    return str(path.relative_to(ROOT))


@pytest.mark.parametrize("path", DOCUMENTS, ids=_id)
def test_document_is_served_within_its_contract(path: Path) -> None:
    name = _id(path)
    try:
        spec = load_spec(path)
    except PyMockApiError as error:
        assert name in REFUSED, f"{name} was refused: {error}"
        assert REFUSED[name] in str(error)
        assert path.name in str(error)
        return
    assert name not in REFUSED, f"{name} loads, but REFUSED says it should not"
    for problem in spec.problems:
        assert path.name in str(problem) and "#/" in str(problem), problem
    failures: list[str] = []
    reported = [problem.pointer for problem in check_spec(spec) if problem.pointer]
    with TestClient(create_app(spec), base_url="http://127.0.0.1:4010") as client:
        for operation in spec.operations:
            failure = _exercise(client, spec, operation, reported)
            if failure:
                failures.append(f"{operation.key}: {failure}")
    assert not failures, "\n".join(failures)


def _exercise(
    client: TestClient, spec: Spec, operation: Operation, reported: list[str]
) -> str | None:
    try:
        call = valid_call(spec, operation)
    except CannotBuild as reason:
        # Accepted only for what plain HTTP cannot carry (mutual TLS), or for a request
        # schema that `pymockapi check` reports as unsatisfiable at load time.
        text = str(reason)
        if "mutual TLS" in text or any(pointer in text for pointer in reported):
            return None
        return f"no valid request could be built, and check did not say why: {text}"
    response = client.request(call.method, call.url, headers=call.all_headers(), content=call.body)
    status = response.status_code
    if operation.responses and not any(r.covers(status) for r in operation.responses):
        return f"undocumented status {status}: {response.text[:300]}"
    # A valid request gets a 2xx whenever one (or a 2XX range, or default) is documented;
    # an operation that documents only errors is answered with its lowest documented one.
    success = any(r.covers(200) or r.status.startswith("2") for r in operation.responses)
    if (success or not operation.responses) and not 200 <= status < 300:
        return f"status {status} for a valid request: {response.text[:300]}"
    if spec.version is OpenApiVersion.SWAGGER_2_0:
        return _own_check(
            operation, status, response.headers.get("content-type", ""), response.content
        )
    try:
        errors = response_errors(spec, call, status, response.headers, response.content, operation)
    except OracleCannotJudge:
        return _own_check(
            operation, status, response.headers.get("content-type", ""), response.content
        )
    return "; ".join(errors)[:500] if errors else None


def _own_check(operation: Operation, status: int, content_type: str, body: bytes) -> str | None:
    """Where openapi-core cannot judge (Swagger 2.0, or a document it rejects), our own
    JSON Schema validator checks the body against the normalized schema."""
    import orjson

    base = content_type.split(";")[0].strip()
    if not body or not (base == "application/json" or base.endswith("+json")):
        return None
    for response in operation.responses:
        if response.covers(status):
            for media in response.content:
                if media.schema is not None and media.media_type.split(";")[0] in (
                    base,
                    "*/*",
                    "application/*",
                ):
                    found = compile_schema_validator(media.schema).violations(
                        orjson.loads(body), "body"
                    )
                    return "; ".join(f"{v.location}: {v.message}" for v in found) or None
            return None
    return None
