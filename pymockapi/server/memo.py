"""Answers remembered per identical request, so a repeated request skips the pipeline.

A mock answers the same request the same way: same spec, seed and request give the same
bytes. When the engine says an exchange was *replayable* (no responder with state was
asked, nothing was logged as a warning, nothing failed) and delivery was plain (no chaos
declared or asked for), the encoded answer is kept under the request's exact bytes:
method, target, query, every header in order, and the body. The same request later is
answered from here; listeners (the request log, the journal) still see one event per
request, with the request as it came.

Bounded by entries and by bytes, least recently used first out; emptied when the engine
is swapped (reload) and ignored when delivery's settings change (the stamp).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass

from pymockapi.asgi import Scope, response_headers
from pymockapi.engine import MockEngine, ServeEvent
from pymockapi.exchange import HttpRequest

MAX_ENTRIES = 4096
MAX_BYTES = 32 * 1024 * 1024
MAX_REQUEST_BODY = 64 * 1024
"""Larger request bodies are not remembered (hashing them would cost what it saves)."""

Key = tuple[str, bytes, bytes, tuple[tuple[bytes, bytes], ...], bytes]


@dataclass(slots=True, frozen=True)
class Answer:
    """One remembered exchange: what to send, and the event to hand to listeners."""

    stamp: Hashable
    status: int
    headers: list[tuple[bytes, bytes]]
    body: bytes
    event: ServeEvent
    size: int

    def replay(self, request: HttpRequest, started: float, duration: float) -> ServeEvent:
        """A fresh event for this request, as the engine recorded the first one."""
        first = self.event
        # Positional, in ServeEvent's field order: keywords cost 0.6 µs more per call, a
        # tenth of answering a repeat (mypy checks each position; a test checks each field).
        return ServeEvent(
            request,
            first.response,
            first.operation,
            dict(first.path_params),
            list(first.violations),
            first.decision,
            first.session,
            first.scenario,
            first.source,
            [],  # chaos: none (a remembered answer had none)
            {},  # directives: none (no responder answered)
            started,
            duration,
            True,
        )


class AnswerMemo:
    def __init__(self, max_entries: int = MAX_ENTRIES, max_bytes: int = MAX_BYTES) -> None:
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self._answers: OrderedDict[Key, Answer] = OrderedDict()
        self._bytes = 0
        self._engine: MockEngine | None = None
        self.hits = 0

    @staticmethod
    def key(scope: Scope, body: bytes) -> Key | None:
        """The request's exact bytes as a key, or ``None`` when it is not worth keeping."""
        if len(body) > MAX_REQUEST_BODY:
            return None
        headers = scope["headers"]
        if headers and type(headers[0]) is tuple:  # uvicorn's (name, value) pairs
            frozen = tuple(headers)
        else:  # some servers and test clients give [name, value] lists
            frozen = tuple((bytes(name), bytes(value)) for name, value in headers)
        return (
            scope["method"],
            scope.get("raw_path") or scope["path"].encode("utf-8"),
            scope.get("query_string", b""),
            frozen,
            body,
        )

    def get(self, key: Key, engine: MockEngine, stamp: Hashable) -> Answer | None:
        if engine is not self._engine:
            self.clear()
            self._engine = engine
            return None
        answer = self._answers.get(key)
        if answer is None or answer.stamp != stamp:
            return None
        self._answers.move_to_end(key)
        self.hits += 1
        return answer

    def put(self, key: Key, engine: MockEngine, stamp: Hashable, event: ServeEvent) -> None:
        """Remember ``event``'s answer, unless the engine was swapped meanwhile."""
        if engine is not self._engine:
            return
        response = event.response
        size = len(response.body) + len(key[1]) + len(key[2]) + len(key[4])
        size += sum(len(name) + len(value) for name, value in key[3])
        if size > self.max_bytes // 16:
            return
        old = self._answers.pop(key, None)
        if old is not None:
            self._bytes -= old.size
        headers = response_headers(response)
        self._answers[key] = Answer(stamp, response.status, headers, response.body, event, size)
        self._bytes += size
        while len(self._answers) > self.max_entries or self._bytes > self.max_bytes:
            _, dropped = self._answers.popitem(last=False)
            self._bytes -= dropped.size

    def describe(self) -> dict[str, int]:
        """For ``GET /__pymockapi/health``: how many answers are kept, their size, the hits."""
        return {"entries": len(self._answers), "bytes": self._bytes, "hits": self.hits}

    def clear(self) -> None:
        self._answers.clear()
        self._bytes = 0

    def __len__(self) -> int:
        return len(self._answers)
