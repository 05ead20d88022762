"""PyMockAPI side by side with Prism and a bare uvicorn app, in one run: ``make bench``.

    .venv/bin/python bench/run.py            # the full run (~6 min), writes bench/results/
    .venv/bin/python bench/run.py --smoke    # a tiny load on the bundled example, no installs

Every figure is also given as a ratio to the bare uvicorn reference measured in the same run
(at the start, in the middle and at the end: each row is compared with the reference runs
just before and after it, and their spread tells how noisy the machine was). Servers are
pinned to one core and the load generator to the others when the machine has at least two.
A server that fails to start or crashes gets its rows marked with the reason; the run goes
on. See docs/PERFORMANCE.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import tools
from bench.gauge import cpu_scaling
from bench.load import LoadError, LoadResult, Request, run_python, run_wrk
from bench.report import REFERENCE, Report, Row, Startup, evaluate, spread
from bench.servers import Launch, Server, ServerFailed, free_port, install_cleanup
from bench.workloads import (
    BY_KEY,
    FEATURE_WORKLOADS,
    FEATURES,
    GITHUB,
    PETSTORE,
    SpecCase,
    baseline_args,
    cli_options,
    expand,
)

ROOT = tools.ROOT
WORK = tools.CACHE / "work"  # the servers' working folder: journals and the like land here
BIN = Path(sys.executable).parent
MOCK = "pymockapi"
PRISM_STATIC = "Prism static"
PRISM_DYNAMIC = "Prism dynamic (-d)"
CORE_WORKLOADS = ("static", "dynamic", "post", "rejected")
MOCK_WORKLOADS = (*CORE_WORKLOADS, "varied")
HEALTH = Request("GET", "/__pymockapi/health")
PRISM_DYNAMIC_GITHUB_CAP_S = 10.0  # Prism -d on GitHub's description: ~20 answers/s, 400+ MB


@dataclass(frozen=True)
class Settings:
    duration_s: float
    warmup_s: float
    connections: int
    threads: int
    wrk: str | None
    server_cpus: str | None
    load_cpus: str | None
    all_cpus: str
    logs: Path
    startup_launches: int = 3
    """Startup is the median over this many launches (one launch is at the mercy of noise)."""


class Bench:
    """Runs servers and loads and collects everything into a :class:`Report`."""

    def __init__(self, settings: Settings, report: Report) -> None:
        self.settings = settings
        self.report = report

    def load(
        self,
        port: int,
        requests: tuple[Request, ...],
        duration_s: float,
        *,
        count_statuses: bool = False,
        load_cpus: str | None = None,
    ) -> LoadResult:
        s = self.settings
        if s.wrk:
            return run_wrk(
                s.wrk,
                f"http://127.0.0.1:{port}",
                requests,
                duration_s=duration_s,
                connections=s.connections,
                threads=s.threads,
                cpus=load_cpus or s.load_cpus,
                script_dir=tools.CACHE / "lua",
                count_statuses=count_statuses,
            )
        return run_python(
            "127.0.0.1", port, requests, duration_s=duration_s, connections=s.connections
        )

    def _extra_startups(self, launch: Launch, cpus: str | None, label: str) -> list[float]:
        """Startup times of launches before the measured one, each stopped at once."""
        times = []
        for n in range(self.settings.startup_launches - 1):
            try:
                server = Server(launch, cpus, self.settings.logs / f"{_slug(label)}-{n}.log")
            except (ServerFailed, OSError):
                break
            times.append(server.startup_s)
            server.stop()
        return times

    def session(
        self,
        launch: Launch,
        rows: list[tuple[Row, tuple[Request, ...]]],
        *,
        startup: Startup | None = None,
        server_cpus: str | None = None,
        load_cpus: str | None = None,
        duration_s: float | None = None,
    ) -> None:
        """Start ``launch``, warm up, measure each row, read RSS, stop. Never raises."""
        s = self.settings
        duration = duration_s or s.duration_s
        self.report.rows.extend(row for row, _ in rows)
        if startup is not None:
            self.report.startups.append(startup)
        cpus = server_cpus or s.server_cpus
        label = f"{launch.name} [{rows[0][0].spec}]" if rows else launch.name
        print(f"[bench] starting {label}", file=sys.stderr, flush=True)
        earlier = self._extra_startups(launch, cpus, label) if startup is not None else []
        try:
            server = Server(launch, cpus, s.logs / f"{_slug(label)}.log")
        except ServerFailed as error:
            for row, _ in rows:
                row.note = f"server failed to start: {error}"
            if startup is not None:
                startup.note = f"failed to start: {error}"
            return
        except OSError as error:
            for row, _ in rows:
                row.note = f"could not run the server: {error}"
            return
        try:
            if startup is not None:
                times = [*earlier, server.startup_s]
                startup.startup_s = statistics.median(times)
                if len(times) > 1:
                    shown = ", ".join(f"{t:.2f}" for t in times)
                    startup.note = f"median of {len(times)} launches ({shown} s)"
            if rows and s.warmup_s > 0:
                try:
                    self.load(server.port, rows[0][1], s.warmup_s, load_cpus=load_cpus)
                except LoadError as error:
                    print(f"[bench] warm-up failed: {error}", file=sys.stderr)
            for row, requests in rows:
                try:
                    server.check_alive()
                    print(f"[bench]   {row.label}: {row.request}", file=sys.stderr, flush=True)
                    cpu_before = server.cpu_s()
                    row.result = self.load(
                        server.port,
                        requests,
                        duration,
                        count_statuses=row.expect_rejection,
                        load_cpus=load_cpus,
                    )
                    if row.result.duration_s > 0:
                        used = server.cpu_s() - cpu_before
                        row.server_cores = used / row.result.duration_s
                    if row.result.requests == 0:
                        row.note = f"no request answered within {duration:g} s"
                    server.check_alive()
                except (ServerFailed, LoadError) as error:
                    row.note = (row.note + "; " if row.note else "") + str(error)
            if startup is not None:
                if server.process.poll() is None:
                    startup.rss_mb = server.rss_mb()
                else:
                    startup.note = "server was not running after the load"
        finally:
            server.stop()


def _slug(text: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in text.lower()).strip("-")


def _describe(requests: tuple[Request, ...]) -> str:
    if len(requests) == 1:
        return requests[0].describe()
    return " → ".join(r.method for r in requests) + f" ({requests[0].path} …)"


def _rows(
    server: str, case: SpecCase, workloads: Sequence[str]
) -> list[tuple[Row, tuple[Request, ...]]]:
    rows = []
    for key in workloads:
        workload = BY_KEY[key]
        requests = case.requests[key]
        row = Row(
            server,
            case.key,
            key,
            workload.label,
            _describe(requests),
            expect_rejection=workload.expect_rejection,
        )
        rows.append((row, requests))
    return rows


def _mock_argv(pymockapi: str, spec: Path, port: int, extra: Sequence[str] = ()) -> tuple[str, ...]:
    return (
        pymockapi,
        "from-spec",
        str(spec),
        "--port",
        str(port),
        "--log-level",
        "warning",
        *extra,
    )


def _cpu_plan(smoke: bool) -> tuple[str | None, str | None, str, str]:
    cpus = sorted(os.sched_getaffinity(0))
    every = ",".join(map(str, cpus))
    if len(cpus) < 2 or shutil.which("taskset") is None or smoke:
        return None, None, every, "not pinned (one core, no taskset, or smoke run)"
    server, load = str(cpus[0]), ",".join(map(str, cpus[1:]))
    return server, load, every, f"server on core {server}, load generator on core(s) {load}"


def _version(argv: Sequence[str]) -> str:
    try:
        done = subprocess.run(argv, capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return "?"
    text = (done.stdout or done.stderr).strip().splitlines()
    return text[0].strip() if text else "?"


def _distribution(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "?"


def _machine() -> dict[str, str]:
    model = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
        mem_kb = int(Path("/proc/meminfo").read_text().split()[1])
    except (OSError, ValueError, IndexError):
        mem_kb = 0
    return {
        "host": platform.node() or "?",
        "cpu": model,
        "cores": str(os.cpu_count()),
        "memory": f"{mem_kb / 1024 / 1024:.1f} GiB",
        "kernel": platform.release(),
    }


def _loadavg() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "?"


def _git() -> str:
    """The commit measured (read-only git commands; ``+dirty`` if the tree has changes)."""
    try:
        head = subprocess.run(
            ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(ROOT), "status", "--porcelain", "--untracked-files=no"],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        ).stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        return "?"
    return (head or "no commit yet") + ("+dirty" if dirty else "")


def _header(
    *,
    began: datetime,
    minutes: float,
    machine: dict[str, str],
    load_before: str,
    settings: Settings,
    pinning: str,
    prism: Path | None,
    references: list[LoadResult],
) -> list[str]:
    """Where, when, what and how: enough to judge a result file months later."""
    first_line = _version
    wrk = settings.wrk
    client = "pure-Python fallback client"
    if wrk:
        client = "wrk " + first_line([wrk, "-v"]).replace("wrk ", "").split(" [", 1)[0]
    versions = [
        f"pymockapi {_distribution('pymockapi')} at commit {_git()}",
        f"Python {platform.python_version()}",
        f"uvicorn {_distribution('uvicorn')}, uvloop {_distribution('uvloop')}, "
        f"httptools {_distribution('httptools')}",
    ]
    if prism:
        versions.append("Prism " + first_line([str(prism), "--version"]))
        versions.append("Node " + first_line(["node", "--version"]))
    lines = [
        f"# PyMockAPI benchmark, {began:%Y-%m-%d %H:%M} UTC",
        "",
        f"- machine: {machine['host']}, {machine['cpu']}, {machine['cores']} cores, "
        f"{machine['memory']}, Linux {machine['kernel']}",
        f"- load average before / after: {load_before} / {_loadavg()} (other work on this "
        "machine makes absolute figures noisy: compare the ratios)",
        "- versions: " + "; ".join(versions),
        f"- load: {client}, {settings.threads} thread(s), {settings.connections} connections, "
        f"{settings.duration_s:g} s per row after {settings.warmup_s:g} s of warm-up per server; "
        f"{pinning}",
        "- reference: a raw ASGI app (bench/reference_app.py) under uvicorn with uvloop + "
        "httptools, one worker, answering a fixed 157-byte JSON"
        + (
            f"; measured {len(references)} times through the run: each row's ratios use the "
            "mean of the reference runs just before and just after it"
            if len(references) > 1
            else ""
        ),
        f"- the run took {minutes:.1f} min",
    ]
    rates = [r.rps for r in references if r.rps]
    if len(rates) > 1:
        lines.append(
            f"- reference spread within the run: {spread(rates):.0%} of its mean "
            f"({', '.join(f'{r:,.0f}' for r in rates)} req/s): a gauge of the noise"
        )
    return lines


def _parse(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--smoke", action="store_true", help="a tiny load on the bundled example")
    parser.add_argument("--duration", type=float, default=10.0, help="seconds per row (10)")
    parser.add_argument("--warmup", type=float, default=2.0, help="seconds of warm-up per server")
    parser.add_argument("--connections", type=int, default=50, help="open connections (50)")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads (2)")
    parser.add_argument("--client", choices=("auto", "wrk", "python"), default="auto")
    parser.add_argument(
        "--only",
        default="reference,pymockapi,prism,github,features,workers",
        help="comma-separated groups: reference, pymockapi, prism, github, features, workers",
    )
    parser.add_argument("--no-install", action="store_true", help="install nothing (no apt, npm)")
    parser.add_argument("--out", type=Path, help="results folder (default bench/results/)")
    parser.add_argument("--no-write", action="store_true", help="print the table only")
    args = parser.parse_args(argv)
    if args.smoke:
        args.duration, args.warmup, args.connections, args.threads = 1.0, 0.0, 4, 1
        args.only = "reference,pymockapi"
        args.no_install = True
        args.no_write = args.no_write or args.out is None
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = _parse(argv)
    install_cleanup()
    WORK.mkdir(parents=True, exist_ok=True)
    groups = set(args.only.split(","))
    wrk = None if args.client == "python" else tools.wrk(install=not args.no_install)
    if args.client == "wrk" and wrk is None:
        print("error: wrk is not available", file=sys.stderr)
        return 2
    server_cpus, load_cpus, all_cpus, pinning = _cpu_plan(args.smoke)
    settings = Settings(
        duration_s=args.duration,
        warmup_s=args.warmup,
        connections=args.connections,
        threads=args.threads,
        wrk=wrk,
        server_cpus=server_cpus,
        load_cpus=load_cpus,
        all_cpus=all_cpus,
        logs=tools.CACHE / "logs",
        startup_launches=1 if args.smoke else 3,
    )
    began = datetime.now(UTC)
    pymockapi = str(BIN / "pymockapi") if (BIN / "pymockapi").exists() else "pymockapi"
    uvicorn = str(BIN / "uvicorn") if (BIN / "uvicorn").exists() else "uvicorn"
    options = cli_options(pymockapi)
    baseline = baseline_args(options)
    if baseline:
        report_notes = [
            f"pymockapi rows run `from-spec SPEC --log-level warning {' '.join(baseline)}`: "
            "each optional feature is on only in its own row."
        ]
    else:
        report_notes = []
    report = Report()
    report.notes += report_notes
    bench = Bench(settings, report)
    machine = _machine()
    load_before = _loadavg()

    prism: Path | None = None
    github: Path | None = None
    if groups & {"prism", "github"} and args.no_install:
        report.notes.append("Prism and GitHub's description skipped: --no-install.")
    elif groups & {"prism", "github"}:
        try:
            prism, github = tools.prism(), tools.github_description()
        except tools.ToolMissing as error:
            report.notes.append(f"Prism and GitHub's description are unavailable: {error}")

    reference_probe = Request("GET", "/")
    petstore = ROOT / "specs" / "petstore.yaml"

    def reference(when: str) -> None:
        port = free_port()
        launch = Launch(
            REFERENCE,
            (
                uvicorn,
                "--app-dir",
                str(tools.BENCH),
                "reference_app:app",
                "--port",
                str(port),
                "--loop",
                "uvloop",
                "--http",
                "httptools",
                "--workers",
                "1",
                "--log-level",
                "warning",
                "--no-access-log",
            ),
            port,
            reference_probe,
            startup_timeout_s=30,
        )
        row = Row(REFERENCE, "-", "reference", f"fixed 157-byte JSON ({when})", "GET /")
        startup = Startup(REFERENCE, "-") if when == "start" else None
        bench.session(launch, [(row, (reference_probe,))], startup=startup)

    def mock(case: SpecCase, spec: Path, workloads: Sequence[str], startup: bool) -> None:
        port = free_port()
        launch = Launch(
            MOCK,
            _mock_argv(pymockapi, spec, port, baseline),
            port,
            case.requests["static"][0],
            cwd=WORK,
            startup_timeout_s=180,
        )
        bench.session(
            launch,
            _rows(MOCK, case, workloads),
            startup=Startup(MOCK, case.key) if startup else None,
        )

    def features(case: SpecCase, spec: Path) -> None:
        for key in (key for key in FEATURE_WORKLOADS if key in case.requests):
            workload = BY_KEY[key]
            feature = FEATURES[workload.feature or ""]
            ((row, requests),) = _rows(MOCK, case, [key])
            if feature.option not in options:
                row.note = f"n/a (feature not built yet: no {feature.option} in from-spec --help)"
                report.rows.append(row)
                continue
            extra = baseline_args(options, but=workload.feature)
            extra += expand(feature.on, spec=case.key, work=WORK)
            if workload.feature == "journal":
                for old in WORK.glob(f"journal-{case.key}.sqlite3*"):
                    old.unlink()
            port = free_port()
            launch = Launch(
                MOCK,
                _mock_argv(pymockapi, spec, port, extra),
                port,
                HEALTH,  # a stateful server answers 404 to a pet nobody created
                cwd=WORK,
                startup_timeout_s=180,
            )
            row.note = "`" + " ".join(extra) + "`"
            bench.session(launch, [(row, requests)])

    def prism_session(case: SpecCase, spec: Path, dynamic: bool, workloads: Sequence[str]) -> None:
        assert prism is not None
        port = free_port()
        name = PRISM_DYNAMIC if dynamic else PRISM_STATIC
        argv = (
            str(prism),
            "mock",
            "-h",
            "127.0.0.1",
            "-p",
            str(port),
            "-v",
            "warn",
            *(("-d",) if dynamic else ()),
            str(spec),
        )
        launch = Launch(name, argv, port, case.requests["static"][0], startup_timeout_s=180)
        rows = _rows(name, case, workloads)
        duration = None
        for row, _ in rows:
            if dynamic:
                row.label = "GET, dynamic server"
            if dynamic and case is GITHUB and settings.duration_s > PRISM_DYNAMIC_GITHUB_CAP_S:
                duration = PRISM_DYNAMIC_GITHUB_CAP_S
                row.note = f"capped at {duration:g} s (a few answers per second)"
        bench.session(launch, rows, startup=Startup(name, case.key), duration_s=duration)

    def workers() -> None:
        """``--workers 1`` and ``2`` on the static GET (cheap: the load generator's own CPU
        weighs on a 2-core machine) and on the GET with a new path every time (the server's
        work dominates, so the second core's worth shows)."""
        option = FEATURES["workers"]
        kinds = (("static", ""), ("varied", "-varied"))
        rows = [
            (
                Row(
                    f"{MOCK} --workers {count}",
                    "petstore",
                    f"workers-{count}{suffix}",
                    f"{BY_KEY[key].label}, {count} worker(s)",
                    _describe(PETSTORE.requests[key]),
                ),
                key,
                count,
            )
            for key, suffix in kinds
            for count in (1, 2)
        ]
        if option.option not in options:
            for row, _, _ in rows:
                row.note = f"n/a (feature not built yet: no {option.option} in from-spec --help)"
                report.rows.append(row)
            return
        report.cpu_scaling = cpu_scaling()
        cpus = sorted(os.sched_getaffinity(0))
        if len(cpus) >= 3:
            server_cpus, load_cpus = f"{cpus[0]},{cpus[1]}", ",".join(map(str, cpus[2:]))
        else:
            server_cpus = load_cpus = all_cpus
            report.notes.append(
                "Workers: fewer than 3 cores, so the 1- and 2-worker rows run the server "
                "and the load generator unpinned on all cores (the same conditions for both); "
                "the load generator takes part of the second core, the more so the cheaper "
                "the request."
            )
        for row, key, count in rows:
            port = free_port()
            argv = _mock_argv(pymockapi, petstore, port, [*baseline, "--workers", str(count)])
            launch = Launch(row.server, argv, port, PETSTORE.requests["static"][0], cwd=WORK)
            bench.session(
                launch,
                [(row, PETSTORE.requests[key])],
                startup=Startup(row.server, "petstore") if key == "static" else None,
                server_cpus=server_cpus,
                load_cpus=load_cpus,
            )

    if "reference" in groups:
        reference("start")
    # The reference is measured between the groups of rows, so that each row is compared
    # with runs at most a few minutes away (the machine's other tenants come and go).
    again = "reference" in groups and not args.smoke
    if "pymockapi" in groups:
        mock(PETSTORE, petstore, ["static"] if args.smoke else MOCK_WORKLOADS, startup=True)
        if "features" in groups:
            features(PETSTORE, petstore)
    if "prism" in groups and prism is not None:
        if again:
            reference("after the bundled example")
        prism_session(PETSTORE, petstore, False, CORE_WORKLOADS)
        prism_session(PETSTORE, petstore, True, ["static"])
    if "github" in groups and github is not None:
        if "reference" in groups:
            reference("middle")
        if "pymockapi" in groups:
            mock(GITHUB, github, MOCK_WORKLOADS, startup=True)
            if "features" in groups:
                features(GITHUB, github)
        if "prism" in groups and prism is not None:
            if again:
                reference("after GitHub's description")
            prism_session(GITHUB, github, False, ["static"])
            prism_session(GITHUB, github, True, ["static"])
    if "workers" in groups and "pymockapi" in groups:
        if again and "prism" in groups and prism is not None:
            reference("before the workers")
        workers()
    if again:
        reference("end")

    report.targets = evaluate(report, MOCK, PRISM_STATIC)
    report.header = _header(
        began=began,
        minutes=(datetime.now(UTC) - began).total_seconds() / 60,
        machine=machine,
        load_before=load_before,
        settings=settings,
        pinning=pinning,
        prism=prism,
        references=[r.result for r in report.rows if r.server == REFERENCE and r.result],
    )
    text = report.markdown()
    print(text)
    if not args.no_write:
        out = args.out or tools.BENCH / "results"
        out.mkdir(parents=True, exist_ok=True)
        name = f"{began:%Y-%m-%dT%H%MZ}-{_slug(machine['host'])}-{machine['cores']}cpu.md"
        (out / name).write_text(text, encoding="utf-8")
        print(f"[bench] wrote {out / name}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    started = time.monotonic()
    try:
        sys.exit(main())
    finally:
        print(f"[bench] done in {time.monotonic() - started:.0f} s", file=sys.stderr)
