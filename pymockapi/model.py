"""The immutable route model that every later stage reads.

The importer turns an OpenAPI 3.0, 3.1 or Swagger 2.0 document into this model. Schemas in
the model are already normalized to JSON Schema 2020-12 (plus the OpenAPI vocabulary:
``discriminator``, ``readOnly``, ``writeOnly``, ``xml``, ``example``), so no later stage needs
to know which OpenAPI version the document was written in. Every ``$ref`` left in a schema is
a local ``#/...`` pointer into the :class:`SchemaDocument` it belongs to.

Two views of the document exist: the request view (``readOnly`` properties are not
required) and the response view (``writeOnly`` properties are not required).
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

JsonSchema = Mapping[str, Any] | bool


class _Missing(enum.Enum):
    MISSING = "MISSING"

    def __repr__(self) -> str:
        return "MISSING"


MISSING = _Missing.MISSING
"""Marks an absent example (``None`` is a valid example value)."""


class OpenApiVersion(enum.Enum):
    SWAGGER_2_0 = "2.0"
    OPENAPI_3_0 = "3.0"
    OPENAPI_3_1 = "3.1"


class Direction(enum.Enum):
    REQUEST = "request"
    RESPONSE = "response"


class ParameterLocation(enum.Enum):
    PATH = "path"
    QUERY = "query"
    HEADER = "header"
    COOKIE = "cookie"


def unescape_pointer_token(token: str) -> str:
    return token.replace("~1", "/").replace("~0", "~")


def escape_pointer_token(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


@dataclass(frozen=True, slots=True, eq=False)
class SchemaDocument:
    """One normalized view of the bundled document; ``$ref`` targets resolve inside it."""

    root: Mapping[str, Any]
    direction: Direction

    def resolve(self, pointer: str) -> Any:
        """Resolve a JSON pointer such as ``/components/schemas/Pet`` (or ``#/...``)."""
        if pointer.startswith("#"):
            pointer = pointer[1:]
        node: Any = self.root
        if not pointer:
            return node
        for raw in pointer.lstrip("/").split("/"):
            token = unescape_pointer_token(raw)
            node = node[int(token)] if isinstance(node, list) else node[token]
        return node


@dataclass(frozen=True, slots=True)
class Schema:
    """A schema node, where it sits in the bundled document, and the view it belongs to."""

    pointer: str
    node: JsonSchema = field(compare=False)
    document: SchemaDocument = field(compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Example:
    name: str
    value: Any
    summary: str = ""


@dataclass(frozen=True, slots=True)
class Encoding:
    """Per-property encoding of a form or multipart body."""

    content_type: str | None = None
    style: str | None = None
    explode: bool | None = None
    headers: tuple[Header, ...] = ()


@dataclass(frozen=True, slots=True)
class MediaType:
    media_type: str
    schema: Schema | None = None
    example: Any = MISSING
    examples: tuple[Example, ...] = ()
    encoding: Mapping[str, Encoding] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Parameter:
    name: str
    location: ParameterLocation
    required: bool = False
    style: str = "form"
    explode: bool = True
    schema: Schema | None = None
    content_type: str | None = None
    """Set when the parameter is described with ``content`` instead of ``schema``."""
    allow_empty_value: bool = False
    allow_reserved: bool = False
    deprecated: bool = False
    example: Any = MISSING
    examples: tuple[Example, ...] = ()


@dataclass(frozen=True, slots=True)
class RequestBody:
    content: tuple[MediaType, ...]
    required: bool = False


@dataclass(frozen=True, slots=True)
class Header:
    name: str
    required: bool = False
    schema: Schema | None = None
    example: Any = MISSING
    examples: tuple[Example, ...] = ()
    deprecated: bool = False


@dataclass(frozen=True, slots=True)
class Response:
    status: str
    """``"200"``, a range such as ``"2XX"``, or ``"default"``."""
    description: str = ""
    headers: tuple[Header, ...] = ()
    content: tuple[MediaType, ...] = ()

    def covers(self, code: int) -> bool:
        if self.status == "default":
            return True
        if self.status.upper().endswith("XX"):
            return str(code)[0] == self.status[0]
        return self.status == str(code)


class SecuritySchemeType(enum.Enum):
    API_KEY = "apiKey"
    HTTP = "http"
    OAUTH2 = "oauth2"
    OPEN_ID_CONNECT = "openIdConnect"
    MUTUAL_TLS = "mutualTLS"


@dataclass(frozen=True, slots=True)
class SecurityScheme:
    name: str
    type: SecuritySchemeType
    scheme: str = ""
    """For ``http``: ``basic``, ``bearer``, ... (lower-case)."""
    location: ParameterLocation | None = None
    """For ``apiKey``: where the key travels."""
    parameter_name: str = ""
    """For ``apiKey``: the header, query or cookie name."""
    bearer_format: str = ""


@dataclass(frozen=True, slots=True)
class SecurityRequirement:
    """Schemes that must all be satisfied together (AND); a list of these is OR-ed."""

    schemes: tuple[tuple[str, tuple[str, ...]], ...]


@dataclass(frozen=True, slots=True)
class Server:
    url: str
    base_path: str
    """The URL's path with variables substituted by their defaults, no trailing slash."""
    description: str = ""


@dataclass(frozen=True, slots=True)
class Operation:
    method: str
    """Upper-case HTTP method."""
    path: str
    """The path template as written, e.g. ``/pets/{petId}``."""
    pointer: str
    """JSON pointer of the operation in its source file, e.g. ``/paths/~1pets/get``."""
    operation_id: str | None = None
    summary: str = ""
    tags: tuple[str, ...] = ()
    parameters: tuple[Parameter, ...] = ()
    request_body: RequestBody | None = None
    responses: tuple[Response, ...] = ()
    security: tuple[SecurityRequirement, ...] = ()
    """Empty means no security. An empty requirement inside means 'anonymous allowed'."""
    servers: tuple[Server, ...] = ()
    deprecated: bool = False
    extensions: Mapping[str, Any] = field(default_factory=dict)
    """``x-`` keys of the operation object, e.g. ``x-pymockapi-chaos``."""

    @property
    def key(self) -> str:
        return self.operation_id or f"{self.method} {self.path}"


@dataclass(frozen=True, slots=True)
class Spec:
    source: str
    """Path (or URL) of the root document as given."""
    version: OpenApiVersion
    title: str
    api_version: str
    operations: tuple[Operation, ...]
    servers: tuple[Server, ...]
    security_schemes: Mapping[str, SecurityScheme]
    request_document: SchemaDocument
    response_document: SchemaDocument
    problems: tuple[Any, ...] = ()
    """:class:`pymockapi.errors.Problem` for every skipped operation or dubious part."""
    files: tuple[str, ...] = ()
    """Every file the document was read from (for hot reload)."""

    def api_key_names(self) -> tuple[str, ...]:
        """The header and query parameter names the document's ``apiKey`` schemes travel in
        (secrets: recordings and the journal redact them)."""
        return tuple(
            scheme.parameter_name
            for scheme in self.security_schemes.values()
            if scheme.type is SecuritySchemeType.API_KEY and scheme.parameter_name
        )
