"""Tie-breaking for ``oneOf``: open object branches often accept the same value.

For branches i and j, a *breaker* is a property only j declares, with a value of a type j
refuses (``null`` usually): added to a value of branch i, it keeps the value valid for i
and makes it invalid for j, so the value matches exactly one branch.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pymockapi.generation import _merge

if TYPE_CHECKING:
    from pymockapi.generation._compiler import Compiler

Breakers = list[dict[int, tuple[str, Any]]]


@dataclass(frozen=True, slots=True)
class Shape:
    """What a branch says about a value at a glance (its top-level types and properties)."""

    types: frozenset[str]
    props: dict[str, set[str]]
    required: tuple[str, ...]
    open: bool
    capped: bool
    """``maxProperties`` or ``dependentSchemas`` could refuse one more property."""

    def rejects(self, value: Any) -> bool:
        """True when the value surely fails the branch (so no full validation is needed)."""
        kind = json_type(value)
        if (
            self.types
            and kind not in self.types
            and not (kind == "integer" and "number" in self.types)
        ):
            return True
        if not isinstance(value, dict):
            return False
        if any(name not in value for name in self.required):
            return True
        for name, item in value.items():
            kinds = self.props.get(name)
            if kinds and not _fits(json_type(item), kinds):
                return True
        return False


def json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int) or (isinstance(value, float) and value.is_integer()):
        return "integer"
    return {float: "number", str: "string", list: "array", dict: "object"}.get(type(value), "?")


def _fits(kind: str, kinds: set[str]) -> bool:
    return kind in kinds or (kind == "integer" and "number" in kinds)


def fast_checks(shapes: list[Shape | None], checks: list[Any]) -> list[Any]:
    """Each check preceded by its branch's cheap rejection test."""
    wrapped = []
    for shape, check in zip(shapes, checks, strict=True):
        if shape is None:
            wrapped.append(check)
        else:
            wrapped.append(lambda v, s=shape, c=check: not s.rejects(v) and c(v))
    return wrapped


def breakers_for(shapes: list[Shape | None]) -> Breakers:
    """For branches i, j: a property only j declares, and a value of a type j refuses.

    Two open object schemas often accept the same value; adding such a property to a
    value of branch i keeps it valid for i and makes it invalid for j.
    """
    found: Breakers = []
    for i, mine in enumerate(shapes):
        row: dict[int, tuple[str, Any]] = {}
        for j, theirs in enumerate(shapes):
            if i == j or mine is None or theirs is None or not mine.open or mine.capped:
                continue
            for prop, kinds in theirs.props.items():
                if prop not in mine.props and kinds:
                    row[j] = (
                        prop,
                        None if "null" not in kinds else ([] if "array" not in kinds else ""),
                    )
                    break
        found.append(row)
    return found


def shape_of(compiler: Compiler, branch: Any) -> Shape | None:
    try:
        node = _merge.merge(_merge.flatten(branch, compiler.document.resolve, frozenset()))
    except Exception:  # an odd branch only loses the shortcut
        return None
    if any(k in node for k in ("oneOf", "anyOf", "if", _merge.CHECKS)):
        types: frozenset[str] = frozenset()
    else:
        declared = node.get("type")
        types = frozenset(
            declared if isinstance(declared, list) else [declared] if declared else []
        )
    props: Mapping[str, Any] = (
        node["properties"] if isinstance(node.get("properties"), Mapping) else {}
    )
    shape: dict[str, set[str]] = {}
    for name, sub in props.items():
        shape[name] = _kinds(compiler, sub)
    required = tuple(r for r in node.get("required", ()) if isinstance(r, str))
    is_open = node.get("additionalProperties", True) is not False and not any(
        k in node for k in ("patternProperties", "unevaluatedProperties", "propertyNames")
    )
    capped = "maxProperties" in node or "dependentSchemas" in node
    return Shape(types, shape, required, is_open, capped)


def _kinds(compiler: Compiler, sub: Any) -> set[str]:
    if isinstance(sub, Mapping) and isinstance(sub.get("$ref"), str) and len(sub) == 1:
        try:
            sub = compiler.document.resolve(sub["$ref"])
        except (KeyError, IndexError, ValueError):
            return set()
    if not isinstance(sub, Mapping) or any(k in sub for k in ("allOf", "oneOf", "anyOf", "$ref")):
        return set()
    kinds = sub.get("type")
    return set(kinds if isinstance(kinds, list) else [kinds] if isinstance(kinds, str) else [])


def break_ties(
    value: Any, matched: list[int], index: int, checks: list[Any], breakers: Breakers
) -> Any:
    """``value`` (valid for branch ``index``, also for ``matched``) made to fail ``matched``.

    A breaker property is undeclared in the open branch ``index`` (so the value stays valid
    there) and typed so that each matched branch's shape rejects it.
    """
    row = breakers[index] if breakers else {}
    if not isinstance(value, dict) or not all(j in row for j in matched):
        return None
    candidate = dict(value)
    for j in matched:
        prop, wrong = row[j]
        candidate[prop] = wrong
    if any(c(candidate) for j, c in enumerate(checks) if j != index):
        return None
    return candidate
