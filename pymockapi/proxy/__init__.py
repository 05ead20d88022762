"""Stand in front of a real backend: forward, check the contract, record (``record``/``proxy``).

:func:`create_proxy` builds the ASGI app the CLI serves; the parts (safety checks, the
forwarder, the response check) are usable alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from pymockapi.features import Feature
from pymockapi.har import HarWriter, redaction
from pymockapi.model import Spec
from pymockapi.proxy.app import Listener, ProxyApp
from pymockapi.proxy.contract import Contract
from pymockapi.proxy.forward import Forwarder, Timeouts
from pymockapi.proxy.responses import documented_response, validate_response
from pymockapi.proxy.safety import UpstreamRefused, check_upstream


def create_proxy(
    upstream: str,
    *,
    spec: Spec | None = None,
    errors: bool = False,
    timeouts: Timeouts | None = None,
    record_to: str | Path | None = None,
    redact: Sequence[str] = (),
    allow_link_local: bool = False,
    listeners: Sequence[Listener] = (),
    features: Sequence[Feature] = (),
    admin_token: str | None = None,
    admin_closed: bool = False,
) -> ProxyApp:
    """The proxy app; raises :class:`UpstreamRefused` for an upstream it must not reach.

    With ``record_to``, every exchange is appended to that HAR file as it completes (the
    file is valid after each one); ``redact`` names headers hidden besides the defaults.
    """
    base = check_upstream(upstream, allow_link_local=allow_link_local)
    writer = HarWriter(record_to, redact_headers=redaction(redact)) if record_to else None
    app = ProxyApp(
        Forwarder(base, timeouts),
        contract=Contract(spec) if spec is not None else None,
        errors=errors,
        recorder=writer.add if writer else None,
        listeners=listeners,
        features=features,
        admin_token=admin_token,
        admin_closed=admin_closed,
    )
    app.writer = writer
    return app


__all__ = [
    "Contract",
    "Forwarder",
    "ProxyApp",
    "Timeouts",
    "UpstreamRefused",
    "check_upstream",
    "create_proxy",
    "documented_response",
    "validate_response",
]
