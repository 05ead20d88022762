"""Compare a recorded response with a new one: status, chosen headers, body (JSON by value)."""

from __future__ import annotations

import difflib
import json
from collections.abc import Sequence
from typing import Any

from pymockapi._accept import essence, is_json
from pymockapi.exchange import HttpResponse
from pymockapi.replay._jsonpath import Step, covers, show

Pattern = Sequence[tuple[str, Step]]
_MISSING = object()
_SHOWN = 80
MAX_DIFFERENCES = 50


def _short(value: Any) -> str:
    if value is _MISSING:
        return "(absent)"
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return text if len(text) <= _SHOWN else text[: _SHOWN - 3] + "..."


def json_differences(
    expected: Any, actual: Any, ignore: Sequence[Pattern] = (), path: tuple[Step, ...] = ()
) -> list[str]:
    """Human lines, one per difference, skipping ignored paths (and all below them)."""
    if any(covers(pattern, path) for pattern in ignore):
        return []
    if isinstance(expected, dict) and isinstance(actual, dict):
        lines: list[str] = []
        for key in [*expected, *(k for k in actual if k not in expected)]:
            lines += json_differences(
                expected.get(key, _MISSING), actual.get(key, _MISSING), ignore, (*path, key)
            )
        return lines
    if isinstance(expected, list) and isinstance(actual, list):
        lines = []
        for index in range(max(len(expected), len(actual))):
            lines += json_differences(
                expected[index] if index < len(expected) else _MISSING,
                actual[index] if index < len(actual) else _MISSING,
                ignore,
                (*path, index),
            )
        return lines
    if _same(expected, actual):
        return []
    return [f"{show(path)}: expected {_short(expected)}, got {_short(actual)}"]


def _same(expected: Any, actual: Any) -> bool:
    """Equal as JSON values: ``1 == 1.0``, but ``true`` is not ``1``."""
    if isinstance(expected, bool) or isinstance(actual, bool):
        return expected is actual
    if isinstance(expected, int | float) and isinstance(actual, int | float):
        return expected == actual
    return type(expected) is type(actual) and bool(expected == actual)


def _media(value: str | None) -> str:
    return "/".join(essence(value)) if value else ""


def response_differences(
    recorded: HttpResponse,
    actual: HttpResponse,
    *,
    ignore: Sequence[Pattern] = (),
    headers: Sequence[str] = ("content-type",),
) -> list[str]:
    """Every difference a person should see, empty when the new answer is the same."""
    lines = []
    if recorded.status != actual.status:
        lines.append(f"status: expected {recorded.status}, got {actual.status}")
    for name in headers:
        want, got = recorded.header(name), actual.header(name)
        if name.lower() == "content-type":
            want, got = _media(want), _media(got)
        if want != got:
            lines.append(f"header {name}: expected {want!r}, got {got!r}")
    lines += _body_differences(recorded, actual, ignore)
    if len(lines) > MAX_DIFFERENCES:
        lines = [*lines[:MAX_DIFFERENCES], f"... and {len(lines) - MAX_DIFFERENCES} more"]
    return lines


def _body_differences(
    recorded: HttpResponse, actual: HttpResponse, ignore: Sequence[Pattern]
) -> list[str]:
    if recorded.body == actual.body:
        return []
    kind = recorded.header("content-type") or ""
    if is_json(kind) or not kind:
        try:
            want, got = json.loads(recorded.body), json.loads(actual.body)
        except ValueError:
            pass
        else:
            return json_differences(want, got, ignore)
    if any(covers(pattern, ()) for pattern in ignore):
        return []
    want_text = recorded.body.decode("utf-8", errors="replace").splitlines()
    got_text = actual.body.decode("utf-8", errors="replace").splitlines()
    unified = difflib.unified_diff(want_text, got_text, "recorded", "actual", lineterm="", n=1)
    shown = list(unified)[:20]
    return ["body differs:", *(f"  {line}" for line in shown)] if shown else ["body differs"]
