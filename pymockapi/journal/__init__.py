"""The request journal: every exchange the server handles, in a capped SQLite file.

``setup(...)`` returns the :class:`~pymockapi.features.Feature` the CLI hands to
``create_app``: its listener queues each finished exchange for a writer thread, its admin
router serves ``/__pymockapi/requests``, and its info (in ``GET /__pymockapi/health``)
counts entries, committed, pending, dropped and failed writes.

Other features that answer requests without the engine (the validation proxy) journal
them with ``feature.provides["journal"].record_exchange(...)`` or ``.record(event)``.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pymockapi.features import Feature
from pymockapi.har.model import DEFAULT_REDACT as ALWAYS_REDACTED
from pymockapi.har.model import REDACTED
from pymockapi.journal._schema import JournalError
from pymockapi.journal.entry import DEFAULT_MAX_BODY
from pymockapi.journal.filters import FilterError, Filters
from pymockapi.journal.journal import DEFAULT_CAP, DEFAULT_PATH, DEFAULT_QUEUE, Journal

__all__ = [
    "ALWAYS_REDACTED",
    "DEFAULT_CAP",
    "DEFAULT_MAX_BODY",
    "DEFAULT_PATH",
    "REDACTED",
    "FilterError",
    "Filters",
    "Journal",
    "JournalError",
    "setup",
]


def setup(
    *,
    path: Path | str = DEFAULT_PATH,
    cap: int = DEFAULT_CAP,
    redact: Sequence[str] = (),
    max_body: int = DEFAULT_MAX_BODY,
    queue_size: int = DEFAULT_QUEUE,
) -> Feature:
    """The journal feature; raises :class:`JournalError` now if ``path`` is unusable.

    Besides ``redact``, the served spec's apiKey header and query names are redacted, those
    of every version a hot reload brings included.
    """
    journal = Journal(path, cap=cap, redact=redact, max_body=max_body, queue_size=queue_size)

    def router() -> Any:  # built with the admin app: its module imports FastAPI
        from pymockapi.journal.admin import build_router

        return build_router(journal)

    return Feature(
        name="journal",
        listeners=[journal.record],
        admin_routers=[router],
        on_spec=[lambda spec: journal.also_redact(spec.api_key_names())],
        on_startup=[journal.start],
        on_shutdown=[journal.close],
        info=journal.info,
        provides={"journal": journal},
    )
