"""Check a scenario file against the published JSON Schema (``schema.json``).

jsonschema is used directly here (not through ``validation.schemas``) because an error must
be traced back to the YAML line of the value that broke the format, which needs the
error's path; this is the only module of the package that imports it.
"""

from __future__ import annotations

import functools
import json
from importlib import resources
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError, best_match

from pymockapi.scenarios._errors import ScenarioError
from pymockapi.scenarios._yaml import Located

_RULE_SHAPE = (
    "a rule needs 'operation' (or 'method' and 'path') and exactly one of "
    "'respond', 'sequence' or 'random'"
)
_RESPONSE_SHAPE = "a response has at most one of 'body', 'example', 'file' or 'generate'"


@functools.cache
def schema() -> dict[str, Any]:
    """The published JSON Schema of scenario files."""
    text = resources.files("pymockapi.scenarios").joinpath("schema.json").read_text("utf-8")
    value: dict[str, Any] = json.loads(text)
    return value


@functools.cache
def _validator() -> Draft202012Validator:
    return Draft202012Validator(schema())


def _describe(error: ValidationError) -> str:
    where = ".".join(str(step) for step in error.absolute_path) or "the file"
    rule_level = "rules" in error.absolute_path and len(error.absolute_path) == 4
    if error.validator in ("oneOf", "allOf") and rule_level:
        return f"{where}: {_RULE_SHAPE}"
    if error.validator == "not" and "respond" in str(error.absolute_path):
        return f"{where}: {_RESPONSE_SHAPE}"
    if error.validator == "additionalProperties":
        return f"{where}: {error.message}"
    return f"{where}: {error.message}"


def check_format(located: Located, file: str) -> None:
    """Raise :class:`ScenarioError` at the line of the first value that breaks the format."""
    errors = list(_validator().iter_errors(located.value))
    if not errors:
        return
    error = best_match(errors)
    path = tuple(error.absolute_path)
    if error.validator in ("oneOf", "allOf", "not"):
        shallow = min(errors, key=lambda e: len(e.absolute_path))
        if len(shallow.absolute_path) <= len(path):
            error, path = shallow, tuple(shallow.absolute_path)
    raise ScenarioError(file, located.line(path), _describe(error))
