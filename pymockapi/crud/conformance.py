"""Keep what stateful CRUD serves inside the contract.

A stored item was valid when it was made, but a response schema may ask for more (the
item was created through a smaller schema) or less (``additionalProperties: false``).
Before serving, a value is checked against the response's schema; when it does not conform,
the failing parts are replaced by generated ones: starting from a generated value (valid by
construction), each stored property is laid back on top and kept only while the whole
stays valid, descending into objects; generated properties the schema does not need are
then dropped again. Validators and generators are compiled once per schema.

A write (``PATCH``, ``PUT``) to an item that conformed is checked by what it changed where
the schema allows it (see :mod:`pymockapi.crud._delta`): a 17 kB item whose ``state``
changed costs one property's check, not the whole item's.
"""

from __future__ import annotations

import copy
from collections import OrderedDict
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

import orjson

from pymockapi.crud._delta import Plan, changed_fits, conjuncts, plan
from pymockapi.generation import GenerationError, Generator, compile_generator
from pymockapi.model import MISSING, Schema
from pymockapi.seeds import digest
from pymockapi.validation.schemas import SchemaValidator, compile_schema_validator

_MAX_CHECKS = 512
"""Validations one repair may spend; past it the remaining stored parts are left out."""

_VALID_KEPT = 16_384
"""How many (schema, value) pairs known to conform are remembered (digests, not values)."""


class Conformance:
    """Validators and generators of the schemas one engine serves, compiled on first use."""

    def __init__(self) -> None:
        self._validators: _PerSchema[SchemaValidator] = {}
        self._generators: _PerSchema[Generator] = {}
        self._schema_digests: _PerSchema[bytes] = {}
        self._plans: _PerSchema[Plan | None] = {}
        self._conjuncts_of: _PerSchema[tuple[Schema, ...]] = {}
        self._conforming: OrderedDict[tuple[bytes, bytes], None] = OrderedDict()

    def validator(self, schema: Schema) -> SchemaValidator:
        return _once(self._validators, schema, compile_schema_validator)

    def generate(self, schema: Schema, seed: bytes, path_params: Mapping[str, str]) -> Any:
        """A value valid against ``schema`` (``MISSING`` if the schema is unsatisfiable)."""
        generator = _once(self._generators, schema, compile_generator)
        try:
            return generator.generate(seed, path_params)
        except GenerationError:
            return MISSING

    def _schema_digest(self, schema: Schema) -> bytes:
        return _once(self._schema_digests, schema, _content_digest)

    def _plan(self, schema: Schema) -> Plan | None:
        return _once(self._plans, schema, plan)

    def _conjuncts(self, schema: Schema) -> tuple[Schema, ...]:
        return _once(self._conjuncts_of, schema, conjuncts)

    def _is_valid(self, schema: Schema, value: Any) -> bool:
        return self.validator(schema).is_valid(value)

    def known(self, encoded: bytes, schema: Schema) -> bool:
        """Whether the value whose JSON encoding is ``encoded`` was found to conform before.

        A stored item is served from its bytes when this holds: no parsing, no encoding.
        The memory holds digests of ``orjson.dumps`` output, so only bytes that very
        encoding produced can match.
        """
        value_digest = digest(encoded)
        for part in self._conjuncts(schema):
            known = (self._schema_digest(part), value_digest)
            if known not in self._conforming:
                return False
            self._conforming.move_to_end(known)
        return True

    def _conforms(self, value: Any, schema: Schema, before: Any) -> bool:
        """Whether ``value`` conforms, asking as little as the remembered checks allow.

        Each of the schema's conjuncts is answered from memory (this very value was checked
        against it before), by the changes from ``before`` (when that was), or by validating.
        """
        value_digest, before_digest = _digest_of(value), None
        checked: list[tuple[bytes, bytes]] = []
        for part in self._conjuncts(schema):
            schema_digest = self._schema_digest(part)
            if value_digest is not None:
                known = (schema_digest, value_digest)
                if known in self._conforming:
                    self._conforming.move_to_end(known)
                    continue
                checked.append(known)
            parts = self._plan(part) if isinstance(before, dict) else None
            if parts is not None and before_digest is None:
                before_digest = _digest_of(before)
            if parts is not None and (schema_digest, before_digest) in self._conforming:
                fits = changed_fits(parts, before, value, self._is_valid)
            else:
                fits = self._is_valid(part, value)
            if not fits:
                return False
        for known in checked:
            self._conforming[known] = None
        while len(self._conforming) > _VALID_KEPT:
            self._conforming.popitem(last=False)
        return True

    def fit(
        self,
        value: Any,
        schema: Schema,
        seed: bytes,
        path_params: Mapping[str, str],
        before: Any = MISSING,
    ) -> Any:
        """``value`` if it conforms to ``schema``, else it with its failing parts regenerated.

        ``before``: what the item was before a write changed it, when one did.
        """
        if self._conforms(value, schema, before):
            return value
        generated = self.generate(schema, seed, path_params)
        if generated is MISSING:
            return value
        return repair(value, generated, self.validator(schema).is_valid)


_T = TypeVar("_T")
_PerSchema = dict[tuple[str, int], _T]


def _once(cache: _PerSchema[_T], schema: Schema, compute: Callable[[Schema], _T]) -> _T:
    """``compute(schema)``, remembered per schema node (one engine's nodes live as long as
    it does, so their identities are not reused while it serves)."""
    key = (schema.pointer, id(schema.node))
    if key not in cache:
        cache[key] = compute(schema)
    return cache[key]


def _content_digest(schema: Schema) -> bytes:
    """A key for the schema's content: operations often repeat one model schema."""
    node = orjson.dumps(schema.node, option=orjson.OPT_SORT_KEYS)
    return digest(node + b"@" + str(id(schema.document)).encode())


def _digest_of(value: Any) -> bytes | None:
    """The value's content as a short key (``None`` for what JSON cannot carry)."""
    try:
        return digest(orjson.dumps(value))
    except TypeError:
        return None


def repair(value: Any, generated: Any, is_valid: Callable[[Any], bool]) -> Any:
    """As much of ``value`` as fits into ``generated`` (which ``is_valid`` accepts)."""
    if not isinstance(value, dict) or not isinstance(generated, dict):
        return generated
    document = copy.deepcopy(generated)
    budget = [_MAX_CHECKS]
    _overlay(document, document, value, is_valid, budget)
    for key in [key for key in document if key not in value]:  # add only what is required
        if budget[0] <= 0:
            break
        budget[0] -= 1
        dropped = document.pop(key)
        if not is_valid(document):
            document[key] = dropped
    # the stored order first, then whatever had to be added
    ordered = {key: document[key] for key in value if key in document}
    ordered.update((key, item) for key, item in document.items() if key not in ordered)
    return ordered


def _overlay(
    document: Any,
    node: dict[str, Any],
    stored: Mapping[str, Any],
    is_valid: Callable[[Any], bool],
    budget: list[int],
) -> None:
    for key, item in stored.items():
        if budget[0] <= 0:
            return
        budget[0] -= 1
        previous = node.get(key, MISSING)
        node[key] = copy.deepcopy(item)
        if is_valid(document):
            continue
        if previous is MISSING:
            del node[key]
        else:
            node[key] = previous
            if isinstance(item, dict) and isinstance(previous, dict):
                _overlay(document, previous, item, is_valid, budget)
