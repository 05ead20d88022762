"""Serve the request's own path parameters in the response (``/pets/42`` -> ``"id": 42``)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from pymockapi.generation import _merge
from pymockapi.generation._context import Unsatisfiable
from pymockapi.generation._realism import normalize

if TYPE_CHECKING:
    from pymockapi.generation._compiler import Compiler

ENVELOPES = ("data", "result", "item")
_INTEGER = re.compile(r"-?\d+")


Declared = tuple[dict[str, Any], dict[str, list[str]]]
"""A node's merged properties, and their names by normalized name (``petid``: ``petId``)."""


class Echo:
    def __init__(self, compiler: Compiler, node: Any) -> None:
        self._compiler = compiler
        self._node = node
        self._declared: dict[int, Declared] = {}
        """What each node seen declares, worked out once (the node never changes)."""

    def apply(self, value: Any, params: Mapping[str, str]) -> Any:
        if not isinstance(value, dict):
            return value
        declared = self._properties(self._node)
        self._replace(value, declared, params)
        props = declared[0]
        for key in ENVELOPES:
            if isinstance(value.get(key), dict) and key in props:
                self._replace(value[key], self._properties(props[key]), params)
        return value

    def _properties(self, node: Any) -> Declared:
        found = self._declared.get(id(node))
        if found is None:
            props = self._merged_properties(node)
            by_key: dict[str, list[str]] = {}
            for name in props:
                by_key.setdefault(normalize(name), []).append(name)
            found = self._declared[id(node)] = (props, by_key)
        return found

    def _merged_properties(self, node: Any) -> dict[str, Any]:
        if not isinstance(node, Mapping):
            return {}
        try:
            parts = _merge.flatten(node, self._compiler.document.resolve, frozenset())
            merged = _merge.merge(parts)
        except (Unsatisfiable, KeyError, IndexError, ValueError):
            return {}
        props = merged.get("properties")
        return dict(props) if isinstance(props, Mapping) else {}

    def _replace(
        self, value: dict[str, Any], declared: Declared, params: Mapping[str, str]
    ) -> None:
        """Each declared property of ``value`` named like a parameter (``petId``, or ``id``
        for the last ``...Id`` one) takes the parameter's value, if the schema accepts it.

        Looked up from the parameters' side: a few parameters, where an item has dozens of
        properties, whose normalized names are worked out once per schema."""
        by_name = {normalize(k): v for k, v in params.items()}
        ids = [v for k, v in by_name.items() if k.endswith("id")]
        if ids and "id" not in by_name:
            by_name["id"] = ids[-1]
        props, by_key = declared
        for key, raw in by_name.items():
            for name in by_key.get(key, ()):
                if name not in value:
                    continue
                schema = props[name]
                for candidate in _coerce(raw):
                    if self._compiler.oracle.accepts(schema)(candidate):
                        value[name] = candidate
                        break


def _coerce(raw: str) -> list[Any]:
    found: list[Any] = []
    if _INTEGER.fullmatch(raw):
        found.append(int(raw))
    else:
        try:
            number = float(raw)
        except ValueError:
            pass
        else:
            if number == number and abs(number) != float("inf"):
                found.append(number)
    if raw in ("true", "false"):
        found.append(raw == "true")
    found.append(raw)
    return found
