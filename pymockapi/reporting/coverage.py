"""What a run exercised, read from the journal and set against the spec (contract coverage).

An operation is exercised when the journal holds a request matched to it; a documented
response (``200``, ``4XX``, ``default``) is exercised when a served status falls under it
(the exact code first, then its range, then ``default``). Violations are grouped by
operation and message. Without a spec, only what the journal saw is reported.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from pymockapi.journal._schema import open_reader
from pymockapi.model import Operation, Spec

NO_OPERATION = "(no operation)"


@dataclass(slots=True)
class OperationReport:
    key: str
    method: str
    path: str
    documented: tuple[str, ...] = ()
    """Documented response keys, in the spec's order (empty when not in the spec)."""
    in_spec: bool = True
    requests: int = 0
    exercised: dict[str, int] = field(default_factory=dict)
    """Documented response key -> requests answered under it."""
    undocumented: dict[int, int] = field(default_factory=dict)
    """Served statuses no documented response covers -> requests."""
    violating_requests: int = 0
    violations: Counter[tuple[str, str]] = field(default_factory=Counter)

    @property
    def missing(self) -> list[str]:
        return [status for status in self.documented if status not in self.exercised]

    def as_dict(self) -> dict[str, Any]:
        return {
            "operation": self.key,
            "method": self.method,
            "path": self.path,
            "in_spec": self.in_spec,
            "requests": self.requests,
            "documented": list(self.documented),
            "exercised": self.exercised,
            "missing": self.missing,
            "undocumented": {str(k): v for k, v in self.undocumented.items()},
            "violating_requests": self.violating_requests,
            "violations": [
                {"location": loc, "message": msg, "count": n}
                for (loc, msg), n in self.violations.most_common()
            ],
        }


@dataclass(slots=True)
class Report:
    journal: str
    spec: str | None
    title: str = ""
    requests: int = 0
    first: float | None = None
    last: float | None = None
    operations: list[OperationReport] = field(default_factory=list)
    unmatched: list[tuple[str, str, int]] = field(default_factory=list)
    """Requests no operation matched: (method, path, count), most frequent first."""
    unmatched_requests: int = 0
    unmatched_violations: Counter[tuple[str, str]] = field(default_factory=Counter)
    unmatched_violating: int = 0
    """Requests that matched no operation and still carry violations (a proxied run)."""

    @property
    def documented_operations(self) -> list[OperationReport]:
        return [op for op in self.operations if op.in_spec]

    @property
    def violating_requests(self) -> int:
        return sum(op.violating_requests for op in self.operations) + self.unmatched_violating

    def coverage(self) -> dict[str, Any] | None:
        """Counts and percentages, or ``None`` without a spec."""
        if self.spec is None:
            return None
        ops = self.documented_operations
        statuses = sum(len(op.documented) for op in ops)
        statuses_hit = sum(len(op.exercised) for op in ops)
        ops_hit = sum(1 for op in ops if op.requests)
        return {
            "operations": {
                "documented": len(ops),
                "exercised": ops_hit,
                "percent": _pct(ops_hit, len(ops)),
            },
            "responses": {
                "documented": statuses,
                "exercised": statuses_hit,
                "percent": _pct(statuses_hit, statuses),
            },
        }

    def as_dict(self) -> dict[str, Any]:
        return {
            "journal": self.journal,
            "spec": self.spec,
            "requests": self.requests,
            "coverage": self.coverage(),
            "violating_requests": self.violating_requests,
            "operations": [op.as_dict() for op in self.operations],
            "never_exercised": [op.key for op in self.documented_operations if not op.requests],
            "unmatched": [{"method": m, "path": p, "count": n} for m, p, n in self.unmatched],
        }


def _pct(part: int, whole: int) -> float:
    return round(100.0 * part / whole, 1) if whole else 100.0


def _covering(operation: OperationReport, status: int) -> str | None:
    code = str(status)
    for wanted in (code, code[0] + "XX", "default"):
        for documented in operation.documented:
            if documented.upper() == wanted.upper():
                return documented
    return None


def _from_spec(operation: Operation) -> OperationReport:
    return OperationReport(
        key=operation.key,
        method=operation.method,
        path=operation.path,
        documented=tuple(response.status for response in operation.responses),
    )


def build_report(journal: Path, spec: Spec | None = None) -> Report:
    report = Report(journal=str(journal), spec=spec.source if spec else None)
    if spec is not None:
        report.title = f"{spec.title} {spec.api_version}".strip()
    by_key = {op.key: _from_spec(op) for op in spec.operations} if spec else {}
    connection = open_reader(journal)
    try:
        connection.execute("BEGIN")  # one snapshot, even while a server is still writing
        _read(connection, report, by_key)
    finally:
        connection.close()
    report.operations = list(by_key.values())
    return report


def _read(
    connection: sqlite3.Connection, report: Report, by_key: dict[str, OperationReport]
) -> None:
    report.requests, report.first, report.last = connection.execute(
        "SELECT count(*), min(time), max(time) FROM requests"
    ).fetchone()
    grouped = connection.execute(
        "SELECT operation, max(operation_path), max(method), status, count(*), "
        "sum(violation_count > 0) FROM requests WHERE operation IS NOT NULL "
        "GROUP BY operation, status ORDER BY operation, status"
    )
    for key, path, method, status, requests, violating in grouped:
        operation = by_key.get(key)
        if operation is None:
            operation = by_key[key] = OperationReport(key, method, path or "", in_spec=False)
        operation.requests += requests
        operation.violating_requests += violating
        documented = _covering(operation, status)
        if documented is not None:
            operation.exercised[documented] = operation.exercised.get(documented, 0) + requests
        elif report.spec is None:
            operation.exercised[str(status)] = operation.exercised.get(str(status), 0) + requests
        else:
            operation.undocumented[status] = requests
    for key, text in connection.execute(
        "SELECT operation, violations FROM requests WHERE violation_count > 0"
    ):
        found = [(v["location"], v["message"]) for v in orjson.loads(text)]
        if key is None:
            report.unmatched_violations.update(found)
        elif key in by_key:
            by_key[key].violations.update(found)
    unmatched = "operation IS NULL AND source != 'cors'"
    report.unmatched_requests = connection.execute(
        f"SELECT count(*) FROM requests WHERE {unmatched}"
    ).fetchone()[0]
    report.unmatched_violating = connection.execute(
        f"SELECT count(*) FROM requests WHERE {unmatched} AND violation_count > 0"
    ).fetchone()[0]
    report.unmatched = [
        (method, path, count)
        for method, path, count in connection.execute(
            f"SELECT method, path, count(*) AS n FROM requests WHERE {unmatched} "
            "GROUP BY method, path ORDER BY n DESC, path LIMIT 20"
        )
    ]
