"""Servers and the base path each one puts in front of every route."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from pymockapi.importing._context import text
from pymockapi.model import Server

_VARIABLE = re.compile(r"\{([^{}]*)\}")
DEFAULT_SERVERS = (Server(url="/", base_path=""),)


def build_servers(raw: Any) -> tuple[Server, ...]:
    """The servers of a document, path item or operation (``()`` when none are given)."""
    if not isinstance(raw, list):
        return ()
    found = []
    for node in raw:
        if isinstance(node, dict) and isinstance(node.get("url"), str):
            url = node["url"]
            found.append(
                Server(
                    url=url,
                    base_path=base_path(url, node.get("variables")),
                    description=text(node, "description"),
                )
            )
    return tuple(found)


def base_path(url: str, variables: Any) -> str:
    """The URL's path with variables set to their defaults, without trailing slash."""
    defaults = variables if isinstance(variables, dict) else {}

    def substitute(match: re.Match[str]) -> str:
        variable = defaults.get(match.group(1))
        if isinstance(variable, dict) and "default" in variable:
            return str(variable["default"])
        return ""

    concrete = _VARIABLE.sub(substitute, url.strip())
    try:
        if "://" in concrete or concrete.startswith("//"):
            path = urlsplit(concrete).path
        else:
            path = urlsplit("/" + concrete.lstrip("/")).path
    except ValueError:  # e.g. a malformed IPv6 host: serve at the root
        path = ""
    path = "/" + path.strip("/")
    return "" if path == "/" else path
