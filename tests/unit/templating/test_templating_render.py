from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest

from pymockapi.templating import RequestView, Template, TemplateError, variables
from pymockapi.templating.context import Headers, StateView

NOW = dt.datetime(2024, 5, 1, 10, 30, tzinfo=dt.UTC)
SEED = b"s" * 16


def request() -> RequestView:
    return RequestView(
        method="POST",
        path="/pets/42",
        path_params={"petId": 42},
        query={"limit": 5, "q": "dogs"},
        headers=Headers([("x-tenant", "acme"), ("content-type", "application/json")]),
        cookies={"session": "abc"},
        body={"name": "Rex", "tags": ["a", "b"]},
        text='{"name": "Rex", "tags": ["a", "b"]}',
    )


def render(source: str, seed: bytes = SEED, **extra: Any) -> Any:
    state = StateView({"checkout": "paid"}.get, {"checkout": ""})
    values = variables(request(), seed=seed, state=state, now=NOW)
    values.update(extra)
    return Template(source, file="s.yaml", line=3).render(values)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("{{ request.method }} {{ request.path }}", "POST /pets/42"),
        ("{{ request.path_params.petId }}", 42),
        ("{{ request.params.petId + 1 }}", 43),
        ("{{ request.query.limit * 2 }}", 10),
        ("{{ request.headers['X-Tenant'] }}", "acme"),
        ("{{ request.cookies.session }}", "abc"),
        ("{{ request.body.name }} has {{ request.body.tags|length }} tags", "Rex has 2 tags"),
        ("{{ request.body.tags }}", ["a", "b"]),
        ("{{ request.text|length }}", 35),
        ("{{ state.checkout }}", "paid"),
        ("{{ now|isoformat }}", "2024-05-01T10:30:00Z"),
        ("{{ today }}", "2024-05-01"),
        ("{{ now|add_days(2)|date('%d/%m') }}", "03/05"),
        ("{{ (now - timedelta(hours=1)).hour }}", 9),
        ("{{ '2024-01-31'|add_days(1)|isoformat }}", "2024-02-01"),
        ("{{ json.dumps(request.body) }}", '{"name":"Rex","tags":["a","b"]}'),
        ("{{ json.loads('[1, 2]')|sum }}", 3),
        ("{{ request.body|json }}", '{"name":"Rex","tags":["a","b"]}'),
        ("{{ base64.encode('hi') }}|{{ 'aGk='|b64decode }}", "aGk=|hi"),
        ("{{ request.missing }}", None),
        ("{% for t in request.body.tags %}{{ loop.index }}{{ t }}{% endfor %}", "1a2b"),
        ("{{ [1, 2, 3]|map('string')|join('-') }}", "1-2-3"),
    ],
)
def test_context_variables(source: str, expected: Any) -> None:
    assert render(source) == expected


def test_faker_and_uuid_are_seeded() -> None:
    source = "{{ faker.name() }}|{{ faker.email() }}|{{ uuid() }}|{{ uuid }}"
    first, again, other = render(source), render(source), render(source, seed=b"t" * 16)
    assert first == again
    assert first != other
    name, email, one, two = first.split("|")
    assert name and "@" in email
    uuid_form = r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$"
    assert re.match(uuid_form, one) and re.match(uuid_form, two) and one != two


def test_runtime_errors_name_file_and_line() -> None:
    with pytest.raises(TemplateError) as caught:
        render("first\nsecond\n{{ 1 // 0 }}")
    assert caught.value.file == "s.yaml"
    assert caught.value.line == 5  # the template starts on line 3
    assert str(caught.value).startswith("s.yaml:5: ")


def test_syntax_errors_name_file_and_line() -> None:
    with pytest.raises(TemplateError) as caught:
        Template("ok\n{% for %}", file="s.yaml", line=10)
    assert caught.value.line == 11


def test_a_template_compiles_once_and_renders_many_times() -> None:
    template = Template("{{ request.body.name }}!", file="s.yaml", line=1)
    values = variables(request(), seed=SEED, now=NOW)
    assert [template.render(values) for _ in range(3)] == ["Rex!"] * 3
