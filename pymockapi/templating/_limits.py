"""What one render may spend, and the checks that keep every single operation bounded.

A watchdog thread cannot stop Python code, so nothing here relies on one. Instead no single
operation a template can trigger is unbounded: sizes are checked *before* an amplifying
operation runs (``'a' * 10**9``, ``9 ** 9 ** 8``, ``'x'.ljust(10**9)``), and every call,
loop iteration and output piece is charged to a per-render :class:`Budget`, which also
carries a deadline checked at each charge.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable, Iterator, Mapping
from contextvars import ContextVar
from typing import Any

from jinja2.exceptions import SecurityError

MAX_STRING = 1 << 20
"""Characters in any one string a template builds."""
MAX_ITEMS = 100_000
"""Items in any one list, and nodes in a value a template returns."""
MAX_INT_BITS = 4096
"""Bits in any integer a template computes."""
MAX_COUNT = 100_000
"""Largest count or width a template may pass to a string method or filter."""
MAX_STEPS = 200_000
"""Calls, loop iterations and output pieces in one render."""
MAX_CHARGED = 8 * MAX_STRING
"""Characters produced in all during one render (output, concatenations, filter results)."""
MAX_OUTPUT = MAX_STRING
"""Characters in one rendered template."""
MAX_SECONDS = 2.0
"""Wall-clock time of one render, checked at every step."""


class LimitError(SecurityError):
    """A template tried to exceed a limit; the message says which."""


class Budget:
    __slots__ = ("charged", "deadline", "native", "steps")

    def __init__(self, seconds: float = MAX_SECONDS) -> None:
        self.native: Any = None
        self.steps = 0
        self.charged = 0
        self.deadline = time.monotonic() + seconds

    def step(self, count: int = 1) -> None:
        self.steps += count
        if self.steps > MAX_STEPS:
            raise LimitError(f"the template takes more than {MAX_STEPS:,} steps")
        if time.monotonic() > self.deadline:
            raise LimitError("the template takes too long to render")

    def charge(self, size: int) -> None:
        self.charged += size
        if self.charged > MAX_CHARGED:
            raise LimitError(f"the template produces more than {MAX_CHARGED:,} characters")
        self.step()


current: ContextVar[Budget | None] = ContextVar("pymockapi_template_budget", default=None)


def step(count: int = 1) -> None:
    budget = current.get()
    if budget is not None:
        budget.step(count)


def charge(value: Any) -> Any:
    """Charge the size of a produced value to the render's budget; returns the value."""
    size = len(value) if isinstance(value, str | bytes | list | tuple | dict) else 1
    if isinstance(value, str | bytes) and size > MAX_STRING:
        raise LimitError(f"a string longer than {MAX_STRING:,} characters")
    budget = current.get()
    if budget is not None:
        budget.charge(size)
    return value


def check_int(value: int) -> int:
    if abs(value).bit_length() > MAX_INT_BITS:
        raise LimitError(f"an integer larger than {MAX_INT_BITS} bits")
    return value


def check_count(value: Any) -> None:
    """Refuse a count or width argument beyond :data:`MAX_COUNT`."""
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_COUNT:
        raise LimitError(f"a count or width above {MAX_COUNT:,} ({value})")


def check_arguments(args: Iterable[Any], kwargs: Mapping[str, Any]) -> None:
    for value in (*args, *kwargs.values()):
        check_count(value)
        if isinstance(value, str | bytes) and len(value) > MAX_STRING:
            raise LimitError(f"a string argument longer than {MAX_STRING:,} characters")


def check_length(size: int, what: str = "string") -> None:
    limit = MAX_STRING if what == "string" else MAX_ITEMS
    if size > limit:
        raise LimitError(f"a {what} longer than {limit:,}")


_PERCENT = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?")


def check_percent_format(template: str, args: Any) -> None:
    """``'%999999999s' % x`` would allocate a gigabyte: check widths and the result's size."""
    specs = 0
    for match in _PERCENT.finditer(template):
        specs += 1
        for group in match.groups():
            if group is not None and group != "*" and int(group) > MAX_COUNT:
                raise LimitError(f"a format width above {MAX_COUNT:,}")
    values = args if isinstance(args, tuple) else (args,)
    if isinstance(args, dict):
        values = tuple(args.values())
    longest = 0
    for value in values:
        check_count(value)
        if isinstance(value, list | tuple | dict):
            measure(value)
        longest = max(longest, len(value) if isinstance(value, str) else 0)
    check_length(len(template) + specs * (longest + MAX_COUNT // 100))


def counted(iterable: Iterable[Any]) -> Iterator[Any]:
    """Iterate, charging one step per item (the ``for`` loops of every template)."""
    budget = current.get()
    for item in iterable:
        if budget is not None:
            budget.step()
        yield item


def measure(value: Any) -> None:
    """Refuse a value with more than :data:`MAX_ITEMS` nodes (shared lists count each time).

    Called before anything walks a whole value (output, ``string``, ``tojson``, ``sum``):
    ``[[0] * 10**5] * 10**5`` is two small lists, but printing it is 10**10 items.
    """
    total = 1
    stack = [value]
    while stack:
        item = stack.pop()
        children: Any = ()
        if isinstance(item, dict):
            children = item.values()
        elif isinstance(item, list | tuple):
            children = item
        elif isinstance(item, str) and len(item) > MAX_STRING:
            raise LimitError(f"a string longer than {MAX_STRING:,} characters")
        total += len(children)
        if total > MAX_ITEMS:
            raise LimitError(f"a value with more than {MAX_ITEMS:,} items")
        stack.extend(children)
    budget = current.get()
    if budget is not None:
        budget.charge(total)  # walking is work too: bounded per render like output
