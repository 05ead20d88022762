"""One layer of chaos settings, and how a ``chaos:`` section (YAML or JSON) is read into one.

Every field left ``None`` is "not said here", so layers stack: a more specific layer
(operation, rule, client) overrides only what it says. ``off`` (or ``none``, ``0``, ``false``)
says "nothing here", overriding a less specific layer.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields, replace
from typing import Any

from pymockapi.chaos._units import byte_rate, probability
from pymockapi.chaos.faults import Fault, parse_fault, parse_faults
from pymockapi.chaos.latency import Latency, parse_latency
from pymockapi.chaos.ratelimit import RateLimit, parse_rate_key, parse_rate_limit

NO_DELAY = Latency("fixed", 0.0)
NO_LIMIT = RateLimit(0.0, 1.0, 0.0)
_OFF = ("off", "none", "false", "0", "no")
SECTION_KEYS = (
    "latency",
    "bandwidth",
    "fault-rate",
    "faults",
    "fault",
    "rate-limit",
    "rate-limit-key",
)


class ChaosSettingsError(ValueError):
    """Bad chaos settings; the message names where (an option, a file, a field)."""


@dataclass(frozen=True, slots=True)
class ChaosSettings:
    latency: Latency | None = None
    bandwidth: float | None = None
    """Bytes per second; ``0`` means unlimited."""
    fault_rate: float | None = None
    faults: tuple[Fault, ...] | None = None
    rate_limit: RateLimit | None = None
    rate_limit_key: str | None = None

    def overlay(self, other: ChaosSettings) -> ChaosSettings:
        """These settings with everything ``other`` says on top."""
        changes = {f.name: getattr(other, f.name) for f in fields(other)}
        return replace(self, **{k: v for k, v in changes.items() if v is not None})

    @property
    def empty(self) -> bool:
        return all(getattr(self, f.name) is None for f in fields(self))

    def as_dict(self) -> dict[str, Any]:
        """The section form (what ``GET /__pymockapi/chaos`` shows and ``PUT`` accepts)."""
        out: dict[str, Any] = {}
        if self.latency is not None:
            out["latency"] = self.latency.describe() if self.latency != NO_DELAY else "off"
        if self.bandwidth is not None:
            out["bandwidth"] = f"{self.bandwidth:g}B/s" if self.bandwidth else "off"
        if self.fault_rate is not None:
            out["fault-rate"] = self.fault_rate
        if self.faults is not None:
            out["faults"] = [str(fault) for fault in self.faults]
        if self.rate_limit is not None:
            out["rate-limit"] = self.rate_limit.describe() if self.rate_limit.count else "off"
        if self.rate_limit_key is not None:
            out["rate-limit-key"] = self.rate_limit_key
        return out


def _off(raw: object) -> bool:
    return raw is None or raw is False or str(raw).strip().lower() in _OFF


def _latency(raw: object) -> dict[str, Any]:
    return {"latency": NO_DELAY if _off(raw) else parse_latency(raw)}


def _bandwidth(raw: object) -> dict[str, Any]:
    return {"bandwidth": 0.0 if _off(raw) else byte_rate(raw)}


def _fault(raw: object) -> dict[str, Any]:
    if _off(raw):
        return {"fault_rate": 0.0}
    return {"fault_rate": 1.0, "faults": (parse_fault(raw),)}


def _rate_limit(raw: object) -> dict[str, Any]:
    if isinstance(raw, Mapping):
        spec = dict(raw)
        key = spec.pop("key", None)
        text = str(spec.pop("rate", ""))
        if "burst" in spec:
            text += f",burst={spec.pop('burst')}"
        if spec:
            raise ValueError(f"unknown rate-limit field(s) {', '.join(spec)} (rate, burst, key)")
        out: dict[str, Any] = {"rate_limit": parse_rate_limit(text)}
        if key is not None:
            out["rate_limit_key"] = parse_rate_key(key)
        return out
    return {"rate_limit": NO_LIMIT if _off(raw) else parse_rate_limit(raw)}


_READERS: dict[str, Callable[[Any], dict[str, Any]]] = {
    "latency": _latency,
    "bandwidth": _bandwidth,
    "fault-rate": lambda raw: {"fault_rate": probability(raw)},
    "faults": lambda raw: {"faults": parse_faults(raw)},
    "fault": _fault,
    "rate-limit": _rate_limit,
    "rate-limit-key": lambda raw: {"rate_limit_key": parse_rate_key(raw)},
}


def parse_settings(raw: object, where: str, *, allow: tuple[str, ...] = ()) -> ChaosSettings:
    """One ``chaos:`` section without its ``operations`` (the keys in ``allow`` are skipped)."""
    if raw is None:
        return ChaosSettings()
    if not isinstance(raw, Mapping):
        raise ChaosSettingsError(f"{where}: a chaos section must be a mapping, not {raw!r}")
    values: dict[str, Any] = {}
    for key, value in raw.items():
        if key in allow:
            continue
        reader = _READERS.get(str(key))
        if reader is None:
            known = ", ".join((*SECTION_KEYS, *allow))
            raise ChaosSettingsError(f"{where}: unknown key {key!r} (known: {known})")
        try:
            values.update(reader(value))
        except ValueError as error:
            raise ChaosSettingsError(f"{where}.{key}: {error}") from None
    return ChaosSettings(**values)


def parse_file_section(raw: object, where: str) -> tuple[ChaosSettings, dict[str, ChaosSettings]]:
    """A top-level section: settings for everything, and per operation (``operations:``)."""
    settings = parse_settings(raw, where, allow=("operations",))
    operations: dict[str, ChaosSettings] = {}
    listed = raw.get("operations") if isinstance(raw, Mapping) else None
    if listed is not None:
        if not isinstance(listed, Mapping):
            raise ChaosSettingsError(f"{where}.operations: must map operation ids to sections")
        for name, section in listed.items():
            operations[str(name)] = parse_settings(section, f"{where}.operations.{name}")
    return settings, operations
