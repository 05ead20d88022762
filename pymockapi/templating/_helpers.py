"""Helpers templates see: dates, ``json``, ``base64``, seeded ``uuid`` and ``faker``."""

from __future__ import annotations

import base64 as _base64
import datetime as dt
import random
import threading
import uuid as _uuid
from typing import Any

import orjson
from jinja2.exceptions import SecurityError

from pymockapi.templating import _limits

_FORMAT_LIMIT = 200


def _as_datetime(value: Any) -> dt.datetime | dt.date:
    if isinstance(value, dt.datetime | dt.date):
        return value
    return parse_date(value)


def parse_date(value: Any) -> dt.datetime | dt.date:
    """An ISO 8601 date or date-time (``Z`` accepted); naive date-times are taken as UTC."""
    text = str(value).strip()
    if len(text) > 64:
        raise ValueError("not a date")
    if len(text) == 10:
        return dt.date.fromisoformat(text)
    parsed = dt.datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


def _shift(value: Any, delta: dt.timedelta) -> dt.datetime | dt.date:
    return _as_datetime(value) + delta


def add_days(value: Any, days: float) -> dt.datetime | dt.date:
    return _shift(value, dt.timedelta(days=days))


def add_hours(value: Any, hours: float) -> dt.datetime | dt.date:
    return _shift(value, dt.timedelta(hours=hours))


def add_minutes(value: Any, minutes: float) -> dt.datetime | dt.date:
    return _shift(value, dt.timedelta(minutes=minutes))


def add_seconds(value: Any, seconds: float) -> dt.datetime | dt.date:
    return _shift(value, dt.timedelta(seconds=seconds))


def isoformat(value: Any) -> str:
    moment = _as_datetime(value)
    text = moment.isoformat()
    return text.replace("+00:00", "Z") if isinstance(moment, dt.datetime) else text


def strftime(value: Any, pattern: str = "%Y-%m-%d") -> str:
    if len(pattern) > _FORMAT_LIMIT:
        raise ValueError(f"a date format longer than {_FORMAT_LIMIT} characters")
    return _as_datetime(value).strftime(pattern)


class JsonHelper:
    """``json.dumps(value)`` and ``json.loads(text)`` in templates."""

    def dumps(self, value: Any, indent: int | None = None) -> str:
        _limits.measure(value)
        option = orjson.OPT_INDENT_2 if indent else 0
        return orjson.dumps(value, option=option | orjson.OPT_NON_STR_KEYS, default=str).decode()

    def loads(self, text: Any) -> Any:
        value = orjson.loads(str(text))
        _limits.measure(value)
        return value


class Base64Helper:
    """``base64.encode(text)`` and ``base64.decode(text)`` in templates (UTF-8 text)."""

    def encode(self, value: Any) -> str:
        data = value if isinstance(value, bytes) else str(value).encode("utf-8")
        return _base64.b64encode(data).decode("ascii")

    def decode(self, value: Any) -> str:
        return _base64.b64decode(str(value)).decode("utf-8", errors="replace")


class Uuids:
    """``uuid()`` (or ``{{ uuid }}``): UUIDs drawn from the render's seed, never uuid4."""

    def __init__(self, seed: bytes) -> None:
        self._random = random.Random(int.from_bytes(seed, "big"))

    def __call__(self) -> str:
        return str(_uuid.UUID(int=self._random.getrandbits(128), version=4))

    def __str__(self) -> str:
        return self()


_FAKER_REFUSED = frozenset(
    {
        "seed", "seed_instance", "seed_locale", "random", "unique", "optional", "provider",
        "get_providers", "add_provider", "set_formatter", "get_formatter", "set_arguments",
        "get_arguments", "del_arguments", "factories", "weights", "items", "locales",
        "binary", "image", "zip", "tar", "csv", "tsv", "psv", "dsv", "json", "json_bytes",
        "fixed_width", "xml", "pystruct", "pyiterable", "pyset", "pytuple", "pylist",
        "pydict", "profile", "simple_profile", "file_path", "unix_device", "unix_partition",
    }
)  # fmt: skip
_faker_local = threading.local()


def _shared_faker() -> Any:
    faker = getattr(_faker_local, "faker", None)
    if faker is None:
        from faker import Faker

        faker = _faker_local.faker = Faker("en_US")
    return faker


class FakerProxy:
    """Faker's providers, seeded per render; no seeding, files, or unbounded sizes."""

    def __init__(self, seed: bytes) -> None:
        self._seed = int.from_bytes(seed[:8], "big")

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        if name in _FAKER_REFUSED:
            raise SecurityError(f"faker.{name} is refused in scenario templates")
        faker = _shared_faker()
        method = getattr(faker, name)
        if not callable(method):
            raise AttributeError(name)
        seed = self._seed

        def call(*args: Any, **kwargs: Any) -> Any:
            _limits.check_arguments(args, kwargs)
            faker.seed_instance(seed)
            self._seed = (self._seed * 6364136223846793005 + 1442695040888963407) % (1 << 64)
            result = method(*args, **kwargs)
            _limits.measure(result)
            return _limits.charge(result) if isinstance(result, str) else result

        return call
