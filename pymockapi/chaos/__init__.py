"""Resilience simulation: latency, faults and rate limits, declared or asked for per request.

``setup(...)`` turns the ``from-spec`` options into a :class:`~pymockapi.features.Feature`
whose interceptor owns delivery, with ``/__pymockapi/chaos`` for live changes. Pass
:func:`http_protocol` to ``uvicorn.run(http=...)`` so transport faults reach the socket.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pymockapi.chaos._units import duration
from pymockapi.chaos.breaking import Stalls
from pymockapi.chaos.controller import ChaosController
from pymockapi.chaos.delivery import CHAOS_HEADER
from pymockapi.chaos.interceptor import ChaosInterceptor
from pymockapi.chaos.layers import Layers, Live, ScenarioChaos
from pymockapi.chaos.settings import ChaosSettings, ChaosSettingsError, parse_settings
from pymockapi.chaos.transport import http_protocol
from pymockapi.features import Feature

__all__ = ["CHAOS_HEADER", "ChaosOptions", "ChaosSettingsError", "http_protocol", "setup"]

MAX_STALL_CAP = 10_000


def _option(key: str, value: object) -> ChaosSettings:
    try:
        return parse_settings({key: value}, "option")
    except ChaosSettingsError as error:
        detail = str(error).split(": ", 1)[-1]
        raise ChaosSettingsError(f"--{key}: {detail}") from None


@dataclass(frozen=True)
class ChaosOptions:
    """The chaos switches of ``from-spec`` (``None``: not given), carried as one value from
    the command line through :class:`~pymockapi.serving.ServeOptions` to :func:`setup`."""

    latency: str | None = None
    bandwidth: str | None = None
    fault_rate: str | float | None = None
    faults: str | None = None
    rate_limit: str | None = None
    rate_limit_key: str | None = None
    stall_cap: int = 100
    stall_max: str | float = "30s"

    def settings(self) -> ChaosSettings:
        """The global layer these options declare (errors name the option)."""
        if self.faults is not None and self.fault_rate is None:
            raise ChaosSettingsError(
                "--faults: give --fault-rate too (the share of requests that get one of them)"
            )
        settings = ChaosSettings()
        given: dict[str, Any] = {
            "latency": self.latency,
            "bandwidth": self.bandwidth,
            "fault-rate": self.fault_rate,
            "faults": self.faults,
            "rate-limit": self.rate_limit,
            "rate-limit-key": self.rate_limit_key,
        }
        for key, value in given.items():
            if value is not None:
                settings = settings.overlay(_option(key, value))
        return settings


def _admin_router(controller: ChaosController) -> Callable[[], Any]:
    """``/__pymockapi/chaos``, built with the admin app (its module imports FastAPI)."""

    def build() -> Any:
        from pymockapi.chaos.admin import chaos_router

        return chaos_router(controller)

    return build


def setup(
    options: ChaosOptions | None = None,
    *,
    seed: str = "0",
    scenario_chaos: ScenarioChaos = (),
) -> Feature:
    """The chaos feature; raises :class:`ChaosSettingsError` naming the bad option or file."""
    options = options or ChaosOptions()
    settings = options.settings()
    stall_cap = options.stall_cap
    if not 0 <= stall_cap <= MAX_STALL_CAP:
        raise ChaosSettingsError(f"--stall-cap: must be between 0 and {MAX_STALL_CAP}")
    try:
        longest = duration(options.stall_max)
    except ValueError as error:
        raise ChaosSettingsError(f"--stall-max: {error}") from None
    layers = Layers(Live(settings), scenario_chaos)
    controller = ChaosController(layers, seed=seed, stalls=Stalls(stall_cap, longest))
    return Feature(
        name="chaos",
        interceptor=ChaosInterceptor(controller),
        admin_routers=[_admin_router(controller)],
        reload=layers.refresh,
        info={"header": CHAOS_HEADER, "stall_cap": stall_cap},
        provides={"chaos_controller": controller},
    )
