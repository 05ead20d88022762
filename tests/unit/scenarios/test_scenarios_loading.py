from __future__ import annotations

import json
from pathlib import Path

import pytest

from pymockapi.scenarios import ScenarioError, scenario_sources
from pymockapi.scenarios._format import schema
from tests.unit.scenarios.scenario_support import client, make

GOOD = """\
scenarios:
  default:
    rules:
      - operation: getItem
        respond: {status: 404, body: {title: gone}}
"""


def error_of(tmp_path: Path, text: str | dict[str, str], **options: object) -> ScenarioError:
    with pytest.raises(ScenarioError) as caught:
        make(tmp_path, text, **options)  # type: ignore[arg-type]
    return caught.value


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        pytest.param("scenarios:\n  default:\n    rules: [\n", 4, "expected", id="yaml-syntax"),
        pytest.param(
            "scenarios:\n  default:\n    rules:\n      - operation: getItem\n        respond: {status: 999}\n",
            5,
            "999",
            id="status-out-of-range",
        ),
        pytest.param(
            "scenarios:\n  default:\n    rules:\n      - operation: getItem\n",
            4,
            "exactly one of 'respond', 'sequence' or 'random'",
            id="rule-without-response",
        ),
        pytest.param(
            "scenarios:\n  default:\n    rules:\n      - operation: getItem\n        respond: {}\n        colour: red\n",
            4,
            "colour",
            id="unknown-key",
        ),
        pytest.param(
            "scenarios:\n  default:\n    rules:\n      - operation: nope\n        respond: {status: 200}\n",
            4,
            "no operation nope",
            id="unknown-operation",
        ),
        pytest.param(
            "scenarios:\n  default:\n    rules:\n      - method: GET\n        path: /items/{itemId}\n        respond: {}\n",
            4,
            "GET /items/{itemId}",
            id="unknown-method-path",
        ),
        pytest.param(
            "scenarios:\n  default:\n    rules:\n      - operation: getItem\n        when: {header: {X-A: {matches: '('}}}\n        respond: {}\n",
            5,
            "invalid regular expression",
            id="bad-regex",
        ),
        pytest.param(
            "scenarios:\n  default:\n    rules:\n      - operation: getItem\n        respond: {example: nope}\n",
            5,
            "no example 'nope'",
            id="unknown-example",
        ),
        pytest.param(
            "scenarios:\n  default:\n    rules:\n      - operation: getItem\n        respond:\n          body:\n            name: '{{ oops( }}'\n",
            7,
            "template",
            id="template-syntax",
        ),
        pytest.param(
            "scenarios:\n  default:\n    rules:\n      - operation: getItem\n        respond:\n          body: |\n            line one\n            {{ x ~ }}\n",
            8,
            "template",
            id="template-syntax-in-block-scalar",
        ),
        pytest.param("a: &a [*a]\n", 1, "", id="recursive-alias"),
    ],
)
def test_load_errors_name_file_and_line(tmp_path: Path, text: str, line: int, words: str) -> None:
    error = error_of(tmp_path, text)
    assert error.file.endswith("main.yaml")
    assert error.line == line, str(error)
    assert words in str(error)
    assert str(error).startswith(f"{error.file}:{line}: ")


def test_off_contract_body_is_refused_with_its_line(tmp_path: Path) -> None:
    text = GOOD.replace("{title: gone}", "{title: 5}")
    error = error_of(tmp_path, text)
    assert error.line == 5
    assert "breaks the contract" in error.message and "title" in error.message


@pytest.mark.parametrize(
    "respond",
    [
        pytest.param("{status: 418}", id="undocumented-status"),
        pytest.param("{status: 200, body: [1]}", id="wrong-type"),
        pytest.param("{status: 201, generate: {overrides: {id: text}}}", id="bad-override"),
    ],
)
def test_off_contract_is_refused_unless_allowed(tmp_path: Path, respond: str) -> None:
    operation = "createItem" if "201" in respond else "getItem"
    text = f"scenarios:\n  default:\n    rules:\n      - operation: {operation}\n        respond: {respond}\n"
    assert "contract" in str(error_of(tmp_path, text)) or "not documented" in str(
        error_of(tmp_path, text)
    )
    _, feature = make(tmp_path, text, allow_off_contract=True)
    warnings = feature.provides["scenarios"].describe()["warnings"]
    assert warnings and warnings[0]["line"] == 5


