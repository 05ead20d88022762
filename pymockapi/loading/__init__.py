"""Loading: read a spec safely, follow its ``$ref``s inside a sandbox, bundle into one document.

Only files under the root document's folder are read; ``file:`` URLs, absolute paths,
paths that leave the folder (also through symbolic links) and, unless allowed, ``http(s)``
URLs are refused before anything is opened.
"""

from __future__ import annotations

import os
from pathlib import Path

from pymockapi.errors import PyMockApiError
from pymockapi.loading._fetch import read_bytes
from pymockapi.loading._parse import decode, parse_text
from pymockapi.loading._sandbox import Target, is_url
from pymockapi.loading.bundler import bundle
from pymockapi.loading.document import FILES_KEY, LoadedDocument

__all__ = ["FILES_KEY", "LoadedDocument", "load_document"]


def load_document(source: str | Path, *, allow_remote_refs: bool = False) -> LoadedDocument:
    """Read the root document and every file it refers to, as one bundled document."""
    text_source = str(source)
    if is_url(text_source):
        if not allow_remote_refs:
            raise PyMockApiError.ref_refused(
                text_source, "", "loading a spec from a URL needs allow_remote_refs"
            )
        target = Target(key=text_source, url=text_source)
        root_dir = Path(os.getcwd())
    else:
        path = Path(os.path.abspath(text_source))
        if not path.exists():
            raise PyMockApiError.spec_not_found(text_source)
        target = Target(key=path.name, path=path)
        root_dir = path.parent
    value = parse_text(decode(read_bytes(_named(target, text_source)), text_source), text_source)
    if not isinstance(value, dict):
        kind = "empty" if value is None else f"a {type(value).__name__}"
        raise PyMockApiError.spec_invalid(
            text_source, "", f"the document must be a mapping (an object), but it is {kind}"
        )
    return bundle(target, root_dir, value, allow_remote=allow_remote_refs)


def _named(target: Target, source: str) -> Target:
    """The root target, named as the user gave it (for messages)."""
    return Target(key=source, path=target.path, url=target.url)
