"""Where the time goes per request: ``.venv/bin/python bench/profiling.py``.

Two views, both on the bundled example and GitHub's description:

1. the engine alone, in process (no HTTP): microseconds per ``MockEngine.handle`` call;
2. the real server under wrk load, sampled by py-spy (installed with ``pip --target`` into
   ``bench/.cache/pytools``): each sample is charged to the innermost frame that belongs to
   a pipeline stage (routing, validation, negotiation, generation, serialization, ...) or
   to uvicorn, so library time (jsonschema, Faker, orjson) counts for the stage that called
   it. With the server's core saturated, CPU time per request is 1/(req/s), which turns
   shares into microseconds per request.

The Markdown summary is printed and written with the raw stacks (for flame graphs) under
``bench/.cache/profiles/``. Nothing here is committed; docs/PERFORMANCE.md keeps the
findings.
"""

from __future__ import annotations

import argparse
import functools
import signal
import subprocess
import sys
import time
import timeit
from collections import Counter
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import contextlib

from bench import tools
from bench.load import LoadError, Request, run_wrk
from bench.servers import Launch, Server, ServerFailed, free_port, install_cleanup
from bench.workloads import (
    BY_KEY,
    FEATURES,
    GITHUB,
    PETSTORE,
    SpecCase,
    baseline_args,
    cli_options,
    expand,
)

BIN = Path(sys.executable).parent
HEALTH_PROBE = Request("GET", "/__pymockapi/health")
SHARES: dict[str, dict[str, float]] = {}  # per profiled row of the current spec
RATES: dict[str, float] = {}
OUT = tools.CACHE / "profiles"

# The innermost frame whose file matches decides the stage (first match wins).
STAGES: tuple[tuple[str, str], ...] = (
    ("pymockapi/routing", "routing"),
    ("pymockapi/validation/", "validation"),
    ("pymockapi/controls", "controls (Prefer)"),
    ("pymockapi/negotiation", "negotiation"),
    ("pymockapi/_accept", "negotiation"),
    ("pymockapi/generation/", "generation"),
    ("pymockapi/serializers", "serialization"),
    ("pymockapi/_xml", "serialization"),
    ("pymockapi/responses", "responses (build)"),
    ("pymockapi/problems", "problems (error bodies)"),
    ("pymockapi/seeds", "seeds"),
    ("pymockapi/cors", "cors"),
    ("pymockapi/exchange", "exchange (header lookups)"),
    ("pymockapi/runtime", "recent-requests log"),
    ("pymockapi/journal/", "journal (request side)"),
    ("pymockapi/scenarios/", "scenarios"),
    ("pymockapi/templating/", "templating"),
    ("pymockapi/crud/", "stateful CRUD"),
    ("pymockapi/state/", "state store"),
    ("pymockapi/chaos/", "chaos interceptor (delivery)"),
    ("pymockapi/engine", "engine glue"),
    ("pymockapi/server/", "ASGI adapter"),
    ("pymockapi/", "other pymockapi"),
    ("uvicorn/middleware/", "uvicorn middleware"),
    ("uvicorn/", "uvicorn (protocol, send)"),
)
NATIVE = "uvloop + httptools (native: sockets, parsing)"
IDLE = ("Condition.wait ", "Event.wait ", "Thread.join ", "Queue.get ")


def classify(frames: Sequence[str]) -> str | None:
    """The stage of one sample (frames root first), or None if it is not serving time."""
    if any("_find_and_load" in frame for frame in frames):
        return None  # startup: imports
    if frames[-1].startswith(IDLE):
        return None  # a thread blocked in a wait that py-spy did not recognise as idle
    if "Thread._bootstrap" in frames[0]:  # a background thread, on the server's core too
        owner = next((f for f in reversed(frames) if "pymockapi/" in f), "")
        return f"background thread: {owner.partition(' (')[2].rsplit(':', 1)[0] or 'other'}"
    loop = [i for i, frame in enumerate(frames) if "asyncio/runners.py" in frame]
    if not loop:
        return None  # startup: loading and compiling the spec
    above = frames[loop[-1] + 1 :]  # what the event loop called (below it: the CLI, uvicorn.run)
    if not above:
        return NATIVE
    for frame in reversed(above):
        for marker, stage in STAGES:
            if marker in frame:
                return stage
    return "other (event loop callbacks, GC, logging)"


