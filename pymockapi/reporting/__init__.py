"""``pymockapi report``: what a run exercised and broke, for CI (text, JSON, JUnit XML)."""

from __future__ import annotations

from pymockapi.reporting.coverage import OperationReport, Report, build_report
from pymockapi.reporting.junit import junit_xml
from pymockapi.reporting.text import render_text

__all__ = ["OperationReport", "Report", "build_report", "junit_xml", "render_text"]
