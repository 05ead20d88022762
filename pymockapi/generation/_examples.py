"""Generated examples for a whole spec, for the ``pymockapi generate`` command."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pymockapi.generation._generator import DEFAULT_LOCALE, compile_generator
from pymockapi.model import Spec
from pymockapi.seeds import derive_seed


@dataclass(frozen=True, slots=True)
class GeneratedExample:
    operation: str
    """The operation key: its ``operationId``, or ``"GET /pets"``."""
    status: str
    media_type: str
    value: Any


def examples(
    spec: Spec,
    *,
    operation_id: str | None = None,
    status: str | None = None,
    seed: int = 0,
    count: int = 1,
    locale: str = DEFAULT_LOCALE,
) -> list[GeneratedExample]:
    """``count`` generated response bodies for each matching operation, status and media type.

    Seeds are ``derive_seed(seed, operation key, status, media type, index)``, so the output
    is the same on every run. Raises ``GenerationError`` for an unsatisfiable schema.
    """
    found: list[GeneratedExample] = []
    for operation in spec.operations:
        if operation_id is not None and operation_id not in (operation.operation_id, operation.key):
            continue
        for response in operation.responses:
            if status is not None and response.status != status:
                continue
            for media in response.content:
                if media.schema is None:
                    continue
                generator = compile_generator(media.schema, locale=locale)
                for index in range(count):
                    key = derive_seed(seed, operation.key, response.status, media.media_type, index)
                    value = generator.generate(key)
                    found.append(
                        GeneratedExample(operation.key, response.status, media.media_type, value)
                    )
    return found