def read_raw(path: Path) -> list[tuple[list[str], int]]:
    samples = []
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        stack, _, count = line.rpartition(" ")
        if stack and count.isdigit():
            samples.append((stack.split(";"), int(count)))
    return samples


def _function(frame: str) -> str:
    name, _, where = frame.partition(" (")
    file = where.rsplit(":", 1)[0]
    return f"{name} ({file})"


def stage_shares(samples: list[tuple[list[str], int]]) -> dict[str, float]:
    stages: Counter[str] = Counter()
    for frames, count in samples:
        stage = classify(frames)
        if stage is not None:
            stages[stage] += count
    total = sum(stages.values()) or 1
    return {stage: count / total for stage, count in stages.most_common()}


def overview(shares: dict[str, dict[str, float]], rates: dict[str, float]) -> list[str]:
    """One table: the share of each stage (rows) in each profiled request (columns)."""
    keys = list(shares)
    stages = sorted(
        {stage for by_stage in shares.values() for stage in by_stage},
        key=lambda stage: -max(by_stage.get(stage, 0.0) for by_stage in shares.values()),
    )
    lines = ["| stage | " + " | ".join(keys) + " |", "|---" * (len(keys) + 1) + "|"]
    lines.append("| req/s under py-spy | " + " | ".join(f"{rates[k]:,.0f}" for k in keys) + " |")
    for stage in stages:
        cells = [f"{shares[k].get(stage, 0.0):.0%}" for k in keys]
        lines.append(f"| {stage} | " + " | ".join(cells) + " |")
    return lines


def summarize(samples: list[tuple[list[str], int]], rps: float) -> list[str]:
    stages: Counter[str] = Counter()
    leaves: Counter[str] = Counter()
    inclusive: Counter[str] = Counter()
    for frames, count in samples:
        stage = classify(frames)
        if stage is None:
            continue
        stages[stage] += count
        leaves[_function(frames[-1])] += count
        for function in {_function(f) for f in frames if "pymockapi/" in f}:
            inclusive[function] += count
    total = sum(stages.values())
    if not total:
        return ["(no serving samples)"]
    per_request = 1e6 / rps if rps else 0.0
    lines = ["| stage | share | ~µs per request |", "|---|---|---|"]
    for stage, count in stages.most_common():
        share = count / total
        lines.append(f"| {stage} | {share:.0%} | {share * per_request:.0f} |")
    lines += ["", "Top functions by own time (leaf frames):", "```"]
    lines += [f"{n / total:6.1%}  {name}" for name, n in leaves.most_common(15)]
    lines += ["```", "", "Top pymockapi functions, inclusive:", "```"]
    lines += [f"{n / total:6.1%}  {name}" for name, n in inclusive.most_common(20)]
    lines.append("```")
    return lines


PHASES: tuple[tuple[str, str], ...] = (
    ("_find_and_load", "Python imports"),
    ("pymockapi/loading/", "loading (read, parse, bundle $refs)"),
    ("pymockapi/importing/", "importing (route model, schema normalization)"),
    ("MockEngine.__init__", "compiling the engine (router, validators, builders)"),
    ("asyncio/runners.py", "first request (lazy compiles, answer)"),
    ("pymockapi/", "other pymockapi"),
)


