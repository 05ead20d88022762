"""load_spec: the bundled document -> the immutable route model."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from pymockapi.errors import ErrorKind, Problem
from pymockapi.importing._context import Context, text
from pymockapi.importing._errors import Broken
from pymockapi.importing.adapters import ADAPTERS
from pymockapi.importing.normalize import SchemaNormalizer
from pymockapi.importing.operations import Defaults, RawOperation, build_operation, raw_operations
from pymockapi.importing.security import requirements, security_schemes
from pymockapi.importing.servers import DEFAULT_SERVERS, build_servers
from pymockapi.importing.swagger2 import convert_swagger2, source_pointer
from pymockapi.importing.versions import detect_version
from pymockapi.importing.views import build_view
from pymockapi.loading import LoadedDocument, load_document
from pymockapi.model import (
    Direction,
    OpenApiVersion,
    Schema,
    SchemaDocument,
    Spec,
    escape_pointer_token,
)


def load_spec(source: str | Path, *, allow_remote_refs: bool = False) -> Spec:
    """Load, bundle and import a spec; broken operations are skipped into ``Spec.problems``."""
    with _gc_paused():
        document = load_document(source, allow_remote_refs=allow_remote_refs)
        version = detect_version(document.root, document.root_file)
        if version is OpenApiVersion.SWAGGER_2_0:
            document = replace(document, root=convert_swagger2(document.root))
        return _Importer(document, version).run(str(source))


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """Loading allocates millions of acyclic containers; cyclic GC passes only slow it down."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class _Importer:
    def __init__(self, document: LoadedDocument, version: OpenApiVersion) -> None:
        self.document = document
        self.version = version
        self.normalizer = SchemaNormalizer(ADAPTERS[version], document)
        self.problems: list[Problem] = []

    def problem(self, pointer: str, message: str, kind: ErrorKind = ErrorKind.SPEC_INVALID) -> None:
        file, local = self.document.origin(pointer)
        if self.version is OpenApiVersion.SWAGGER_2_0 and file == self.document.root_file:
            local = source_pointer(local)
        self.problems.append(Problem(file=file, pointer=local, message=message, kind=kind))

    def run(self, source: str) -> Spec:
        root = self.document.root
        defaults = Defaults(security=self._global_security(), servers=self._servers())
        self._normalize_components()
        candidates = self._first_pass(defaults)
        usable = self._without_broken_schemas(candidates)
        views = {d: build_view(self.document, self.normalizer.objects, d) for d in Direction}

        def schema(node: Any, pointer: str, direction: Direction) -> Schema:
            view = views[direction]
            return Schema(pointer=pointer, node=view.resolve(pointer), document=view)

        context = Context(self.document, schema)
        operations = [build_operation(context, raw, defaults) for raw in usable]
        components = root.get("components")
        schemes = security_schemes(
            components.get("securitySchemes") if isinstance(components, dict) else None,
            "/components/securitySchemes",
            self.problem,
        )
        info = root.get("info")
        info = info if isinstance(info, dict) else {}
        return Spec(
            source=source,
            version=self.version,
            title=text(info, "title"),
            api_version=str(info.get("version", "")),
            operations=tuple(operations),
            servers=defaults.servers,
            security_schemes=schemes,
            request_document=views[Direction.REQUEST],
            response_document=views[Direction.RESPONSE],
            problems=tuple(self.problems),
            files=self.document.files,
        )

    def _global_security(self) -> tuple[Any, ...]:
        if "security" not in self.document.root:
            return ()
        try:
            return requirements(self.document.root["security"], "/security")
        except Broken as exc:
            self.problem(exc.pointer, f"global security ignored: {exc.message}")
            return ()

    def _servers(self) -> tuple[Any, ...]:
        return build_servers(self.document.root.get("servers")) or DEFAULT_SERVERS

    def _normalize_components(self) -> None:
        components = self.document.root.get("components")
        schemas = components.get("schemas") if isinstance(components, dict) else None
        if isinstance(schemas, dict):
            for name, node in schemas.items():
                pointer = f"/components/schemas/{escape_pointer_token(str(name))}"
                problem = self.normalizer.normalize(node, pointer)
                if problem is not None:
                    self.problem(pointer, f"schema cannot be used: {problem}")

    def _first_pass(self, defaults: Defaults) -> list[tuple[RawOperation, list[Any]]]:
        """Build every operation once to normalize its schemas and find what is broken."""
        placeholders = {d: SchemaDocument(root={}, direction=d) for d in Direction}
        used: list[Any] = []  # the schema nodes of the operation being built

        def collect(node: Any, pointer: str, direction: Direction) -> Schema:
            problem = self.normalizer.normalize(node, pointer)
            if problem is not None:
                raise Broken(pointer, problem)
            used.append(node)
            return Schema(pointer=pointer, node=True, document=placeholders[direction])

        context = Context(self.document, collect)
        candidates = []
        for raw in raw_operations(context, self.problem):
            used.clear()
            try:
                build_operation(context, raw, defaults)
            except Broken as exc:
                self.problem(
                    exc.pointer, f"{_name(raw)} skipped: {exc.message}", ErrorKind.OPERATION_SKIPPED
                )
                continue
            candidates.append((raw, list(used)))
        return candidates

    def _without_broken_schemas(
        self, candidates: list[tuple[RawOperation, list[Any]]]
    ) -> list[RawOperation]:
        usable = []
        reported: set[str] = set()
        for raw, used in candidates:
            hit = next((h for h in map(self.normalizer.first_broken, used) if h), None)
            if hit is None:
                usable.append(raw)
                continue
            reported.add(hit[0])
            self.problem(hit[0], f"{_name(raw)} skipped: {hit[1]}", ErrorKind.OPERATION_SKIPPED)
        for pointer, message in self.normalizer.broken.values():
            if pointer not in reported:
                self.problem(pointer, f"schema cannot be used: {message}")
        return usable


def _name(raw: RawOperation) -> str:
    return f"operation {raw.method.upper()} {raw.path}"
