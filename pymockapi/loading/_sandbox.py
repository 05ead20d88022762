"""Where a ``$ref`` may point: files under the spec's folder, URLs only when allowed.

A refused target is never opened, so its content cannot leak into any message.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit


class Refused(Exception):
    """The reference points somewhere we must not read."""


@dataclass(frozen=True, slots=True)
class Target:
    """A document to read: a local file (``path``) or a URL (``url``)."""

    key: str
    """How the document is named in the bundle: a path relative to the root folder, or a URL."""
    path: Path | None = None
    url: str | None = None


def is_url(text: str) -> bool:
    return _scheme(text) in ("http", "https")


def _scheme(text: str) -> str:
    try:
        return urlsplit(text).scheme.lower()
    except ValueError:
        return ""


def locate(reference: str, base: Target, root_dir: Path, *, allow_remote: bool) -> Target:
    """The document that ``reference`` (the part before ``#``) names, seen from ``base``."""
    scheme = _scheme(reference)
    if base.url is not None and not scheme:
        try:
            reference = urljoin(base.url, reference)
        except ValueError:
            raise Refused("not a valid URL") from None
        scheme = _scheme(reference)
    if scheme in ("http", "https"):
        if not allow_remote:
            raise Refused("remote references are disabled (use allow_remote_refs to fetch them)")
        return Target(key=reference, url=reference)
    if scheme and len(scheme) > 1:
        raise Refused(f"'{scheme}:' references are not allowed")
    relative = unquote(reference)
    if os.path.isabs(relative) or relative.startswith("~"):
        raise Refused("absolute paths are not allowed; use a path relative to the spec")
    if base.path is None:
        raise Refused("a remote document cannot refer to local files")
    joined = os.path.normpath(os.path.join(base.path.parent, relative))
    if not _inside(joined, str(root_dir)):
        raise Refused("the reference leaves the spec's folder")
    real = os.path.realpath(joined)
    if not _inside(real, os.path.realpath(root_dir)):
        raise Refused("the reference resolves (through a link) outside the spec's folder")
    key = Path(os.path.relpath(joined, root_dir)).as_posix()
    return Target(key=key, path=Path(joined))


def _inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)