def profile_startup(case: SpecCase, spec: Path, *, extra: Sequence[str], stem: str) -> list[str]:
    """Where the time to the first answer goes: py-spy from process start to first 2xx."""
    port = free_port()
    raw = OUT / f"{stem}-{case.key}-startup.txt"
    argv = (
        str(tools.py_spy()), "record", "--rate", "250", "--format", "raw", "--output", str(raw),
        "--", str(BIN / "pymockapi"), "from-spec", str(spec), "--port", str(port),
        "--log-level", "warning", *extra,
    )  # fmt: skip
    launch = Launch("pymockapi under py-spy", argv, port, case.requests["static"][0])
    try:
        server = Server(launch, "0", OUT / f"{stem}-{case.key}-startup.log")
    except ServerFailed as error:
        return [f"(server failed: {error})"]
    startup_s = server.startup_s
    server.process.send_signal(signal.SIGINT)
    with contextlib.suppress(subprocess.TimeoutExpired):
        server.process.wait(timeout=30)
    server.stop()
    if not raw.exists():
        return ["(py-spy wrote no profile)"]
    phases: Counter[str] = Counter()
    for frames, count in read_raw(raw):
        text = ";".join(frames)
        phase = next((name for marker, name in PHASES if marker in text), "other (CLI, uvicorn)")
        phases[phase] += count
    total = sum(phases.values()) or 1
    lines = [
        f"First 2xx answer after {startup_s:.2f} s under py-spy (CPU samples only);"
        f" raw stacks: `{raw.relative_to(tools.ROOT)}`",
        "",
        "| phase | share of CPU samples | ~s |",
        "|---|---|---|",
    ]
    for phase, count in phases.most_common():
        lines.append(f"| {phase} | {count / total:.0%} | {count / total * startup_s:.2f} |")
    return lines


def _http_request(request: Request) -> object:
    from pymockapi.exchange import HttpRequest

    path, _, query = request.path.partition("?")
    return HttpRequest(
        method=request.method,
        path=path,
        query_string=query,
        headers=[(k.lower(), v) for k, v in request.headers],
        body=(request.body or "").encode(),
        client="127.0.0.1",
    )


def _timed(call: Callable[[], object], rounds: int = 20_000) -> str:
    """Microseconds per call (best of 3), or "?" when the internals moved."""
    try:
        best = min(timeit.repeat(call, number=rounds, repeat=3))
    except Exception:  # an internal API the bench relies on changed: not worth failing for
        return "?"
    return f"{best / rounds * 1e6:.1f}"


def engine_costs(case: SpecCase, spec: Path, workloads: Sequence[str]) -> list[str]:
    """Microseconds per ``MockEngine.handle`` call, in process, without HTTP."""
    try:
        from pymockapi.config import EngineConfig
        from pymockapi.engine import MockEngine
        from pymockapi.importing import load_spec

        started = time.perf_counter()
        engine = MockEngine(load_spec(str(spec)), EngineConfig())
        built = time.perf_counter() - started
    except Exception as error:  # the package's internals move; say so and go on
        return [f"(engine timing unavailable: {type(error).__name__}: {error})"]
    lines = [
        f"Loading and compiling took {built:.2f} s in process.",
        "",
        "| request | status | µs per handle() | µs per router.match() |",
        "|---|---|---|---|",
    ]
    for key in workloads:
        (request,) = case.requests[key]
        http = _http_request(request)
        for _ in range(200):
            event = engine.handle(http)  # type: ignore[arg-type]
        count, began = 0, time.perf_counter()
        while count < 20_000 and time.perf_counter() - began < 1.0:
            engine.handle(http)  # type: ignore[arg-type]
            count += 1
        cost = (time.perf_counter() - began) / count * 1e6
        path = request.path.split("?")[0]
        routing = _timed(functools.partial(engine.router.match, request.method, path))
        lines.append(
            f"| {key}: `{request.describe()}` | {event.response.status} | {cost:.0f} | {routing} |"
        )
    return lines


