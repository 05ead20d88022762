"""The only module that talks to Faker: pools of realistic values drawn once per locale.

Faker is slow to build and some providers are slow to call, so each pool is drawn once,
with a fixed seed derived from its name, and request-time code picks from the pools with
its own ``random.Random``. The pools depend only on the locale and the Faker version.
"""

from __future__ import annotations

import threading
import zlib
from collections.abc import Callable
from typing import Any

POOL_SIZE = 64

_PROVIDERS: dict[str, Callable[[Any], str]] = {
    "first_name": lambda f: f.first_name(),
    "last_name": lambda f: f.last_name(),
    "name": lambda f: f.name(),
    "username": lambda f: f.user_name(),
    "email": lambda f: f.free_email(),
    "phone": lambda f: f.phone_number(),
    "city": lambda f: f.city(),
    "country": lambda f: f.country(),
    "country_code": lambda f: f.country_code(),
    "state": lambda f: f.state() if hasattr(f, "state") else f.city(),
    "street": lambda f: f.street_address(),
    "postcode": lambda f: f.postcode(),
    "company": lambda f: f.company(),
    "url": lambda f: f.url(),
    "domain": lambda f: f.domain_name(),
    "currency": lambda f: f.currency_code(),
    "word": lambda f: f.word(),
    "sentence": lambda f: f.sentence(nb_words=8),
    "paragraph": lambda f: f.paragraph(nb_sentences=3),
    "color": lambda f: f.color_name(),
    "job": lambda f: f.job(),
}


class Pools:
    """Realistic values for one locale, each pool built on first use."""

    def __init__(self, locale: str) -> None:
        self.locale = locale
        self._faker: Any = None
        self._pools: dict[str, tuple[str, ...]] = {}
        self._lock = threading.Lock()

    def get(self, kind: str) -> tuple[str, ...]:
        pool = self._pools.get(kind)
        if pool is None:
            with self._lock:
                pool = self._pools.get(kind) or self._draw(kind)
                self._pools[kind] = pool
        return pool

    def _draw(self, kind: str) -> tuple[str, ...]:
        if self._faker is None:
            from faker import Faker

            self._faker = Faker(self.locale)
        fake = self._faker
        fake.seed_instance(zlib.crc32(kind.encode()))
        provider = _PROVIDERS[kind]
        seen: dict[str, None] = {}
        for _ in range(POOL_SIZE * 2):
            value = str(provider(fake))
            if value.isascii() or kind not in {"email", "url", "domain"}:
                seen.setdefault(value, None)
            if len(seen) >= POOL_SIZE:
                break
        return tuple(seen) or ("example",)


_BY_LOCALE: dict[str, Pools] = {}


def pools(locale: str) -> Pools:
    """The shared pools of ``locale`` (one Faker per locale, created on first draw)."""
    found = _BY_LOCALE.get(locale)
    if found is None:
        found = _BY_LOCALE.setdefault(locale, Pools(locale))
    return found


def kinds() -> tuple[str, ...]:
    return tuple(_PROVIDERS)
