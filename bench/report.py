"""The Markdown report: absolute figures, ratios to the reference, and the targets."""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from dataclasses import dataclass, field

from bench.load import LoadResult
from bench.workloads import COUNTERPARTS, INFORMATIONAL

REFERENCE = "bare uvicorn"


@dataclass
class Row:
    """One throughput/latency measurement, or the reason there is none (``note``)."""

    server: str
    spec: str
    workload: str  # a Workload key ("static", ...) or "reference"
    label: str
    request: str
    result: LoadResult | None = None
    note: str = ""
    expect_rejection: bool = False
    server_cores: float | None = None
    """CPU the server's processes used during the row, in cores (CPU seconds per second)."""


@dataclass
class Startup:
    server: str
    spec: str
    startup_s: float | None = None
    rss_mb: float | None = None
    note: str = ""


@dataclass
class Target:
    name: str
    goal: str
    measured: str
    met: bool | None  # None: cannot be judged in this run

    @property
    def verdict(self) -> str:
        return {True: "met", False: "**not met**", None: "n/a"}[self.met]


def spread(rates: list[float]) -> float:
    """How far apart measurements of one thing are, as a share of their mean."""
    return (max(rates) - min(rates)) / statistics.fmean(rates)


NOISY_DRIFT = 0.10
"""A row whose two neighbouring reference runs differ by more than this is flagged noisy."""

NOISY_P99_JUMP = 2.0
"""...or whose neighbouring reference p99s differ by more than this factor (a stall of the
machine in one of them makes "p99 x ref" meaningless for the rows between)."""


