"""String formats: each a function ``(rng, pools) -> str`` producing a valid, plausible value.

Dates and times are drawn from a fixed window ending at ``REFERENCE`` (never the clock).
"""

from __future__ import annotations

import base64
import datetime as dt
import random
import uuid
from collections.abc import Callable

from pymockapi.generation._faker import Pools

REFERENCE = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
WINDOW_SECONDS = 3 * 365 * 24 * 3600

Maker = Callable[[random.Random, Pools], str]


def _moment(rng: random.Random) -> dt.datetime:
    return REFERENCE - dt.timedelta(seconds=rng.randrange(WINDOW_SECONDS))


def date_time(rng: random.Random, pools: Pools) -> str:
    return _moment(rng).strftime("%Y-%m-%dT%H:%M:%SZ")


def date(rng: random.Random, pools: Pools) -> str:
    return _moment(rng).date().isoformat()


def time(rng: random.Random, pools: Pools) -> str:
    return _moment(rng).strftime("%H:%M:%SZ")


def duration(rng: random.Random, pools: Pools) -> str:
    days, hours, minutes = rng.randrange(0, 30), rng.randrange(1, 24), rng.randrange(0, 60)
    return f"P{days}DT{hours}H{minutes}M" if days else f"PT{hours}H{minutes}M"


def pick(kind: str) -> Maker:
    def make(rng: random.Random, pools: Pools) -> str:
        pool = pools.get(kind)
        return pool[rng.randrange(len(pool))]

    return make


def uri(rng: random.Random, pools: Pools) -> str:
    domains = pools.get("domain")
    words = pools.get("word")
    path = "/".join(words[rng.randrange(len(words))] for _ in range(rng.randint(0, 2)))
    return f"https://{domains[rng.randrange(len(domains))]}/{path}".lower()


def uri_reference(rng: random.Random, pools: Pools) -> str:
    words = pools.get("word")
    return "/" + "/".join(words[rng.randrange(len(words))] for _ in range(rng.randint(1, 3)))


def ipv4(rng: random.Random, pools: Pools) -> str:
    return ".".join(str(rng.randint(1 if i == 0 else 0, 254)) for i in range(4))


def ipv6(rng: random.Random, pools: Pools) -> str:
    return ":".join(f"{rng.getrandbits(16):x}" for _ in range(8))


def uuid_value(rng: random.Random, pools: Pools) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def byte(rng: random.Random, pools: Pools) -> str:
    return base64.b64encode(rng.randbytes(rng.randint(6, 24))).decode("ascii")


def password(rng: random.Random, pools: Pools) -> str:
    alphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789!#%*"
    return "".join(alphabet[rng.randrange(len(alphabet))] for _ in range(rng.randint(10, 16)))


def hex_string(length: int) -> Maker:
    return lambda rng, pools: f"{rng.getrandbits(4 * length):0{length}x}"


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
