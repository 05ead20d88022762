"""Swagger 2.0 -> the OpenAPI 3.0 shape, so that one importer serves both.

Schemas are left as they are (the 2.0 adapter table normalizes ``x-nullable``, ``type:
file`` and string discriminators); everything around them is reshaped: definitions,
parameters and responses move under ``components``, body and form parameters become request
bodies, ``produces``/``consumes`` become media types, host/basePath/schemes become servers.
"""

from __future__ import annotations

from typing import Any

from pymockapi.importing import _swagger2_parameters as params
from pymockapi.importing._swagger2_responses import convert_response
from pymockapi.importing._swagger2_security import security_scheme
from pymockapi.importing.operations import METHODS
from pymockapi.loading import FILES_KEY
from pymockapi.model import Direction, SchemaDocument

_REF_PREFIXES = (
    ("#/definitions/", "#/components/schemas/"),
    ("#/responses/", "#/components/responses/"),
    ("#/parameters/", "#/components/parameters/"),
)
_DEFAULT_MEDIA = ["application/json"]
# Where converted parts sit in the 3.0 shape -> where they were written in the 2.0 file.
_SOURCE_PREFIXES = (
    ("/components/schemas/", "/definitions/"),
    ("/components/responses/", "/responses/"),
    ("/components/parameters/", "/parameters/"),
    ("/components/securitySchemes/", "/securityDefinitions/"),
)


def source_pointer(pointer: str) -> str:
    """The pointer in the 2.0 file of a part found at ``pointer`` in the converted document."""
    for converted, original in _SOURCE_PREFIXES:
        if pointer.startswith(converted):
            return original + pointer[len(converted) :]
    return pointer


def convert_swagger2(root: dict[str, Any]) -> dict[str, Any]:
    """A new root in the OpenAPI 3.0 shape (external files under FILES_KEY are kept)."""
    converter = _Converter(root)
    out: dict[str, Any] = {"openapi": "3.0.3", "info": root.get("info") or {}}
    out["servers"] = _servers(root)
    paths = root.get("paths")
    if isinstance(paths, dict):
        paths = {
            path: converter.path_item(item) if isinstance(item, dict) else item
            for path, item in paths.items()
        }
    out["paths"] = paths
    out["components"] = converter.components()
    for key, value in root.items():
        if key in ("tags", "security", "externalDocs", FILES_KEY) or key.startswith("x-"):
            out[key] = value
    _rewrite_refs(out)
    return out


class _Converter:
    def __init__(self, root: dict[str, Any]) -> None:
        self.root = root
        self.lookup = SchemaDocument(root=root, direction=Direction.REQUEST)
        self.produces = _media(root.get("produces"), _DEFAULT_MEDIA)
        self.consumes = _media(root.get("consumes"), _DEFAULT_MEDIA)

    def deref(self, node: Any) -> Any:
        for _ in range(32):
            ref = node.get("$ref") if isinstance(node, dict) else None
            if not isinstance(ref, str):
                return node
            try:
                node = self.lookup.resolve(ref)
            except (KeyError, IndexError, ValueError, TypeError):
                return node  # left dangling: the importer reports it
        return node

    def components(self) -> dict[str, Any]:
        responses = self.root.get("responses")
        parameters = self.root.get("parameters")
        out: dict[str, Any] = {"schemas": self.root.get("definitions") or {}}
        if isinstance(responses, dict):
            out["responses"] = {k: self.response(v, self.produces) for k, v in responses.items()}
        if isinstance(parameters, dict):
            out["parameters"] = {
                k: params.parameter(v)
                for k, v in parameters.items()
                if isinstance(v, dict) and v.get("in") not in ("body", "formData")
            }
        schemes = self.root.get("securityDefinitions")
        if isinstance(schemes, dict):
            out["securitySchemes"] = {k: security_scheme(v) for k, v in schemes.items()}
        return out

    def path_item(self, item: dict[str, Any]) -> Any:
        item = self.deref(item)
        if not isinstance(item, dict):
            return item
        shared = [self.deref(p) for p in _list(item.get("parameters"))]
        out = {k: v for k, v in item.items() if k not in METHODS and k != "parameters"}
        out["parameters"] = [
            params.parameter(p)
            for p in shared
            if isinstance(p, dict) and p.get("in") not in ("body", "formData")
        ]
        for method in METHODS:
            if isinstance(item.get(method), dict):
                out[method] = self.operation(item[method], shared)
        return out

    def operation(self, node: dict[str, Any], shared: list[Any]) -> dict[str, Any]:
        out = {
            k: v
            for k, v in node.items()
            if k not in ("parameters", "responses", "consumes", "produces")
        }
        consumes = _media(node.get("consumes"), self.consumes)
        produces = _media(node.get("produces"), self.produces)
        merged: dict[tuple[Any, Any], Any] = {}
        for raw in [*shared, *_list(node.get("parameters"))]:
            parameter = self.deref(raw)
            key = (
                (str(parameter.get("name")), str(parameter.get("in")))
                if isinstance(parameter, dict)
                else (id(raw), None)
            )
            merged[key] = parameter
        body = [p for p in merged.values() if isinstance(p, dict) and p.get("in") == "body"]
        form = [p for p in merged.values() if isinstance(p, dict) and p.get("in") == "formData"]
        out["parameters"] = [
            params.parameter(p) if isinstance(p, dict) and "in" in p else p
            for p in merged.values()
            if not (isinstance(p, dict) and p.get("in") in ("body", "formData"))
        ]
        if body:
            out["requestBody"] = params.body(body[0], consumes)
        elif form:
            out["requestBody"] = params.form_body(form, consumes)
        responses = node.get("responses")
        if isinstance(responses, dict):
            out["responses"] = {code: self.response(r, produces) for code, r in responses.items()}
        return out

    def response(self, node: Any, produces: list[str]) -> Any:
        return convert_response(node, produces, self.deref)


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _media(value: Any, default: list[str]) -> list[str]:
    if isinstance(value, list) and value:
        return [str(v) for v in value]
    return default


def _servers(root: dict[str, Any]) -> list[dict[str, str]]:
    base = str(root.get("basePath") or "/")
    host = root.get("host")
    if not isinstance(host, str) or not host:
        return [{"url": base}]
    schemes = _media(root.get("schemes"), ["https"])
    return [{"url": f"{scheme}://{host}{base}"} for scheme in schemes]


def _rewrite_refs(root: dict[str, Any]) -> None:
    """Point ``#/definitions/...`` (and responses, parameters) at their 3.0 homes."""
    seen: set[int] = set()
    stack: list[Any] = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str):
                for old, new in _REF_PREFIXES:
                    if ref.startswith(old):
                        node["$ref"] = new + ref[len(old) :]
                        break
            stack.extend(v for v in node.values() if isinstance(v, dict | list))
        elif isinstance(node, list):
            stack.extend(v for v in node if isinstance(v, dict | list))
