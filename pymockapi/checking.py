"""``pymockapi check``: every problem of a spec, found at load time, for CI."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from pymockapi._accept import is_json
from pymockapi.errors import ErrorKind, Problem
from pymockapi.generation import compile_generator
from pymockapi.model import MISSING, MediaType, Operation, Spec, escape_pointer_token
from pymockapi.validation.schemas import compile_schema_validator


def check_spec(spec: Spec) -> list[Problem]:
    """Skipped operations, unsatisfiable schemas and examples that break their schema."""
    problems: list[Problem] = [item for item in spec.problems if isinstance(item, Problem)]
    seen: set[str] = set()
    for operation in spec.operations:
        for pointer, media in _media_types(operation):
            if media.schema is None:
                continue
            if media.schema.pointer not in seen:
                seen.add(media.schema.pointer)
                problems.extend(
                    item if item.file else replace(item, file=spec.source)
                    for item in compile_generator(media.schema).problems
                )
            problems.extend(_example_problems(spec, pointer, media))
    return problems


def _media_types(operation: Operation) -> Iterator[tuple[str, MediaType]]:
    if operation.request_body is not None:
        for media in operation.request_body.content:
            yield (
                f"{operation.pointer}/requestBody/content/{escape_pointer_token(media.media_type)}",
                media,
            )
    for response in operation.responses:
        for media in response.content:
            yield (
                f"{operation.pointer}/responses/{response.status}/content/"
                f"{escape_pointer_token(media.media_type)}",
                media,
            )


def _example_problems(spec: Spec, pointer: str, media: MediaType) -> list[Problem]:
    assert media.schema is not None
    if not is_json(media.media_type):
        return []
    validator = compile_schema_validator(media.schema)
    candidates = [("example", media.example)] if media.example is not MISSING else []
    candidates += [(f"examples/{example.name}", example.value) for example in media.examples]
    found = []
    for where, value in candidates:
        for violation in validator.violations(value, "example"):
            found.append(
                Problem(
                    spec.source,
                    f"{pointer}/{where}",
                    f"example does not match its schema: {violation.location}: {violation.message}",
                    ErrorKind.SPEC_INVALID,
                )
            )
    return found
