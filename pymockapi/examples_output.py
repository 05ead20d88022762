"""Print or write generated examples (``pymockapi generate``), for fixtures and reviews."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path

import yaml

from pymockapi.generation import GeneratedExample


def _as_jsonable(example: GeneratedExample) -> object:
    value = example.value
    if isinstance(value, bytes):
        return value.decode("latin-1")
    return value


def render_examples(found: Sequence[GeneratedExample], output_format: str) -> str:
    """One document listing every example with its operation, status and media type."""
    records = [
        {
            "operation": item.operation,
            "status": item.status,
            "mediaType": item.media_type,
            "value": _as_jsonable(item),
        }
        for item in found
    ]
    if output_format == "yaml":
        return yaml.safe_dump(records, sort_keys=False, allow_unicode=True).rstrip()
    return json.dumps(records, indent=2, ensure_ascii=False)


def write_examples(
    found: Sequence[GeneratedExample], folder: Path, output_format: str
) -> list[Path]:
    """One file per operation and status (``getPet.200.json``); several media types or
    ``--count`` above one make the file hold a list."""
    folder.mkdir(parents=True, exist_ok=True)
    grouped: dict[tuple[str, str], list[GeneratedExample]] = {}
    for item in found:
        grouped.setdefault((item.operation, item.status), []).append(item)
    written = []
    for (operation, status), items in grouped.items():
        values = [_as_jsonable(item) for item in items]
        value = values[0] if len(values) == 1 else values
        name = re.sub(r"[^A-Za-z0-9._-]+", "_", f"{operation}.{status}").strip("_")
        path = folder / f"{name}.{output_format}"
        if output_format == "yaml":
            path.write_text(yaml.safe_dump(value, sort_keys=False, allow_unicode=True), "utf-8")
        else:
            path.write_text(json.dumps(value, indent=2, ensure_ascii=False) + "\n", "utf-8")
        written.append(path)
    return written
