"""A tiny real HTTP backend on a free loopback port, for proxy, record and replay tests.

It serves a pets API that keeps the contract of :data:`PETS_SPEC` on some paths and breaks
it on purpose on others, and counts every request it receives.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

PETS_SPEC: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "Pets", "version": "1.0.0"},
    "paths": {
        "/pets": {
            "get": {
                "operationId": "listPets",
                "parameters": [
                    {
                        "name": "limit",
                        "in": "query",
                        "schema": {"type": "integer", "minimum": 1, "maximum": 100},
                    }
                ],
                "responses": {
                    "200": {
                        "description": "pets",
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "array",
                                    "items": {"$ref": "#/components/schemas/Pet"},
                                }
                            }
                        },
                    }
                },
            },
            "post": {
                "operationId": "createPet",
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {"schema": {"$ref": "#/components/schemas/NewPet"}}
                    },
                },
                "responses": {
                    "201": {
                        "description": "created",
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/Pet"}}
                        },
                    }
                },
            },
        },
        "/pets/{petId}": {
            "get": {
                "operationId": "getPet",
                "parameters": [
                    {"name": "petId", "in": "path", "required": True, "schema": {"type": "integer"}}
                ],
                "responses": {
                    "200": {
                        "description": "a pet",
                        "headers": {"X-Rate": {"required": True, "schema": {"type": "integer"}}},
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/Pet"}}
                        },
                    },
                    "404": {"description": "no such pet"},
                },
            }
        },
    },
    "components": {
        "schemas": {
            "NewPet": {
                "type": "object",
                "required": ["name"],
                "properties": {"name": {"type": "string"}},
            },
            "Pet": {
                "type": "object",
                "required": ["id", "name"],
                "properties": {"id": {"type": "integer"}, "name": {"type": "string"}},
            },
        }
    },
}


@dataclass
class Upstream:
    url: str
    hits: list[tuple[str, str, dict[str, str]]] = field(default_factory=list)
    counter: int = 0

    def count(self, path: str) -> int:
        return sum(1 for _, hit, _ in self.hits if hit.split("?")[0] == path)


def _handler(state: Upstream) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:
            pass

        def _send(self, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
            data = body if isinstance(body, bytes) else json.dumps(body).encode()
            self.send_response(status)
            headers = {"Content-Type": "application/json", **(headers or {})}
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _route(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            state.hits.append(
                (self.command, self.path, {k.lower(): v for k, v in self.headers.items()})
            )
            path = self.path.split("?")[0]
            if path == "/pets/1":
                self._send(
                    200, {"id": 1, "name": "Rex"}, {"X-Rate": "10", "Set-Cookie": "s=secret"}
                )
            elif path == "/pets/2":  # breaks the contract: id is a string, X-Rate is missing
                self._send(200, {"id": "two", "name": "Tom"})
            elif path == "/pets" and self.command == "POST":
                sent = json.loads(body or b"{}")
                self._send(201, {"id": 7, **sent, "created": time.time()})
            elif path == "/pets":
                self._send(200, [{"id": 1, "name": "Rex"}, {"id": 2, "name": "Tom"}])
            elif path == "/counter":
                state.counter += 1
                self._send(200, {"count": state.counter})
            elif path == "/redirect":
                self._send(302, b"", {"Location": f"{state.url}/pets/1"})
            elif path == "/slow":
                time.sleep(3)
                self._send(200, {"slow": True})
            else:
                self._send(404, {"error": "not found"})

        do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _route

    return Handler


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a client that hung up (a proxy that timed out) is expected here


@contextmanager
def loopback_upstream() -> Iterator[Upstream]:
    """Start the backend on 127.0.0.1 (a free port) in a thread; stop it afterwards."""
    state = Upstream(url="")
    server = _Server(("127.0.0.1", 0), _handler(state))
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
