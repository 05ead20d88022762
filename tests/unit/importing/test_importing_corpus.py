"""Real-world documents: every one loads or is refused with a clear message; GitHub's is fast."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from pymockapi.errors import PyMockApiError
from pymockapi.importing import load_spec
from tests.support.corpus import github_description, readme_examples

pytestmark = pytest.mark.corpus


def test_every_readme_example_loads_or_is_refused_clearly() -> None:
    loaded, refused = 0, []
    for path in readme_examples():
        try:
            spec = load_spec(path)
        except PyMockApiError as error:
            assert error.message, path
            refused.append(path.name)
            continue
        loaded += 1
        for problem in spec.problems:
            assert problem.file and problem.message, path
    assert loaded > 100
    assert len(refused) < 10, refused


@pytest.mark.parametrize("name", ["petstore.json", "petstore.yaml"])
def test_the_swagger_2_petstore_imports_every_operation(name: str) -> None:
    [path] = [p for p in readme_examples() if p.name == name and p.parts[-3] == "2.0"]

    spec = load_spec(path)

    assert spec.problems == ()
    assert len(spec.operations) == 20
    upload = next(op for op in spec.operations if op.operation_id == "uploadFile")
    assert upload.request_body is not None
    assert upload.request_body.content[0].media_type == "multipart/form-data"


def test_githubs_description_loads_quickly_and_completely() -> None:
    path: Path = github_description()
    started = time.perf_counter()

    spec = load_spec(path)

    elapsed = time.perf_counter() - started
    assert len(spec.operations) > 1000
    assert spec.problems == ()
    assert elapsed < 5.0  # about 1 s on a laptop; generous for busy CI machines