@dataclass
class Report:
    header: list[str] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    startups: list[Startup] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    cpu_scaling: float | None = None
    """Two CPU-bound processes over one on this machine (``bench/gauge.py``)."""

    # ------------------------------------------------------------ reference figures

    def _reference_results(self, row: Row | None = None) -> list[LoadResult]:
        """The reference runs a row is compared with: the nearest one measured before it and
        the nearest one after it (the machine's load drifts), or all of them."""
        measured = [
            (i, r.result) for i, r in enumerate(self.rows) if r.server == REFERENCE and r.result
        ]
        if row is None or row.server == REFERENCE or row not in self.rows:
            return [result for _, result in measured]
        at = self.rows.index(row)
        before = [result for i, result in measured if i < at][-1:]
        after = [result for i, result in measured if i > at][:1]
        return before + after or [result for _, result in measured]

    def reference_drift(self, row: Row) -> float | None:
        """How far apart the two reference runs around ``row`` are, as a share of their mean:
        the machine changed under the row by about that much (``None`` without two)."""
        results = self._reference_results(row)
        if len(results) != 2 or row.server == REFERENCE:
            return None
        return spread([result.rps for result in results])

    def reference_p99_jump(self, row: Row) -> tuple[float, float] | None:
        """The two reference p99s around ``row`` (lower, higher) when one is more than
        ``NOISY_P99_JUMP`` times the other, else ``None``."""
        results = self._reference_results(row)
        p99s = sorted(r.p99_ms for r in results if r.p99_ms is not None)
        if len(results) != 2 or row.server == REFERENCE or len(p99s) != 2 or not p99s[0]:
            return None
        return (p99s[0], p99s[1]) if p99s[1] > NOISY_P99_JUMP * p99s[0] else None

    def drift_warning(self, *rows: Row | None) -> str:
        """A caution for figures of ``rows`` measured while the machine changed, or ``""``."""
        present = [row for row in rows if row is not None]
        drifts = [d for row in present if (d := self.reference_drift(row))]
        worst = max(drifts, default=0.0)
        if worst > NOISY_DRIFT:
            return f"noisy: the reference moved {worst:.0%} around it"
        jumps = [jump for row in present if (jump := self.reference_p99_jump(row))]
        if jumps:
            low, high = max(jumps, key=lambda jump: jump[1] / jump[0])
            return f"noisy: the reference's p99 was {low:.2f} and {high:.2f} ms around it"
        return ""

    def reference_rps(self, row: Row | None = None) -> float | None:
        results = self._reference_results(row)
        return statistics.fmean(r.rps for r in results) if results else None

    def reference_p99(self, row: Row | None = None) -> float | None:
        values = [r.p99_ms for r in self._reference_results(row) if r.p99_ms is not None]
        return statistics.fmean(values) if values else None

    def find(self, server: str, spec: str, workload: str) -> Row | None:
        for row in self.rows:
            if (row.server, row.spec, row.workload) == (server, spec, workload):
                return row
        return None

    def find_startup(self, server: str, spec: str) -> Startup | None:
        for item in self.startups:
            if (item.server, item.spec) == (server, spec):
                return item
        return None

    # ------------------------------------------------------------------- rendering

    def markdown(self) -> str:
        out = list(self.header)
        out += ["", "## Throughput and latency", ""]
        out += _table(
            [
                "server",
                "spec",
                "request",
                "req/s",
                "x ref",
                "p50 ms",
                "p99 ms",
                "p99 x ref",
                "server cores",
                "answers",
                "B/answer",
                "note",
            ],
            (self._row_cells(row) for row in self.rows),
        )
        out += ["", "## Startup (to the first 2xx answer) and memory (RSS after load)", ""]
        out += _table(
            ["server", "spec", "startup s", "RSS MB", "note"],
            (
                [s.server, s.spec, _num(s.startup_s, 2), _num(s.rss_mb, 0), s.note]
                for s in self.startups
            ),
        )
        versus = self._versus()
        if versus:
            out += ["", "## PyMockAPI against Prism static, same rows, same run", ""]
            out += _table(["spec", "request", "req/s pymockapi / Prism", "p99 Prism / pymockapi"],
                          versus)  # fmt: skip
        out += ["", "## Targets (ratios to the bare uvicorn app in the same run)", ""]
        out += _table(
            ["target", "goal", "measured", "verdict"],
            ([t.name, t.goal, t.measured, t.verdict] for t in self.targets),
        )
        if self.notes:
            out += ["", "## Notes", ""] + [f"- {note}" for note in self.notes]
        return "\n".join(out) + "\n"

    def _versus(self, mock: str = "pymockapi", prism: str = "Prism static") -> list[list[str]]:
        rows = []
        for mine in self.rows:
            theirs = self.find(prism, mine.spec, mine.workload)
            if mine.server != mock or theirs is None or not (mine.result and theirs.result):
                continue
            a, b = mine.result, theirs.result
            speed = f"{a.rps / b.rps:.1f}" if b.rps else "∞"
            p99 = f"{b.p99_ms / a.p99_ms:.1f}" if a.p99_ms and b.p99_ms is not None else ""
            rows.append([mine.spec, mine.label, speed, p99])
        return rows

    def _row_cells(self, row: Row) -> list[str]:
        result = row.result
        ref_rps, ref_p99 = self.reference_rps(row), self.reference_p99(row)
        if result is None:
            blank = [""] * 8
            return [row.server, row.spec, f"{row.label}: `{row.request}`", *blank, row.note]
        ratio = result.rps / ref_rps if ref_rps else None
        p99_ratio = result.p99_ms / ref_p99 if ref_p99 and result.p99_ms is not None else None
        answers = ", ".join(f"{code}: {n}" for code, n in result.statuses.items())
        errors = ", ".join(f"{kind} errors: {n}" for kind, n in result.errors.items())
        drift = self.drift_warning(row)
        note = "; ".join(x for x in (row.note, errors, _client(result), drift) if x)
        return [
            row.server,
            row.spec,
            f"{row.label}: `{row.request}`",
            f"{result.rps:,.0f}",
            _ratio(ratio),
            _num(result.p50_ms, 2),
            _num(result.p99_ms, 2),
            _num(p99_ratio, 2),
            _num(row.server_cores, 2),
            answers,
            _num(result.bytes_per_answer, 0),
            note,
        ]


def _client(result: LoadResult) -> str:
    return "" if result.client == "wrk" else f"measured by the {result.client} client"


def _ratio(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:.3f}" if value < 0.1 else f"{value:.2f}"


def _num(value: float | None, digits: int) -> str:
    return "" if value is None else f"{value:,.{digits}f}"


def _table(head: list[str], rows: Iterable[list[str]]) -> list[str]:
    def line(cells: list[str]) -> str:
        return "| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |"

    return [line(head), "|" + "|".join("---" for _ in head) + "|", *map(line, rows)]


# ---------------------------------------------------------------------- targets


def _noted(measured: str, caution: str) -> str:
    return f"{measured} ({caution})" if caution else measured


def _rps_ratio(report: Report, server: str, spec: str, workload: str) -> float | None:
    row = report.find(server, spec, workload)
    ref = report.reference_rps(row)
    if row is None or row.result is None or not ref:
        return None
    return row.result.rps / ref


