"""Which operations of a spec form resources: collections, items and what acts on them.

Inferred from the paths alone, no configuration: ``/pets/{petId}`` is an item of the
collection ``/pets`` when something can create it (``POST /pets`` or ``PUT /pets/{petId}``).
Nested collections (``/users/{id}/posts/{postId}``) are scoped by their parents' ids; other
operations below an item (``/pets/{petId}/photo``) only depend on the item existing.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import quote

from pymockapi._accept import is_json
from pymockapi.crud import _naming, _shapes
from pymockapi.model import Operation, Schema, Spec


class Role(enum.Enum):
    LIST = "list"
    CREATE = "create"
    READ = "read"
    REPLACE = "replace"
    MERGE = "merge"
    DELETE = "delete"
    BELOW = "below"
    """Another operation below an item: it needs the item to exist."""


_COLLECTION_ROLES = {"GET": Role.LIST, "POST": Role.CREATE}
_ITEM_ROLES = {
    "GET": Role.READ,
    "HEAD": Role.READ,
    "PUT": Role.REPLACE,
    "PATCH": Role.MERGE,
    "DELETE": Role.DELETE,
}


@dataclass(frozen=True, slots=True, eq=False)
class Resource:
    name: str
    """The collection's path template as written, e.g. ``/users/{id}/posts``."""
    shape: str
    """The collection's template with parameters blanked: ``/users/{}/posts``."""
    item_param: str
    parent: Resource | None
    id_property: str | None
    """The item property holding its id (``id``, ``petId``, ...), if the schema has one."""
    item_schema: Schema | None
    creatable: bool
    """``POST`` on the collection creates items (else only ``PUT`` on an item does)."""
    parent_properties: tuple[str | None, ...] = ()
    """For each parent id in the path, the item property that holds it (``userId``)."""

    @property
    def depth(self) -> int:
        """How many parent ids scope the collection."""
        return self.shape.count("{}")

    def collection(self, parent_ids: Sequence[str]) -> str:
        """The store's name of the collection under these parents: ``/users/5/posts``."""
        values = iter(parent_ids)
        return "/".join(
            quote(next(values), safe="") if part == "{}" else part for part in self.shape.split("/")
        )

    def id_schema(self) -> Schema | None:
        if self.item_schema is None or self.id_property is None:
            return None
        return _shapes.properties(self.item_schema).get(self.id_property)


@dataclass(frozen=True, slots=True)
class Binding:
    role: Role
    resource: Resource
    params: tuple[str, ...]
    """The operation's path parameters in path order: parent ids, then the item id."""


def _shape(path: str) -> str:
    return "/" + "/".join(
        "{}" if _naming.PARAM.match(part) else part for part in _naming.segments(path)
    )


def _params(path: str) -> tuple[str, ...]:
    return tuple(m.group(1) for part in _naming.segments(path) if (m := _naming.PARAM.match(part)))


def infer(spec: Spec) -> dict[tuple[str, str], Binding]:
    """Bindings keyed by ``(method, path template)`` of every operation that acts on state."""
    by_shape: dict[str, list[Operation]] = {}
    for operation in spec.operations:
        by_shape.setdefault(_shape(operation.path), []).append(operation)
    resources: dict[str, Resource] = {}  # by the item's shape
    bindings: dict[tuple[str, str], Binding] = {}
    for shape in sorted(by_shape, key=lambda s: (s.count("/"), s)):  # parents first
        if not shape.endswith("/{}") or shape == "/{}":
            continue
        items = by_shape[shape]
        collection = shape[: -len("/{}")] or "/"
        listing = by_shape.get(collection, [])
        creatable = any(op.method == "POST" for op in listing)
        if not creatable and not any(op.method == "PUT" for op in items):
            continue
        resource = _resource(items, listing, collection, creatable, resources)
        resources[shape] = resource
        for operation in listing:
            if (role := _COLLECTION_ROLES.get(operation.method)) is not None:
                bindings[(operation.method, operation.path)] = Binding(
                    role, resource, _params(operation.path)
                )
        for operation in items:
            if (role := _ITEM_ROLES.get(operation.method)) is not None:
                bindings[(operation.method, operation.path)] = Binding(
                    role, resource, _params(operation.path)
                )
    for shape, operations in by_shape.items():
        owner = _owner(shape, resources)
        if owner is None:
            continue
        for operation in operations:
            key = (operation.method, operation.path)
            bindings.setdefault(key, Binding(Role.BELOW, owner, _params(operation.path)))
    return bindings


def _owner(shape: str, resources: Mapping[str, Resource]) -> Resource | None:
    """The deepest resource whose item path is a proper prefix of ``shape``."""
    parts = shape.split("/")
    for end in range(len(parts) - 1, 1, -1):
        found = resources.get("/".join(parts[:end]))
        if found is not None:
            return found
    return None


def _resource(
    items: Sequence[Operation],
    listing: Sequence[Operation],
    collection: str,
    creatable: bool,
    resources: Mapping[str, Resource],
) -> Resource:
    read = next((op for op in items if op.method == "GET"), None)
    create = next((op for op in listing if op.method == "POST"), None)
    replace = next((op for op in items if op.method == "PUT"), None)
    schema = next(
        (
            found
            for op in (read, create, replace)
            if op is not None and (found := _success_schema(op)) is not None
        ),
        None,
    )
    if schema is None:  # nothing documented comes back: what is sent describes the item
        schema = next(
            (found for op in (create, replace) if op and (found := _body_schema(op))), None
        )
    item_param = _params(items[0].path)[-1]
    written = next((op.path for op in listing), _collection_path(items[0].path))
    id_property = _naming.id_property(schema, item_param, collection)
    return Resource(
        name=written,
        shape=collection,
        item_param=item_param,
        parent=_owner(collection, resources),
        id_property=id_property,
        item_schema=schema,
        creatable=creatable,
        parent_properties=_naming.parent_properties(schema, items[0].path, id_property),
    )


def _collection_path(item_path: str) -> str:
    return item_path.rsplit("/", 1)[0] or "/"


def _success_schema(operation: Operation) -> Schema | None:
    """The JSON schema of the operation's lowest documented 2xx response."""
    for response in sorted(operation.responses, key=lambda r: r.status):
        if response.status.startswith("2"):
            for media in response.content:
                if media.schema is not None and is_json(media.media_type):
                    return media.schema
    return None


def _body_schema(operation: Operation) -> Schema | None:
    body = operation.request_body
    for media in body.content if body is not None else ():
        if media.schema is not None and is_json(media.media_type):
            return media.schema
    return None