def profile_http(
    case: SpecCase,
    spec: Path,
    key: str,
    *,
    extra: Sequence[str],
    probe: Request,
    seconds: float,
    wrk: str,
    stem: str,
) -> list[str]:
    requests = case.requests[key]
    port = free_port()
    raw = OUT / f"{stem}-{case.key}-{key}.txt"
    argv = (
        str(tools.py_spy()), "record", "--rate", "250", "--format", "raw", "--output", str(raw),
        "--", str(BIN / "pymockapi"), "from-spec", str(spec), "--port", str(port),
        "--log-level", "warning", *extra,
    )  # fmt: skip
    launch = Launch("pymockapi under py-spy", argv, port, probe)
    try:
        server = Server(launch, "0", OUT / f"{stem}-{case.key}-{key}.log")
    except ServerFailed as error:
        return [f"(server failed: {error})"]
    try:
        result = run_wrk(
            wrk, f"http://127.0.0.1:{port}", requests, duration_s=seconds, connections=50,
            threads=2, cpus="1", script_dir=tools.CACHE / "lua", count_statuses=True,
        )  # fmt: skip
    except LoadError as error:
        server.stop()
        return [f"(load failed: {error})"]
    server.process.send_signal(signal.SIGINT)  # py-spy writes its file, then ends the server
    with contextlib.suppress(subprocess.TimeoutExpired):
        server.process.wait(timeout=30)
    server.stop()
    statuses = ", ".join(f"{k}: {v}" for k, v in result.statuses.items())
    head = [
        f"{result.rps:,.0f} req/s under py-spy (p50 {result.p50_ms} ms, p99 {result.p99_ms} ms;"
        f" {statuses}); raw stacks: `{raw.relative_to(tools.ROOT)}`",
        "",
    ]
    if not raw.exists():
        return [*head, "(py-spy wrote no profile)"]
    samples = read_raw(raw)
    SHARES[key] = stage_shares(samples)
    RATES[key] = result.rps
    return head + summarize(samples, result.rps)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=8.0, help="load per profile (8)")
    parser.add_argument("--no-github", action="store_true", help="the bundled example only")
    args = parser.parse_args(argv)
    install_cleanup()
    wrk = tools.wrk(install=True)
    if wrk is None:
        print("error: wrk is needed for profiling", file=sys.stderr)
        return 2
    OUT.mkdir(parents=True, exist_ok=True)
    stem = f"{datetime.now(UTC):%Y-%m-%dT%H%MZ}"
    cases: list[tuple[SpecCase, Path]] = [(PETSTORE, tools.ROOT / "specs" / "petstore.yaml")]
    if not args.no_github:
        cases.append((GITHUB, tools.github_description()))
    workloads = ("static", "dynamic", "post", "rejected")
    options = cli_options(str(BIN / "pymockapi"))
    baseline = baseline_args(options)
    out = [f"# Profile, {stem}", "", f"Servers run with `{' '.join(baseline)}` unless noted.", ""]
    for case, spec in cases:
        SHARES.clear()
        RATES.clear()
        out += [f"## {case.title}", "", "### Engine alone (in process, no HTTP)", ""]
        out += engine_costs(case, spec, workloads)
        out += ["", "### Startup, sampled by py-spy", ""]
        out += profile_startup(case, spec, extra=baseline, stem=stem)
        rows = [(key, baseline, case.requests["static"][0]) for key in workloads]
        for key in ("scenario", "crud", "journal"):
            feature = BY_KEY[key].feature or ""
            if FEATURES[feature].option in options:
                extra = baseline_args(options, but=feature)
                extra += expand(FEATURES[feature].on, spec=case.key, work=tools.CACHE / "work")
                rows.append((key, extra, HEALTH_PROBE))
        for key, extra, probe in rows:
            print(f"[profile] {case.key} {key}", file=sys.stderr, flush=True)
            for old in (tools.CACHE / "work").glob(f"journal-{case.key}.sqlite3*"):
                old.unlink()  # each journal profile starts from an empty journal
            flags = "" if extra == baseline else f" (`{' '.join(extra)}`)"
            out += ["", f"### {key} over HTTP, sampled by py-spy{flags}", ""]
            out += profile_http(
                case, spec, key, extra=extra, probe=probe, seconds=args.seconds, wrk=wrk,
                stem=stem,
            )  # fmt: skip
        if SHARES:
            out += ["", f"### Overview: share of each stage, {case.key}", ""]
            out += overview(dict(SHARES), dict(RATES))
        out.append("")
    text = "\n".join(out) + "\n"
    print(text)
    (OUT / f"{stem}.md").write_text(text, encoding="utf-8")
    print(f"[profile] wrote {OUT / f'{stem}.md'}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
