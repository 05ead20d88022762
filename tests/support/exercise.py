"""Build a valid request for any operation, and check our answer with openapi-core.

Used by the integration tests on the bundled example and by the corpus tests on
real-world documents: "for every operation a valid request gets a documented status whose
body conforms to the spec according to openapi-core".
"""

from __future__ import annotations

import base64
import functools
import json
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

import orjson

from pymockapi.generation import GenerationError, compile_generator
from pymockapi.model import (
    Operation,
    Parameter,
    ParameterLocation,
    SecuritySchemeType,
    Spec,
)
from pymockapi.seeds import derive_seed


class CannotBuild(Exception):
    """No valid request can be built for this operation by this helper (the reason says why)."""


@dataclass
class Call:
    method: str
    path: str
    query: list[tuple[str, str]] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)
    cookies: dict[str, str] = field(default_factory=dict)
    body: bytes | None = None
    content_type: str | None = None

    @property
    def url(self) -> str:
        return self.path + ("?" + urlencode(self.query) if self.query else "")

    def all_headers(self) -> dict[str, str]:
        headers = dict(self.headers)
        if self.content_type:
            headers["content-type"] = self.content_type
        if self.cookies:
            headers["cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        return headers


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return repr(value)
    return str(value)


def _generate(parameter: Parameter, seed: bytes) -> Any:
    if parameter.schema is None:
        return "x"
    return compile_generator(parameter.schema).generate(seed)


def _path_value(parameter: Parameter, value: Any) -> str:
    style, explode = parameter.style, parameter.explode
    if parameter.content_type:
        return quote(json.dumps(value), safe="")
    if isinstance(value, list):
        joined = ",".join(quote(_text(v), safe="") for v in value)
        if style == "label":
            return "." + joined.replace(",", "." if explode else ",")
        if style == "matrix":
            if explode:
                return "".join(f";{parameter.name}={quote(_text(v), safe='')}" for v in value)
            return f";{parameter.name}={joined}"
        return joined
    if isinstance(value, dict):
        pairs = [(quote(str(k), safe=""), quote(_text(v), safe="")) for k, v in value.items()]
        inner = (
            ",".join(f"{k}={v}" for k, v in pairs)
            if explode
            else ",".join(f"{k},{v}" for k, v in pairs)
        )
        if style == "label":
            return "." + inner
        if style == "matrix":
            return (
                f";{parameter.name}={inner}"
                if not explode
                else "".join(f";{k}={v}" for k, v in pairs)
            )
        return inner
    text = quote(_text(value), safe="")
    if style == "label":
        return "." + text
    if style == "matrix":
        return f";{parameter.name}={text}"
    return text


def _query_pairs(parameter: Parameter, value: Any) -> list[tuple[str, str]]:
    name, style, explode = parameter.name, parameter.style, parameter.explode
    if parameter.content_type:
        return [(name, json.dumps(value))]
    if isinstance(value, list):
        if style == "spaceDelimited":
            return [(name, " ".join(map(_text, value)))]
        if style == "pipeDelimited":
            return [(name, "|".join(map(_text, value)))]
        if explode:
            return [(name, _text(v)) for v in value]
        return [(name, ",".join(map(_text, value)))]
    if isinstance(value, dict):
        if style == "deepObject":
            return [(f"{name}[{k}]", _text(v)) for k, v in value.items()]
        if explode:
            return [(str(k), _text(v)) for k, v in value.items()]
        return [(name, ",".join(f"{k},{_text(v)}" for k, v in value.items()))]
    return [(name, _text(value))]


def _header_value(parameter: Parameter, value: Any) -> str:
    if parameter.content_type:
        return json.dumps(value)
    if isinstance(value, list):
        return ",".join(map(_text, value))
    if isinstance(value, dict):
        sep = "=" if parameter.explode else ","
        return ",".join(f"{k}{sep}{_text(v)}" for k, v in value.items())
    return _text(value)


def valid_call(spec: Spec, operation: Operation, seed: int = 0) -> Call:
    """A request that the contract accepts: required parameters, credentials and body."""
    call = Call(method=operation.method, path=operation.path)
    for parameter in operation.parameters:
        if parameter.location is not ParameterLocation.PATH and not parameter.required:
            continue
        value = None
        for attempt in range(20):
            value = _generate(parameter, derive_seed(seed, operation.key, parameter.name, attempt))
            # Empty values need allowEmptyValue; "." and ".." would change the path.
            if _text(value) not in ("", ".", ".."):
                break
        if parameter.location is ParameterLocation.PATH:
            call.path = call.path.replace("{" + parameter.name + "}", _path_value(parameter, value))
        elif parameter.location is ParameterLocation.QUERY:
            call.query.extend(_query_pairs(parameter, value))
        elif parameter.location is ParameterLocation.HEADER:
            call.headers[parameter.name] = _header_value(parameter, value)
        else:
            call.cookies[parameter.name] = quote(_text(value), safe="")
    _add_credentials(spec, operation, call)
    _add_body(operation, call, seed)
    return call


def _add_credentials(spec: Spec, operation: Operation, call: Call) -> None:
    if not operation.security or any(not req.schemes for req in operation.security):
        return
    requirement = operation.security[0]
    for name, _scopes in requirement.schemes:
        scheme = spec.security_schemes.get(name)
        if scheme is None:
            continue  # an undefined scheme cannot be presented, and is not enforced
        if scheme.type is SecuritySchemeType.API_KEY:
            if scheme.location is ParameterLocation.HEADER:
                call.headers[scheme.parameter_name] = "test-key"
            elif scheme.location is ParameterLocation.QUERY:
                call.query.append((scheme.parameter_name, "test-key"))
            else:
                call.cookies[scheme.parameter_name] = "test-key"
        elif scheme.type is SecuritySchemeType.MUTUAL_TLS:
            raise CannotBuild("mutual TLS cannot be presented over plain HTTP")
        elif "Authorization" in call.headers:
            continue  # one Authorization header: AND-ed http schemes share it
        elif scheme.type is SecuritySchemeType.HTTP and scheme.scheme == "basic":
            call.headers["Authorization"] = "Basic " + base64.b64encode(b"user:pass").decode()
        elif scheme.type is SecuritySchemeType.HTTP and scheme.scheme not in ("", "bearer"):
            call.headers["Authorization"] = f"{scheme.scheme.capitalize()} token"
        else:
            call.headers["Authorization"] = "Bearer test-token"


def _is_json(media_type: str) -> bool:
    base = media_type.split(";")[0].strip().lower()
    return base in ("application/json", "*/*", "application/*") or base.endswith("+json")


def _add_body(operation: Operation, call: Call, seed: int) -> None:
    body = operation.request_body
    if body is None or not body.content:
        return
    media = body.content[0]
    value: Any = None
    if media.schema is not None:
        try:
            value = compile_generator(media.schema).generate(
                derive_seed(seed, operation.key, "body")
            )
        except GenerationError as error:
            raise CannotBuild(f"request body schema is unsatisfiable: {error}") from error
    base = media.media_type.split(";")[0].strip().lower()
    if _is_json(base):
        call.content_type = "application/json" if "*" in base else media.media_type
        call.body = orjson.dumps(value)
    elif base == "application/x-www-form-urlencoded":
        if value is not None and not isinstance(value, dict):
            raise CannotBuild("form body whose schema is not an object")
        pairs = []
        for key, item in (value or {}).items():
            if isinstance(item, (dict, list)) and not (
                isinstance(item, list) and all(not isinstance(v, (dict, list)) for v in item)
            ):
                raise CannotBuild("nested form fields")
            if isinstance(item, list):
                pairs.extend((key, _text(v)) for v in item)
            else:
                pairs.append((key, _text(item)))
        call.content_type = base
        call.body = urlencode(pairs).encode()
    elif base == "multipart/form-data":
        boundary = "pymockapi-test-boundary"
        parts = []
        for key, item in (value or {}).items():
            # Binary strings travel as files, other primitives as plain fields, and objects
            # and arrays as JSON parts (OpenAPI's default part content type for them).
            head = f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"'
            if isinstance(item, bytes):
                head += f'; filename="{key}.bin"\r\nContent-Type: application/octet-stream'
                data = item
            elif isinstance(item, list) and all(not isinstance(v, (dict, list)) for v in item):
                # An array of primitives travels as repeated parts with the same name.
                for element in item:
                    parts.append(f"{head}\r\n\r\n{_text(element)}\r\n".encode())
                continue
            elif isinstance(item, (dict, list)):
                head += "\r\nContent-Type: application/json"
                data = json.dumps(item).encode()
            else:
                data = _text(item).encode()
            parts.append(head.encode() + b"\r\n\r\n" + data + b"\r\n")
        call.content_type = f"multipart/form-data; boundary={boundary}"
        call.body = b"".join(parts) + f"--{boundary}--\r\n".encode()
    elif base.startswith("text/"):
        call.content_type = base
        call.body = (value if isinstance(value, str) else json.dumps(value)).encode()
    else:
        call.content_type = base if "*" not in base else "application/octet-stream"
        call.body = value.encode() if isinstance(value, str) else b"\x00\x01binary"


def server_url(spec: Spec, operation: Operation | None = None) -> tuple[str, str]:
    """(origin, base path) of the operation's (else the spec's) first server."""
    servers = (operation.servers if operation is not None else ()) or spec.servers
    if not servers:
        return "http://localhost", ""
    server = servers[0]
    parts = urlsplit(_substitute(spec, server.url))
    if parts.scheme and parts.netloc:
        return f"{parts.scheme}://{parts.netloc}", server.base_path
    return "http://localhost", server.base_path


def _substitute(spec: Spec, url: str) -> str:
    """Replace ``{variables}`` in a server URL by their defaults, read from the document."""
    if "{" not in url:
        return url
    for server in _all_servers(raw_document(spec.source)):
        if server.get("url") == url:
            for name, variable in (server.get("variables") or {}).items():
                url = url.replace("{" + name + "}", str(variable.get("default", "")))
            return url
    return url


@functools.lru_cache(maxsize=16)
def raw_document(source: str) -> Any:
    """The document as written (parsed once per file: large YAML parses slowly)."""
    import yaml

    with open(source, encoding="utf-8") as handle:
        return yaml.load(handle, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def _all_servers(node: Any) -> list[dict[str, Any]]:
    """Every server object anywhere in the document (root, path and operation level)."""
    found: list[dict[str, Any]] = []
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            servers = item.get("servers")
            if isinstance(servers, list):
                found.extend(s for s in servers if isinstance(s, dict))
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return found
