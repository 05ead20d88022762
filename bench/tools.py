"""What the benchmark needs from outside, installed on demand into ignored places.

- wrk: Debian's package (``apt-get install -y wrk``), when running as root;
- ``@stoplight/prism-cli`` and ``@octokit/openapi``: npm, into ``bench/.cache``;
- py-spy: PyPI, with ``pip --target bench/.cache/pytools`` (never into the project's venv).

Versions are pinned here so two runs compare the same things. Nothing here is committed.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
CACHE = BENCH / ".cache"
NPM_PACKAGES = {"@stoplight/prism-cli": "5.14.2", "@octokit/openapi": "23.0.2"}
PY_TOOLS = {"py-spy": "0.4.3"}


class ToolMissing(RuntimeError):
    """A tool could not be found or installed; the message says why."""


def _say(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def wrk(*, install: bool) -> str | None:
    """The path of wrk, installing Debian's package if allowed and possible."""
    found = shutil.which("wrk")
    if found or not install:
        return found
    apt = shutil.which("apt-get")
    if apt is None or os.geteuid() != 0:
        _say("wrk is absent and cannot be installed here (needs apt-get as root)")
        return None
    _say("installing wrk from Debian's packages (apt-get install -y wrk)")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    quiet = {"capture_output": True, "env": env, "timeout": 600, "check": False}
    if subprocess.run([apt, "install", "-y", "wrk"], **quiet).returncode != 0:  # type: ignore[call-overload]
        subprocess.run([apt, "update"], **quiet)  # type: ignore[call-overload]
        subprocess.run([apt, "install", "-y", "wrk"], **quiet)  # type: ignore[call-overload]
    return shutil.which("wrk")


def npm_packages() -> Path:
    """``bench/.cache/node_modules`` with the pinned npm packages installed (one install)."""
    key = "-".join(f"{k}@{v}" for k, v in sorted(NPM_PACKAGES.items())).replace("/", "__")
    marker = CACHE / f".installed-{key}"
    modules = CACHE / "node_modules"
    if marker.exists():
        return modules
    npm = shutil.which("npm")
    if npm is None:
        raise ToolMissing("npm is not installed: Prism and GitHub's description are unavailable")
    CACHE.mkdir(parents=True, exist_ok=True)
    with (CACHE / ".lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not marker.exists():
            _say(f"installing {', '.join(NPM_PACKAGES)} from npm into {CACHE}")
            specs = [f"{k}@{v}" for k, v in sorted(NPM_PACKAGES.items())]
            done = subprocess.run(
                [
                    npm,
                    "install",
                    "--no-save",
                    "--no-audit",
                    "--no-fund",
                    "--prefix",
                    str(CACHE),
                    *specs,
                ],
                capture_output=True,
                text=True,
                timeout=900,
                check=False,
            )
            if done.returncode != 0:
                raise ToolMissing(f"npm install failed: {done.stderr.strip()[-300:]}")
            marker.touch()
    return modules


def prism() -> Path:
    path = npm_packages() / ".bin" / "prism"
    if not path.exists():
        raise ToolMissing(f"{path} is missing after npm install")
    return path


def github_description() -> Path:
    path = npm_packages() / "@octokit" / "openapi" / "generated" / "api.github.com.json"
    if not path.exists():
        raise ToolMissing(f"{path} is missing after npm install")
    return path


def py_spy() -> Path:
    """py-spy installed with ``pip --target`` into ``bench/.cache/pytools``."""
    target = CACHE / "pytools"
    binary = target / "bin" / "py-spy"
    if not binary.exists():
        _say("installing py-spy from PyPI into bench/.cache/pytools")
        specs = [f"{k}=={v}" for k, v in PY_TOOLS.items()]
        subprocess.run(
            [sys.executable, "-m", "pip", "install", "--quiet", "--target", str(target), *specs],
            check=True,
            timeout=600,
        )
    return binary