def test_off_contract_answer_is_served_when_allowed(tmp_path: Path) -> None:
    text = "scenarios:\n  default:\n    rules:\n      - operation: getItem\n        respond: {status: 418, body: {teapot: true}}\n"
    with client(tmp_path, text, allow_off_contract=True) as http:
        response = http.get("/items/1")
    assert response.status_code == 418
    assert response.json() == {"teapot": True}


def test_file_bodies_outside_the_scenarios_folder_are_refused(tmp_path: Path) -> None:
    (tmp_path / "secret.json").write_text('{"id": 1, "name": "leak"}')
    text = "scenarios:\n  default:\n    rules:\n      - operation: getItem\n        respond: {file: ../secret.json}\n"
    error = error_of(tmp_path, text)
    assert error.line == 5 and "refused" in error.message
    absolute = text.replace("../secret.json", str(tmp_path / "secret.json"))
    assert "refused" in error_of(tmp_path, absolute).message


def test_file_body_symlink_leaving_the_folder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "secret.json").write_text('{"id": 1, "name": "leak"}')
    (tmp_path / "scenarios").mkdir()
    (tmp_path / "scenarios" / "link.json").symlink_to(tmp_path / "secret.json")
    text = "scenarios:\n  default:\n    rules:\n      - operation: getItem\n        respond: {file: link.json}\n"
    assert "refused" in error_of(tmp_path, text).message


def test_file_bodies_are_served_and_checked(tmp_path: Path) -> None:
    bodies = tmp_path / "scenarios" / "bodies"
    bodies.mkdir(parents=True)
    (bodies / "item.json").write_text('{"id": 9, "name": "from file"}')
    text = "scenarios:\n  default:\n    rules:\n      - operation: getItem\n        respond: {file: bodies/item.json}\n"
    with client(tmp_path, text) as http:
        assert http.get("/items/1").json() == {"id": 9, "name": "from file"}
    (bodies / "item.json").write_text('{"id": "nine"}')
    assert "contract" in error_of(tmp_path, text).message


def test_top_level_chaos_is_provided_for_the_chaos_capability(tmp_path: Path) -> None:
    text = GOOD + "chaos:\n  latency: 100ms\n"
    _, feature = make(tmp_path, text)
    [entry] = feature.provides["chaos"]
    assert entry["chaos"] == {"latency": "100ms"}
    assert entry["file"].endswith("main.yaml")


def test_unknown_scenario_to_activate_is_an_error(tmp_path: Path) -> None:
    assert "unknown scenario" in str(error_of(tmp_path, GOOD, activate=("nope",)))


def test_published_schema_is_valid_json_schema() -> None:
    from jsonschema import Draft202012Validator

    Draft202012Validator.check_schema(schema())
    bundled = Path(__file__).resolve().parents[3] / "scenarios" / "petstore.yaml"
    assert bundled.exists()


def test_bundled_example_loads_against_the_bundled_spec() -> None:
    from pymockapi.importing import load_spec
    from pymockapi.scenarios import setup
    from pymockapi.state import MemoryStore

    root = Path(__file__).resolve().parents[3]
    spec = load_spec(root / "specs" / "petstore.yaml")
    feature = setup(spec, paths=[root / "scenarios"], store=MemoryStore())
    names = feature.info["scenarios"]
    assert {"default", "empty-store", "flaky", "order-flow", "echo", "coin-flip"} <= set(names)


def test_sources_split_files_from_names(tmp_path: Path) -> None:
    spec = tmp_path / "api.yaml"
    spec.write_text("{}")
    (tmp_path / "scenarios").mkdir()
    paths, names = scenario_sources(str(spec), [], ["empty", "extra.yaml"])
    assert names == ["empty"]
    assert paths == [Path("extra.yaml")]
    paths, _ = scenario_sources(str(spec), [], ["empty"])
    assert paths == [tmp_path.resolve() / "scenarios"]


def test_schema_file_is_shipped_as_json() -> None:
    assert json.loads(json.dumps(schema()))["title"] == "PyMockAPI scenario file"


def test_readme_example_loads_against_the_bundled_spec(tmp_path: Path) -> None:
    from pymockapi.importing import load_spec
    from pymockapi.scenarios import setup
    from pymockapi.state import MemoryStore

    root = Path(__file__).resolve().parents[3]
    readme = (root / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Scenarios and templates", 1)[1]
    example = section.split("```yaml\n", 1)[1].split("```", 1)[0]
    (tmp_path / "readme.yaml").write_text(example, encoding="utf-8")
    spec = load_spec(root / "specs" / "petstore.yaml")
    feature = setup(spec, paths=[tmp_path / "readme.yaml"], store=MemoryStore())
    assert feature.info["scenarios"] == ["default", "empty-store", "flaky"]
