"""What is measured: the request of each row, per spec, and the CLI features rows need.

A row whose feature the CLI does not offer yet (detected at run time from
``pymockapi from-spec --help``) is reported "n/a (feature not built yet)" and lights up by
itself once the option exists. If a feature lands under another option name, change
:data:`FEATURES` only.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from bench.load import Request

BENCH = Path(__file__).resolve().parent
SCENARIOS = BENCH / "scenarios"


@dataclass(frozen=True)
class Feature:
    """A CLI option a row needs.

    ``on`` are added to ``from-spec`` for the feature's own row, ``off`` to every other
    row when the CLI offers them (so each feature's cost shows in its own row only).
    Placeholders: ``{spec}`` the spec key, ``{bench}`` this folder, ``{work}`` the servers'
    working folder.
    """

    option: str
    on: tuple[str, ...]
    off: tuple[str, ...] = ()


FEATURES = {
    "scenarios": Feature("--scenario", ("--scenario", "{bench}/scenarios/{spec}.yaml")),
    "stateful": Feature("--stateful", ("--stateful",), off=("--no-stateful",)),
    "journal": Feature(
        "--journal", ("--journal", "{work}/journal-{spec}.sqlite3"), off=("--no-journal",)
    ),
    "workers": Feature("--workers", ("--workers", "2")),
}


def expand(args: tuple[str, ...], *, spec: str, work: Path) -> list[str]:
    return [
        a.replace("{spec}", spec).replace("{bench}", str(BENCH)).replace("{work}", str(work))
        for a in args
    ]


def baseline_args(options: set[str], *, but: str | None = None) -> list[str]:
    """The ``off`` switches the CLI offers, except the one of feature ``but``."""
    args: list[str] = []
    for key, feature in FEATURES.items():
        if key != but and feature.off and feature.off[0] in options:
            args += feature.off
    return args


def cli_options(pymockapi: str) -> set[str]:
    """The long options ``pymockapi from-spec --help`` lists (empty if the CLI fails)."""
    env = {**os.environ, "COLUMNS": "200", "TERM": "dumb", "NO_COLOR": "1"}
    try:
        done = subprocess.run(
            [pymockapi, "from-spec", "--help"],
            capture_output=True,
            text=True,
            timeout=60,
            env=env,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return set()
    return set(re.findall(r"--[a-z][a-z0-9-]*", done.stdout))


JSON = (("Content-Type", "application/json"),)
DYNAMIC = (("Prefer", "dynamic=true"),)


@dataclass(frozen=True)
class Workload:
    """One row kind: its label, the feature it needs, whether non-2xx answers are expected."""

    key: str
    label: str
    feature: str | None = None
    expect_rejection: bool = False


WORKLOADS = (
    Workload("static", "static GET"),
    Workload("dynamic", "dynamic GET (Prefer: dynamic=true)"),
    Workload("post", "validated POST"),
    Workload("rejected", "rejected by validation", expect_rejection=True),
    Workload("scenario", "answered by a scenario rule", feature="scenarios"),
    Workload("crud", "stateful CRUD round", feature="stateful"),
    Workload("crud-small", "stateful CRUD round, an item of the pet's size", feature="stateful"),
    Workload("journal", "static GET, journal on", feature="journal"),
    Workload("varied", "static GET, a new path every time (nothing repeats)"),
)
INFORMATIONAL = frozenset({"varied", "crud-small"})
"""Rows beyond the issue's: shown, not judged against the targets."""
COUNTERPARTS = {"crud-small": "crud"}
"""An informational GitHub row shown as a ratio to this petstore row (not judged)."""
FEATURE_WORKLOADS = ("scenario", "crud", "crud-small", "journal")
"""Rows that each need a server of their own, started with the feature's options."""
BY_KEY = {w.key: w for w in WORKLOADS}


@dataclass(frozen=True)
class SpecCase:
    """A spec and the request(s) of each workload on it (a round has several)."""

    key: str
    title: str
    requests: dict[str, tuple[Request, ...]]


PET_BODY = json.dumps(
    {"name": "Rex", "species": "dog", "tags": ["friendly"]}, separators=(",", ":")
)
PET_HEADERS = (("X-API-Key", "k"), *JSON)

PETSTORE = SpecCase(
    key="petstore",
    title="bundled example (specs/petstore.yaml)",
    requests={
        "static": (Request("GET", "/pets/1"),),
        "dynamic": (Request("GET", "/pets/1", DYNAMIC),),
        "post": (Request("POST", "/pets", PET_HEADERS, PET_BODY),),
        "rejected": (Request("GET", "/pets?limit=0"),),
        "scenario": (Request("GET", "/pets/42"),),
        "crud": (
            Request("POST", "/pets", PET_HEADERS, PET_BODY),
            Request("GET", "{location}", fallback="/pets/1"),
            Request(
                "PATCH",
                "{location}",
                (("X-API-Key", "k"), ("Content-Type", "application/merge-patch+json")),
                '{"status":"sold"}',
                fallback="/pets/1",
            ),
            Request("DELETE", "{location}", (("X-API-Key", "k"),), fallback="/pets/1"),
        ),
        "journal": (Request("GET", "/pets/1"),),
        "varied": (Request("GET", "/pets/{n}"),),
    },
)

REPO = "/repos/octocat/hello-world"
ISSUE_BODY = json.dumps(
    {"title": "Found a bug", "body": "It crashes on start.", "labels": ["bug"]},
    separators=(",", ":"),
)
HOOK_BODY = json.dumps(
    {"config": {"url": "https://example.com/hook", "content_type": "json"}, "events": ["push"]},
    separators=(",", ":"),
)

GITHUB = SpecCase(
    key="github",
    title="GitHub REST description (@octokit/openapi, ~1,000 operations)",
    requests={
        "static": (Request("GET", REPO),),
        "dynamic": (Request("GET", REPO, DYNAMIC),),
        "post": (Request("POST", f"{REPO}/issues", JSON, ISSUE_BODY),),
        "rejected": (Request("GET", f"{REPO}/issues?per_page=abc"),),
        "scenario": (Request("GET", f"{REPO}/issues/42"),),
        "crud": (
            Request("POST", f"{REPO}/issues", JSON, ISSUE_BODY),
            Request("GET", "{location}", fallback=f"{REPO}/issues/1"),
            Request("PATCH", "{location}", JSON, '{"state":"closed"}', fallback=f"{REPO}/issues/1"),
        ),
        # GitHub's issue is 17 kB (40 times a pet): this round separates the cost of the
        # item's size from the description's; a webhook is about a pet's size (0.6 kB)
        "crud-small": (
            Request("POST", f"{REPO}/hooks", JSON, HOOK_BODY),
            Request("GET", "{location}", fallback=f"{REPO}/hooks/1"),
            Request("PATCH", "{location}", JSON, '{"active":false}', fallback=f"{REPO}/hooks/1"),
            Request("DELETE", "{location}", fallback=f"{REPO}/hooks/1"),
        ),
        "journal": (Request("GET", REPO),),
        "varied": (Request("GET", "/repos/octocat/hello-{n}"),),
    },
)
