"""Reading a spec file: JSON or YAML by content, and hostile YAML/JSON refused quickly."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from pymockapi.errors import ErrorKind, PyMockApiError
from pymockapi.loading import load_document

Write = Callable[..., Path]

MINIMAL = 'openapi: 3.0.3\ninfo: {title: T, version: "1"}\npaths: {}\n'


def billion_laughs() -> str:
    lines = [MINIMAL, 'x-a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    previous = "a"
    for name in "bcdefghij":
        lines.append(f"x-{name}: &{name} [{', '.join(['*' + previous] * 9)}]")
        previous = name
    return "\n".join(lines) + "\n"


def test_yaml_and_json_are_told_apart_by_content_not_extension(write_spec: Write) -> None:
    as_json = json.dumps({"openapi": "3.0.3", "info": {"title": "J", "version": "1"}, "paths": {}})

    assert load_document(write_spec(as_json, "spec.yaml")).root["info"]["title"] == "J"
    assert load_document(write_spec(MINIMAL, "spec.json")).root["info"]["title"] == "T"


def test_yaml_aliases_are_expanded_as_plain_data(write_spec: Write) -> None:
    text = MINIMAL + "x-shared: &s {type: string}\nx-copy: *s\n"

    root = load_document(write_spec(text)).root

    assert root["x-copy"] == {"type": "string"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(billion_laughs(), "alias bomb", id="billion-laughs"),
        pytest.param(
            MINIMAL + "x-deep: " + "[" * 1000 + "]" * 1000 + "\n",
            "nesting",
            id="yaml-1000-deep-flow",
        ),
        pytest.param(
            MINIMAL + "x-deep:\n" + "- " * 1000 + "x\n", "nesting", id="yaml-1000-deep-block"
        ),
        pytest.param(
            '{"openapi": "3.0.3", "x": ' + "[" * 1000 + "]" * 1000 + "}",
            "nesting",
            id="json-1000-deep",
        ),
        pytest.param(
            '{"openapi": "3.0.3", "x": ' + "[" * 100_000 + "]" * 100_000 + "}",
            "nesting",
            id="json-100000-deep",
        ),
        pytest.param(MINIMAL + "x-loop: &l [*l]\n", "alias", id="recursive-alias"),
    ],
)
def test_hostile_documents_are_refused_quickly_with_a_clear_message(
    write_spec: Write, text: str, expected: str
) -> None:
    path = write_spec(text)
    started = time.monotonic()

    with pytest.raises(PyMockApiError) as caught:
        load_document(path)

    assert time.monotonic() - started < 1.0
    assert caught.value.kind is ErrorKind.SPEC_UNREADABLE
    assert expected in str(caught.value)
    assert str(path.name) in str(caught.value)


def test_python_specific_yaml_tags_are_not_executed(write_spec: Write) -> None:
    text = MINIMAL + "x-evil: !!python/object/apply:os.system ['echo pwned']\n"

    with pytest.raises(PyMockApiError) as caught:
        load_document(write_spec(text))

    assert caught.value.kind is ErrorKind.SPEC_UNREADABLE


@pytest.mark.parametrize(
    ("text", "name", "line"),
    [
        pytest.param(MINIMAL + "x-broken: [1, 2\nx-next: 3\n", "openapi.yaml", "line 5", id="yaml"),
        pytest.param(
            '{\n  "openapi": "3.0.3",\n  "info": {,}\n}', "openapi.json", "line 3", id="json"
        ),
    ],
)
def test_unparseable_files_name_the_file_and_line(
    write_spec: Write, text: str, name: str, line: str
) -> None:
    with pytest.raises(PyMockApiError) as caught:
        load_document(write_spec(text, name))

    message = str(caught.value)
    assert caught.value.kind is ErrorKind.SPEC_UNREADABLE
    assert name in message
    assert line in message


@pytest.mark.parametrize(
    ("text", "found"),
    [
        pytest.param("", "empty", id="empty"),
        pytest.param("- a\n- b\n", "list", id="list"),
        pytest.param("just text\n", "str", id="scalar"),
    ],
)
def test_a_document_that_is_not_an_object_is_refused(
    write_spec: Write, text: str, found: str
) -> None:
    with pytest.raises(PyMockApiError) as caught:
        load_document(write_spec(text))

    assert caught.value.kind is ErrorKind.SPEC_INVALID
    assert "must be a mapping" in str(caught.value)
    assert found in str(caught.value)


def test_a_missing_file_is_spec_not_found(tmp_path: Path) -> None:
    with pytest.raises(PyMockApiError) as caught:
        load_document(tmp_path / "nope.yaml")

    assert caught.value.kind is ErrorKind.SPEC_NOT_FOUND
    assert "nope.yaml" in str(caught.value)


def test_yaml_keys_are_the_text_as_written(write_spec: Write) -> None:
    text = MINIMAL + "x-keys:\n  200: ok\n  on: yes\n  base: &b {a: 1}\n  merged: {<<: *b, c: 2}\n"

    keys = load_document(write_spec(text)).root["x-keys"]

    assert keys == {"200": "ok", "on": True, "base": {"a": 1}, "merged": {"a": 1, "c": 2}}


def test_a_folder_or_binary_file_is_unreadable_not_a_traceback(tmp_path: Path) -> None:
    binary = tmp_path / "spec.yaml"
    binary.write_bytes(b"openapi: 3.0.3\ninfo: \xff\xfe\n")

    for source, reason in ((tmp_path, "is a folder"), (binary, "not UTF-8")):
        with pytest.raises(PyMockApiError) as caught:
            load_document(source)
        assert caught.value.kind is ErrorKind.SPEC_UNREADABLE
        assert reason in str(caught.value)
