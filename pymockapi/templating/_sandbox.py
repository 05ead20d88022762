"""The Jinja2 environment templates run in: immutable sandbox plus size and step limits.

On top of Jinja2's ``ImmutableSandboxedEnvironment`` (no underscore attributes, no
mutation of lists and dicts), this environment:

- intercepts ``*``, ``**``, ``+`` and ``%`` and refuses results beyond the limits before
  computing them (Jinja2 never constant-folds an intercepted operator at compile time);
- refuses ``str.format``/``format_map`` altogether (format widths and field lookups are
  an old escape route; the ``format`` filter covers the need);
- charges every call to the render's budget and checks the arguments of string and list
  methods (``'x'.ljust(10**9)``, ``','.join(huge)``, ``s.replace('', big)``).
"""

from __future__ import annotations

import operator
from typing import Any

from jinja2 import ChainableUndefined
from jinja2.exceptions import SecurityError
from jinja2.runtime import Context
from jinja2.sandbox import ImmutableSandboxedEnvironment

from pymockapi.templating import _limits
from pymockapi.templating._limits import LimitError

_SEQUENCES = (str, bytes, list, tuple)
_REFUSED_ATTRIBUTES = frozenset({"format", "format_map", "mro", "gi_frame", "gi_code"})


def _length(value: Any) -> int:
    return len(value) if isinstance(value, _SEQUENCES) else 0


def _kind(value: Any) -> str:
    return "string" if isinstance(value, str | bytes) else "list"


def _check_multiply(left: Any, right: Any) -> None:
    if isinstance(left, int) and isinstance(right, int):
        if abs(left).bit_length() + abs(right).bit_length() > _limits.MAX_INT_BITS:
            raise LimitError(f"an integer larger than {_limits.MAX_INT_BITS} bits")
        return
    for seq, count in ((left, right), (right, left)):
        if isinstance(seq, _SEQUENCES) and isinstance(count, int):
            _limits.check_length(len(seq) * max(count, 0), _kind(seq))


def _check_power(base: Any, exponent: Any) -> None:
    if not (isinstance(base, int) and isinstance(exponent, int)) or exponent <= 0:
        return
    if abs(base) > 1 and (abs(base).bit_length() - 1) * exponent > _limits.MAX_INT_BITS:
        raise LimitError(f"an integer larger than {_limits.MAX_INT_BITS} bits")


def _check_call(function: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> tuple[Any, ...]:
    """Refuse an amplifying string or list method call; returns the arguments to use."""
    owner = getattr(function, "__self__", None)
    if not isinstance(owner, str | bytes | list | tuple | dict):
        return args
    _limits.check_arguments(args, kwargs)
    name = getattr(function, "__name__", "")
    if name == "join" and args:
        items = list(_limits.counted(args[0]))
        _limits.check_length(sum(_length(item) for item in items) + len(owner) * len(items))
        args = (items, *args[1:])
    elif name == "replace" and len(args) >= 2 and isinstance(owner, str | bytes):
        old, new = args[0], args[1]
        hits = len(owner) + 1 if not old else len(owner) // max(len(old), 1)
        _limits.check_length(len(owner) + hits * len(new))
    return args


class BoundedEnvironment(ImmutableSandboxedEnvironment):
    intercepted_binops = frozenset({"*", "**", "+", "%", "//"})

    def __init__(self) -> None:
        super().__init__(
            undefined=ChainableUndefined,
            autoescape=False,
            keep_trailing_newline=True,
            extensions=["jinja2.ext.loopcontrols"],
            cache_size=0,
            auto_reload=False,
        )

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if attr in _REFUSED_ATTRIBUTES:
            return False
        return bool(super().is_safe_attribute(obj, attr, value))

    def unsafe_undefined(self, obj: Any, attribute: str) -> Any:
        raise SecurityError(
            f"access to attribute {attribute!r} of a {type(obj).__name__!r} object is refused"
        )

    def wrap_str_format(self, value: Any) -> None:
        return None  # str.format is refused by is_safe_attribute instead

    def call_binop(self, context: Context, operator_: str, left: Any, right: Any) -> Any:
        _limits.step()
        if operator_ == "*":
            _check_multiply(left, right)
        elif operator_ == "**":
            _check_power(left, right)
        elif operator_ == "+" and isinstance(left, _SEQUENCES) and isinstance(right, _SEQUENCES):
            _limits.check_length(len(left) + len(right), _kind(left))
        elif operator_ == "%" and isinstance(left, str):
            _limits.check_percent_format(left, right)
        result = _BINOPS[operator_](left, right)
        if isinstance(result, int) and not isinstance(result, bool):
            _limits.check_int(result)
        return _limits.charge(result) if isinstance(result, _SEQUENCES) else result

    def call(__self, __context: Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        _limits.step()
        args = _check_call(__obj, args, kwargs)
        result = super().call(__context, __obj, *args, **kwargs)
        if isinstance(result, (*_SEQUENCES, dict)):
            _limits.charge(result)
        return result


_BINOPS = {
    "*": operator.mul,
    "**": operator.pow,
    "+": operator.add,
    "%": operator.mod,
    "//": operator.floordiv,
}
