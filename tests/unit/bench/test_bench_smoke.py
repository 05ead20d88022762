"""The benchmark script must not rot: a tiny smoke run, and its parsing and verdicts.

No thresholds on timing anywhere: the figures of a benchmark are not test results.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bench.gauge import cpu_scaling
from bench.load import LoadResult, Request, _encode, lua_script, parse_wrk
from bench.report import REFERENCE, Report, Row, Startup, evaluate

ROOT = Path(__file__).resolve().parents[3]

WRK_OUTPUT = """\
Running 10s test @ http://127.0.0.1:4010/pets?limit=0
  2 threads and 50 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     2.10ms  500.00us  20.00ms   90.00%
    Req/Sec    12.00k     1.00k   14.00k    80.00%
  Latency Distribution
     50%    2.00ms
     75%    2.30ms
     90%    2.80ms
     99%    4.00ms
  240000 requests in 10.00s, 50.00MB read
  Non-2xx or 3xx responses: 240000
Requests/sec:  24000.00
Transfer/sec:      5.00MB
BENCH_JSON {"requests":240000,"duration_us":10000000,"connect":0,"read":0,"write":0,\
"status":240000,"timeout":3,"p50_us":2000,"p99_us":4000,"counts":{"400":240000}}
"""


@pytest.mark.e2e
@pytest.mark.xdist_group("e2e")
def test_smoke_run_measures_the_bundled_example_with_the_python_client(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "run.py"), "--smoke", "--client", "python"],
        capture_output=True,
        text=True,
        timeout=180,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    row = next(line for line in lines if line.startswith("| pymockapi | petstore | static GET"))
    cells = [cell.strip() for cell in row.strip("|").split("|")]
    assert float(cells[3].replace(",", "")) > 0  # req/s measured, whatever its value
    assert float(cells[8]) > 0  # the server's CPU during the row, in cores
    assert cells[9].startswith("200: ")
    assert "## Targets" in done.stdout
    assert not list(tmp_path.iterdir())  # a smoke run writes no result file


def test_wrk_summary_and_status_counts_are_read() -> None:
    result = parse_wrk(WRK_OUTPUT)
    assert result.requests == 240_000
    assert result.rps == pytest.approx(24_000)
    assert (result.p50_ms, result.p99_ms) == (2.0, 4.0)
    assert result.statuses == {"400": 240_000}
    assert result.errors == {"timeout": 3}


def test_without_counts_the_non_2xx_line_splits_the_answers() -> None:
    text = WRK_OUTPUT.replace('"counts":{"400":240000}', '"counts":{}').replace(
        "Non-2xx or 3xx responses: 240000", "Non-2xx or 3xx responses: 40000"
    )
    assert parse_wrk(text).statuses == {"2xx/3xx": 200_000, "non-2xx/3xx": 40_000}


def test_lua_scripts_quote_bodies_and_cycle_rounds() -> None:
    single = lua_script(
        (Request("POST", "/pets", (("Content-Type", "application/json"),), '{"name":"Rex"}'),),
        count_statuses=False,
    )
    assert 'wrk.body = "{\\"name\\":\\"Rex\\"}"' in single
    assert "function response" not in single
    round_ = lua_script(
        (Request("POST", "/pets"), Request("GET", "{location}", fallback="/pets/1")),
        count_statuses=False,
    )
    assert "function request()" in round_
    assert "function response" in round_  # a round follows the Location it is given


def _result(rps: float, p99: float) -> LoadResult:
    return LoadResult("wrk", int(rps * 10), 10.0, p99 / 2, p99, {"200": int(rps * 10)})


def test_a_numbered_path_differs_per_request_and_per_wrk_thread() -> None:
    script = lua_script((Request("GET", "/pets/{n}"),), count_statuses=False)
    assert "function request()" in script  # not a fixed wrk.path
    assert 'thread:set("thread_id", #threads)' in script
    assert "(thread_id or 0) * 1000000000 + n" in script
    assert _encode(Request("GET", "/pets/{n}"), "h", None, 7).startswith(b"GET /pets/7 HTTP/1.1")


def test_targets_are_judged_against_the_reference_of_the_same_run() -> None:
    report = Report()
    report.rows = [
        Row(REFERENCE, "-", "reference", "ref", "GET /", _result(10_000, 2.0)),
        Row("pymockapi", "petstore", "static", "static GET", "GET /pets/1", _result(6_000, 3.0)),
        Row("pymockapi", "petstore", "dynamic", "dynamic", "GET /pets/1", _result(2_000, 5.0)),
        Row("pymockapi", "github", "static", "static GET", "GET /repos/o/r", _result(5_000, 3.0)),
        Row("pymockapi", "github", "varied", "new path", "GET /repos/o/r{n}", _result(50, 3.0)),
        Row("pymockapi", "petstore", "crud", "crud", "POST /pets", _result(4_000, 9.0)),
        Row("pymockapi", "github", "crud", "crud", "POST /repos/o/r/issues", _result(1_000, 9.0)),
        Row(
            "pymockapi",
            "github",
            "crud-small",
            "crud",
            "POST /repos/o/r/hooks",
            _result(4_400, 9.0),
        ),
        Row("pymockapi --workers 1", "petstore", "workers-1-varied", "", "", _result(100, 3.0)),
        Row("pymockapi --workers 2", "petstore", "workers-2-varied", "", "", _result(170, 3.0)),
    ]
    report.startups = [
        Startup("pymockapi", "github", 1.0, 100.0),
        Startup("Prism static", "github", 10.0, 300.0),
    ]
    verdicts = {t.name: t.met for t in evaluate(report, "pymockapi", "Prism static")}
    assert verdicts["petstore static req/s"] is True
    assert verdicts["petstore dynamic req/s"] is False
    assert verdicts["petstore post req/s"] is None  # not measured: n/a, not a failure
    assert verdicts["petstore dynamic p99"] is False
    assert verdicts["GitHub static req/s vs petstore"] is True
    assert verdicts["GitHub startup vs Prism static"] is True
    assert "GitHub varied req/s vs petstore" not in verdicts  # informational rows
    assert verdicts["GitHub crud req/s vs petstore"] is False
    # shown against the petstore round, never judged
    assert verdicts["GitHub crud-small req/s vs petstore crud (informational)"] is None
    assert verdicts["2 workers vs 1 (static GET)"] is None
    assert verdicts["2 workers vs 1 (new path every time)"] is True


LOOP = [
    "main (pymockapi/cli.py:181)",
    "run (uvicorn/main.py:632)",
    "Runner.run (asyncio/runners.py:118)",
]


@pytest.mark.parametrize(
    ("frames", "stage"),
    [
        pytest.param(LOOP, "uvloop + httptools (native: sockets, parsing)", id="native"),
        pytest.param(
            [*LOOP, "MockApp.__call__ (pymockapi/server/app.py:80)",
             "Router.match (pymockapi/routing.py:119)", "unquote (urllib/parse.py:650)"],
            "routing",
            id="library-time-goes-to-the-calling-stage",
        ),
        pytest.param(
            ["main (pymockapi/cli.py:181)", "_find_and_load (<frozen importlib._bootstrap>:1)"],
            None,
            id="imports-are-startup",
        ),
        pytest.param(
            ["Thread._bootstrap (threading.py:1)", "JournalWriter._run (pymockapi/journal/writer.py:9)"],
            "background thread: pymockapi/journal/writer.py",
            id="background-thread",
        ),
    ],
)  # fmt: skip
def test_profile_samples_are_charged_to_pipeline_stages(
    frames: list[str], stage: str | None
) -> None:
    from bench.profiling import classify

    assert classify(frames) == stage


def test_the_machine_gauge_runs_busy_processes_and_compares_them() -> None:
    assert cpu_scaling(0.2) > 0


def _between_references(references: list[tuple[float, float]], rows: list[Row]) -> Report:
    """A report of ``rows``, each between two reference runs ((req/s, p99 ms) each)."""
    report = Report()
    for (rps, p99), row in zip(references, [*rows, None], strict=True):
        report.rows.append(Row(REFERENCE, "-", "reference", "ref", "GET /", _result(rps, p99)))
        if row is not None:
            report.rows.append(row)
    return report


def test_a_row_measured_while_the_reference_moved_is_marked_noisy() -> None:
    quiet = Row("pymockapi", "petstore", "static", "static GET", "GET /pets/1", _result(6_000, 3))
    shaken = Row("pymockapi", "petstore", "post", "POST", "POST /pets", _result(5_000, 3))
    references = [(10_000, 2.0), (10_400, 2.0), (7_000, 2.0)]
    report = _between_references(references, [quiet, shaken])
    assert report.drift_warning(quiet) == ""
    assert report.drift_warning(shaken) == "noisy: the reference moved 39% around it"
    measured = {t.name: t.measured for t in evaluate(report, "pymockapi", "Prism static")}
    assert "noisy" not in measured["petstore static req/s"]
    assert measured["petstore post req/s"].endswith("(noisy: the reference moved 39% around it)")
    assert "noisy: the reference moved 39%" in report.markdown()


def test_a_row_between_a_stalled_and_a_calm_reference_p99_is_marked_noisy() -> None:
    row = Row("pymockapi", "petstore", "static", "static GET", "GET /pets/1", _result(6_000, 3))
    calm = Row("pymockapi", "petstore", "post", "POST", "POST /pets", _result(5_000, 3))
    report = _between_references([(10_000, 2.0), (10_000, 3.5), (10_000, 40.0)], [calm, row])
    assert report.drift_warning(calm) == ""  # 2.0 and 3.5 ms: within a factor of two
    assert report.drift_warning(row) == "noisy: the reference's p99 was 3.50 and 40.00 ms around it"
    measured = {t.name: t.measured for t in evaluate(report, "pymockapi", "Prism static")}
    assert measured["petstore static p99"].endswith(
        "(noisy: the reference's p99 was 3.50 and 40.00 ms around it)"
    )
