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
    """The installed folder of an npm package, installing the whole corpus first if needed.

    All packages go in one ``npm install``: npm prunes what a later ``--no-save`` install
    did not name, so installing them one by one would remove the earlier ones.
    """
    key = "-".join(f"{pkg}@{ver}" for pkg, ver in sorted(PACKAGES.items()))
    marker = CACHE / f".installed-{key.replace('/', '__')}"
    if not marker.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        with (CACHE / ".lock").open("w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            if not marker.exists():
                npm = shutil.which("npm")
                if npm is None:
                    raise RuntimeError("npm is required to install the real-world spec corpus")
                specs = [f"{pkg}@{ver}" for pkg, ver in sorted(PACKAGES.items())]
                subprocess.run(
                    [
                        npm,
                        "install",
                        "--no-save",
                        "--no-audit",
                        "--no-fund",
                        "--ignore-scripts",
                        "--prefix",
                        str(CACHE),
                        *specs,
                    ],
                    check=True,
                    capture_output=True,
                    timeout=900,
                )
                marker.touch()
    return CACHE / "node_modules" / name


def readme_examples() -> list[Path]:
    """Every OpenAPI/Swagger document in ``@readme/oas-examples`` (JSON and YAML)."""
    root = npm_package("@readme/oas-examples")
    found = []
    for path in sorted(p for v in ("2.0", "3.0", "3.1") for p in (root / v).rglob("*")):
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
