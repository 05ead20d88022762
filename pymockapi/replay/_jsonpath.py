"""The small JSONPath subset used to ignore volatile fields: ``$.a.b``, ``$.items[*].id``,
``$..updatedAt``, ``$['odd key'][0]``, ``$.*``. A pattern also covers everything below
what it names.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

Step = str | int
"""A concrete step: an object key or an array index."""

_TOKEN = re.compile(
    r"""\.\.(?P<deep>[A-Za-z_$@-][\w$@-]*|\*)"""
    r"""|\.(?P<key>[A-Za-z_$@-][\w$@-]*|\*)"""
    r"""|\[\s*(?:(?P<index>-?\d+)|(?P<star>\*)|'(?P<sq>[^']*)'|"(?P<dq>[^"]*)")\s*\]"""
)
WILD = "*"


class PathError(ValueError):
    pass


def parse(pattern: str) -> list[tuple[str, Step]]:
    """``$.items[*].id`` -> ``[("key","items"),("any","*"),("key","id")]``; raises PathError."""
    text = pattern.strip()
    if not text.startswith("$"):
        text = "$." + text if not text.startswith("[") else "$" + text
    position, steps = 1, []
    while position < len(text):
        found = _TOKEN.match(text, position)
        if found is None:
            raise PathError(f"cannot read {pattern!r} at {text[position:]!r}")
        position = found.end()
        if found["deep"] is not None:
            steps.append(("deep", found["deep"]))
        elif found["key"] is not None:
            steps.append(("any", WILD) if found["key"] == WILD else ("key", found["key"]))
        elif found["index"] is not None:
            steps.append(("index", int(found["index"])))
        elif found["star"] is not None:
            steps.append(("any", WILD))
        else:
            steps.append(("key", found["sq"] if found["sq"] is not None else found["dq"]))
    return steps


def covers(pattern: Sequence[tuple[str, Step]], path: Sequence[Step]) -> bool:
    """Whether ``pattern`` names ``path`` or one of its ancestors."""
    if not pattern:
        return True
    if not path:
        return False
    kind, want = pattern[0]
    head, rest = path[0], path[1:]
    if kind == "deep":
        here = want == WILD or head == want
        return (here and covers(pattern[1:], rest)) or covers(pattern, rest)
    if kind == "any":
        return covers(pattern[1:], rest)
    if kind == "index":
        return isinstance(head, int) and head == want and covers(pattern[1:], rest)
    return isinstance(head, str) and head == want and covers(pattern[1:], rest)


def show(path: Sequence[Step]) -> str:
    """``["items", 0, "odd key"]`` -> ``$.items[0]['odd key']``."""
    out = "$"
    for step in path:
        if isinstance(step, int):
            out += f"[{step}]"
        elif re.fullmatch(r"[A-Za-z_$][\w$]*", step):
            out += f".{step}"
        else:
            out += "[" + repr(step) + "]"
    return out
