from __future__ import annotations

from pathlib import Path

import pytest

from pymockapi.state import MemoryStore
from tests.unit.scenarios.scenario_support import client

SEQUENCE = """\
scenarios:
  default:
    rules:
      - operation: getItem
        sequence:
          - {body: {id: 1, name: first}}
          - {body: {id: 2, name: second}}
          - {status: 404, body: {title: third fails}}
        after: {after}
"""


def names(http: object, count: int, **headers: str) -> list[object]:
    answers = []
    for _ in range(count):
        response = http.get("/items/5", headers=headers)  # type: ignore[attr-defined]
        body = response.json()
        answers.append(body.get("name", body.get("title")))
    return answers


@pytest.mark.parametrize(
    ("after", "expected"),
    [
        ("cycle", ["first", "second", "third fails", "first", "second"]),
        ("repeat-last", ["first", "second", "third fails", "third fails", "third fails"]),
        ("fall-through", ["first", "second", "third fails", "spec", "spec"]),
    ],
)
def test_sequences(tmp_path: Path, after: str, expected: list[str]) -> None:
    with client(tmp_path, SEQUENCE.replace("{after}", after)) as http:
        assert names(http, 5) == expected


def test_sequence_third_call_has_its_status(tmp_path: Path) -> None:
    with client(tmp_path, SEQUENCE.replace("{after}", "cycle")) as http:
        statuses = [http.get("/items/5").status_code for _ in range(3)]
    assert statuses == [200, 200, 404]


def test_sequence_counters_are_per_session(tmp_path: Path) -> None:
    with client(tmp_path, SEQUENCE.replace("{after}", "repeat-last")) as http:
        assert names(http, 2, **{"X-PyMockAPI-Session": "a"}) == ["first", "second"]
        assert names(http, 1, **{"X-PyMockAPI-Session": "b"}) == ["first"]
        assert names(http, 1, **{"X-PyMockAPI-Session": "a"}) == ["third fails"]


RANDOM = """\
scenarios:
  default:
    rules:
      - operation: getItem
        random:
          - {weight: 3, body: {id: 1, name: heads}}
          - {weight: 1, body: {id: 1, name: tails}}
"""


def test_weighted_random_is_seeded_and_reproducible(tmp_path: Path) -> None:
    with client(tmp_path / "a", RANDOM) as http:
        first = names(http, 40)
    with client(tmp_path / "b", RANDOM) as http:
        again = names(http, 40)
    with client(tmp_path / "c", RANDOM, seed="other") as http:
        other = names(http, 40)
    assert first == again
    assert first != other
    assert 20 <= first.count("heads") <= 38  # weight 3:1, never all one side
    assert set(first) == {"heads", "tails"}


STATE = """\
scenarios:
  default:
    rules:
      - operation: createItem
        then: {state: {item: created}}
        respond: {status: 201, body: {id: 1, name: made}}
      - operation: getItem
        when: {state: {item: created}}
        then: {state: {item: seen}}
        respond: {body: {id: 1, name: created}}
      - operation: getItem
        when: {state: {item: seen}}
        respond: {body: {id: 1, name: seen}}
      - operation: getItem
        when: {state: {item: started}}
        respond: {status: 404, body: {title: not yet}}
"""


def test_state_transitions(tmp_path: Path) -> None:
    store = MemoryStore()
    with client(tmp_path, STATE, store=store) as http:
        assert http.get("/items/1").status_code == 404
        assert http.post("/items", json={"id": 1, "name": "x"}).status_code == 201
        assert http.get("/items/1").json()["name"] == "created"
        assert http.get("/items/1").json()["name"] == "seen"
        assert http.get("/items/1").json()["name"] == "seen"
        assert store.get_machine("default", "item") == "seen"
        other = {"X-PyMockAPI-Session": "other"}
        assert http.get("/items/1", headers=other).status_code == 404
        store.reset()
        assert http.get("/items/1").status_code == 404


ORDER = {
    "a.yaml": """\
scenarios:
  default:
    rules:
      - operation: getItem
        respond: {body: {id: 1, name: a-first}}
      - operation: getItem
        priority: 5
        when: {path: {id: 7}}
        respond: {body: {id: 1, name: a-priority}}
""",
    "b.yaml": """\
scenarios:
  default:
    rules:
      - operation: getItem
        respond: {body: {id: 1, name: b-later}}
  special:
    rules:
      - operation: getItem
        respond: {body: {id: 1, name: special}}
""",
}


