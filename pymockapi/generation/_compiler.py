"""Compile schema nodes into generators, once; ``$ref`` targets lazily, cached by pointer.

A :class:`Compiler` belongs to one :class:`SchemaDocument` (and locale). Each compiled
``$ref`` target is a *unit* that records the problems found in it and the refs it uses, so
a generator can report every problem reachable from its schema.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from pymockapi.errors import ErrorKind, Problem
from pymockapi.generation import _merge
from pymockapi.generation._context import ANNOTATIONS, Gen, Unsatisfiable, constant, failing
from pymockapi.generation._faker import pools
from pymockapi.generation._oracle import Oracle
from pymockapi.model import Direction, SchemaDocument, unescape_pointer_token

MAX_INLINE_NESTING = 40


@dataclass
class Unit:
    problems: list[Problem] = field(default_factory=list)
    refs: set[str] = field(default_factory=set)


class Compiler:
    def __init__(self, document: SchemaDocument, locale: str) -> None:
        self.document = document
        self.pools = pools(locale)
        self.skip = "readOnly" if document.direction is Direction.REQUEST else "writeOnly"
        self.units: dict[str, Unit] = {}
        self._refs: dict[str, Gen] = {}
        self._stack: list[Unit] = []
        self._oracle: Oracle | None = None
        self._nesting = 0

    @property
    def oracle(self) -> Oracle:
        if self._oracle is None:
            self._oracle = Oracle(self.document)
        return self._oracle

    # -- units and refs -------------------------------------------------------------
    def unit(self, node: Any, pointer: str, name: str = "") -> tuple[Gen, Unit]:
        unit = Unit()
        self._stack.append(unit)
        try:
            return self.node(node, pointer, name), unit
        finally:
            self._stack.pop()

    def ref(self, ref: str) -> Gen:
        pointer = ref[1:] if ref.startswith("#") else ref
        if self._stack:
            self._stack[-1].refs.add(pointer)
        found = self._refs.get(pointer)
        if found is not None:
            return found
        cell: list[Gen] = []

        def lazy(rng: random.Random, depth: int) -> Any:
            if not cell:
                cell.append(self.target(pointer))
            return cell[0](rng, depth)

        return lazy

    def target(self, pointer: str) -> Gen:
        found = self._refs.get(pointer)
        if found is None:
            try:
                node = self.document.resolve(pointer)
            except (KeyError, IndexError, ValueError, TypeError):
                node = None
            name = unescape_pointer_token(pointer.rsplit("/", 1)[-1])
            if node is None:
                self.units[pointer] = Unit([self._problem(pointer, "unresolvable $ref")])
                found = failing("unresolvable $ref", pointer)
            else:
                found, self.units[pointer] = self.unit(node, pointer, name)
            self._refs[pointer] = found
        return found

    def _problem(self, pointer: str, message: str) -> Problem:
        return Problem("", pointer, message, ErrorKind.SCHEMA_UNSATISFIABLE)

    # -- nodes -------------------------------------------------------------------------
    def node(self, node: Any, pointer: str, name: str = "") -> Gen:
        """Compile ``node``; an unsatisfiable one is recorded and raises when drawn."""
        if self._nesting > MAX_INLINE_NESTING:
            return self._deferred(node, pointer, name)
        self._nesting += 1
        try:
            return self.strict(node, pointer, name)
        except Unsatisfiable as error:
            if self._stack:
                self._stack[-1].problems.append(self._problem(pointer, str(error)))
            return failing(str(error), pointer)
        finally:
            self._nesting -= 1

    def _deferred(self, node: Any, pointer: str, name: str) -> Gen:
        """Very deep inline schemas compile on first use, like refs (bounded recursion)."""
        cell: list[Gen] = []

        def lazy(rng: random.Random, depth: int) -> Any:
            if not cell:
                self._nesting, outer = 0, self._nesting
                try:
                    cell.append(self.node(node, pointer, name))
                finally:
                    self._nesting = outer
            return cell[0](rng, depth)

        return lazy

    def strict(self, node: Any, pointer: str, name: str = "") -> Gen:
        """Compile ``node`` or raise :class:`Unsatisfiable`."""
        from pymockapi.generation import _keywords

        if node is False:
            raise Unsatisfiable("the false schema accepts no value")
        if not isinstance(node, Mapping) or not node:
            return _keywords.anything(self)
        if "$ref" in node and ANNOTATIONS.issuperset(node):
            return self.ref(node["$ref"])
        original = node
        if "allOf" in node or "$ref" in node or _is_subtype_root(node):
            parts = _merge.flatten(node, self.document.resolve, frozenset())
            node = _merge.merge([*parts, *self._overlay(parts, pointer)])
            _drop_self_unions(node, pointer)
        if "const" in node:
            if not _keywords.type_allows(node, node["const"]) or (
                node is not original and not self.check(original)(node["const"])
            ):
                raise Unsatisfiable(f"const {node['const']!r} breaks the other constraints")
            return constant(node["const"])
        return _keywords.compile_keywords(self, dict(node), original, pointer, name)

    def _overlay(self, parts: list[Any], pointer: str) -> list[dict[str, Any]]:
        """Set the discriminator property of a subtype to the value naming it."""
        from pymockapi.generation._unions import discriminator_value

        for part in parts:
            found = discriminator_value(self, part, "#" + pointer)
            if found is not None and not any(_sets(p, found[0]) for p in parts):
                return [{"properties": {found[0]: {"const": found[1]}}}]
        return []

    def check(self, node: Any) -> Any:
        """A lazily built predicate: is a value valid against ``node``?"""
        return lambda value: self.oracle.check(node)(value)


def _sets(part: Any, prop: str) -> bool:
    """Whether ``part`` already fixes the value of ``prop`` (a union branch's overlay)."""
    props = part.get("properties") if isinstance(part, Mapping) else None
    sub = props.get(prop) if isinstance(props, Mapping) else None
    return isinstance(sub, Mapping) and "const" in sub


def _is_subtype_root(node: Mapping[str, Any]) -> bool:
    return "discriminator" in node and "oneOf" not in node and "anyOf" not in node


def _drop_self_unions(node: dict[str, Any], pointer: str) -> None:
    for key in ("oneOf", "anyOf"):
        branches = node.get(key)
        if isinstance(branches, list) and any(
            isinstance(b, Mapping) and b.get("$ref") == "#" + pointer for b in branches
        ):
            del node[key]
