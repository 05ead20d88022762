"""Scenario files as plain values plus the line of every node (for errors a person can find).

``yaml.compose`` keeps a start mark on every node; values are built from the nodes here,
so each value's path maps to its 1-based line. Aliases are shared nodes, so a walk that
expands them is capped (an alias bomb is refused, not expanded).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import yaml

from pymockapi.scenarios._errors import ScenarioError

MAX_BYTES = 2 * 1024 * 1024
MAX_NODES = 200_000
MAX_DEPTH = 100

Path = tuple[str | int, ...]
_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(slots=True)
class Located:
    value: Any
    lines: dict[Path, int] = field(default_factory=dict)
    styles: dict[Path, str] = field(default_factory=dict)
    """Block scalar styles (``|`` or ``>``): their text starts on the next line."""

    def line(self, path: Path) -> int:
        """The line of ``path``, or of its nearest ancestor that has one."""
        while path and path not in self.lines:
            path = path[:-1]
        return self.lines.get(path, 1)

    def text_line(self, path: Path) -> int:
        """The line where the text of the scalar at ``path`` starts."""
        return self.line(path) + (1 if self.styles.get(path) in ("|", ">") else 0)


class _Builder:
    def __init__(self, file: str) -> None:
        self.file = file
        self.count = 0
        self.result = Located(None)
        self._scalars = yaml.SafeLoader("")

    def build(self, node: yaml.Node, path: Path, depth: int) -> Any:
        self.count += 1
        line = int(node.start_mark.line) + 1
        if self.count > MAX_NODES:
            raise ScenarioError(self.file, line, f"more than {MAX_NODES:,} nodes (alias bomb?)")
        if depth > MAX_DEPTH:
            raise ScenarioError(self.file, line, f"nesting deeper than {MAX_DEPTH} levels")
        self.result.lines[path] = line
        if isinstance(node, yaml.MappingNode):
            mapping: dict[str, Any] = {}
            for key_node, value_node in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    raise ScenarioError(self.file, line, "YAML merge keys (<<) are not supported")
                key = str(key_node.value) if isinstance(key_node, yaml.ScalarNode) else None
                if key is None:
                    raise ScenarioError(self.file, line, "mapping keys must be plain text")
                if key in mapping:
                    raise ScenarioError(
                        self.file, int(key_node.start_mark.line) + 1, f"duplicate key {key!r}"
                    )
                mapping[key] = self.build(value_node, (*path, key), depth + 1)
            return mapping
        if isinstance(node, yaml.SequenceNode):
            return [
                self.build(item, (*path, index), depth + 1) for index, item in enumerate(node.value)
            ]
        style = getattr(node, "style", None)
        if style in ("|", ">"):
            self.result.styles[path] = style
        value = self._scalars.construct_object(node)
        if isinstance(value, dt.date | dt.datetime):
            return value.isoformat()  # JSON has no dates: keep the text as written
        return value


def load_located(text: str, file: str) -> Located:
    """Parse one YAML document, keeping the line of every node."""
    if len(text) > MAX_BYTES:
        raise ScenarioError(file, 1, f"the file is larger than {MAX_BYTES:,} bytes")
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = int(mark.line) + 1 if mark is not None else 1
        raise ScenarioError(file, line, str(error.problem or error.context)) from None
    except yaml.YAMLError as error:
        raise ScenarioError(file, 1, str(error)) from None
    except RecursionError:
        raise ScenarioError(file, 1, "nesting too deep") from None
    builder = _Builder(file)
    builder.result.value = None if node is None else builder.build(node, (), 0)
    return builder.result
