"""Jinja2 templates in scenario responses, sandboxed and bounded.

``Template(source, file=..., line=...)`` compiles once (errors name the file and line);
``render(variables)`` returns the text, or the value itself when the whole template is one
``{{ expression }}`` (so ``"{{ request.path.petId }}"`` stays an integer).
``variables(...)`` builds what a template sees: ``request``, ``state``, ``faker``, ``now``,
``today``, ``uuid``, ``json``, ``base64``.

Templates run in an immutable sandbox; no operation can grow without bound (see
``_limits``), there are no loaders (no include/import/extends) and no access to files or
the environment.
"""

from pymockapi.templating.context import RequestView, variables
from pymockapi.templating.template import Template, TemplateError, is_template

__all__ = ["RequestView", "Template", "TemplateError", "is_template", "variables"]
