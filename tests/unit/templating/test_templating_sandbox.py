"""Each payload is refused or bounded: the render raises a TemplateError naming the limit."""

from __future__ import annotations

import pytest

from pymockapi.templating import RequestView, Template, TemplateError, variables

PAYLOADS = [
    pytest.param("{{ ''.__class__.__mro__ }}", "refused", id="class-mro"),
    pytest.param("{{ ''.__class__.__mro__[1].__subclasses__() }}", "refused", id="subclasses"),
    pytest.param("{{ cycler.__init__.__globals__ }}", "refused", id="cycler-globals"),
    pytest.param("{{ request.__init__.__globals__ }}", "refused", id="object-globals"),
    pytest.param("{{ 'x'|attr('format') }}", "No filter named 'attr'", id="attr-filter"),
    pytest.param("{{ '{0.__class__}'.format(1) }}", "refused", id="str-format"),
    pytest.param("{{ '{0}'.format_map({}) }}", "refused", id="str-format-map"),
    pytest.param("{{ 9**(9**8) }}", "bits", id="huge-power"),
    pytest.param("{{ 'a'*10**9 }}", "longer than", id="huge-repeat"),
    pytest.param("{{ [0]*10**9 }}", "longer than", id="huge-list"),
    pytest.param("{{ 'a'.ljust(10**9) }}", "width", id="ljust"),
    pytest.param("{{ 'a'|center(10**9) }}", "width", id="center-filter"),
    pytest.param("{{ '%999999999s' % 'a' }}", "width", id="percent-width"),
    pytest.param(
        "{{ '%s'|format('a' * 1000) ~ '%099999999d'|format(1) }}", "width", id="format-filter"
    ),
    pytest.param("{{ ('a' * 1000000)|replace('', 'bb') }}", "longer than", id="replace-amplifies"),
    pytest.param("{{ ('a' * 100000).join(['x'] * 50) }}", "longer than", id="join-amplifies"),
    pytest.param(
        "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
        "steps",
        id="nested-loops",
    ),
    pytest.param(
        "{% macro f(s, n) %}{{ f(s ~ s, n - 1) if n else s }}{% endmacro %}{{ f('ab', 80) }}",
        "longer than",
        id="doubling-recursion",
    ),
    pytest.param("{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}", "recurses", id="recursion"),
    pytest.param(
        "{% set s = 'a' * 1000000 %}{% for i in range(1000) %}{{ s }}{% endfor %}",
        "output is longer",
        id="output-size",
    ),
    pytest.param(
        "{% set s = 'a' * 1000000 %}{% set t %}{% for i in range(1000) %}{{ s }}{% endfor %}"
        "{% endset %}{{ t|length }}",
        "produces more",
        id="buffered-output",
    ),
    pytest.param("{{ [[1] * 100000] * 100000 }}", "items", id="shared-nested-lists"),
    pytest.param("x{{ [[1] * 100000] * 100000 }}", "items", id="shared-nested-lists-as-text"),
    pytest.param("{{ ([[1] * 100000] * 100000)|pprint }}", "items", id="pprint-nested"),
    pytest.param("{{ ([[1] * 100000] * 100000)|sum(start=[]) }}", "items", id="sum-nested"),
    pytest.param("{{ json.dumps([[1] * 100000] * 100000) }}", "items", id="json-nested"),
    pytest.param("{{ 'x' ~ [[1] * 100000] * 100000 }}", "items", id="concat-nested"),
    pytest.param("{{ ('%s' * 1000) % ((('a' * 100000),) * 1000) }}", "longer", id="percent-many"),
    pytest.param("{{ range(10**9)|list }}", "range", id="huge-range"),
    pytest.param("{{ [1, 2]|random }}", "No filter named 'random'", id="global-random"),
    pytest.param("{{ lipsum() }}", "undefined", id="no-lipsum"),
    pytest.param("{{ faker.pystr(max_chars=10**9) }}", "count", id="faker-size"),
    pytest.param("{{ faker.seed(1) }}", "refused", id="faker-seed"),
    pytest.param("{{ faker.random }}", "refused", id="faker-random"),
    pytest.param("{% include '/etc/passwd' %}", "not available", id="include"),
    pytest.param("{% import 'x' as y %}", "not available", id="import"),
    pytest.param("{% extends 'x' %}", "not available", id="extends"),
    pytest.param(
        "{% for x in [1, [2]] recursive %}{{ loop(x) }}{% endfor %}",
        "recursive",
        id="recursive-loop",
    ),
    pytest.param("{{ request.body.append(1) }}", "refused", id="mutation"),
]


@pytest.mark.parametrize(("source", "words"), PAYLOADS)
def test_payload_is_refused_or_bounded(source: str, words: str) -> None:
    view = RequestView("GET", "/", body=[1])
    with pytest.raises(TemplateError) as caught:
        Template(source, file="evil.yaml", line=1).render(variables(view, seed=b"0" * 16))
    assert words in str(caught.value)
    assert str(caught.value).startswith("evil.yaml:")


def test_no_environment_or_module_access() -> None:
    view = RequestView("GET", "/")
    for source in ("{{ os }}", "{{ environ }}", "{{ config }}", "{{ self }}"):
        rendered = Template(source, file="f.yaml", line=1).render(variables(view, seed=b"0"))
        assert rendered is None or "TemplateReference" in str(rendered)
