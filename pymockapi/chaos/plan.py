"""What to inject into one exchange, drawn from the settings in a fixed order.

Draws always happen in the same order (fault roll, fault kind, error status, latency) from
one seeded generator, so the same seed and the same request order give the same plan.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from pymockapi.chaos._units import MAX_DELAY_S, milliseconds
from pymockapi.chaos.faults import Fault, parse_fault
from pymockapi.chaos.settings import ChaosSettings
from pymockapi.controls import Controls
from pymockapi.model import Operation

NO_FAULT = Fault("none")
DEFAULT_FAULTS = (Fault("error"),)


@dataclass(frozen=True, slots=True)
class ClientChaos:
    """What the client asked for with ``Prefer: delay=…, fault=…`` (``None``: nothing)."""

    delay: float | None = None
    fault: Fault | None = None
    """``NO_FAULT`` when the client asked for ``fault=none``."""


def client_chaos(controls: Controls) -> ClientChaos:
    """The client's chaos controls; ``ValueError`` for a fault name nobody knows."""
    delay = None
    if controls.delay_ms is not None:
        if controls.delay_ms / 1000 > MAX_DELAY_S:
            raise ValueError(
                f"delay={controls.delay_ms:g} is longer than {MAX_DELAY_S * 1000:g} ms"
            )
        delay = controls.delay_ms / 1000
    fault = None
    if controls.fault is not None:
        lowered = controls.fault.strip().lower()
        fault = NO_FAULT if lowered in ("none", "off") else parse_fault(lowered)
    return ClientChaos(delay, fault)


@dataclass(slots=True)
class Plan:
    delay: float = 0.0
    bandwidth: float = 0.0
    fault: Fault | None = None
    status: int | None = None
    """The status a status or error fault forces."""
    notes: list[str] = field(default_factory=list)

    def describe(self) -> list[str]:
        out = []
        if self.delay > 0:
            out.append(f"delay={milliseconds(self.delay)}")
        if self.fault is not None:
            shown = f"error:{self.status}" if self.fault.kind == "error" else str(self.fault)
            out.append(f"fault={shown}")
        if self.bandwidth > 0:
            out.append(f"bandwidth={self.bandwidth:g}B/s")
        return out + self.notes


def draw(
    settings: ChaosSettings,
    client: ClientChaos,
    operation: Operation | None,
    rng: random.Random,
) -> Plan:
    plan = Plan(bandwidth=settings.bandwidth or 0.0)
    fault = client.fault
    if fault is None and settings.fault_rate:
        faults = settings.faults or DEFAULT_FAULTS
        if rng.random() < settings.fault_rate:
            fault = faults[0] if len(faults) == 1 else rng.choice(faults)
    if fault is not None and fault is not NO_FAULT:
        plan.fault = fault
        if fault.kind == "status":
            plan.status = fault.status
        elif fault.kind == "error":
            plan.status = error_status(operation, rng)
    if client.delay is not None:
        plan.delay = client.delay
    elif settings.latency is not None:
        plan.delay = settings.latency.sample(rng)
    return plan


def error_status(operation: Operation | None, rng: random.Random) -> int:
    """One of the operation's documented error statuses (4xx/5xx), else 500."""
    codes: list[int] = []
    for response in operation.responses if operation else ():
        status = response.status.upper()
        if status.isdigit() and 400 <= int(status) <= 599:
            codes.append(int(status))
        elif status in ("4XX", "5XX"):
            codes.append(int(status[0]) * 100)
    codes = sorted(set(codes))
    if not codes:
        return 500
    return codes[0] if len(codes) == 1 else rng.choice(codes)


def redraw(
    plan: Plan,
    merged: ChaosSettings,
    rule: ChaosSettings,
    client: ClientChaos,
    operation: Operation | None,
    rng: random.Random,
) -> Plan:
    """``plan`` with what a scenario rule's ``chaos:`` says drawn again (the client still wins)."""
    again = Plan(bandwidth=plan.bandwidth, notes=plan.notes)
    ruled = draw(merged, client, operation, rng)
    rules_faults = rule.fault_rate is not None or rule.faults is not None
    again.fault, again.status = (
        (ruled.fault, ruled.status) if rules_faults else (plan.fault, plan.status)
    )
    again.delay = ruled.delay if rule.latency is not None else plan.delay
    if rule.bandwidth is not None:
        again.bandwidth = rule.bandwidth
    return again
