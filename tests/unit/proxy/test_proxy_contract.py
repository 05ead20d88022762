"""What the validation proxy reports about real responses, and what it refuses to reach."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from pymockapi.model import Operation, Spec
from pymockapi.proxy import UpstreamRefused, check_upstream, validate_response
from pymockapi.proxy.forward import forwardable
from pymockapi.proxy.safety import refuse_target
from tests.support.loopback_upstream import PETS_SPEC

JSON = [("content-type", "application/json")]


@pytest.fixture
def get_pet(make_spec: Callable[..., Spec]) -> Operation:
    spec = make_spec(PETS_SPEC)
    return next(op for op in spec.operations if op.operation_id == "getPet")


@pytest.mark.parametrize(
    ("status", "headers", "body", "expected"),
    [
        pytest.param(200, [*JSON, ("X-Rate", "5")], b'{"id":1,"name":"a"}', [], id="conforming"),
        pytest.param(
            200,
            [*JSON, ("X-Rate", "5")],
            b'{"id":"1"}',
            ["response.body", "response.body.id"],
            id="wrong-type-and-missing-property",
        ),
        pytest.param(
            200, JSON, b'{"id":1,"name":"a"}', ["response.header.X-Rate"], id="header-missing"
        ),
        pytest.param(
            200,
            [*JSON, ("x-rate", "fast")],
            b'{"id":1,"name":"a"}',
            ["response.header.X-Rate"],
            id="header-wrong-type",
        ),
        pytest.param(418, JSON, b"{}", ["response.status"], id="undocumented-status"),
        pytest.param(
            200,
            [("content-type", "text/html"), ("X-Rate", "1")],
            b"<p>",
            ["response.header.Content-Type"],
            id="undocumented-media-type",
        ),
        pytest.param(200, [*JSON, ("X-Rate", "1")], b"{oops", ["response.body"], id="broken-json"),
        pytest.param(404, [], b"", [], id="documented-without-content"),
        pytest.param(200, [("X-Rate", "1")], b"", ["response.body"], id="empty-body"),
    ],
)
def test_response_violations_name_where_the_contract_breaks(
    get_pet: Operation,
    status: int,
    headers: list[tuple[str, str]],
    body: bytes,
    expected: list[str],
) -> None:
    found = validate_response(get_pet, status, headers, body)
    assert [v.location for v in found] == expected


def test_nested_locations_point_into_arrays(make_spec: Callable[..., Spec]) -> None:
    spec = make_spec(PETS_SPEC)
    list_pets = next(op for op in spec.operations if op.operation_id == "listPets")
    found = validate_response(list_pets, 200, JSON, b'[{"id":1,"name":"a"},{"id":"x","name":"b"}]')
    assert [(v.location, v.message) for v in found] == [
        ("response.body[1].id", "must be an integer (got 'x')")
    ]


def test_a_head_answer_needs_no_body(get_pet: Operation) -> None:
    assert validate_response(get_pet, 200, [("X-Rate", "1")], b"", head=True) == []


@pytest.mark.parametrize(
    "url",
    [
        pytest.param("http://169.254.169.254/latest", id="aws-metadata"),
        pytest.param("http://metadata.google.internal/computeMetadata/v1/", id="gcp-metadata"),
        pytest.param("http://169.254.10.20:8080", id="link-local-v4"),
        pytest.param("http://[fe80::1]/", id="link-local-v6"),
        pytest.param("http://[fd00:ec2::254]/", id="aws-metadata-v6"),
        pytest.param("http://[::ffff:169.254.169.254]/", id="v4-mapped-metadata"),
        pytest.param("ftp://127.0.0.1/", id="not-http"),
        pytest.param("http://127.0.0.1/?next=x", id="query-in-upstream"),
    ],
)
def test_dangerous_upstreams_are_refused(url: str) -> None:
    with pytest.raises(UpstreamRefused):
        check_upstream(url)


def test_loopback_and_private_upstreams_are_allowed_and_the_flag_allows_link_local() -> None:
    assert check_upstream("http://127.0.0.1:8080/api/") == "http://127.0.0.1:8080/api"
    assert check_upstream("http://localhost:9000") == "http://localhost:9000"
    assert check_upstream("http://10.1.2.3") == "http://10.1.2.3"
    assert (
        check_upstream("http://169.254.169.254", allow_link_local=True) == "http://169.254.169.254"
    )


@pytest.mark.parametrize(
    ("method", "target", "refused"),
    [
        pytest.param("GET", "/pets?x=1", False, id="origin-form"),
        pytest.param("OPTIONS", "*", False, id="asterisk-form"),
        pytest.param("GET", "http://evil.test/x", True, id="absolute-other-host"),
        pytest.param("GET", "http://up.test:81/x", False, id="absolute-upstream"),
        pytest.param("GET", "http://127.0.0.1:4010/x", False, id="absolute-proxy-itself"),
        pytest.param("CONNECT", "evil.test:443", True, id="connect"),
        pytest.param("GET", "evil.test/x", True, id="garbage"),
    ],
)
def test_request_targets_other_than_the_upstream_are_refused(
    method: str, target: str, refused: bool
) -> None:
    reason: Any = refuse_target(method, target, "http://up.test:81", "127.0.0.1:4010")
    assert (reason is not None) is refused


def test_hop_by_hop_headers_and_those_named_in_connection_are_dropped() -> None:
    headers = [
        ("Connection", "close, X-Trace"),
        ("X-Trace", "1"),
        ("Keep-Alive", "5"),
        ("Transfer-Encoding", "chunked"),
        ("Host", "proxy"),
        ("Accept", "*/*"),
    ]
    assert forwardable(headers, response=False) == [("Accept", "*/*")]
    assert forwardable([("Content-Encoding", "gzip"), ("ETag", "x")], response=True) == [
        ("ETag", "x")
    ]
