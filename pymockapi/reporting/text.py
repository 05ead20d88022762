"""The report as text for a person reading CI logs."""

from __future__ import annotations

from collections.abc import Sequence

from pymockapi.journal.entry import iso_time
from pymockapi.reporting.coverage import OperationReport, Report


def _table(rows: Sequence[tuple[str, ...]]) -> list[str]:
    if not rows:
        return []
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return [
        "  " + "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip()
        for row in rows
    ]


def _statuses(operation: OperationReport) -> str:
    parts = [f"{status}:{count}" for status, count in operation.exercised.items()]
    parts += [f"{status}:{count}(undocumented)" for status, count in operation.undocumented.items()]
    return " ".join(parts) or "-"


def render_text(report: Report) -> str:
    lines = [f"Journal: {report.journal} ({report.requests} request(s))"]
    if report.first is not None and report.last is not None:
        lines[0] += f", {iso_time(report.first)} to {iso_time(report.last)}"
    if report.spec:
        lines.append(f"Spec: {report.spec}" + (f" ({report.title})" if report.title else ""))
    coverage = report.coverage()
    if coverage is not None:
        lines += ["", "Contract coverage"]
        for part in ("operations", "responses"):
            figures = coverage[part]
            lines.append(
                f"  {part:<11} {figures['exercised']}/{figures['documented']}  {figures['percent']}%"
            )
    exercised = [op for op in report.operations if op.requests]
    if exercised:
        lines += ["", "Exercised (status:requests)"]
        lines += _table(
            [
                (op.key, f"{op.method} {op.path}", f"{op.requests} req", _statuses(op))
                + ((f"{op.violating_requests} violating",) if op.violating_requests else ("",))
                for op in exercised
            ]
        )
    missing = [op for op in report.documented_operations if op.requests and op.missing]
    never = [op for op in report.documented_operations if not op.requests]
    if never or missing:
        lines += ["", "Not exercised"]
        lines += _table(
            [(op.key, f"{op.method} {op.path}", "never") for op in never]
            + [
                (op.key, f"{op.method} {op.path}", "responses " + " ".join(op.missing))
                for op in missing
            ]
        )
    violating = [op for op in report.operations if op.violations]
    if violating or report.unmatched_violations:
        lines += ["", f"Violations ({report.violating_requests} request(s))"]
        for op in violating:
            lines.append(f"  {op.key} ({op.method} {op.path}): {op.violating_requests} request(s)")
            lines += [f"    {loc}: {msg} ({n}x)" for (loc, msg), n in op.violations.most_common()]
        if report.unmatched_violations:
            lines.append(f"  requests matching no operation: {report.unmatched_violating}")
            lines += [
                f"    {loc}: {msg} ({n}x)"
                for (loc, msg), n in report.unmatched_violations.most_common()
            ]
    else:
        lines += ["", "Violations: none"]
    if report.unmatched:
        lines += ["", f"Requests matching no operation ({report.unmatched_requests})"]
        lines += [f"  {method} {path} ({count}x)" for method, path, count in report.unmatched]
    return "\n".join(lines) + "\n"
