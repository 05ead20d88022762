from __future__ import annotations

import pytest

from pymockapi.model import Operation, Server
from pymockapi.routing import Match, Router


def op(method: str, path: str) -> Operation:
    return Operation(method=method, path=path, pointer=f"/paths/{path}/{method.lower()}")


ROUTER = Router(
    [
        op("GET", "/users/me"),
        op("GET", "/users/{id}"),
        op("DELETE", "/users/{id}"),
        op("GET", "/users/{id}/posts/{postId}"),
        op("GET", "/files/{name}.{ext}"),
        op("GET", "/files/{id}"),
        op("GET", "/reports/{year}-{month}.csv"),
        op("POST", "/pets"),
        op("GET", "/"),
    ],
    [Server("https://api.example.com/v2", "/v2")],
)


@pytest.mark.parametrize(
    ("method", "path", "template", "params"),
    [
        pytest.param("GET", "/users/me", "/users/me", {}, id="concrete-beats-template"),
        pytest.param("GET", "/users/42", "/users/{id}", {"id": "42"}, id="template"),
        pytest.param(
            "DELETE",
            "/users/me",
            "/users/{id}",
            {"id": "me"},
            id="falls-back-to-template-for-method",
        ),
        pytest.param(
            "GET",
            "/users/7/posts/abc",
            "/users/{id}/posts/{postId}",
            {"id": "7", "postId": "abc"},
            id="nested",
        ),
        pytest.param(
            "GET",
            "/files/report.pdf",
            "/files/{name}.{ext}",
            {"name": "report", "ext": "pdf"},
            id="mixed-segment",
        ),
        pytest.param(
            "GET", "/files/readme", "/files/{id}", {"id": "readme"}, id="plain-after-mixed"
        ),
        pytest.param(
            "GET",
            "/reports/2024-05.csv",
            "/reports/{year}-{month}.csv",
            {"year": "2024", "month": "05"},
            id="two-params-one-segment",
        ),
        pytest.param("GET", "/v2/users/1", "/users/{id}", {"id": "1"}, id="server-base-path"),
        pytest.param("GET", "/users/a%20b", "/users/{id}", {"id": "a b"}, id="percent-decoded"),
        pytest.param(
            "GET", "/users/a%2Fb", "/users/{id}", {"id": "a/b"}, id="encoded-slash-stays-in-segment"
        ),
        pytest.param("POST", "/pets/", "/pets", {}, id="trailing-slash"),
        pytest.param("GET", "/", "/", {}, id="root"),
        pytest.param("HEAD", "/users/1", "/users/{id}", {"id": "1"}, id="head-served-by-get"),
    ],
)
def test_full_matches(method: str, path: str, template: str, params: dict[str, str]) -> None:
    found = ROUTER.match(method, path)
    assert found.match is Match.FULL
    assert found.operation is not None
    assert found.operation.path == template
    assert found.path_params == params


def test_method_mismatch_is_partial_with_allowed_methods() -> None:
    found = ROUTER.match("PATCH", "/users/me")
    assert found.match is Match.PARTIAL
    assert set(found.allowed) == {"GET", "DELETE", "HEAD"}


@pytest.mark.parametrize("path", ["/nope", "/users", "/users/1/posts", "/v3/users/1", "/users//x"])
def test_no_match(path: str) -> None:
    assert ROUTER.match("GET", path).match is Match.NONE


def test_documented_head_wins_over_get() -> None:
    router = Router([op("GET", "/a"), op("HEAD", "/a")])
    found = router.match("HEAD", "/a")
    assert found.operation is not None and found.operation.method == "HEAD"


def test_operation_servers_override_document_servers() -> None:
    special = Operation(
        "GET", "/ping", "/paths/~1ping/get", servers=(Server("/internal", "/internal"),)
    )
    router = Router([special], [Server("https://x/v2", "/v2")])
    assert router.match("GET", "/internal/ping").match is Match.FULL
    assert router.match("GET", "/v2/ping").match is Match.NONE
    assert router.match("GET", "/ping").match is Match.FULL


def test_nearest_routes_for_a_miss() -> None:
    assert ROUTER.nearest("/user/1")[0] in {"/users/{id}", "/users/me"}


def test_routing_cost_does_not_depend_on_operation_count() -> None:
    """The trie visits only the nodes on the request's path: count them, not seconds."""
    many = Router(
        [op("GET", f"/resource{i}/{{id}}") for i in range(2000)] + [op("GET", "/target/{id}")]
    )
    visited: list[object] = []
    original = many._walk

    def counting(node, segments, index, params):  # type: ignore[no-untyped-def]
        visited.append(node)
        return original(node, segments, index, params)

    many._walk = counting  # type: ignore[method-assign]
    assert many.match("GET", "/target/5").match is Match.FULL
    assert len(visited) <= 3


def test_repeated_matches_are_memoized_but_never_shared() -> None:
    router = Router([op("GET", "/users/{id}")])
    first = router.match("GET", "/users/7")
    first.path_params["id"] = "changed by a caller"
    again = router.match("GET", "/users/7")
    assert again.path_params == {"id": "7"}
    assert again.operation is first.operation
