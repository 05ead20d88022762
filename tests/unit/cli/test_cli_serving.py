from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from pymockapi.chaos import ChaosOptions
from pymockapi.cli import app
from pymockapi.errors import PyMockApiError
from pymockapi.importing import load_spec
from pymockapi.serving import ServeOptions, check_workers

PETSTORE = str(Path(__file__).resolve().parents[3] / "specs" / "petstore.yaml")


def test_options_survive_the_trip_to_worker_processes() -> None:
    options = ServeOptions(
        spec=PETSTORE,
        seed="7",
        scenario=("a.yaml", "flaky"),
        redact=("X-Key",),
        stateful=False,
        chaos=ChaosOptions(latency="5ms", fault_rate=0.1, faults="reset", stall_cap=3),
    )
    assert ServeOptions.from_environment(options.to_environment()) == options


@pytest.mark.parametrize(
    ("options", "refused"),
    [
        pytest.param(ServeOptions(spec=PETSTORE), True, id="stateful-example-without-state"),
        pytest.param(ServeOptions(spec=PETSTORE, state="s.db"), False, id="shared-sqlite-state"),
        pytest.param(ServeOptions(spec=PETSTORE, stateful=False), False, id="stateless"),
        pytest.param(
            ServeOptions(spec=PETSTORE, stateful=False, scenario=("flaky",)), True, id="scenarios"
        ),
    ],
)
def test_several_workers_need_shared_state(options: ServeOptions, refused: bool) -> None:
    spec = load_spec(PETSTORE)
    if refused:
        with pytest.raises(PyMockApiError, match="--state FILE"):
            check_workers(options, 2, spec)
    else:
        check_workers(options, 2, spec)
    check_workers(options, 1, spec)  # one worker never needs it


def test_cli_refuses_workers_without_shared_state() -> None:
    result = CliRunner().invoke(app, ["from-spec", PETSTORE, "--workers", "2"])
    assert result.exit_code == 2
    assert "--state FILE" in result.output


@pytest.mark.parametrize(("workers", "eager"), [(1, True), (2, False)])
def test_one_worker_accepts_bursts_at_once_several_share_the_socket(
    workers: int, eager: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One worker runs on the loop that accepts every waiting connection per turn; several
    keep uvloop's one-per-turn accept, which spreads a burst over the workers."""
    import uvicorn

    from pymockapi.server.loop import LOOP_PATH
    from pymockapi.serving import OPTIONS_VARIABLE

    monkeypatch.setenv(OPTIONS_VARIABLE, "")  # several workers set it: undone after the test
    calls: list[dict[str, object]] = []
    monkeypatch.setattr(uvicorn, "run", lambda target, **settings: calls.append(settings))
    args = ["from-spec", PETSTORE, "--no-stateful", "--no-watch", "--workers", str(workers)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    (settings,) = calls
    assert (settings.get("loop") == LOOP_PATH) is eager
