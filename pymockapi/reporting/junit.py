"""The report as JUnit XML, the format CI systems (GitLab, Jenkins, GitHub actions) display.

One test case per documented operation: a failure when a request to it broke the
contract, skipped when no request exercised it, passed otherwise. Coverage figures are
properties of the suite and of each case.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import Counter
from datetime import UTC, datetime

from pymockapi.reporting.coverage import NO_OPERATION, OperationReport, Report

_CLASS = "pymockapi.contract"


def _properties(parent: ET.Element, values: dict[str, object]) -> None:
    holder = ET.SubElement(parent, "properties")
    for name, value in values.items():
        ET.SubElement(holder, "property", name=name, value=str(value))


def _violation_text(violations: Counter[tuple[str, str]]) -> str:
    return "\n".join(f"{loc}: {msg} ({n}x)" for (loc, msg), n in violations.most_common())


def _case(suite: ET.Element, operation: OperationReport) -> str:
    name = f"{operation.method} {operation.path}"
    if operation.key != name:
        name = f"{name} ({operation.key})"
    case = ET.SubElement(suite, "testcase", classname=_CLASS, name=name, time="0")
    _properties(
        case,
        {
            "requests": operation.requests,
            "responses_exercised": " ".join(operation.exercised) or "-",
            "responses_missing": " ".join(operation.missing) or "-",
            "statuses_undocumented": " ".join(map(str, operation.undocumented)) or "-",
        },
    )
    if operation.violating_requests:
        failure = ET.SubElement(
            case,
            "failure",
            type="contract-violation",
            message=f"{operation.violating_requests} of {operation.requests} request(s) "
            "broke the contract",
        )
        failure.text = _violation_text(operation.violations)
        return "failure"
    if not operation.requests:
        ET.SubElement(case, "skipped", message="never exercised")
        return "skipped"
    return "passed"


def junit_xml(report: Report) -> bytes:
    """The JUnit XML document for ``report`` (UTF-8, with declaration)."""
    suites = ET.Element("testsuites", name="pymockapi")
    suite = ET.SubElement(
        suites,
        "testsuite",
        name=f"pymockapi contract{': ' + report.title if report.title else ''}",
        timestamp=datetime.now(UTC).isoformat(timespec="seconds"),
    )
    properties: dict[str, object] = {
        "journal": report.journal,
        "spec": report.spec or "-",
        "requests": report.requests,
        "unmatched_requests": report.unmatched_requests,
    }
    coverage = report.coverage()
    if coverage is not None:
        for part in ("operations", "responses"):
            figures = coverage[part]
            properties[f"{part}_documented"] = figures["documented"]
            properties[f"{part}_exercised"] = figures["exercised"]
            properties[f"{part}_coverage_percent"] = figures["percent"]
    _properties(suite, properties)
    outcomes = [_case(suite, operation) for operation in report.operations]
    if report.unmatched_violations:
        unmatched = OperationReport(NO_OPERATION, "ANY", "(unmatched)", in_spec=False)
        unmatched.requests = report.unmatched_requests
        unmatched.violating_requests = report.unmatched_violating
        unmatched.violations = report.unmatched_violations
        outcomes.append(_case(suite, unmatched))
    for element in (suites, suite):
        element.set("tests", str(len(outcomes)))
        element.set("failures", str(outcomes.count("failure")))
        element.set("errors", "0")
        element.set("skipped", str(outcomes.count("skipped")))
    ET.indent(suites)
    document: bytes = ET.tostring(suites, encoding="utf-8", xml_declaration=True)
    return document + b"\n"
