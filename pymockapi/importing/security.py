"""Security requirements and schemes."""

from __future__ import annotations

from typing import Any

from pymockapi.importing._context import text
from pymockapi.importing._errors import Broken, Report
from pymockapi.model import (
    ParameterLocation,
    SecurityRequirement,
    SecurityScheme,
    SecuritySchemeType,
    escape_pointer_token,
)


def requirements(raw: Any, pointer: str) -> tuple[SecurityRequirement, ...]:
    """``[]``: none; ``[{}]``: anonymous allowed; each entry is AND, the list is OR."""
    if not isinstance(raw, list):
        raise Broken(pointer, "security must be a list of requirement objects")
    found = []
    for index, entry in enumerate(raw):
        if not isinstance(entry, dict):
            raise Broken(f"{pointer}/{index}", "a security requirement must be an object")
        schemes = []
        for name, scopes in entry.items():
            scope_list = scopes if isinstance(scopes, list) else []
            schemes.append((str(name), tuple(str(s) for s in scope_list)))
        found.append(SecurityRequirement(schemes=tuple(schemes)))
    return tuple(found)


def security_schemes(raw: Any, pointer: str, problem: Report) -> dict[str, SecurityScheme]:
    """Usable schemes by name; ``problem(pointer, message)`` records the ones skipped."""
    if not isinstance(raw, dict):
        return {}
    found = {}
    for name, node in raw.items():
        at = f"{pointer}/{escape_pointer_token(str(name))}"
        try:
            found[str(name)] = _scheme(str(name), node, at)
        except Broken as exc:
            problem(exc.pointer, exc.message)
    return found


def _scheme(name: str, node: Any, pointer: str) -> SecurityScheme:
    if not isinstance(node, dict):
        raise Broken(pointer, f"security scheme {name!r} must be an object")
    try:
        kind = SecuritySchemeType(node.get("type"))
    except ValueError:
        raise Broken(
            pointer, f"security scheme {name!r} has unknown type {node.get('type')!r}"
        ) from None
    location = None
    if kind is SecuritySchemeType.API_KEY:
        try:
            location = ParameterLocation(node.get("in"))
        except ValueError:
            raise Broken(
                pointer, f"apiKey scheme {name!r}: 'in' must be header, query or cookie"
            ) from None
        if location is ParameterLocation.PATH or not text(node, "name"):
            raise Broken(
                pointer, f"apiKey scheme {name!r} needs a 'name' and 'in' header, query or cookie"
            )
    return SecurityScheme(
        name=name,
        type=kind,
        scheme=text(node, "scheme").lower(),
        location=location,
        parameter_name=text(node, "name"),
        bearer_format=text(node, "bearerFormat"),
    )
