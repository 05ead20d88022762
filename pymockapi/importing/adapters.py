"""How each OpenAPI version's schema dialect maps onto JSON Schema 2020-12, as data.

One table per version; the normalizer reads the table and never asks which version it is.
Swagger 2.0 documents are first converted to the 3.0 shape, so their table differs from
3.0's only in what 2.0 alone had (``x-nullable``, ``type: file``, a string discriminator).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pymockapi.model import OpenApiVersion

JSON_TYPES = frozenset({"null", "boolean", "object", "array", "number", "string", "integer"})


@dataclass(frozen=True, slots=True)
class Adapter:
    nullable_keywords: tuple[str, ...]
    """Keywords meaning "null is allowed too" (removed once applied)."""
    nullable_needs_type: bool
    """``nullable`` only adds ``"null"`` to an explicit ``type`` (OpenAPI 3.0.3's reading, and
    openapi-core's); when false, a typeless nullable schema becomes ``anyOf: [rest, null]``."""
    nullable_extends_enum: bool
    """``nullable`` also adds ``None`` to ``enum`` (3.0.3 and openapi-core say it does not:
    "other constraints retain their behavior and may disallow null")."""
    boolean_exclusive_bounds: bool
    """``exclusiveMinimum: true`` qualifies ``minimum`` (3.0) instead of being a number."""
    ref_siblings_kept: frozenset[str] | None
    """Keywords kept next to ``$ref`` (``None``: all of them, as 2020-12 does)."""
    tuple_items: bool
    """``items: [..]`` means a tuple and becomes ``prefixItems``."""
    boolean_schemas: bool
    """``true``/``false`` are schemas anywhere (else only as ``additionalProperties``)."""
    type_aliases: dict[str, tuple[str, str | None]] = field(default_factory=dict)
    """A non-JSON type -> (JSON type, format)."""
    string_discriminator: bool = False
    """``discriminator: petType`` (2.0) means ``{propertyName: petType}``."""
    dropped: frozenset[str] = frozenset({"$schema", "$id"})
    """Keywords removed because they would confuse ``$ref`` resolution in the bundle."""


# Annotations that change nothing for validation but matter to views and generation.
_ANNOTATIONS = frozenset({"readOnly", "writeOnly", "description", "title", "deprecated"})

V3_0 = Adapter(
    nullable_keywords=("nullable",),
    nullable_needs_type=True,
    nullable_extends_enum=False,
    boolean_exclusive_bounds=True,
    ref_siblings_kept=_ANNOTATIONS,
    tuple_items=True,
    boolean_schemas=False,
)

V2_0 = Adapter(
    nullable_keywords=("x-nullable", "nullable"),
    nullable_needs_type=True,
    nullable_extends_enum=False,
    boolean_exclusive_bounds=True,
    ref_siblings_kept=_ANNOTATIONS,
    tuple_items=True,
    boolean_schemas=False,
    type_aliases={"file": ("string", "binary")},
    string_discriminator=True,
)

V3_1 = Adapter(
    nullable_keywords=(),
    nullable_needs_type=True,
    nullable_extends_enum=False,
    # Not valid in 3.1, but common in real 3.1 documents written the 3.0 way.
    boolean_exclusive_bounds=True,
    ref_siblings_kept=None,
    tuple_items=False,
    boolean_schemas=True,
)

ADAPTERS: dict[OpenApiVersion, Adapter] = {
    OpenApiVersion.SWAGGER_2_0: V2_0,
    OpenApiVersion.OPENAPI_3_0: V3_0,
    OpenApiVersion.OPENAPI_3_1: V3_1,
}
