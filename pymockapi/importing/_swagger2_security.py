"""Swagger 2.0 securityDefinitions -> OpenAPI 3.0 securitySchemes."""

from __future__ import annotations

from typing import Any

# 2.0 oauth2 ``flow`` -> (3.0 flow name, the URLs that flow carries)
_FLOWS = {
    "implicit": ("implicit", ("authorizationUrl",)),
    "password": ("password", ("tokenUrl",)),
    "application": ("clientCredentials", ("tokenUrl",)),
    "accessCode": ("authorizationCode", ("authorizationUrl", "tokenUrl")),
}


def security_scheme(node: Any) -> Any:
    if not isinstance(node, dict):
        return node
    kind = node.get("type")
    extra = {k: v for k, v in node.items() if k == "description" or str(k).startswith("x-")}
    if kind == "basic":
        return {"type": "http", "scheme": "basic", **extra}
    if kind == "apiKey":
        return {"type": "apiKey", "name": node.get("name"), "in": node.get("in"), **extra}
    if kind == "oauth2":
        name, urls = _FLOWS.get(str(node.get("flow")), ("implicit", ("authorizationUrl",)))
        flow = {url: node.get(url, "") for url in urls}
        flow["scopes"] = node.get("scopes") or {}
        return {"type": "oauth2", "flows": {name: flow}, **extra}
    return node
