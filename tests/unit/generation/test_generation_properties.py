"""Property tests: schemas drawn from a strategy covering the keywords the generator
supports; every value validates (formats checked) and the same seed repeats the value."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pymockapi.generation import GenerationError, compile_generator
from pymockapi.model import Direction
from tests.unit.generation.gen_support import schema_of, validator_for

FORMATS = ["date", "date-time", "time", "email", "uri", "ipv4", "ipv6", "uuid", "byte", "hostname"]
PATTERNS = [r"^[a-z]{2,6}$", r"^\d{3}-\d{4}$", r"[A-Z]+", r"^(red|green|blue)$", r"^v\d+(\.\d+)?$"]
NAMES = ["id", "name", "email", "price", "createdAt", "status", "description", "a", "b", "c"]
SETTINGS = settings(
    max_examples=200,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@st.composite
def strings(draw: st.DrawFn) -> dict[str, Any]:
    node: dict[str, Any] = {"type": "string"}
    kind = draw(st.sampled_from(["plain", "format", "pattern"]))
    if kind == "format":
        node["format"] = draw(st.sampled_from(FORMATS))
    elif kind == "pattern":
        node["pattern"] = draw(st.sampled_from(PATTERNS))
    else:
        low = draw(st.integers(0, 10))
        node["minLength"] = low
        if draw(st.booleans()):
            node["maxLength"] = low + draw(st.integers(0, 30))
    return node


@st.composite
def numbers(draw: st.DrawFn) -> dict[str, Any]:
    kind = draw(st.sampled_from(["integer", "number"]))
    node: dict[str, Any] = {"type": kind}
    low = draw(st.integers(-1000, 1000))
    if draw(st.booleans()):
        node["exclusiveMinimum" if draw(st.booleans()) else "minimum"] = low
    if draw(st.booleans()):
        node["exclusiveMaximum" if draw(st.booleans()) else "maximum"] = low + draw(
            st.integers(2, 500)
        )
    if draw(st.booleans()):
        steps = [2, 3, 5] if kind == "integer" else [0.5, 0.25, 0.1, 0.01, 2]
        node["multipleOf"] = draw(st.sampled_from(steps))
    if kind == "integer" and draw(st.booleans()):
        node["format"] = draw(st.sampled_from(["int32", "int64"]))
    return node


scalars = st.sampled_from([{"type": "boolean"}, {"type": "null"}])
enums = st.lists(
    st.one_of(st.integers(), st.text(max_size=5), st.none()), min_size=1, max_size=4, unique=True
)
leaves = st.one_of(
    strings(),
    numbers(),
    scalars,
    enums.map(lambda values: {"enum": values}),
    st.integers().map(lambda value: {"const": value}),
    strings().map(lambda node: {**node, "type": ["string", "null"]}),
)


def objects(children: st.SearchStrategy[Any]) -> st.SearchStrategy[dict[str, Any]]:
    @st.composite
    def build(draw: st.DrawFn) -> dict[str, Any]:
        props = draw(st.dictionaries(st.sampled_from(NAMES), children, max_size=4))
        node: dict[str, Any] = {"type": "object", "properties": props}
        node["required"] = (
            draw(st.lists(st.sampled_from(sorted(props)), unique=True)) if props else []
        )
        extra = draw(st.sampled_from([None, False, True, {"type": "integer"}]))
        if extra is not None:
            node["additionalProperties"] = extra
        if props and draw(st.booleans()):
            name = draw(st.sampled_from(sorted(props)))
            props[name] = {**props[name], draw(st.sampled_from(["readOnly", "writeOnly"])): True}
            if draw(st.booleans()):
                node["dependentRequired"] = {name: [n for n in props if n != name][:1]}
        if draw(st.booleans()):
            node["minProperties"] = min(len(node["required"]) + 1, len(props))
        return node

    return build()


def arrays(children: st.SearchStrategy[Any]) -> st.SearchStrategy[dict[str, Any]]:
    @st.composite
    def build(draw: st.DrawFn) -> dict[str, Any]:
        low = draw(st.integers(0, 3))
        kind = draw(st.sampled_from(["items", "unique", "prefix", "contains"]))
        node: dict[str, Any] = {
            "type": "array",
            "minItems": low,
            "maxItems": low + draw(st.integers(0, 3)),
        }
        if kind == "items":
            node["items"] = draw(children)
        elif kind == "unique":
            node.update(items={"type": "integer"}, uniqueItems=True)
        elif kind == "prefix":
            node["prefixItems"] = draw(st.lists(children, min_size=1, max_size=3))
        else:
            node.update(items={"type": "integer"}, contains={"type": "integer", "minimum": 5000})
            node["maxItems"] += 1
        return node

    return build()


def compositions(children: st.SearchStrategy[Any]) -> st.SearchStrategy[dict[str, Any]]:
    typed = st.tuples(strings(), numbers(), objects(leaves))
    return st.one_of(
        st.lists(children, min_size=1, max_size=3).map(lambda parts: {"anyOf": parts}),
        typed.map(lambda parts: {"oneOf": list(parts)}),
        st.tuples(objects(leaves), objects(leaves)).map(lambda parts: {"allOf": list(parts)}),
        numbers().map(lambda node: {**node, "not": {"const": 0}}),
        st.just(
            {
                "type": "object",
                "properties": {"kind": {"enum": ["a", "b"]}, "size": {"type": "integer"}},
                "required": ["kind", "size"],
                "if": {"properties": {"kind": {"const": "a"}}},
                "then": {"properties": {"size": {"maximum": 0}}},
                "else": {"properties": {"size": {"minimum": 1}}},
            }
        ),
        st.just({"$ref": "#/components/schemas/Tree"}),
    )


schemas = st.recursive(
    leaves,
    lambda children: st.one_of(objects(children), arrays(children), compositions(children)),
    max_leaves=8,
)
COMPONENTS = {
    "Tree": {
        "type": "object",
        "required": ["label", "children"],
        "properties": {
            "label": {"type": "string"},
            "children": {"type": "array", "items": {"$ref": "#/components/schemas/Tree"}},
        },
    }
}


@SETTINGS
@given(
    node=schemas, direction=st.sampled_from(list(Direction)), seed=st.binary(min_size=1, max_size=8)
)
def test_generated_values_validate_and_repeat(node: Any, direction: Direction, seed: bytes) -> None:
    schema = schema_of(node, COMPONENTS, direction)
    generator = compile_generator(schema)
    try:
        value = generator.generate(seed)
    except GenerationError:
        assert generator.problems, "a schema that fails to generate must be reported"
        return
    errors = [e.message for e in validator_for(schema).iter_errors(value)]
    assert not errors, (value, errors)
    assert compile_generator(schema).generate(seed) == value
    hidden = "readOnly" if direction is Direction.REQUEST else "writeOnly"
    if isinstance(value, dict) and isinstance(node, dict):
        for name, sub in node.get("properties", {}).items():
            if isinstance(sub, dict) and sub.get(hidden) and name not in node.get("required", ()):
                assert name not in value
