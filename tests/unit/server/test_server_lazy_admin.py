"""The admin app (FastAPI) is built on the first admin request, not when the server starts."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

PETSTORE = str(Path(__file__).resolve().parents[3] / "specs" / "petstore.yaml")

# Run in a fresh interpreter: the test process has imported FastAPI long ago.
SERVE = """
import asyncio, sys
from pymockapi.serving import ServeOptions, build_app

app = build_app(ServeOptions(spec=sys.argv[1], journal=sys.argv[2], stateful=False, watch=False))


async def status(path):
    sent, asked = [], asyncio.Event()

    async def receive():
        if not asked.is_set():
            asked.set()
            return {"type": "http.request", "body": b"", "more_body": False}
        await asyncio.Event().wait()  # the client never disconnects

    async def send(message):
        sent.append(message)

    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "scheme": "http",
        "method": "GET", "path": path, "raw_path": path.encode(), "root_path": "",
        "query_string": b"", "headers": [], "client": ("127.0.0.1", 1),
        "server": ("127.0.0.1", 80),
    }
    await app(scope, receive, send)
    return sent[0]["status"]


for path in ("/pets", "/__pymockapi/chaos", "/__pymockapi/state", "/__pymockapi/requests"):
    print(path, asyncio.run(status(path)), "fastapi" in sys.modules)
"""


def test_fastapi_is_imported_by_the_first_admin_request_only(tmp_path: Path) -> None:
    journal = str(tmp_path / "journal.sqlite3")
    out = subprocess.run(
        [sys.executable, "-c", SERVE, PETSTORE, journal],
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.splitlines() == [
        "/pets 200 False",
        "/__pymockapi/chaos 200 True",  # a feature's router, built from its factory
        "/__pymockapi/state 200 True",
        "/__pymockapi/requests 200 True",
    ]
