"""JSON-like values to XML, following the schema's OpenAPI ``xml`` objects.

``name``, ``namespace``, ``prefix``, ``attribute`` and ``wrapped`` are honoured as the
OpenAPI specification describes them: an array's own ``xml.name`` names its wrapper (and only
when ``wrapped``); its items take ``items.xml.name``, else the property name.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import orjson

from pymockapi._nodes import EMPTY as _EMPTY
from pymockapi._nodes import Node as _Node
from pymockapi._nodes import property_schema, resolve
from pymockapi.model import Schema, SchemaDocument

_INVALID_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_NAME_START = re.compile(r"[A-Za-z_\u00c0-\uffef]")
_NAME_BAD = re.compile(r"[^\w.\-]")


def to_xml(value: Any, schema: Schema | None) -> bytes:
    if schema is None:
        document, node, ref_name = None, _EMPTY, None
    else:
        document = schema.document
        node, ref_name = resolve(schema.node, document)
        if ref_name is None and schema.pointer.count("/") == 3:
            ref_name = schema.pointer.rsplit("/", 1)[1]  # /components/schemas/Pet
    xml = _xml(node)
    name = xml.get("name") or ref_name or "root"
    out: list[str] = ['<?xml version="1.0" encoding="UTF-8"?>']
    writer = _Writer(document, out)
    if isinstance(value, list):  # a document has exactly one root: wrap the items
        items, item_ref = (
            resolve(node.get("items", _EMPTY), document) if document else (_EMPTY, None)
        )
        item_name = _xml(items).get("name") or item_ref or "item"
        scope = writer.open(name, xml, [], {})
        for item in value:
            writer.element(item_name, item, node.get("items", _EMPTY), scope)
        writer.close(name, xml)
    else:
        writer.element(name, value, schema.node if schema else _EMPTY, {})
    return "".join(out).encode("utf-8")


def _xml(node: _Node) -> _Node:
    xml = node.get("xml")
    return xml if isinstance(xml, Mapping) else _EMPTY


def _name(raw: str) -> str:
    name = _NAME_BAD.sub("_", str(raw)) or "_"
    return name if _NAME_START.match(name) else f"_{name}"


def _qualified(name: str, xml: _Node) -> str:
    prefix = xml.get("prefix")
    return f"{_name(prefix)}:{_name(name)}" if prefix else _name(name)


def _text(value: Any) -> str:
    if isinstance(value, str):
        text = value
    elif value is None:
        text = ""
    else:
        text = orjson.dumps(value).decode()  # true/false, 1.5, nested structures as JSON
    return _INVALID_CHARS.sub("", text)


class _Writer:
    def __init__(self, document: SchemaDocument | None, out: list[str]) -> None:
        self.document = document
        self.out = out

    def resolve(self, node: Any) -> _Node:
        return resolve(node, self.document)[0] if self.document else _EMPTY

    def open(
        self, name: str, xml: _Node, attrs: list[tuple[str, Any, _Node]], scope: dict[str, str]
    ) -> dict[str, str]:
        """Write a start tag, declaring namespaces not yet in scope; the new scope."""
        scope = dict(scope)
        declared: list[tuple[str, str]] = []
        for owner, is_attribute in [(xml, False), *((a[2], True) for a in attrs)]:
            namespace, prefix = owner.get("namespace"), owner.get("prefix")
            if not namespace or (is_attribute and not prefix):
                continue  # an unprefixed attribute has no namespace (XML Namespaces 6.2)
            key = f"xmlns:{_name(prefix)}" if prefix else "xmlns"
            if scope.get(key) != namespace:
                scope[key] = namespace
                declared.append((key, namespace))
        pairs = [*declared, *((_qualified(n, a), v) for n, v, a in attrs)]
        rendered = "".join(f" {k}={quoteattr(_text(v))}" for k, v in pairs)
        self.out.append(f"<{_qualified(name, xml)}{rendered}>")
        return scope

    def close(self, name: str, xml: _Node) -> None:
        self.out.append(f"</{_qualified(name, xml)}>")

    def element(self, name: str, value: Any, raw: Any, scope: dict[str, str]) -> None:
        node = self.resolve(raw)
        xml = _xml(node)
        attrs: list[tuple[str, Any, _Node]] = []
        children: list[tuple[str, Any, Any]] = []
        if isinstance(value, Mapping):
            for key, item in value.items():
                sub = property_schema(node, str(key), self.document) if self.document else None
                sub_xml = _xml(self.resolve(sub))
                if sub_xml.get("attribute") and not isinstance(item, (Mapping, list)):
                    attrs.append((sub_xml.get("name") or str(key), item, sub_xml))
                else:
                    children.append((str(key), item, sub))
        scope = self.open(name, xml, attrs, scope)
        if isinstance(value, Mapping):
            for key, item, sub in children:
                self.child(key, item, sub, scope)
        elif isinstance(value, list):
            for item in value:
                self.element(name, item, node.get("items"), scope)
        else:
            self.out.append(escape(_text(value)))
        self.close(name, xml)

    def child(self, key: str, value: Any, raw: Any, scope: dict[str, str]) -> None:
        node = self.resolve(raw)
        xml = _xml(node)
        if not isinstance(value, list):
            self.element(xml.get("name") or key, value, raw, scope)
            return
        items_raw = node.get("items")
        item_name = _xml(self.resolve(items_raw)).get("name") or key
        if xml.get("wrapped"):
            wrapper = xml.get("name") or key
            inner = self.open(wrapper, xml, [], scope)
            for item in value:
                self.element(item_name, item, items_raw, inner)
            self.close(wrapper, xml)
        else:
            for item in value:
                self.element(item_name, item, items_raw, scope)
