"""``from-spec`` refuses bad chaos options with exit code 2 and a message naming the option."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from pymockapi.cli import app

PETSTORE = Path(__file__).resolve().parents[3] / "specs" / "petstore.yaml"
runner = CliRunner()


@pytest.mark.parametrize(
    ("options", "message"),
    [
        pytest.param(["--latency", "gamma:k=2"], "--latency: unknown latency", id="latency"),
        pytest.param(
            ["--latency", "uniform:min=1s"],
            "--latency: uniform latency: missing max",
            id="latency-params",
        ),
        pytest.param(
            ["--bandwidth", "fast"], "--bandwidth: 'fast' is not a bandwidth", id="bandwidth"
        ),
        pytest.param(
            ["--fault-rate", "2"], "--fault-rate: '2' must be between 0 and 1", id="fault-rate"
        ),
        pytest.param(
            ["--fault-rate", "0.1", "--faults", "reset,boom"],
            "--faults: unknown fault 'boom'",
            id="faults",
        ),
        pytest.param(["--faults", "reset"], "--faults: give --fault-rate too", id="faults-alone"),
        pytest.param(
            ["--rate-limit", "ten/s"], "--rate-limit: 'ten/s' is not a rate", id="rate-limit"
        ),
        pytest.param(
            ["--rate-limit-key", "cookie"],
            "--rate-limit-key: unknown rate-limit key",
            id="rate-key",
        ),
        pytest.param(
            ["--stall-max", "forever"], "--stall-max: 'forever' is not a duration", id="stall-max"
        ),
        pytest.param(["--stall-cap", "-1"], "--stall-cap: must be between 0", id="stall-cap"),
    ],
)
def test_bad_chaos_options_exit_2(options: list[str], message: str, tmp_path: Path) -> None:
    result = runner.invoke(
        app,
        ["from-spec", str(PETSTORE), "--no-watch", "--journal", str(tmp_path / "j.db"), *options],
    )
    assert result.exit_code == 2, result.output
    assert f"error: {message}" in result.output
