"""The request and response views of the normalized document.

The request view drops ``readOnly`` properties from ``required``; the response view drops
``writeOnly`` ones. Each view shares every unchanged node with the bundle and copies only
the containers on the way to a changed schema, so pointers stay identical across views.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pymockapi.loading import LoadedDocument
from pymockapi.model import Direction, SchemaDocument, unescape_pointer_token

_FLAG = {Direction.REQUEST: "readOnly", Direction.RESPONSE: "writeOnly"}


def build_view(
    document: LoadedDocument, objects: Iterable[tuple[str, dict[str, Any]]], direction: Direction
) -> SchemaDocument:
    flag = _FLAG[direction]
    changes: list[tuple[str, list[Any]]] = []
    for pointer, node in objects:
        required = node["required"]
        properties = node["properties"]
        kept = [
            name
            for name in required
            if not (isinstance(name, str) and _flagged(document, properties.get(name), flag))
        ]
        if len(kept) != len(required):
            changes.append((pointer, kept))
    return SchemaDocument(root=_overlay(document.root, changes), direction=direction)


def _flagged(document: LoadedDocument, schema: Any, flag: str) -> bool:
    """Whether a property schema (or what it refers to, or an allOf member) sets ``flag``."""
    candidates = [schema]
    if isinstance(schema, dict):
        candidates.extend(schema.get("allOf") or [])
    for candidate in candidates:
        for _ in range(20):
            if not isinstance(candidate, dict):
                break
            if candidate.get(flag) is True:
                return True
            ref = candidate.get("$ref")
            if not isinstance(ref, str):
                break
            try:
                candidate = document.resolve(ref)
            except KeyError:
                break
    return False


def _overlay(root: dict[str, Any], changes: list[tuple[str, list[Any]]]) -> dict[str, Any]:
    if not changes:
        return root
    view = dict(root)
    copies = {id(view)}
    for pointer, required in changes:
        try:
            node = _copied_path(view, pointer, copies)
        except (KeyError, IndexError, ValueError, TypeError):
            continue  # the schema moved (a parent was wrapped for nullable): leave it as is
        if required:
            node["required"] = required
        else:
            node.pop("required", None)
    return view


def _copied_path(view: dict[str, Any], pointer: str, copies: set[int]) -> Any:
    """The node at ``pointer``, copying every container on the way that is not a copy yet."""
    node: Any = view
    for raw in pointer.removeprefix("#").removeprefix("/").split("/"):
        token = unescape_pointer_token(raw)
        key: Any = int(token) if isinstance(node, list) else token
        child = node[key]
        if id(child) not in copies:
            child = list(child) if isinstance(child, list) else dict(child)
            copies.add(id(child))
            node[key] = child
        node = child
    return node
