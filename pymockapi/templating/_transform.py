"""Rewrite a parsed template so its loops, concatenations and output are charged.

Uses Jinja2's public AST (``Environment.parse`` and ``NodeTransformer``): every ``for``
iterable is wrapped in a counting filter, every ``~`` becomes a checked join and every
output piece (also inside ``{% set %}`` blocks and macros) is charged to the budget. The
filters take the context, so Jinja2 never runs them at compile time.
"""

from __future__ import annotations

from typing import Any

from jinja2 import nodes
from jinja2.exceptions import TemplateSyntaxError
from jinja2.visitor import NodeTransformer

LOOP = "_pymockapi_loop"
CONCAT = "_pymockapi_concat"
OUTPUT = "_pymockapi_output"
NATIVE = "_pymockapi_native"

_REFUSED = {
    nodes.Include: "include",
    nodes.Import: "import",
    nodes.FromImport: "import",
    nodes.Extends: "extends",
}


def _filter(node: nodes.Expr, name: str, lineno: int) -> nodes.Filter:
    return nodes.Filter(node, name, [], [], None, None, lineno=lineno)


class _Bounder(NodeTransformer):
    def generic_visit(self, node: nodes.Node, *args: Any, **kwargs: Any) -> nodes.Node:
        for kind, word in _REFUSED.items():
            if isinstance(node, kind):
                raise TemplateSyntaxError(
                    f"'{word}' is not available in scenario templates", node.lineno
                )
        return super().generic_visit(node, *args, **kwargs)

    def visit_For(self, node: nodes.For) -> nodes.Node:
        if node.recursive:
            raise TemplateSyntaxError(
                "recursive loops are not available in scenario templates", node.lineno
            )
        self.generic_visit(node)
        node.iter = _filter(node.iter, LOOP, node.lineno)  # type: ignore[arg-type]
        return node

    def visit_Concat(self, node: nodes.Concat) -> nodes.Node:
        self.generic_visit(node)
        return _filter(nodes.List(node.nodes, lineno=node.lineno), CONCAT, node.lineno)

    def visit_Output(self, node: nodes.Output) -> nodes.Node:
        self.generic_visit(node)
        node.nodes = [_filter(child, OUTPUT, child.lineno) for child in node.nodes]
        return node


def native_expression(tree: nodes.Template) -> nodes.Template | None:
    """For a template that is one ``{{ expression }}``: a template that captures its value."""
    if len(tree.body) != 1 or not isinstance(tree.body[0], nodes.Output):
        return None
    pieces = tree.body[0].nodes
    if len(pieces) != 1 or isinstance(pieces[0], nodes.TemplateData):
        return None
    capture = _filter(pieces[0], NATIVE, pieces[0].lineno)
    return nodes.Template([nodes.Output([capture], lineno=1)], lineno=1)


def bound(tree: nodes.Template) -> nodes.Template:
    """The same template, with every loop, concatenation and output piece charged."""
    result = _Bounder().visit(tree)
    assert isinstance(result, nodes.Template)
    return result
