"""``Accept`` header negotiation (RFC 9110 section 12.5.1) over a response's media types."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from pymockapi.model import MediaType

# A wildcard media type in the spec becomes this concrete type when the client does not name one.
_CONCRETE = {
    "*": "application/json",
    "application": "application/json",
    "text": "text/plain",
    "image": "image/png",
    "audio": "audio/mpeg",
    "video": "video/mp4",
}


@dataclass(frozen=True, slots=True)
class _Range:
    type: str
    subtype: str
    q: float
    specificity: int

    def matches(self, type_: str, subtype: str) -> bool:
        return (self.type == "*" or type_ == "*" or self.type == type_) and (
            self.subtype == "*" or subtype == "*" or self.subtype == subtype
        )


def essence(media_type: str) -> tuple[str, str]:
    """``"Application/JSON; charset=utf-8"`` -> ``("application", "json")``."""
    main = media_type.split(";", 1)[0].strip().lower()
    type_, _, subtype = main.partition("/")
    return type_ or "*", subtype or "*"


def is_json(media_type: str) -> bool:
    subtype = essence(media_type)[1]
    return subtype == "json" or subtype.endswith("+json")


def parse_accept(header: str | None) -> list[_Range]:
    """The media ranges of an ``Accept`` header; unparseable ranges are ignored."""
    ranges: list[_Range] = []
    for item in (header or "").split(","):
        main, *params = (part.strip() for part in item.split(";"))
        if "/" not in main:
            continue
        type_, subtype = essence(main)
        q = 1.0
        extra = 0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = min(max(float(value), 0.0), 1.0)
                except ValueError:
                    q = 0.0
            else:
                extra = 1
        specificity = (type_ != "*") + (subtype != "*") + extra
        ranges.append(_Range(type_, subtype, q, specificity))
    return ranges


def concrete(offer: str, wanted: _Range | None) -> str:
    """The type to send for ``offer``: itself if concrete, else what the client named."""
    type_, subtype = essence(offer)
    if type_ != "*" and subtype != "*":
        return offer
    if wanted is not None and wanted.type != "*" and wanted.subtype != "*":
        return f"{wanted.type}/{wanted.subtype}"
    if wanted is not None and wanted.type != "*" and type_ == "*":
        type_ = wanted.type
    return _CONCRETE.get(type_, f"{type_}/octet-stream" if type_ != "*" else "application/json")


def select(content: Sequence[MediaType], accept: str | None) -> tuple[MediaType, str] | None:
    """The best media type of ``content`` for ``accept`` and the concrete type to send.

    The most specific range that matches an offer sets its quality; the highest quality
    wins, then the more specific match, then JSON, then the order in the spec. ``None`` when
    every offer is excluded (``q=0``) or unmatched: the caller answers 406.
    """
    ranges = parse_accept(accept) or [_Range("*", "*", 1.0, 0)]
    best: tuple[tuple[float, int, int, int], MediaType, str] | None = None
    for index, media in enumerate(content):
        type_, subtype = essence(media.media_type)
        matching = [r for r in ranges if r.matches(type_, subtype)]
        if not matching:
            continue
        top = max(matching, key=lambda r: r.specificity)
        sent = concrete(media.media_type, top)
        rank = (top.q, top.specificity, int(is_json(sent)), -index)
        if top.q > 0 and (best is None or rank > best[0]):
            best = (rank, media, sent)
    return None if best is None else (best[1], best[2])
