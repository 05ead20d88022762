"""The chaos state of one server: on or off, the declared layers, the seeded generator.

The admin API changes it live; the interceptor reads it on every request. Every random draw
(fault rolls, delays, random bytes) comes from one private ``random.Random`` seeded from
``--seed``, taken under a lock in request order, so a run can be replayed.
"""

from __future__ import annotations

import random
import threading
from collections.abc import Callable
from typing import Any, TypeVar

from pymockapi.chaos.breaking import Stalls
from pymockapi.chaos.layers import Layers, Live
from pymockapi.chaos.ratelimit import Limiter
from pymockapi.seeds import derive_seed, rng_for

T = TypeVar("T")


class ChaosController:
    def __init__(self, layers: Layers, *, seed: str, stalls: Stalls) -> None:
        self.layers = layers
        self.seed = seed
        self.stalls = stalls
        self.limiter = Limiter()
        self.enabled = True
        self._lock = threading.Lock()
        self._rng = self._fresh_rng()

    def _fresh_rng(self) -> random.Random:
        return rng_for(derive_seed(self.seed, "chaos"))

    def drawing(self, draw: Callable[[random.Random], T]) -> T:
        """Run ``draw`` with the generator, alone (draws follow the request order)."""
        with self._lock:
            return draw(self._rng)

    def replace(self, live: Live) -> None:
        """New live settings; chaos is on again and the random sequence starts over."""
        self.layers.set_live(live)
        with self._lock:
            self._rng = self._fresh_rng()
        self.limiter.clear()
        self.enabled = True

    def disable(self) -> None:
        """All chaos off, declared or asked for, until the next ``replace``."""
        self.enabled = False

    def describe(self) -> dict[str, Any]:
        live = self.layers.live
        return {
            "enabled": self.enabled,
            "seed": self.seed,
            "settings": {
                **live.settings.as_dict(),
                "operations": {k: v.as_dict() for k, v in live.operations.items()},
            },
            "files": [
                {
                    "file": layer.file,
                    "chaos": {
                        **layer.settings.as_dict(),
                        "operations": {k: v.as_dict() for k, v in layer.operations.items()},
                    },
                }
                for layer in self.layers.files
            ],
            "stalls": {
                "cap": self.stalls.cap,
                "max_s": self.stalls.longest,
                "active": self.stalls.active,
            },
        }
