"""The ``scenario`` responder: the first matching rule of an active scenario answers.

Active for a request: ``default`` plus the scenarios named in ``X-PyMockAPI-Scenario``
(comma-separated) when the header is present, else the globally active ones. Rules are
tried by priority (higher first), then active scenarios before ``default``, then file order.
Sequence and random counters are kept in the state store per session, scenario and rule.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from pymockapi.engine import RequestContext
from pymockapi.exchange import HttpResponse
from pymockapi.generation import GenerationError
from pymockapi.negotiation import NegotiationError
from pymockapi.problems import problem
from pymockapi.scenarios.answers import OffContract, answer
from pymockapi.scenarios.facts import build_facts, request_view
from pymockapi.scenarios.model import DEFAULT, ResponseSpec, Rule
from pymockapi.seeds import derive_seed, digest, rng_for
from pymockapi.templating import TemplateError, variables
from pymockapi.templating.context import StateView

if TYPE_CHECKING:
    from pymockapi.scenarios.feature import ScenarioHolder

log = logging.getLogger("pymockapi")


class ScenarioResponder:
    name = "scenario"

    def __init__(self, holder: ScenarioHolder) -> None:
        self.holder = holder

    def _active(self, context: RequestContext) -> set[str] | HttpResponse:
        if context.scenario is None:
            return set(self.holder.active)
        asked = [name.strip() for name in context.scenario.split(",") if name.strip()]
        known = self.holder.current.names
        unknown = [name for name in asked if name not in known]
        if unknown:
            return problem(
                400,
                "unknown-scenario",
                f"X-PyMockAPI-Scenario names unknown scenario(s) {', '.join(unknown)};"
                f" known: {', '.join(known)}.",
            )
        return set(asked)

    def respond(self, context: RequestContext) -> HttpResponse | None:
        active = self._active(context)
        if isinstance(active, HttpResponse):
            return active  # a misspelt scenario is reported on every operation
        binding = self.holder.binding_for(context.engine.spec)
        rules = binding.rules.get(context.operation.key)
        if not rules:
            return None
        candidates = [r for r in rules if r.scenario == DEFAULT or r.scenario in active]
        if not candidates:
            return None
        store = self.holder.store
        facts = build_facts(context, store)
        for rule in candidates:
            if not rule.when(facts):
                continue
            chosen = self._choose(rule, context)
            if chosen is None:
                continue
            seed = derive_seed(
                self.holder.seed,
                rule.key,
                context.session,
                context.request.method,
                context.request.path,
                context.request.query_string,
                digest(context.request.body),
            )
            machines = {name: "" for name in (*rule.machines, *rule.then_state)}

            def render_variables(
                seed: bytes = seed, machines: dict[str, str] = machines
            ) -> dict[str, Any]:
                session = context.session
                state = StateView(lambda m: store.get_machine(session, m), machines)
                return variables(request_view(context, facts), seed=seed, state=state)

            try:
                response = answer(
                    chosen, context, render_variables, allow_off_contract=self.holder.allow
                )
            except TemplateError as error:
                log.error("template error: %s", error)
                return problem(500, "template-error", str(error))
            except OffContract as error:
                log.error("%s", error)
                return problem(500, "off-contract", str(error))
            except NegotiationError as error:  # e.g. Accept rules out the rule's media type
                return problem(error.status, "negotiation", f"{chosen.origin}: {error}")
            except GenerationError as error:
                return problem(500, "unsatisfiable-schema", f"{chosen.origin}: {error}")
            for machine, state_name in rule.then_state.items():
                store.set_machine(context.session, machine, state_name)
            chaos = {**(rule.chaos or {}), **(chosen.chaos or {})}
            if chaos:
                context.directives["chaos"] = chaos
            context.directives["scenario"] = {"name": rule.scenario, "rule": str(chosen.origin)}
            return response
        return None

    def _choose(self, rule: Rule, context: RequestContext) -> ResponseSpec | None:
        if rule.mode == "respond":
            return rule.responses[0]
        store = self.holder.store
        count = store.increment(context.session, f"scenario:{rule.mode}:{rule.key}")
        if rule.mode == "sequence":
            size = len(rule.responses)
            index = count - 1
            if index >= size:
                if rule.after == "fall-through":
                    return None
                index = index % size if rule.after == "cycle" else size - 1
            return rule.responses[index]
        random = rng_for(derive_seed(self.holder.seed, context.session, rule.key, count))
        total = sum(item.weight for item in rule.responses)
        point = random.random() * total
        for item in rule.responses:
            point -= item.weight
            if point < 0:
                return item
        return rule.responses[-1]
