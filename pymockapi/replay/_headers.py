"""Which request headers take part in replay matching.

None by default: browsers and clients add many that vary (``User-Agent``, ``Accept``...).
``--match-header NAME`` requires that header's recorded value (or its absence);
``--match-header '*'`` requires every recorded header except the transport-level and
volatile ones and those named by ``--ignore-header``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from pymockapi.har import REDACTED

ALL = "*"
VOLATILE = frozenset(
    {
        "accept-encoding",
        "authorization",
        "connection",
        "content-length",
        "cookie",
        "date",
        "host",
        "origin",
        "referer",
        "user-agent",
        "x-forwarded-for",
        "x-request-id",
    }
)

Requirement = tuple[tuple[str, str | None], ...]
"""(lower-case name, value or ``None`` for "absent") pairs a request must carry."""


def requirement(
    headers: Iterable[tuple[str, str]], names: Sequence[str], ignored: Iterable[str]
) -> Requirement:
    """What a recorded request's headers require of a live one under these options."""
    pairs = [(k.lower(), v) for k, v in headers if v != REDACTED]
    skip = {name.lower() for name in ignored}
    if ALL in names:
        chosen = {
            (k, v)
            for k, v in pairs
            if k not in skip and k not in VOLATILE and not k.startswith(("sec-", ":"))
        }
        return tuple(sorted(chosen))
    wanted = [name for name in names if name not in skip]
    return tuple((name, next((v for k, v in pairs if k == name), None)) for name in wanted)


def satisfied(needed: Requirement, headers: Sequence[tuple[str, str]]) -> bool:
    present: dict[str, list[str]] = {}
    for key, value in headers:
        present.setdefault(key.lower(), []).append(value)
    return all(
        (value is None and name not in present) or value in present.get(name, ())
        for name, value in needed
    )
