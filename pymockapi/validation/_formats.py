"""Format checkers written here, so format checking never depends on optional packages.

A checker returns ``True`` for values it does not apply to (a ``date`` format on a number),
as JSON Schema requires: ``format`` only constrains the types it names.
"""

from __future__ import annotations

import base64
import binascii
import ipaddress
import re
import uuid
from collections.abc import Callable
from datetime import date
from typing import Any

from jsonschema import FormatChecker

_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$", re.ASCII)
_TIME = re.compile(
    r"^(\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-](\d{2}):(\d{2}))$",
    re.ASCII,
)
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+$")
_HOSTNAME_LABEL = re.compile(r"^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$", re.ASCII)
_URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s]*$")
_URI_REFERENCE = re.compile(r"^[^\s]*$")
_INT32 = (-(2**31), 2**31 - 1)
_INT64 = (-(2**63), 2**63 - 1)


def _is_date(value: str) -> bool:
    match = _DATE.match(value)
    if match is None:
        return False
    try:
        date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return False
    return True


def _is_time(value: str) -> bool:
    match = _TIME.match(value)
    if match is None:
        return False
    hour, minute, second = int(match[1]), int(match[2]), int(match[3])
    if hour > 23 or minute > 59 or second > 60:  # 60: a leap second
        return False
    return match[6] is None or (int(match[6]) <= 23 and int(match[7]) <= 59)


def _is_date_time(value: str) -> bool:
    day, sep, clock = value.partition("T") if "T" in value else value.partition("t")
    return bool(sep) and _is_date(day) and _is_time(clock)


def _is_email(value: str) -> bool:
    return _EMAIL.match(value) is not None and "." not in (value[0], value[-1])


def _is_hostname(value: str) -> bool:
    if not value or len(value) > 253:
        return False
    return all(_HOSTNAME_LABEL.match(label) for label in value.rstrip(".").split("."))


def _is_ip(version: int) -> Callable[[str], bool]:
    def check(value: str) -> bool:
        try:
            address = ipaddress.ip_address(value)
        except ValueError:
            return False
        return address.version == version

    return check


def _is_uuid(value: str) -> bool:
    try:
        parsed = uuid.UUID(value)
    except ValueError:
        return False
    return len(value) == 36 and str(parsed) == value.lower()


def _is_regex(value: str) -> bool:
    try:
        re.compile(value)
    except re.error:
        return False
    return True


def _is_byte(value: str) -> bool:
    try:
        base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        return False
    return True


_STRING_CHECKERS: dict[str, Callable[[str], bool]] = {
    "date": _is_date,
    "time": _is_time,
    "date-time": _is_date_time,
    "email": _is_email,
    "idn-email": _is_email,
    "hostname": _is_hostname,
    "ipv4": _is_ip(4),
    "ipv6": _is_ip(6),
    "uuid": _is_uuid,
    "uri": lambda value: _URI.match(value) is not None,
    "uri-reference": lambda value: _URI_REFERENCE.match(value) is not None,
    "iri": lambda value: _URI.match(value) is not None,
    "regex": _is_regex,
    "byte": _is_byte,
}
_INTEGER_RANGES = {"int32": _INT32, "int64": _INT64}


def _string_check(check: Callable[[str], bool]) -> Callable[[Any], bool]:
    return lambda instance: not isinstance(instance, str) or check(instance)


def _range_check(low: int, high: int) -> Callable[[Any], bool]:
    def check(instance: Any) -> bool:
        if isinstance(instance, bool) or not isinstance(instance, int | float):
            return True
        return low <= instance <= high

    return check


def format_checker() -> FormatChecker:
    """A checker for the formats users expect; unknown formats (``binary``, ...) pass."""
    checker = FormatChecker(formats=())
    for name, check in _STRING_CHECKERS.items():
        checker.checks(name)(_string_check(check))
    for name, (low, high) in _INTEGER_RANGES.items():
        checker.checks(name)(_range_check(low, high))
    return checker
