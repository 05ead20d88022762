"""Follow every ``$ref`` from the root file and bundle all documents into one."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import unquote

from pymockapi.errors import ErrorKind, PyMockApiError
from pymockapi.loading._fetch import read_bytes
from pymockapi.loading._literals import literal_keys
from pymockapi.loading._parse import decode, parse_text
from pymockapi.loading._sandbox import Refused, Target, locate
from pymockapi.loading._yaml import MAX_DEPTH
from pymockapi.loading.document import FILES_KEY, LoadedDocument, bundled_prefix
from pymockapi.model import escape_pointer_token

# A walk entry: (node, parent entry, token, depth); pointers are built only when needed.
_Entry = tuple[Any, Any, str, int]
_CONTAINERS = (dict, list)


class _Bundler:
    def __init__(self, root: Target, root_dir: Path, *, allow_remote: bool) -> None:
        self.root = root
        self.root_dir = root_dir
        self.allow_remote = allow_remote
        self.documents: dict[str, Any] = {}
        self.targets: dict[str, Target] = {root.key: root}
        self.dangling: dict[str, str] = {}
        self.queue: list[str] = []
        self.files: list[str] = []

    def load(self, target: Target) -> Any:
        data = read_bytes(target)
        self.files.append(target.url or str(target.path))
        return parse_text(decode(data, target.key), target.key)

    def run(self, root_value: Any) -> dict[str, Any]:
        self.documents[self.root.key] = root_value
        self.queue.append(self.root.key)
        while self.queue:
            key = self.queue.pop()
            self.rewrite(key, self.documents[key])
        bundle: dict[str, Any] = dict(root_value)
        others = {k: v for k, v in self.documents.items() if k != self.root.key}
        if others:
            bundle[FILES_KEY] = others
        return bundle

    def rewrite(self, key: str, document: Any) -> None:
        """Rewrite every ``$ref`` of ``document`` into the bundle, loading what they name.

        The walk visits every container of the document (about 90,000 in GitHub's), so its
        loop is kept plain: no generator, no union type built per value.
        """
        seen: set[int] = set()
        stack: list[_Entry] = [(document, None, "", 0)]
        push = stack.append
        while stack:
            entry = stack.pop()
            node, depth = entry[0], entry[3] + 1
            if id(node) in seen:
                continue
            seen.add(id(node))
            if depth > MAX_DEPTH:
                raise PyMockApiError.spec_unreadable(
                    self.name(key), f"nesting deeper than {MAX_DEPTH} levels", _pointer(entry)
                )
            if isinstance(node, dict):
                ref = node.get("$ref")
                if isinstance(ref, str):
                    node["$ref"] = self.local_ref(ref, key, entry)
                if entry[2] == "discriminator" and isinstance(node.get("mapping"), dict):
                    self.rewrite_mapping(node["mapping"], key, entry)
                skip = literal_keys(entry)
                for k, v in node.items():
                    if (
                        isinstance(v, _CONTAINERS)
                        and k not in skip
                        and not (k == "examples" and isinstance(v, list))  # 3.1 schema examples
                    ):
                        push((v, entry, k, depth))
            elif isinstance(node, list):
                for i, v in enumerate(node):
                    if isinstance(v, _CONTAINERS):
                        push((v, entry, str(i), depth))

    def rewrite_mapping(self, mapping: dict[str, Any], key: str, entry: _Entry) -> None:
        for name, value in mapping.items():
            if isinstance(value, str) and _looks_like_ref(value):
                mapping[name] = self.local_ref(value, key, entry)

    def local_ref(self, ref: str, key: str, entry: _Entry) -> str:
        reference, _, fragment = ref.partition("#")
        fragment = unquote(fragment)
        if not reference:
            target_key = key
        else:
            try:
                target = locate(
                    reference, self.targets[key], self.root_dir, allow_remote=self.allow_remote
                )
            except Refused as exc:
                raise PyMockApiError.ref_refused(
                    self.name(key), _pointer(entry), f"$ref '{ref}' refused: {exc}"
                ) from None
            target_key = target.key
            if target_key not in self.documents and target_key not in self.dangling:
                self.targets[target_key] = target
                try:
                    self.documents[target_key] = self.load(target)
                except PyMockApiError as exc:
                    if exc.kind is not ErrorKind.SPEC_NOT_FOUND:
                        raise
                    self.dangling[target_key] = f"file {target_key} not found"
                else:
                    self.queue.append(target_key)
        prefix = bundled_prefix(None if target_key == self.root.key else target_key)
        local = f"#{prefix}{fragment}"
        if target_key in self.dangling:
            self.dangling[local] = self.dangling[target_key]
        return local

    def name(self, key: str) -> str:
        target = self.targets[key]
        if key != self.root.key:
            return key
        return target.url or str(target.path)


def _looks_like_ref(value: str) -> bool:
    """A discriminator mapping value that is a reference, not a bare schema name."""
    return "#" in value or "/" in value or value.endswith((".yaml", ".yml", ".json"))


def _pointer(entry: _Entry | None) -> str:
    tokens: list[str] = []
    while entry is not None and entry[1] is not None:
        tokens.append(escape_pointer_token(entry[2]))
        entry = entry[1]
    return "".join(f"/{t}" for t in reversed(tokens))


def bundle(root: Target, root_dir: Path, root_value: Any, *, allow_remote: bool) -> LoadedDocument:
    bundler = _Bundler(root, root_dir, allow_remote=allow_remote)
    bundler.files.append(root.url or str(root.path))
    documents = bundler.run(root_value)
    dangling = {k: v for k, v in bundler.dangling.items() if k.startswith("#")}
    return LoadedDocument(
        source=root.url or str(root.path),
        root=documents,
        files=tuple(bundler.files),
        root_file=bundler.name(root.key),
        dangling=dangling,
    )
