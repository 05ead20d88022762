"""What an optional capability (scenarios, journal, chaos, ...) adds to a running server.

Each capability has a ``setup(...) -> Feature`` function in its own package; the CLI (or
the pytest fixture) calls the ones asked for and hands the features to ``create_app``.
The core never imports a capability.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pymockapi.engine import ResponderFactory, ServeEvent
    from pymockapi.model import Spec
    from pymockapi.server.app import Interceptor


@dataclass
class Feature:
    name: str
    responders: Sequence[ResponderFactory] = ()
    """Answer before the spec's own response, in order (scenarios before stateful CRUD)."""
    listeners: Sequence[Callable[[ServeEvent], None]] = ()
    """See every finished exchange (the journal)."""
    interceptor: Interceptor | None = None
    """Owns delivery: delays, faults, rate limits. At most one feature has one."""
    admin_routers: Sequence[Any] = ()
    """FastAPI ``APIRouter``s mounted under ``/__pymockapi`` (token rules apply), or
    callables without arguments that return one: those run when the admin app is built, on
    the first admin request, so a server that is never administered never imports FastAPI."""
    on_startup: Sequence[Callable[[], Any]] = ()
    on_shutdown: Sequence[Callable[[], Any]] = ()
    """Plain or async callables run by the ASGI lifespan."""
    on_spec: Sequence[Callable[[Spec], None]] = ()
    """Told of every version of the spec served: the first, then each one a hot reload
    swaps in, before it answers (the journal redacts each version's apiKey names)."""
    watched_files: Callable[[], Sequence[str]] | None = None
    """Extra files to watch for hot reload (scenario files)."""
    reload: Callable[[], None] | None = None
    """Re-read those files; raise ``PyMockApiError`` to keep the last good version."""
    provides: dict[str, Any] = field(default_factory=dict)
    """Data other features may use (e.g. the ``chaos`` sections of scenario files)."""
    info: dict[str, Any] = field(default_factory=dict)
    """Shown in ``GET /__pymockapi/health`` under the feature's name."""

    def routers(self) -> list[Any]:
        """The admin routers to mount, the factories among ``admin_routers`` called now."""
        from fastapi import APIRouter

        return [item if isinstance(item, APIRouter) else item() for item in self.admin_routers]
