"""A fast yes/no check for the common subset of JSON Schema, compiled into closures.

jsonschema builds a new validator for every subschema it descends into, which makes a small
object body cost tens of microseconds. Most request schemas use a handful of keywords, so
:func:`compile_check` turns such a schema into nested closures that answer "valid?" in a few
microseconds. Anything outside the subset (``$ref``, ``uniqueItems``, ``if``, ...) makes it
return ``None`` and the caller relies on jsonschema alone. jsonschema stays the authority for
messages: it runs whenever this check says "invalid". The subset mirrors jsonschema's
semantics (booleans are not numbers, ``1.0`` is an integer, bytes count as strings), and a
property test holds the two to agreement.

Why it is shaped this way: a compiled node is a table from the *exact* type of a value, as a
JSON parser produces it (``dict``, ``str``, ``int``, ...), to what the node asks of such a
value: ``True`` (any value of that type passes), ``False`` (none does) or one predicate that
fuses every keyword that applies to the type. An object or array looks its members up in
these tables itself, so a leaf like ``{"type": "string"}`` costs two dictionary lookups and no
call, and ``required``, ``properties`` and ``additionalProperties`` share one loop. A value of
any other type (a ``dict`` subclass, a tuple, ...) takes the table's ``None`` entry: the same
keywords checked one by one with jsonschema's ``isinstance`` semantics. What remains costly is
``format`` (URLs and timestamps on every other value), so format answers for short strings
are remembered (:func:`_remembered`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from fractions import Fraction
from typing import Any
from weakref import WeakKeyDictionary

from jsonschema import FormatChecker

Check = Callable[[Any], bool]
Predicate = Callable[[Any], object]
"""A check read for its truth: a regex ``search``, a ``frozenset`` lookup, a fused check."""
Action = bool | Predicate
"""What a node asks of a value of one exact type: nothing, the impossible, or a predicate."""
Table = dict[type | None, Action]
"""Exact type -> action; the ``None`` key holds the check for values of any other type."""

ANNOTATIONS = frozenset(
    {
        "title", "description", "default", "examples", "example", "readOnly", "writeOnly",
        "deprecated", "xml", "discriminator", "externalDocs", "$comment", "$schema", "$defs",
        "contentMediaType", "contentEncoding", "nullable",
    }
)  # fmt: skip
"""Keywords that say nothing about validity (OpenAPI's ``nullable`` is normalized away)."""
_NUMERIC = {
    "minimum": lambda limit: lambda v: v >= limit,
    "maximum": lambda limit: lambda v: v <= limit,
    "exclusiveMinimum": lambda limit: lambda v: v > limit,
    "exclusiveMaximum": lambda limit: lambda v: v < limit,
}
_ARRAY_KEYWORDS = frozenset({"items", "uniqueItems", "minItems", "maxItems"})
_OBJECT_KEYWORDS = frozenset(
    {"required", "properties", "additionalProperties", "minProperties", "maxProperties"}
)
_ABSENT: Any = object()
"""A keyword's value when the schema lacks it (``None`` may be a value, however odd)."""
_NONE = type(None)
_EXACT: tuple[type, ...] = (_NONE, bool, int, float, str, bytes, list, dict)
"""The types a JSON parser produces (and ``bytes``, an uploaded file): the tables' keys."""


class _Unsupported(Exception):
    pass


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


_TYPES: dict[str, Check] = {
    "null": lambda v: v is None,
    "boolean": lambda v: isinstance(v, bool),
    "string": lambda v: isinstance(v, str | bytes),
    "array": lambda v: isinstance(v, list),
    "object": lambda v: isinstance(v, dict),
    "number": _is_number,
    "integer": lambda v: (
        (isinstance(v, int) and not isinstance(v, bool))
        or (isinstance(v, float) and v.is_integer())
    ),
}


def _scalar(value: Any) -> bool:
    return value is None or isinstance(value, str | int | float | bool)


def _equal_to(expected: Any) -> Check:
    if not _scalar(expected):
        raise _Unsupported
    if isinstance(expected, bool):
        return lambda v: v is expected
    if expected is None:
        return lambda v: v is None
    if isinstance(expected, str):
        return lambda v: isinstance(v, str) and v == expected
    return lambda v: _is_number(v) and v == expected


def _accept(value: Any) -> bool:
    return True


def _reject(value: Any) -> bool:
    return False


class _Rule:
    """One keyword, or a family of keywords fused into one pass, compiled two ways.

    ``generic`` checks any value with jsonschema's semantics. ``exact[T]`` is an action that
    agrees with ``generic`` on every value whose type is exactly ``T`` (a type missing from
    ``exact`` is one the rule does not constrain); it is what makes the common case fast.
    """

    __slots__ = ("exact", "generic")

    def __init__(self, generic: Predicate, exact: Mapping[type, Action]) -> None:
        self.generic = generic
        self.exact = exact


class _Node:
    """A compiled schema: its table (see :data:`Table`) and a check that consults it."""

    __slots__ = ("check", "table")

    def __init__(self, table: Table, check: Check) -> None:
        self.table = table
        self.check = check


def _opaque(check: Check) -> _Node:
    """A node known only by its check (a recursive reference, compiled later)."""
    table: Table = dict.fromkeys(_EXACT, check)
    table[None] = check
    return _Node(table, check)


_ACCEPT = _Node({**dict.fromkeys(_EXACT, True), None: _accept}, _accept)
_REJECT = _Node({**dict.fromkeys(_EXACT, False), None: _reject}, _reject)


def _dispatcher(table: Table) -> Check:
    """The node's own check: look the value's type up, then answer with a real ``bool``."""
    get, generic = table.get, table[None]

    def check(value: Any) -> bool:
        action = get(type(value), generic)
        if action is True or action is False:
            return action
        return bool(action(value))

    return check


Resolve = Callable[[str], Any]
"""Absolute ``$ref`` -> the (inlined) schema it names, or ``None`` if unknown."""


class _Context:
    def __init__(self, formats: FormatChecker, resolve: Resolve | None) -> None:
        self.formats = formats
        self.resolve = resolve
        self.refs: dict[str, list[Check]] = {}
        self.rules: dict[Any, _Rule] = {}
        self.nodes: dict[tuple[_Rule, ...], _Node] = {}
        self.compiled: dict[int, tuple[Mapping[str, Any], _Node]] = {}

    def ref(self, uri: str) -> Check:
        """A check for a recursive reference, compiled once; the cell breaks the cycle."""
        cell = self.refs.get(uri)
        if cell is None:
            target = self.resolve(uri) if self.resolve else None
            if target is None:
                raise _Unsupported
            cell = self.refs[uri] = []
            cell.append(_compile(target, self))
        return lambda v: cell[0](v)

    def shared(self, key: Any, build: Callable[[], _Rule]) -> _Rule:
        """One rule per distinct ``format`` or ``enum``, so equal leaves share one node."""
        rule = self.rules.get(key)
        if rule is None:
            rule = self.rules[key] = build()
        return rule

    def node(self, rules: list[_Rule]) -> _Node:
        """The node for these rules, built once: thousands of leaves are a few shapes."""
        key = tuple(rules)
        node = self.nodes.get(key) or _TYPE_NODES.get(key)
        if node is None:
            node = self.nodes[key] = _assemble(rules)
        return node


def compile_check(
    schema: Any, formats: FormatChecker, resolve: Resolve | None = None
) -> Check | None:
    """A predicate equivalent to jsonschema's ``is_valid`` for ``schema``, or ``None``.

    ``resolve`` lets recursive references (the only ones left after inlining) be followed.
    """
    try:
        return _compile(schema, _Context(formats, resolve))
    except _Unsupported:
        return None


def _compile(schema: Any, ctx: _Context) -> Check:
    return _node(schema, ctx).check


def _node(schema: Any, ctx: _Context) -> _Node:
    if schema is True:
        return _ACCEPT
    if schema is False:
        return _REJECT
    if not isinstance(schema, Mapping):
        raise _Unsupported
    # Inlining shares one object wherever a schema was referenced: compile that object once.
    known = ctx.compiled.get(id(schema))
    if known is not None:
        return known[1]
    if len(schema) == 1 and "$ref" in schema:
        node = _opaque(ctx.ref(schema["$ref"]))
    else:
        rules = _Keywords(schema, ctx).rules()
        node = ctx.node(rules) if rules else _ACCEPT
    ctx.compiled[id(schema)] = (schema, node)  # the schema is kept so its id stays its own
    return node


def _assemble(rules: list[_Rule]) -> _Node:
    per_kind: dict[type, list[Action]] = {kind: [] for kind in _EXACT}
    for rule in rules:
        for kind, action in rule.exact.items():
            per_kind[kind].append(action)
    table: Table = {kind: _all_actions(actions) for kind, actions in per_kind.items()}
    table[None] = _all([rule.generic for rule in rules])
    return _Node(table, _dispatcher(table))


class _Keywords:
    """The keywords of one schema, read in order and grouped by the kind of value they test.

    Subschemas are compiled as their keyword is read, so an unsupported keyword or a broken
    pattern surfaces exactly where it did when each keyword was compiled on its own.
    """

    def __init__(self, schema: Mapping[str, Any], ctx: _Context) -> None:
        self.schema, self.ctx = schema, ctx
        self.types: list[_Rule] = []
        self.general: list[_Rule] = []
        self.numbers: list[Predicate] = []
        self.lengths: dict[str, Any] = {}
        self.search: Predicate | None = None
        self.array: dict[str, Any] = {}
        self.object: dict[str, Any] = {}
        for key, value in schema.items():
            if key in ANNOTATIONS or key.startswith("x-"):
                continue
            self._read(key, value)

    def rules(self) -> list[_Rule]:
        """Type first (it is free), then the per-kind checks, then the costlier general ones."""
        rules = list(self.types)
        if self.numbers:
            rules.append(_number_rule(self.numbers))
        if self.lengths:
            rules.append(_length_rule(**self.lengths))
        if self.search is not None:
            rules.append(_pattern_rule(self.search))
        if self.array:
            rules.append(_array_rule(**self.array))
        if self.object:
            rules.append(_object_rule(**self.object))
        return rules + self.general

    def _read(self, key: str, value: Any) -> None:
        ctx = self.ctx
        if key == "type":
            self.types.append(_type_rule(value))
        elif key in ("enum", "const"):
            self.general.append(_equality_rule(list(value) if key == "enum" else [value], ctx))
        elif key in _NUMERIC:
            self.numbers.append(_NUMERIC[key](value))
        elif key == "multipleOf":
            self.numbers.append(_multiple_of(value))
        elif key in ("minLength", "maxLength"):
            self.lengths["low" if key == "minLength" else "high"] = value
        elif key == "pattern":
            self.search = re.compile(value).search
        elif key == "format":
            rule = _format_rule(value, ctx)
            if rule is not None:
                self.general.append(rule)
        elif key in _ARRAY_KEYWORDS:
            self._read_array(key, value)
        elif key in _OBJECT_KEYWORDS:
            self._read_object(key, value)
        elif key in ("allOf", "anyOf", "oneOf"):
            self.general.append(_combination(key, [_node(sub, ctx) for sub in value]))
        elif key == "not":
            self.general.append(_negation(_node(value, ctx)))
        else:
            raise _Unsupported

    def _read_array(self, key: str, value: Any) -> None:
        if key == "items":
            if isinstance(value, list):
                raise _Unsupported  # the pre-2020 tuple form
            self.array["items"] = _node(value, self.ctx)
        elif key == "uniqueItems":
            self.array["unique"] = bool(value)
        else:
            self.array["low" if key == "minItems" else "high"] = value

    def _read_object(self, key: str, value: Any) -> None:
        if key == "required":
            self.object["names"] = list(value)
        elif key == "properties":
            self.object["members"] = {name: _node(sub, self.ctx) for name, sub in value.items()}
        elif key == "additionalProperties":
            if "patternProperties" in self.schema:
                raise _Unsupported
            self.object["extra"] = _node(value, self.ctx)
        else:
            self.object["low" if key == "minProperties" else "high"] = value


# Rules for single keywords.


_TYPE_RULES: dict[frozenset[str], _Rule] = {}
_TYPE_NODES: dict[tuple[_Rule, ...], _Node] = {}
"""The node of a schema that is nothing but a ``type``, compiled once per process."""
_ONE_ISINSTANCE = frozenset({"null", "boolean", "array", "object"})


def _type_rule(value: Any) -> _Rule:
    """Shared by every schema naming the same types (most leaves are nothing but a type)."""
    names = [value] if isinstance(value, str) else list(value)
    if any(name not in _TYPES for name in names):
        raise _Unsupported
    key = frozenset(names)
    rule = _TYPE_RULES.get(key)
    if rule is None:
        rule = _Rule(_any([_TYPES[name] for name in sorted(key)]), _type_actions(key))
        node = _assemble([rule])
        if len(key) == 1 and key <= _ONE_ISINSTANCE:  # quicker than the table, on its own
            node = _Node(node.table, _TYPES[next(iter(key))])
        _TYPE_NODES[(rule,)] = node
        _TYPE_RULES[key] = rule
    return rule


def _type_actions(names: frozenset[str]) -> dict[type, Action]:
    """``type`` per exact type; a float is an ``integer`` only when it is integral."""
    number = "number" in names
    return {
        _NONE: "null" in names,
        bool: "boolean" in names,
        int: number or "integer" in names,
        float: True if number else float.is_integer if "integer" in names else False,
        str: "string" in names,
        bytes: "string" in names,
        list: "array" in names,
        dict: "object" in names,
    }


def _equality_rule(options: list[Any], ctx: _Context) -> _Rule:
    """``enum`` (and ``const``, an enum of one) under JSON equality: ``true`` is not ``1``."""
    if not all(_scalar(option) for option in options):
        raise _Unsupported
    key = ("enum", tuple((type(option), option) for option in options))
    return ctx.shared(key, lambda: _new_equality_rule(options))


def _new_equality_rule(options: list[Any]) -> _Rule:
    generic = _any([_equal_to(option) for option in options])
    return _Rule(generic, {kind: _equality_action(options, kind, generic) for kind in _EXACT})


def _equality_action(options: list[Any], kind: type, generic: Predicate) -> Action:
    """Which options a value of exactly ``kind`` can equal, as a set lookup where possible."""
    if kind is _NONE:
        return any(option is None for option in options)
    if kind is bool:
        allowed = {option for option in options if option is True or option is False}
        if len(allowed) != 1:
            return bool(allowed)
        only = allowed.pop()
        return lambda v: v is only
    candidates: list[Any]
    if kind is str:
        candidates = [option for option in options if isinstance(option, str)]
        exact = all(type(option) is str for option in candidates)
    elif kind in (int, float):
        candidates = [option for option in options if _is_number(option)]
        exact = all(type(option) in (int, float) for option in candidates)
        # NaN equals nothing, but a set would find the very same NaN object by identity.
        candidates = [option for option in candidates if option == option]
    else:
        return False  # bytes, lists and objects equal no scalar option
    if not exact:
        return generic  # an option of a subclass type may define its own equality
    return frozenset(candidates).__contains__ if candidates else False


def _format_rule(name: Any, ctx: _Context) -> _Rule | None:
    """``FormatChecker.conforms`` without its per-call lookup and exception round trip."""
    found = ctx.formats.checkers.get(name)
    if found is None:
        return None  # an unknown format is an annotation
    func, raises = found

    def conforms(v: Any) -> bool:
        try:
            return bool(func(v))
        except raises:
            return False

    def build() -> _Rule:
        # With nothing to catch, the checker itself is the action: one call fewer per value.
        exact: dict[type, Action] = dict.fromkeys(_EXACT, func if raises == () else conforms)
        memo = _memo_of(func)
        if memo is not None:
            exact[str] = _remembered(func, raises, memo)
        return _Rule(conforms, exact)

    return ctx.shared(("format", name), build)


_MEMO_SIZE = 4096
_MEMO_LONGEST = 256
_memos: WeakKeyDictionary[Callable[[Any], Any], dict[str, bool]] = WeakKeyDictionary()


def _memo_of(func: Callable[[Any], Any]) -> dict[str, bool] | None:
    try:
        return _memos.setdefault(func, {})
    except TypeError:  # a checker that cannot be weakly referenced is asked every time
        return None


def _remembered(func: Callable[[Any], Any], raises: Any, memo: dict[str, bool]) -> Check:
    """A format checker that remembers its answers for strings, which cost most of a check.

    The same URL or timestamp recurs throughout a document and across the documents a CRUD
    store checks again and again. A format is a pure function of the string, so the answer
    can be kept: one bounded memo per checker, shared by every compiled schema, holding only
    short strings and forgetting everything when full.
    """

    def check(value: str) -> bool:
        known = memo.get(value)
        if known is not None:
            return known
        try:
            known = bool(func(value))
        except raises:
            return False
        if len(value) <= _MEMO_LONGEST:
            if len(memo) >= _MEMO_SIZE:
                memo.clear()
            memo[value] = known
        return known

    return check


def _multiple_of(step: Any) -> Check:
    """jsonschema's semantics: float steps compare the quotient, with an exact fallback."""
    if isinstance(step, float):

        def check(v: Any) -> bool:
            quotient = v / step
            try:
                return bool(int(quotient) == quotient)
            except OverflowError:
                return (Fraction(v) / Fraction(step)).denominator == 1

        return check
    return lambda v: not v % step


def _only(kind: Check, check: Predicate) -> Predicate:
    return lambda v: not kind(v) or check(v)


# Rules for a family of keywords that constrain one kind of value, fused into one pass.


def _number_rule(checks: list[Predicate]) -> _Rule:
    fused = _all(checks)
    return _Rule(_only(_is_number, fused), {int: fused, float: fused})


def _length_rule(low: Any = _ABSENT, high: Any = None) -> _Rule:
    """``minLength`` and ``maxLength``, which count the items of a string or of bytes.

    A ``maxLength`` of ``None`` has always meant no limit; a ``minLength`` of ``None`` fails.
    """
    if low is _ABSENT:
        fused: Predicate = _accept if high is None else lambda v: len(v) <= high
    elif high is None:
        fused = lambda v: len(v) >= low  # noqa: E731
    else:
        fused = lambda v: len(v) >= low and len(v) <= high  # noqa: E731
    return _Rule(_only(_TYPES["string"], fused), {str: fused, bytes: fused})


def _pattern_rule(search: Predicate) -> _Rule:
    """``pattern`` ignores bytes; for a ``str`` the regex's own ``search`` is the action."""
    return _Rule(lambda v: not isinstance(v, str) or search(v) is not None, {str: search})


def _array_rule(
    items: _Node | None = None, unique: bool = False, low: Any = _ABSENT, high: Any = _ABSENT
) -> _Rule:
    table = None if items is None or items is _ACCEPT else items.table

    def fused(value: Any) -> bool:
        if low is not _ABSENT and not len(value) >= low:
            return False
        if high is not _ABSENT and not len(value) <= high:
            return False
        if table is not None:
            for item in value:
                # The member dispatch, inlined: a call per item is what this module avoids.
                action = table.get(type(item))
                if action is True:
                    continue
                if action is False:
                    return False
                if action is None:
                    action = table[None]
                if not action(item):  # type: ignore[operator]  # not a bool: both handled above
                    return False
        return not unique or _unique(value)

    return _Rule(_only(_TYPES["array"], fused), {list: fused})


def _object_rule(
    names: list[Any] | None = None,
    members: dict[str, _Node] | None = None,
    extra: _Node | None = None,
    low: Any = _ABSENT,
    high: Any = _ABSENT,
) -> _Rule:
    """``required``, ``properties`` and ``additionalProperties`` (and sizes) in one pass.

    A key of ``members`` is exactly a name declared in ``properties``, so a key missing from
    it is an additional property: ``extra``'s table answers for it.
    """
    required = _frozen(names)
    members = members or {}
    if extra is None:  # a member that accepts anything only matters to mark a name declared
        members = {name: node for name, node in members.items() if node is not _ACCEPT}
    tables = {name: node.table for name, node in members.items()}
    get = tables.get
    other = None if extra is None or extra is _ACCEPT else extra.table
    scan = bool(tables) or other is not None

    def fused(value: Any) -> bool:
        if names:
            if required is not None and type(value) is dict:
                if not value.keys() >= required:
                    return False
            elif not all(name in value for name in names):
                return False
        if low is not _ABSENT and not len(value) >= low:
            return False
        if high is not _ABSENT and not len(value) <= high:
            return False
        if scan:
            for key, item in value.items():
                table = get(key, other)
                if table is None:
                    continue
                # The member dispatch, inlined: a call per value is what this module avoids.
                action = table.get(type(item))
                if action is True:
                    continue
                if action is False:
                    return False
                if action is None:
                    action = table[None]
                if not action(item):  # type: ignore[operator]  # not a bool: both handled above
                    return False
        return True

    return _Rule(_only(_TYPES["object"], fused), {dict: fused})


def _frozen(names: list[Any] | None) -> frozenset[Any] | None:
    """``required`` as a set a plain dict's keys can be compared with in C, if hashable."""
    try:
        return frozenset(names) if names else None
    except TypeError:
        return None


def _canonical(value: Any) -> Any:
    """A hashable key under which JSON-equal values (1 and 1.0, not true and 1) coincide."""
    if value is True or value is False:
        return ("bool", value)
    if isinstance(value, (int, float)):
        return ("number", value)
    if isinstance(value, (str, bytes)):
        return ("string", value)
    if isinstance(value, (list, tuple)):
        return ("array", tuple(_canonical(item) for item in value))
    if isinstance(value, Mapping):
        return ("object", frozenset((key, _canonical(item)) for key, item in value.items()))
    return ("other", repr(value))


def _unique(v: Any) -> bool:
    keys = [_canonical(item) for item in v]
    return len(set(keys)) == len(keys)


# Combinators, merged per exact type: ``anyOf: [{type: null}, {...}]`` on ``None`` is ``True``.


def _combination(key: str, parts: list[_Node]) -> _Rule:
    checks = [part.check for part in parts]
    merge: Callable[[list[Action]], Action]
    if key == "allOf":
        generic, merge = _all(checks), _all_actions
    elif key == "anyOf":
        generic, merge = _any(checks), _any_actions
    else:
        generic, merge = _exactly_one(checks), _one_actions
    return _Rule(generic, {kind: merge([part.table[kind] for part in parts]) for kind in _EXACT})


def _negation(part: _Node) -> _Rule:
    check = part.check
    return _Rule(lambda v: not check(v), {kind: _not_action(part.table[kind]) for kind in _EXACT})


def _calls(actions: Iterable[Action]) -> list[Predicate]:
    return [action for action in actions if not isinstance(action, bool)]


def _all_actions(actions: list[Action]) -> Action:
    if len(actions) == 1:
        return actions[0]
    calls: list[Predicate] = []
    for action in actions:
        if action is False:
            return False
        if action is not True:
            calls.append(action)
    return _all(calls) if calls else True


def _any_actions(actions: list[Action]) -> Action:
    if any(action is True for action in actions):
        return True
    calls = _calls(actions)
    return _any(calls) if calls else False


def _one_actions(actions: list[Action]) -> Action:
    """Exactly one: a part that always matches leaves room for no other match."""
    matched = sum(1 for action in actions if action is True)
    calls = _calls(actions)
    if matched > 1:
        return False
    if matched == 1:
        if not calls:
            return True
        any_call = _any(calls)
        return lambda v: not any_call(v)
    if len(calls) <= 1:
        return calls[0] if calls else False
    return _exactly_one(calls)


def _not_action(action: Action) -> Action:
    if isinstance(action, bool):
        return not action
    return lambda v: not action(v)


def _all(checks: Sequence[Predicate]) -> Predicate:
    """All of ``checks``, with an explicit loop: a generator costs more than the checks."""
    if len(checks) <= 1:
        return checks[0] if checks else _accept
    if len(checks) == 2:
        first, second = checks
        return lambda v: first(v) and second(v)

    def check(value: Any) -> bool:
        for each in checks:  # noqa: SIM110 (all() over a generator is what this avoids)
            if not each(value):
                return False
        return True

    return check


def _any(checks: Sequence[Predicate]) -> Predicate:
    if len(checks) <= 1:
        return checks[0] if checks else _reject

    def check(value: Any) -> bool:
        for each in checks:  # noqa: SIM110 (any() over a generator is what this avoids)
            if each(value):
                return True
        return False

    return check


def _exactly_one(checks: Sequence[Predicate]) -> Check:
    def check(value: Any) -> bool:
        return sum(1 for each in checks if each(value)) == 1

    return check
