"""The faults that can be injected, and how they are named.

``error`` answers with one of the operation's documented error responses (4xx/5xx), a code
such as ``503`` with that status (the documented body when there is one); the other kinds
break the connection itself and need the raw transport (see :mod:`pymockapi.chaos.transport`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

TRANSPORT_KINDS = ("reset", "empty", "malformed", "random", "stall")
KINDS = ("error", *TRANSPORT_KINDS)
NAMES = "error, reset, empty, malformed, random, stall, or a status code 400-599"
_ALIASES = {
    "connection-reset": "reset",
    "connection_reset_by_peer": "reset",
    "empty-response": "empty",
    "empty_response": "empty",
    "malformed-chunk": "malformed",
    "malformed_response_chunk": "malformed",
    "random-data": "random",
    "random_data_then_close": "random",
}


@dataclass(frozen=True, slots=True)
class Fault:
    kind: str
    """``status``, ``error`` or a transport kind."""
    status: int | None = None

    @property
    def transport(self) -> bool:
        return self.kind in TRANSPORT_KINDS

    def __str__(self) -> str:
        return str(self.status) if self.kind == "status" else self.kind


def parse_fault(raw: object) -> Fault:
    """One fault from ``reset``, ``error``, ``503``, ... (WireMock's long names work too)."""
    text = str(raw).strip().lower()
    text = _ALIASES.get(text, text)
    if text in KINDS:
        return Fault(text)
    if text.isdigit() and len(text) == 3:
        status = int(text)
        if 400 <= status <= 599:
            return Fault("status", status)
        raise ValueError(f"fault status {status} is not an error status (400-599)")
    raise ValueError(f"unknown fault {raw!r} (use {NAMES})")


def parse_faults(raw: object) -> tuple[Fault, ...]:
    """Faults from ``reset,empty,500`` or a list; duplicates are kept once, order stays."""
    items: Iterable[object] = raw.split(",") if isinstance(raw, str) else _as_list(raw)
    faults: list[Fault] = []
    for item in items:
        if isinstance(item, str) and not item.strip():
            continue
        fault = parse_fault(item)
        if fault not in faults:
            faults.append(fault)
    if not faults:
        raise ValueError(f"no fault given (use {NAMES})")
    return tuple(faults)


def _as_list(raw: object) -> list[object]:
    if isinstance(raw, list | tuple):
        return list(raw)
    if isinstance(raw, int) and not isinstance(raw, bool):
        return [raw]
    raise ValueError(f"faults must be a list or a comma-separated string, not {raw!r}")