def test_priority_then_file_order_then_activation(tmp_path: Path) -> None:
    with client(tmp_path, ORDER) as http:
        assert http.get("/items/1").json()["name"] == "a-first"  # a.yaml before b.yaml
        assert http.get("/items/7").json()["name"] == "a-priority"  # priority wins
        special = {"X-PyMockAPI-Scenario": "special"}
        assert http.get("/items/1", headers=special).json()["name"] == "special"
        assert http.get("/items/7", headers=special).json()["name"] == "a-priority"


def test_rules_that_do_not_match_leave_the_spec_answering(tmp_path: Path) -> None:
    text = "scenarios:\n  default:\n    rules:\n      - operation: getItem\n        when: {path: {id: 99}}\n        respond: {status: 404, body: {title: gone}}\n"
    with client(tmp_path, text) as http:
        assert http.get("/items/1").json() == {"id": 1, "name": "spec"}
        assert http.get("/items/99").status_code == 404


def test_spec_example_generated_body_and_headers(tmp_path: Path) -> None:
    text = """\
scenarios:
  default:
    rules:
      - operation: listItems
        when: {query: {limit: {lt: 1}}}
        respond: {example: empty, headers: {X-Why: empty}}
      - operation: createItem
        respond:
          status: 201
          generate: {overrides: {name: fixed, tags: [a]}}
"""
    with client(tmp_path, text) as http:
        empty = http.get("/items", params={"limit": 0})
        assert empty.json() == [] and empty.headers["x-why"] == "empty"
        assert http.get("/items", params={"limit": 5}).json() == [{"id": 1, "name": "one"}]
        created = http.post("/items", json={"id": 3, "name": "n"}).json()
        assert created["name"] == "fixed" and created["tags"] == ["a"]
        assert isinstance(created["id"], int)


def test_per_rule_chaos_is_handed_to_delivery(tmp_path: Path) -> None:
    from pymockapi.exchange import HttpRequest

    text = "scenarios:\n  default:\n    rules:\n      - operation: getItem\n        chaos: {latency: 200ms}\n        respond: {body: {id: 1, name: slow}}\n"
    with client(tmp_path, text) as http:
        engine = http.app.runtime.engine  # type: ignore[attr-defined]
        event = engine.handle(HttpRequest("GET", "/items/1"))
    assert event.source == "scenario"
    assert event.directives["chaos"] == {"latency": "200ms"}


def test_templates_echo_the_request_and_keep_types(tmp_path: Path) -> None:
    text = """\
scenarios:
  default:
    rules:
      - operation: getItem
        respond:
          headers: {X-Echo: "{{ request.method }} {{ request.path }}"}
          body:
            id: "{{ request.path_params.id }}"
            name: "item {{ request.path_params.id }} for {{ request.headers['X-Who'] }}"
"""
    with client(tmp_path, text) as http:
        response = http.get("/items/12", headers={"X-Who": "ann"})
    assert response.json() == {"id": 12, "name": "item 12 for ann"}
    assert response.headers["x-echo"] == "GET /items/12"


def test_rendered_body_off_contract_is_a_500_naming_the_line(tmp_path: Path) -> None:
    text = """\
scenarios:
  default:
    rules:
      - operation: getItem
        respond:
          body: {id: "{{ request.path_params.id }}", name: "{{ 'x' * request.path_params.id }}"}
"""
    with client(tmp_path, text) as http:
        assert http.get("/items/3").json() == {"id": 3, "name": "xxx"}
        broken = http.get("/items/30")  # the name breaks maxLength 20
    assert broken.status_code == 500
    assert "main.yaml:6:" in broken.json()["detail"]


def test_accept_that_rules_out_the_scenario_answer_is_a_406(tmp_path: Path) -> None:
    text = "scenarios:\n  default:\n    rules:\n      - operation: listItems\n        respond: {example: empty}\n"
    with client(tmp_path, text) as http:
        response = http.get("/items", headers={"Accept": "application/xml"})
    assert response.status_code == 406
    assert "main.yaml:5" in response.json()["detail"]
