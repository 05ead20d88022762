"""$refs may only read files under the spec's folder; URLs only when the user allows it."""

from __future__ import annotations

import http.server
import json
import os
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from pymockapi.errors import ErrorKind, PyMockApiError
from pymockapi.importing import load_spec
from pymockapi.loading import load_document
from tests.conftest import openapi

Write = Callable[..., Path]
SECRET = "TOP-SECRET-3f9a1c"


def referring_to(ref: str) -> dict[str, Any]:
    schema = {"$ref": ref}
    ok = {"200": {"description": "ok", "content": {"application/json": {"schema": schema}}}}
    return openapi({"/pets": {"get": {"responses": ok}}})


PAGES = {
    "/pet.json": {"type": "object", "properties": {"name": {"$ref": "common/name.json"}}},
    "/common/name.json": {"type": "string"},
    "/openapi.json": referring_to("pet.json"),
}


class _Counting(http.server.BaseHTTPRequestHandler):
    hits: list[str]

    def do_GET(self) -> None:
        self.hits.append(self.path)
        if self.path not in PAGES:
            self.send_error(404)
            return
        body = json.dumps(PAGES[self.path]).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:  # silence the stdlib's logging
        pass


@pytest.fixture
def listener() -> Iterator[tuple[str, list[str]]]:
    """An HTTP server on 127.0.0.1 that records every request it gets."""
    hits: list[str] = []
    handler = type("Handler", (_Counting,), {"hits": hits})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", hits
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture
def outside_secret(tmp_path: Path) -> Path:
    """A file with a secret, next to (outside) the folder that holds the spec."""
    secret = tmp_path / "outside.yaml"
    secret.write_text(f"type: string\ndescription: {SECRET}\n", encoding="utf-8")
    return secret


@pytest.fixture
def spec_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "spec"
    folder.mkdir()
    return folder


def write_in(folder: Path, document: dict[str, Any], write_spec: Write) -> Path:
    return write_spec(document, f"{folder.name}/openapi.yaml")


@pytest.mark.parametrize(
    ("ref", "reason"),
    [
        pytest.param("../outside.yaml", "leaves the spec's folder", id="parent-folder"),
        pytest.param("sub/../../outside.yaml", "leaves the spec's folder", id="sneaky-parent"),
        pytest.param("file:///etc/passwd", "'file:' references are not allowed", id="file-url"),
        pytest.param("/etc/passwd", "absolute paths are not allowed", id="absolute-path"),
        pytest.param("ftp://example.com/x.yaml", "'ftp:' references", id="ftp-url"),
    ],
)
def test_refs_outside_the_spec_folder_are_refused_without_reading_them(
    spec_dir: Path,
    outside_secret: Path,
    write_spec: Write,
    monkeypatch: pytest.MonkeyPatch,
    ref: str,
    reason: str,
) -> None:
    path = write_in(spec_dir, referring_to(ref), write_spec)
    opened: list[Path] = []
    real_open = Path.open

    def spying_open(self: Path, *args: Any, **kwargs: Any) -> Any:
        opened.append(self)
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", spying_open)
    started = time.monotonic()

    with pytest.raises(PyMockApiError) as caught:
        load_spec(path)

    assert time.monotonic() - started < 1.0
    assert opened == [path]
    error = caught.value
    assert error.kind is ErrorKind.REF_REFUSED
    assert reason in str(error)
    assert error.pointer == "/paths/~1pets/get/responses/200/content/application~1json/schema"
    assert SECRET not in str(error)
    assert "root:" not in str(error)  # nothing from /etc/passwd either


def test_a_symlink_that_points_outside_the_folder_is_refused(
    spec_dir: Path, outside_secret: Path, write_spec: Write
) -> None:
    (spec_dir / "link.yaml").symlink_to(outside_secret)
    path = write_in(spec_dir, referring_to("link.yaml"), write_spec)

    with pytest.raises(PyMockApiError) as caught:
        load_spec(path)

    assert caught.value.kind is ErrorKind.REF_REFUSED
    assert "through a link" in str(caught.value)
    assert SECRET not in str(caught.value)


def test_remote_refs_are_refused_and_never_fetched_by_default(
    listener: tuple[str, list[str]], write_spec: Write
) -> None:
    url, hits = listener
    path = write_spec(referring_to(f"{url}/pet.json"))

    with pytest.raises(PyMockApiError) as caught:
        load_spec(path)

    assert caught.value.kind is ErrorKind.REF_REFUSED
    assert "allow_remote_refs" in str(caught.value)
    assert hits == []


def test_remote_refs_are_fetched_when_allowed(
    listener: tuple[str, list[str]], write_spec: Write
) -> None:
    url, hits = listener
    path = write_spec(referring_to(f"{url}/pet.json"))

    spec = load_spec(path, allow_remote_refs=True)

    assert hits == ["/pet.json", "/common/name.json"]
    schema = spec.operations[0].responses[0].content[0].schema
    assert schema is not None
    target = spec.response_document.resolve(schema.node["$ref"])  # type: ignore[index]
    name = spec.response_document.resolve(target["properties"]["name"]["$ref"])
    assert name == {"type": "string"}
    assert spec.files[1:] == (f"{url}/pet.json", f"{url}/common/name.json")


def test_a_spec_can_be_loaded_from_a_url_when_allowed(listener: tuple[str, list[str]]) -> None:
    url, hits = listener

    spec = load_spec(f"{url}/openapi.json", allow_remote_refs=True)

    assert hits == ["/openapi.json", "/pet.json", "/common/name.json"]
    assert [op.path for op in spec.operations] == ["/pets"]
    assert spec.problems == ()


def test_a_remote_document_cannot_reach_local_files(
    listener: tuple[str, list[str]], write_spec: Write, monkeypatch: pytest.MonkeyPatch
) -> None:
    url, _ = listener
    monkeypatch.setitem(PAGES, "/evil.json", {"$ref": "file:///etc/passwd"})

    with pytest.raises(PyMockApiError) as caught:
        load_spec(write_spec(referring_to(f"{url}/evil.json")), allow_remote_refs=True)

    assert caught.value.kind is ErrorKind.REF_REFUSED
    assert "root:" not in str(caught.value)


def test_a_spec_given_as_url_needs_permission(listener: tuple[str, list[str]]) -> None:
    url, hits = listener

    with pytest.raises(PyMockApiError) as caught:
        load_document(f"{url}/openapi.json")

    assert caught.value.kind is ErrorKind.REF_REFUSED
    assert hits == []


def test_a_fifo_in_the_spec_folder_is_not_read(spec_dir: Path, write_spec: Write) -> None:
    os.mkfifo(spec_dir / "pipe.yaml")
    path = write_in(spec_dir, referring_to("pipe.yaml"), write_spec)
    started = time.monotonic()

    with pytest.raises(PyMockApiError) as caught:
        load_spec(path)

    assert time.monotonic() - started < 1.0
    assert "not a regular file" in str(caught.value)
