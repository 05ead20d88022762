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


class Echo:
    def __init__(self, compiler: Compiler, node: Any) -> None:
        self._compiler = compiler
        self._node = node
        self._props: dict[int, dict[str, Any]] = {}
        """The merged properties of each node seen, worked out once (the node never changes)."""

    def apply(self, value: Any, params: Mapping[str, str]) -> Any:
        if not isinstance(value, dict):
            return value
        props = self._properties(self._node)
        self._replace(value, props, params)
        for key in ENVELOPES:
            if isinstance(value.get(key), dict) and key in props:
                self._replace(value[key], self._properties(props[key]), params)
        return value

    def _properties(self, node: Any) -> dict[str, Any]:
        found = self._props.get(id(node))
        if found is None:
            found = self._props[id(node)] = self._merged_properties(node)
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
        self, value: dict[str, Any], props: dict[str, Any], params: Mapping[str, str]
    ) -> None:
        by_name = {normalize(k): v for k, v in params.items()}
        ids = [v for k, v in by_name.items() if k.endswith("id")]
        for name in value:
            key = normalize(name)
            raw = by_name.get(key)
            if raw is None and key == "id" and ids:
                raw = ids[-1]
            if raw is None or name not in props:
                continue
            schema = props[name]
            for candidate in _coerce(raw):
                if self._compiler.check(schema)(candidate):
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
