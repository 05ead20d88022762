"""Safe YAML parsing with caps on alias expansion and nesting depth.

The only module that imports PyYAML. Before anything is composed, one pass over the
parser's events measures the document as it would be once every alias is expanded; a
"billion laughs" alias bomb or a thousand-deep nesting is refused there, quickly and
without recursion, so the composer never sees it.
"""

from __future__ import annotations

from typing import Any

import yaml

MAX_DEPTH = 200
MAX_EXPANDED_NODES = 5_000_000

_Parser: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Parser):  # type: ignore[misc]
    """The safe loader (libyaml when available); constructs plain dicts, lists and scalars.

    Mapping keys are always the text as written: ``200:`` is the status ``"200"`` (as in
    JSON) and a property named ``on`` stays ``"on"`` instead of YAML 1.1's ``True``.
    """

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[str, Any]:
        self.flatten_mapping(node)
        mapping: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                key = str(key_node.value)
            else:
                key = str(self.construct_object(key_node, deep=True))
            mapping[key] = self.construct_object(value_node, deep=deep)
        return mapping


class YamlError(ValueError):
    """The text is not YAML we accept; ``line`` is 1-based (0 when unknown)."""

    def __init__(self, message: str, line: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


def _check_events(text: str) -> None:
    """Measure the document with every alias expanded, without building it."""
    sizes: dict[str, int] = {}
    depths: dict[str, int] = {}  # collection levels inside an anchored node (scalar: 0)
    stack: list[list[Any]] = []  # open collections: [anchor, total at start, deepest child]
    total = 0
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.CollectionEndEvent):
            anchor, started, deepest = stack.pop()
            if anchor is not None:
                sizes[anchor], depths[anchor] = total - started, deepest + 1
            if stack:
                stack[-1][2] = max(stack[-1][2], deepest + 1)
            continue
        size, depth = 1, 0
        if isinstance(event, yaml.AliasEvent):
            if event.anchor not in sizes:
                raise YamlError(
                    f"alias *{event.anchor} refers to itself or to nothing", _line(event)
                )
            size, depth = sizes[event.anchor], depths[event.anchor]
        elif isinstance(event, yaml.ScalarEvent):
            if event.anchor is not None:
                sizes[event.anchor], depths[event.anchor] = 1, 0
        elif isinstance(event, yaml.CollectionStartEvent):
            stack.append([event.anchor, total, 0])
        else:
            continue
        total += size
        if total > MAX_EXPANDED_NODES:
            raise YamlError(
                f"YAML aliases expand to more than {MAX_EXPANDED_NODES:,} nodes (alias bomb?)",
                _line(event),
            )
        if len(stack) + depth > MAX_DEPTH:
            raise YamlError(f"nesting deeper than {MAX_DEPTH} levels", _line(event))
        if stack and depth:
            stack[-1][2] = max(stack[-1][2], depth)


def _line(event: yaml.Event) -> int:
    mark = event.start_mark
    return int(mark.line) + 1 if mark is not None else 0


def parse_yaml(text: str) -> Any:
    """Parse one YAML document safely, refusing alias bombs and deep nesting."""
    try:
        _check_events(text)
        return yaml.load(text, Loader=_Loader)  # a SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = int(mark.line) + 1 if mark is not None else 0
        raise YamlError(str(exc.problem or exc.context or "invalid YAML"), line) from None
    except yaml.YAMLError as exc:
        raise YamlError(str(exc) or "invalid YAML") from None
    except RecursionError:
        raise YamlError(f"nesting deeper than {MAX_DEPTH} levels") from None
