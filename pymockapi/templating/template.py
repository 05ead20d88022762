"""A scenario template: compiled once at load, rendered per request within the limits."""

from __future__ import annotations

import types
from collections.abc import Mapping
from typing import Any

from jinja2 import Template as _JinjaTemplate
from jinja2 import Undefined, nodes
from jinja2.exceptions import TemplateSyntaxError

from pymockapi.templating import _limits
from pymockapi.templating._filters import filters
from pymockapi.templating._sandbox import BoundedEnvironment
from pymockapi.templating._transform import bound, native_expression

_COMPILED_NAME = "<template>"


class TemplateError(Exception):
    """A template failed to compile or render; names the file and line."""

    def __init__(self, file: str, line: int, message: str) -> None:
        super().__init__(message)
        self.file = file
        self.line = line
        self.message = message

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


def _bounded_range(*args: int) -> range:
    numbers = range(*args)
    if len(numbers) > _limits.MAX_ITEMS:
        raise _limits.LimitError(f"a range longer than {_limits.MAX_ITEMS:,}")
    return numbers


def _environment() -> BoundedEnvironment:
    env = BoundedEnvironment()
    env.filters = filters()
    env.globals = {"range": _bounded_range, "dict": dict}
    return env


_ENV = _environment()


def is_template(text: str) -> bool:
    return "{{" in text or "{%" in text or "{#" in text


class Template:
    """``render(variables)`` returns text, or the value itself for a lone ``{{ expr }}``."""

    __slots__ = ("_template", "file", "line", "native", "source")

    def __init__(self, source: str, *, file: str, line: int, native: bool = True) -> None:
        self.source = source
        self.file = file
        self.line = line
        try:
            tree: nodes.Template = _ENV.parse(source)
            captured = native_expression(tree) if native else None
            self.native = captured is not None
            tree = bound(captured if captured is not None else tree)
            tree.set_environment(_ENV)
            self._template: _JinjaTemplate = _ENV.from_string(tree)
        except TemplateSyntaxError as error:
            raise self._error(error.lineno or 1, error.message or str(error)) from None
        except Exception as error:  # a limit hit while folding constants, for example
            raise self._error(1, _describe(error)) from None

    def _error(self, lineno: int, message: str) -> TemplateError:
        return TemplateError(self.file, self.line + lineno - 1, message)

    def render(self, variables: Mapping[str, Any]) -> Any:
        budget = _limits.Budget()
        token = _limits.current.set(budget)
        pieces: list[str] = []
        size = 0
        try:
            for piece in self._template.generate(dict(variables)):
                size += len(piece)
                if size > _limits.MAX_OUTPUT:
                    raise _limits.LimitError(
                        f"the output is longer than {_limits.MAX_OUTPUT:,} characters"
                    )
                pieces.append(piece)
        except Exception as error:
            raise self._error(_template_line(error.__traceback__), _describe(error)) from None
        finally:
            _limits.current.reset(token)
        if self.native:
            value = budget.native
            return None if isinstance(value, Undefined) else value
        return "".join(pieces)


def _template_line(trace: types.TracebackType | None) -> int:
    line = 1
    while trace is not None:
        if trace.tb_frame.f_code.co_filename == _COMPILED_NAME:
            line = trace.tb_lineno
        trace = trace.tb_next
    return line


def _describe(error: BaseException) -> str:
    if isinstance(error, RecursionError):
        return "the template recurses too deeply"
    if isinstance(error, MemoryError):
        return "the template needs too much memory"
    text = str(error) or type(error).__name__
    return text if len(text) <= 300 else text[:297] + "..."
