"""Text -> Python value: JSON or YAML, detected by content, depth-capped."""

from __future__ import annotations

import json
from typing import Any

from pymockapi.errors import PyMockApiError
from pymockapi.loading._yaml import MAX_DEPTH, YamlError, parse_yaml


def decode(data: bytes, file: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise PyMockApiError.spec_unreadable(file, f"not UTF-8 text ({exc.reason})") from None


def parse_text(text: str, file: str) -> Any:
    """Parse JSON (when the text looks like JSON) or YAML; refuse anything too deep."""
    if text.lstrip()[:1] in ("{", "["):
        try:
            value = json.loads(text)
        except json.JSONDecodeError as exc:
            json_error = f"invalid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})"
            return _parse_yaml(text, file, json_error)
        except RecursionError:
            raise _too_deep(file) from None
        return value  # the bundler's walk refuses anything nested deeper than MAX_DEPTH
    return _parse_yaml(text, file, None)


def _parse_yaml(text: str, file: str, json_error: str | None) -> Any:
    try:
        return parse_yaml(text)
    except YamlError as exc:
        if json_error is not None and "nesting" not in exc.message and "alias" not in exc.message:
            raise PyMockApiError.spec_unreadable(file, json_error) from None
        where = f" (line {exc.line})" if exc.line else ""
        raise PyMockApiError.spec_unreadable(file, f"invalid YAML: {exc.message}{where}") from None


def _too_deep(file: str) -> PyMockApiError:
    return PyMockApiError.spec_unreadable(file, f"nesting deeper than {MAX_DEPTH} levels")
