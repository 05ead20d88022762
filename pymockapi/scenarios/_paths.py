"""Body paths in conditions: a JSONPath subset (``$.a.b[0]``, ``$['a b']``, ``$.items[*].id``)
or a dotted path (``owner.email``, ``tags.0``)."""

from __future__ import annotations

import re
from typing import Any

_TOKEN = re.compile(r"""\.([^.\[\]]+)|\[(\d+|\*)\]|\[['"]([^'"]*)['"]\]""")
WILDCARD = "*"

Step = str | int


def parse_path(text: str) -> tuple[Step, ...]:
    """Steps of ``text``; raises ``ValueError`` with a reason when it is not a path."""
    text = text.strip()
    if not text.startswith("$"):
        return tuple(int(part) if part.isdigit() else part for part in text.split(".") if part)
    steps: list[Step] = []
    position = 1
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None:
            raise ValueError(f"cannot read the JSONPath {text!r} at character {position + 1}")
        name, index, quoted = match.groups()
        if name is not None:
            steps.append(name)
        elif index is not None:
            steps.append(WILDCARD if index == "*" else int(index))
        else:
            steps.append(quoted)
        position = match.end()
    return tuple(steps)


def find(value: Any, steps: tuple[Step, ...]) -> list[Any]:
    """Every value at ``steps`` (several only through ``[*]``); empty when absent."""
    current = [value]
    for step in steps:
        found: list[Any] = []
        for item in current:
            if step == WILDCARD:
                if isinstance(item, list):
                    found.extend(item)
                elif isinstance(item, dict):
                    found.extend(item.values())
            elif isinstance(item, dict):
                key = str(step)
                if key in item:
                    found.append(item[key])
            elif (
                isinstance(item, list) and isinstance(step, int) and -len(item) <= step < len(item)
            ):
                found.append(item[step])
            elif (
                isinstance(item, list)
                and isinstance(step, str)
                and step.isdigit()
                and int(step) < len(item)
            ):
                found.append(item[int(step)])
        current = found
        if not current:
            break
    return current
