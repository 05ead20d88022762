"""Read scenario files into a :class:`ScenarioSet`; every problem names its file and line.

Files come from folders (every ``*.yaml``/``*.yml`` directly in them, sorted; body files may sit in subfolders) and from
single files. A ``file:`` body is read from under the folder its scenario file came from
(for a single file, that file's folder) and never from anywhere else.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import orjson

from pymockapi.scenarios import conditions
from pymockapi.scenarios._errors import ScenarioError
from pymockapi.scenarios._format import check_format
from pymockapi.scenarios._yaml import Located, load_located
from pymockapi.scenarios._yaml import Path as NodePath
from pymockapi.scenarios.model import Origin, ResponseSpec, Rule, ScenarioSet
from pymockapi.templating import Template, TemplateError, is_template

MAX_BODY_FILE = 5 * 1024 * 1024
_SUFFIXES = (".yaml", ".yml")


def scenario_files(paths: Sequence[Path]) -> list[tuple[Path, Path]]:
    """``(file, root)`` pairs in load order; ``root`` bounds the ``file:`` bodies."""
    found: list[tuple[Path, Path]] = []
    for given in paths:
        path = Path(os.path.abspath(given))
        if path.is_dir():
            for file in sorted(path.iterdir()):
                if file.suffix.lower() in _SUFFIXES and file.is_file():
                    found.append((file, path))
        elif path.is_file():
            found.append((path, path.parent))
        else:
            raise ScenarioError(str(given), 0, "no such scenario file or folder")
    return found


class _FileReader:
    """Turns one located document into rules."""

    def __init__(self, file: Path, root: Path, located: Located, start: int) -> None:
        self.file = file
        self.name = str(file)
        self.root = root
        self.located = located
        self.order = start
        self.watched: list[str] = []

    def error(self, path: NodePath, message: str) -> ScenarioError:
        return ScenarioError(self.name, self.located.line(path), message)

    def rules(self) -> list[Rule]:
        result: list[Rule] = []
        scenarios = (self.located.value or {}).get("scenarios") or {}
        for scenario, content in scenarios.items():
            for index, raw in enumerate((content or {}).get("rules") or []):
                result.append(self.rule(scenario, raw, ("scenarios", scenario, "rules", index)))
        return result

    def rule(self, scenario: str, raw: dict[str, Any], path: NodePath) -> Rule:
        origin = Origin(self.name, self.located.line(path))
        try:
            when = conditions.compile_when(raw.get("when"))
        except ValueError as error:
            raise self.error((*path, "when"), str(error)) from None
        if "respond" in raw:
            mode, items = "respond", [(raw["respond"], (*path, "respond"))]
        else:
            mode = "sequence" if "sequence" in raw else "random"
            items = [(item, (*path, mode, i)) for i, item in enumerate(raw[mode])]
        responses = tuple(self.response(item, item_path) for item, item_path in items)
        self.order += 1
        return Rule(
            key=f"{scenario}@{self.file.relative_to(self.root).as_posix()}:{origin.line}",
            scenario=scenario,
            origin=origin,
            order=self.order,
            operation=raw.get("operation"),
            method=str(raw["method"]).upper() if "method" in raw else None,
            path=raw.get("path"),
            priority=int(raw.get("priority", 0)),
            when=when,
            mode=mode,  # type: ignore[arg-type]
            responses=responses,
            after=raw.get("after", "repeat-last"),
            then_state=dict((raw.get("then") or {}).get("state") or {}),
            chaos=raw.get("chaos"),
            machines=frozenset(conditions.machines(raw.get("when"))),
            name=raw.get("name"),
        )

    def response(self, raw: dict[str, Any], path: NodePath) -> ResponseSpec:
        origin = Origin(self.name, self.located.line(path))
        headers = {
            str(name): self.templated(str(value), (*path, "headers", name))
            for name, value in (raw.get("headers") or {}).items()
        }
        kind, body, overrides = "spec", None, None
        if "body" in raw:
            kind, body = "literal", self.templated(raw["body"], (*path, "body"))
        elif "file" in raw:
            kind, body = "file", self.read_body(raw["file"], (*path, "file"))
        elif "generate" in raw:
            kind = "generate"
            overrides = self.templated(
                (raw["generate"] or {}).get("overrides"), (*path, "generate", "overrides")
            )
        elif "example" in raw:
            kind = "example"
        return ResponseSpec(
            origin=origin,
            status=raw.get("status"),
            kind=kind,  # type: ignore[arg-type]
            headers=headers,
            body=body,
            example=raw.get("example"),
            overrides=overrides,
            templated=_has_template(body) or _has_template(overrides) or _has_template(headers),
            chaos=raw.get("chaos"),
            weight=float(raw.get("weight", 1.0)),
        )

    def templated(self, value: Any, path: NodePath) -> Any:
        """``value`` with every string holding ``{{ }}``/``{% %}`` compiled into a Template."""
        if isinstance(value, str):
            if not is_template(value):
                return value
            try:
                return Template(value, file=self.name, line=self.located.text_line(path))
            except TemplateError as error:
                raise ScenarioError(error.file, error.line, f"template: {error.message}") from None
        if isinstance(value, dict):
            return {key: self.templated(item, (*path, key)) for key, item in value.items()}
        if isinstance(value, list):
            return [self.templated(item, (*path, i)) for i, item in enumerate(value)]
        return value

    def read_body(self, name: str, path: NodePath) -> Any:
        target = Path(os.path.realpath(self.file.parent / name))
        root = Path(os.path.realpath(self.root))
        if Path(name).is_absolute() or not target.is_relative_to(root):
            raise self.error(path, f"refused {name!r}: body files must be under {root}")
        if not target.is_file():
            raise self.error(path, f"no such body file {name!r}")
        if target.stat().st_size > MAX_BODY_FILE:
            raise self.error(path, f"{name!r} is larger than {MAX_BODY_FILE:,} bytes")
        self.watched.append(str(target))
        data = target.read_bytes()
        if target.suffix.lower() == ".json":
            try:
                return orjson.loads(data)
            except orjson.JSONDecodeError as error:
                raise self.error(path, f"{name!r} is not JSON: {error}") from None
        if target.suffix.lower() in _SUFFIXES:
            return load_located(data.decode("utf-8"), str(target)).value
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            return data


def _has_template(value: Any) -> bool:
    if isinstance(value, Template):
        return True
    if isinstance(value, dict):
        return any(_has_template(item) for item in value.values())
    if isinstance(value, list):
        return any(_has_template(item) for item in value)
    return False


def load_scenarios(paths: Sequence[Path]) -> ScenarioSet:
    """Read every scenario file under ``paths``; raises :class:`ScenarioError` on a problem."""
    rules: list[Rule] = []
    files: list[str] = []
    watched: list[str] = [str(Path(os.path.abspath(p))) for p in paths]
    chaos: list[dict[str, Any]] = []
    for file, root in scenario_files(paths):
        try:
            text = file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise ScenarioError(str(file), 0, f"cannot read: {error}") from None
        located = load_located(text, str(file))
        if located.value is None:
            located.value = {}
        check_format(located, str(file))
        reader = _FileReader(file, root, located, len(rules))
        rules.extend(reader.rules())
        files.append(str(file))
        watched.extend([str(file), *reader.watched])
        if located.value.get("chaos"):
            chaos.append({"file": str(file), "chaos": located.value["chaos"]})
    return ScenarioSet(
        rules=tuple(rules),
        files=tuple(files),
        watched=tuple(dict.fromkeys(watched)),
        chaos=tuple(chaos),
    )
