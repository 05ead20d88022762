"""The filters scenario templates may use: Jinja2's safe ones, guarded, plus helpers.

Left out: ``attr`` (an old sandbox escape route), ``random`` (the global random; use
``faker``), ``indent`` (multiplies lines by a width). Every filter kept is wrapped so its
count/width arguments are capped and its result is charged to the render's budget;
``join``, ``replace`` and ``format`` are checked before they run.
"""

from __future__ import annotations

import base64 as _base64
import datetime as dt
import functools
from collections.abc import Callable
from typing import Any

import orjson
from jinja2 import Undefined, pass_context
from jinja2.filters import FILTERS
from jinja2.runtime import Context

from pymockapi.templating import _helpers, _limits
from pymockapi.templating._limits import LimitError
from pymockapi.templating._transform import CONCAT, LOOP, NATIVE, OUTPUT

_LEFT_OUT = frozenset({"attr", "random", "indent"})


def _guard(function: Callable[..., Any], name: str) -> Callable[..., Any]:
    leading = 1 if getattr(function, "jinja_pass_arg", None) is not None else 0

    @functools.wraps(function)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        _limits.step()
        if len(args) > leading:
            value = args[leading]
            if isinstance(value, str | bytes) and len(value) > _limits.MAX_STRING:
                raise LimitError(f"a string longer than {_limits.MAX_STRING:,} characters")
            _limits.check_arguments(args[leading + 1 :], kwargs)
            for item in (value, *args[leading + 1 :], *kwargs.values()):
                if isinstance(item, list | tuple | dict):
                    _limits.measure(item)
            args = _precheck(name, args, leading, kwargs)
        result = function(*args, **kwargs)
        if isinstance(result, str | bytes | list | tuple | dict):
            _limits.charge(result)
        return result

    return guarded


def _precheck(name: str, args: tuple[Any, ...], leading: int, kwargs: dict[str, Any]) -> Any:
    value, rest = args[leading], args[leading + 1 :]
    if name == "join":
        items = list(_limits.counted(value))
        separator = rest[0] if rest else kwargs.get("d", "")
        size = sum(len(str(item)) for item in items) + len(str(separator)) * len(items)
        _limits.check_length(size)
        return (*args[:leading], items, *rest)
    if name == "replace" and len(rest) >= 2:
        text, old, new = str(value), str(rest[0]), str(rest[1])
        hits = len(text) + 1 if not old else len(text) // len(old)
        _limits.check_length(len(text) + hits * len(new))
    elif name == "sum" and not isinstance(value, str | bytes):
        items = list(_limits.counted(value))
        _limits.check_length(sum(len(i) for i in items if isinstance(i, list | tuple)), "list")
        _limits.check_length(sum(len(i) for i in items if isinstance(i, str)))
        return (*args[:leading], items, *rest)
    elif name == "format":
        _limits.check_percent_format(str(value), tuple(rest) or tuple(kwargs.values()))
    return args


@pass_context
def _loop(context: Context, iterable: Any) -> Any:
    return _limits.counted(iterable)


@pass_context
def _concat(context: Context, parts: list[Any]) -> str:
    for part in parts:
        if isinstance(part, list | tuple | dict):
            _limits.measure(part)
    texts = [str(part) for part in parts]
    _limits.check_length(sum(len(text) for text in texts))
    return str(_limits.charge("".join(texts)))


@pass_context
def _output(context: Context, value: Any) -> Any:
    if isinstance(value, list | tuple | dict):
        _limits.measure(value)
    _limits.charge(value if isinstance(value, str) else str(value))
    return value


@pass_context
def _native(context: Context, value: Any) -> str:
    if isinstance(value, Undefined):
        str(value)  # raises for a refused attribute; a plain missing value is None
        value = None
    elif isinstance(value, dt.date):  # JSON has no dates: the ISO text a schema expects
        value = _helpers.isoformat(value)
    _limits.measure(value)
    budget = _limits.current.get()
    if budget is not None:
        budget.native = value
    return ""


def _to_json(value: Any, indent: int | None = None) -> str:
    option = orjson.OPT_INDENT_2 if indent else 0
    return orjson.dumps(value, option=option | orjson.OPT_NON_STR_KEYS, default=str).decode()


def _b64encode(value: Any) -> str:
    data = value if isinstance(value, bytes) else str(value).encode("utf-8")
    return _base64.b64encode(data).decode("ascii")


def _b64decode(value: Any) -> str:
    return _base64.b64decode(str(value), validate=False).decode("utf-8", errors="replace")


def filters() -> dict[str, Callable[..., Any]]:
    chosen = {name: f for name, f in FILTERS.items() if name not in _LEFT_OUT}
    chosen.update(
        json=_to_json,
        b64encode=_b64encode,
        b64decode=_b64decode,
        date=_helpers.strftime,
        add_days=_helpers.add_days,
        add_hours=_helpers.add_hours,
        add_minutes=_helpers.add_minutes,
        add_seconds=_helpers.add_seconds,
        isoformat=_helpers.isoformat,
        parse_date=_helpers.parse_date,
    )
    guarded = {name: _guard(f, name) for name, f in chosen.items()}
    guarded.update({LOOP: _loop, CONCAT: _concat, OUTPUT: _output, NATIVE: _native})
    return guarded
