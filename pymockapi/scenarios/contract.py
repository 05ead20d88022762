"""Tie rules to the spec's operations and check their responses against the contract.

A scenario that answers outside the contract (an undocumented status, a body its schema
refuses) lies to the client, so it is an error unless ``allow_off_contract``. A rule whose
target does not exist, or a named example the spec does not have, is always an error.
Bodies holding templates are checked when rendered instead.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pymockapi.generation import GenerationError, compile_generator
from pymockapi.model import MediaType, Operation, Response, Spec
from pymockapi.scenarios._errors import ScenarioError
from pymockapi.scenarios.merge import deep_merge
from pymockapi.scenarios.model import DEFAULT, ResponseSpec, Rule, ScenarioSet
from pymockapi.seeds import derive_seed
from pymockapi.validation.schemas import compile_schema_validator


@dataclass(slots=True)
class Binding:
    """Rules by operation key, in the order they are tried."""

    rules: dict[str, list[Rule]] = field(default_factory=dict)
    errors: list[ScenarioError] = field(default_factory=list)
    warnings: list[ScenarioError] = field(default_factory=list)


def _target(rule: Rule, spec: Spec) -> Operation | None:
    for operation in spec.operations:
        if rule.operation is not None:
            if operation.operation_id == rule.operation:
                return operation
        elif operation.method == rule.method and operation.path == rule.path:
            return operation
    return None


def documented(operation: Operation, status: int) -> Response | None:
    exact = [r for r in operation.responses if r.status == str(status)]
    ranged = [r for r in operation.responses if r.status != "default" and r.covers(status)]
    fallback = [r for r in operation.responses if r.status == "default"]
    found = exact or ranged or fallback
    return found[0] if found else None


def default_status(operation: Operation) -> int:
    codes = sorted(int(r.status) for r in operation.responses if r.status.isdigit())
    success = [code for code in codes if 200 <= code < 300]
    return (success or codes or [200])[0]


def json_media(response: Response) -> MediaType | None:
    for media in response.content:
        if media.media_type.split(";")[0].strip().lower().endswith("json"):
            return media
    return None


def body_violations(response: Response | None, value: Any) -> list[str]:
    """Why ``value`` breaks the documented body of ``response`` (empty: it conforms)."""
    if response is None:
        return []
    if not response.content:
        return [f"the spec documents no body for {response.status}"]
    media = json_media(response)
    if media is None or media.schema is None:
        return []
    validator = compile_schema_validator(media.schema)
    return [f"{v.location or 'body'} {v.message}" for v in validator.violations(value, "body")]


def _check(operation: Operation, spec: ResponseSpec) -> tuple[list[str], list[str]]:
    """``(errors, off_contract)`` of one response of a rule."""
    status = spec.status if spec.status is not None else default_status(operation)
    response = documented(operation, status)
    if response is None:
        return [], [f"status {status} is not documented for {operation.key}"]
    if spec.kind == "example":
        names = {example.name for media in response.content for example in media.examples}
        if spec.example not in names:
            shown = ", ".join(sorted(names)) or "none"
            return [
                f"response {status} of {operation.key} has no example {spec.example!r} (has: {shown})"
            ], []
    if spec.templated:
        return [], []
    if spec.kind in ("literal", "file"):
        if spec.body is None and spec.kind == "literal" and not response.content:
            return [], []
        return [], [
            f"body breaks the contract: {m}" for m in body_violations(response, spec.body)[:5]
        ]
    if spec.kind == "generate":
        media = json_media(response)
        if media is None or media.schema is None:
            return [], []
        try:
            generated = compile_generator(media.schema).generate(derive_seed("scenario-check"))
        except GenerationError:
            return [], []
        merged = deep_merge(generated, spec.overrides)
        return [], [
            f"overrides break the contract: {m}" for m in body_violations(response, merged)[:5]
        ]
    return [], []


def bind(scenarios: ScenarioSet, spec: Spec, *, allow_off_contract: bool) -> Binding:
    binding = Binding()
    for rule in scenarios.rules:
        operation = _target(rule, spec)
        if operation is None:
            binding.errors.append(
                ScenarioError(
                    rule.origin.file, rule.origin.line, f"the spec has no operation {rule.target}"
                )
            )
            continue
        off: list[ScenarioError] = []
        for response in rule.responses:
            errors, off_contract = _check(operation, response)
            origin = response.origin
            binding.errors.extend(ScenarioError(origin.file, origin.line, m) for m in errors)
            off.extend(ScenarioError(origin.file, origin.line, m) for m in off_contract)
        if off and not allow_off_contract:
            binding.errors.extend(off)
            continue
        binding.warnings.extend(off)
        binding.rules.setdefault(operation.key, []).append(rule)
    # higher priority first; at equal priority a switched-on scenario beats default; then file order
    for rules in binding.rules.values():
        rules.sort(key=lambda rule: (-rule.priority, rule.scenario == DEFAULT, rule.order))
    return binding
