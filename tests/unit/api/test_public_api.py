from __future__ import annotations

import subprocess
import sys

import pymockapi


def test_all_is_sorted_and_every_name_resolves() -> None:
    assert pymockapi.__all__ == sorted(pymockapi.__all__)
    for name in pymockapi.__all__:
        assert getattr(pymockapi, name) is not None


def test_unknown_attribute_is_an_attribute_error() -> None:
    try:
        pymockapi.nope  # type: ignore[attr-defined]  # noqa: B018
    except AttributeError as error:
        assert "nope" in str(error)
    else:
        raise AssertionError("expected AttributeError")


def test_importing_the_package_does_not_import_the_web_stack() -> None:
    code = "import sys, pymockapi; print('fastapi' in sys.modules, 'starlette' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]
