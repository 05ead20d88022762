"""String formats: each a :data:`Maker` that, given a locale's pools, returns the function
drawing valid, plausible values of the format.

A maker binds once, when a string schema compiles: pool lookups and per-pool work (such as
lower-casing the words of a URI) are done there, so a draw only picks.

Dates and times are drawn from a fixed window ending at ``REFERENCE`` (never the clock).
"""

from __future__ import annotations

import base64
import datetime as dt
import random
import uuid
from collections.abc import Callable
from time import gmtime, strftime, struct_time

from pymockapi.generation._context import below, between
from pymockapi.generation._faker import Pools

REFERENCE = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
WINDOW_SECONDS = 3 * 365 * 24 * 3600
_REFERENCE_SECONDS = int(REFERENCE.timestamp())

Draw = Callable[[random.Random], str]
"""Draws one value of a format."""
Maker = Callable[[Pools], Draw]
"""A format bound to a locale's pools: returns its :data:`Draw`."""


def fixed(draw: Draw) -> Maker:
    """The maker of a format whose values do not depend on the locale."""
    return lambda pools: draw


def pick_from(values: tuple[str, ...]) -> Maker:
    """The maker picking one of ``values`` (the same in every locale)."""
    count = len(values)
    return fixed(lambda rng: values[below(rng, count)])


def pick(kind: str) -> Maker:
    """The maker picking from the locale's pool of ``kind`` (names, cities, ...)."""

    def bind(pools: Pools) -> Draw:
        pool = pools.get(kind)
        count = len(pool)
        return lambda rng: pool[below(rng, count)]

    return bind


def _moment(rng: random.Random) -> struct_time:
    """A UTC moment in the window (``time.gmtime`` formats about 3x faster than datetime)."""
    return gmtime(_REFERENCE_SECONDS - below(rng, WINDOW_SECONDS))


def _date_time(rng: random.Random) -> str:
    return strftime("%Y-%m-%dT%H:%M:%SZ", _moment(rng))


def _date(rng: random.Random) -> str:
    return strftime("%Y-%m-%d", _moment(rng))


def _time(rng: random.Random) -> str:
    return strftime("%H:%M:%SZ", _moment(rng))


def _duration(rng: random.Random) -> str:
    days, hours, minutes = below(rng, 30), between(rng, 1, 23), below(rng, 60)
    return f"P{days}DT{hours}H{minutes}M" if days else f"PT{hours}H{minutes}M"


def uri(pools: Pools) -> Draw:
    """``https://`` a domain, then zero to two words of path, all in lower case."""
    domains = tuple(domain.lower() for domain in pools.get("domain"))
    words = tuple(word.lower() for word in pools.get("word"))
    sites, count = len(domains), len(words)

    def draw(rng: random.Random) -> str:
        site = domains[below(rng, sites)]
        length = below(rng, 3)
        if length == 0:
            return f"https://{site}/"
        if length == 1:
            return f"https://{site}/{words[below(rng, count)]}"
        return f"https://{site}/{words[below(rng, count)]}/{words[below(rng, count)]}"

    return draw


def uri_reference(pools: Pools) -> Draw:
    """An absolute path of one to three words."""
    words = pools.get("word")
    count = len(words)

    def draw(rng: random.Random) -> str:
        return "/" + "/".join([words[below(rng, count)] for _ in range(between(rng, 1, 3))])

    return draw


def _ipv4(rng: random.Random) -> str:
    return f"{between(rng, 1, 254)}.{below(rng, 255)}.{below(rng, 255)}.{below(rng, 255)}"


def _ipv6(rng: random.Random) -> str:
    return ":".join([f"{rng.getrandbits(16):x}" for _ in range(8)])


def _uuid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def _byte(rng: random.Random) -> str:
    return base64.b64encode(rng.randbytes(between(rng, 6, 24))).decode("ascii")


_PASSWORD = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789!#%*"


def _password(rng: random.Random) -> str:
    size = len(_PASSWORD)
    return "".join([_PASSWORD[below(rng, size)] for _ in range(between(rng, 10, 16))])


def hex_string(length: int) -> Maker:
    return fixed(lambda rng: f"{rng.getrandbits(4 * length):0{length}x}")


date_time = fixed(_date_time)
date = fixed(_date)
time = fixed(_time)
duration = fixed(_duration)
ipv4 = fixed(_ipv4)
ipv6 = fixed(_ipv6)
uuid_value = fixed(_uuid)
byte = fixed(_byte)
password = fixed(_password)

FORMATS: dict[str, Maker] = {
    "date-time": date_time,
    "date": date,
    "time": time,
    "duration": duration,
    "email": pick("email"),
    "idn-email": pick("email"),
    "uri": uri,
    "url": uri,
    "iri": uri,
    "uri-reference": uri_reference,
    "iri-reference": uri_reference,
    "hostname": pick("domain"),
    "idn-hostname": pick("domain"),
    "ipv4": ipv4,
    "ipv6": ipv6,
    "uuid": uuid_value,
    "byte": byte,
    "binary": byte,
    "password": password,
}
