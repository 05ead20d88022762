"""Real-world OpenAPI documents from npm, installed on demand into an ignored cache.

Nothing downloaded is committed: the first test that needs a package installs it with npm
into ``.cache/npm`` at the repository root (shared by pytest-xdist workers via a lock).
"""

from __future__ import annotations

import fcntl
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CACHE = ROOT / ".cache" / "npm"

PACKAGES = {
    "@readme/oas-examples": "8.2.2",
    "@octokit/openapi": "23.0.2",
}


def npm_package(name: str) -> Path:
    """The installed folder of an npm package, installing it first if needed."""
    version = PACKAGES[name]
    target = CACHE / "node_modules" / name
    marker = CACHE / f".{name.replace('/', '__')}-{version}.ok"
    if marker.exists():
        return target
    CACHE.mkdir(parents=True, exist_ok=True)
    with (CACHE / ".lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not marker.exists():
            npm = shutil.which("npm")
            if npm is None:
                raise RuntimeError("npm is required to install the real-world spec corpus")
            subprocess.run(
                [npm, "install", "--no-save", "--no-audit", "--no-fund", "--ignore-scripts",
                 "--prefix", str(CACHE), f"{name}@{version}"],
                check=True,
                capture_output=True,
                timeout=600,
            )
            marker.touch()
    return target


def readme_examples() -> list[Path]:
    """Every OpenAPI/Swagger document in ``@readme/oas-examples`` (JSON and YAML)."""
    root = npm_package("@readme/oas-examples")
    found = []
    for path in sorted(root.rglob("*")):
        if path.suffix in {".json", ".yaml", ".yml"} and path.name != "package.json":
            found.append(path)
    return found


def github_description() -> Path:
    """GitHub's REST description (about 1,000 operations) from ``@octokit/openapi``."""
    root = npm_package("@octokit/openapi")
    candidates = sorted(root.glob("generated/api.github.com.json"))
    if not candidates:
        candidates = sorted(root.rglob("api.github.com.json"))
    return candidates[0]
