"""The loaded, bundled document and the way back from a bundled pointer to its file."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from pymockapi.model import escape_pointer_token, unescape_pointer_token

FILES_KEY = "x-pymockapi-files"
"""Root key under which every external file's content is bundled, by relative path or URL."""


def bundled_prefix(key: str | None) -> str:
    """The pointer prefix of a bundled file (``""`` for the root document)."""
    if key is None:
        return ""
    return f"/{FILES_KEY}/{escape_pointer_token(key)}"


@dataclass(frozen=True, slots=True)
class LoadedDocument:
    """One document in which every ``$ref`` is a local ``#/...`` pointer.

    The root file's content sits at the top; each other file's content sits under
    ``/x-pymockapi-files/<relative path or URL, pointer-escaped>``.
    """

    source: str
    """The root document as given (a path or a URL)."""
    root: dict[str, Any]
    files: tuple[str, ...]
    """Every file (absolute path) or URL that was read, the root first."""
    root_file: str
    """How the root file is named in messages."""
    dangling: Mapping[str, str] = field(default_factory=dict)
    """Rewritten ``$ref`` -> why its target is missing (file not found, ...)."""

    def origin(self, pointer: str) -> tuple[str, str]:
        """The (file, pointer in that file) that a bundled pointer came from."""
        pointer = pointer.removeprefix("#")
        head = f"/{FILES_KEY}/"
        if not pointer.startswith(head):
            return self.root_file, pointer
        token, _, rest = pointer[len(head) :].partition("/")
        return unescape_pointer_token(token), f"/{rest}" if rest else ""

    def resolve(self, pointer: str) -> Any:
        """The node at a bundled pointer; ``KeyError`` when there is none."""
        node: Any = self.root
        pointer = pointer.removeprefix("#")
        if not pointer:
            return node
        for raw in pointer.removeprefix("/").split("/"):
            token = unescape_pointer_token(raw)
            if isinstance(node, list):
                if not token.isdigit() or int(token) >= len(node):
                    raise KeyError(pointer)
                node = node[int(token)]
            elif isinstance(node, dict) and token in node:
                node = node[token]
            else:
                raise KeyError(pointer)
        return node