def evaluate(report: Report, mock: str, prism: str) -> list[Target]:
    """The issue's targets, judged on this run's figures (n/a when a figure is missing)."""
    targets: list[Target] = []
    for workload, goal in (("static", 0.50), ("dynamic", 0.30), ("post", 0.30)):
        ratio = _rps_ratio(report, mock, "petstore", workload)
        caution = report.drift_warning(report.find(mock, "petstore", workload))
        targets.append(
            Target(
                f"petstore {workload} req/s",
                f"≥ {goal:.2f} x ref",
                _noted(_ratio(ratio) or "missing", caution),
                None if ratio is None else ratio >= goal,
            )
        )
    for workload in ("static", "dynamic", "post"):
        row = report.find(mock, "petstore", workload)
        ref_p99 = report.reference_p99(row)
        p99 = row.result.p99_ms if row and row.result else None
        ratio = p99 / ref_p99 if p99 is not None and ref_p99 else None
        measured = (
            f"{ratio:.2f} ({p99:.2f} ms)" if ratio is not None and p99 is not None else "missing"
        )
        targets.append(
            Target(
                f"petstore {workload} p99",
                "≤ 2 x ref p99",
                _noted(measured, report.drift_warning(row)),
                None if ratio is None else ratio <= 2.0,
            )
        )
    for row in report.rows:
        if row.server != mock or row.spec != "github" or row.result is None:
            continue
        informational = row.workload in INFORMATIONAL
        if informational and row.workload not in COUNTERPARTS:
            continue
        against = COUNTERPARTS.get(row.workload, row.workload)
        base = report.find(mock, "petstore", against)
        if base is None or base.result is None or not base.result.rps:
            continue
        ratio = row.result.rps / base.result.rps
        name = f"GitHub {row.workload} req/s vs petstore"
        targets.append(
            Target(
                f"{name} {against} (informational)" if informational else name,
                "not judged" if informational else "≥ 0.80 x petstore",
                _noted(f"{ratio:.2f}", report.drift_warning(row, base)),
                None if informational else ratio >= 0.8,
            )
        )
    mine, theirs = report.find_startup(mock, "github"), report.find_startup(prism, "github")
    if mine and theirs and mine.startup_s is not None and theirs.startup_s is not None:
        share = mine.startup_s / theirs.startup_s
        targets.append(
            Target(
                "GitHub startup vs Prism static",
                "≤ 1/5 (0.20) of Prism's",
                f"{share:.2f} ({mine.startup_s:.2f} s vs {theirs.startup_s:.2f} s)",
                share <= 0.2,
            )
        )
    else:
        targets.append(
            Target("GitHub startup vs Prism static", "≤ 1/5 of Prism's", "missing", None)
        )
    if mine and theirs and mine.rss_mb is not None and theirs.rss_mb is not None:
        targets.append(
            Target(
                "GitHub RSS vs Prism static",
                "≤ Prism's",
                f"{mine.rss_mb:.0f} MB vs {theirs.rss_mb:.0f} MB",
                mine.rss_mb <= theirs.rss_mb,
            )
        )
    else:
        targets.append(Target("GitHub RSS vs Prism static", "≤ Prism's", "missing", None))
    # The scaling rows are named after their command line (see run.py's workers()).
    for suffix, what in (("", "static GET"), ("-varied", "new path every time")):
        one = report.find(f"{mock} --workers 1", "petstore", f"workers-1{suffix}")
        two = report.find(f"{mock} --workers 2", "petstore", f"workers-2{suffix}")
        name = f"2 workers vs 1 ({what})"
        if one and two and one.result and two.result and one.result.rps:
            scale = two.result.rps / one.result.rps
            measured = f"{scale:.2f}"
            if one.server_cores and two.server_cores:
                per_core = (two.result.rps / two.server_cores) / (one.result.rps / one.server_cores)
                measured += (
                    f" (the servers used {one.server_cores:.2f} and {two.server_cores:.2f} "
                    f"cores: {per_core:.2f} x the requests per core)"
                )
            if report.cpu_scaling:
                measured += (
                    f"; the machine runs two busy processes at {report.cpu_scaling:.2f} x one"
                )
            targets.append(Target(name, "≥ 1.6 x", measured, scale >= 1.6))
        else:
            reason = (two.note if two and two.note else "missing") if two else "missing"
            targets.append(Target(name, "≥ 1.6 x", reason, None))
    return targets
