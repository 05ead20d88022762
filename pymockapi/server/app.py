"""A thin ASGI adapter around the engine, with the admin API beside it.

The mock path is a plain ASGI handler (no routing framework on the hot path); requests
under ``/__pymockapi/`` go to the FastAPI admin app, built on the first of them.
"""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import logging
import time
from collections.abc import Callable, Hashable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from pymockapi.asgi import Receive, Scope, Send, http_request, read_body, send_response
from pymockapi.config import EngineConfig
from pymockapi.engine import MockEngine, ResponderFactory, ServeEvent
from pymockapi.exchange import HttpRequest
from pymockapi.features import Feature
from pymockapi.model import Spec
from pymockapi.problems import problem
from pymockapi.runtime import Runtime
from pymockapi.server.memo import AnswerMemo

if TYPE_CHECKING:
    from fastapi import FastAPI

log = logging.getLogger("pymockapi")

ADMIN_PREFIX = "/__pymockapi"
_ADMIN_FOLDER = ADMIN_PREFIX + "/"

Listener = Callable[[ServeEvent], None]
"""Called with every finished exchange (the request log, the journal)."""


class Interceptor(Protocol):
    """Owns the answer's delivery when present (latency, faults, rate limits).

    It calls ``engine.handle`` itself (possibly with a forced status) and sends the response
    (possibly late, slowly, broken, or not at all), then returns the event it produced.
    """

    async def deliver(
        self, request: HttpRequest, engine: MockEngine, scope: Scope, send: Send
    ) -> ServeEvent: ...

    def passive(self, request: HttpRequest, engine: MockEngine) -> bool:
        """Would delivering this request always be a plain, immediate send (so a repeat
        may be answered from memory)?"""
        ...

    def stamp(self) -> Hashable:
        """A value that changes whenever delivery's settings do."""
        ...


class MockApp:
    """The ASGI application serving one spec."""

    def __init__(
        self,
        runtime: Runtime,
        *,
        admin_token: str | None = None,
        admin_closed: bool = False,
        watch: bool = False,
        watch_interval: float = 0.5,
        listeners: Sequence[Listener] = (),
        interceptor: Interceptor | None = None,
        features: Sequence[Feature] = (),
    ) -> None:
        self.runtime = runtime
        self.admin_token = admin_token
        self.admin_closed = admin_closed
        self.watch = watch
        self.watch_interval = watch_interval
        self.features = tuple(features)
        self.listeners: list[Listener] = [runtime.recent.add, *listeners]
        self.interceptor = interceptor
        for feature in self.features:
            self.listeners.extend(feature.listeners)
            if feature.interceptor is not None:
                if self.interceptor is not None:
                    raise ValueError("only one feature may own delivery")
                self.interceptor = feature.interceptor
        self.memo = AnswerMemo()
        self._admin: FastAPI | None = None
        self._watcher: asyncio.Task[None] | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        kind = scope["type"]
        if kind == "lifespan":
            await self._lifespan(receive, send)
            return
        if kind != "http":
            return
        path: str = scope["path"]
        if path.startswith(_ADMIN_FOLDER) or path == ADMIN_PREFIX:
            await self._admin_app()(scope, receive, send)
            return
        engine = self.runtime.engine
        body = await read_body(receive, engine.config.max_body_bytes)
        if body is None:
            request = http_request(scope, b"")
            limit = engine.config.max_body_bytes
            event = ServeEvent(
                request=request,
                response=problem(413, "too-large", f"The request body exceeds {limit} bytes."),
                source="problem",
            )
            await send_response(send, event.response)
            self._tell(event)
            return
        started = time.perf_counter()
        interceptor = self.interceptor
        stamp = interceptor.stamp() if interceptor is not None else None
        key = self.memo.key(scope, body)
        answer = self.memo.get(key, engine, stamp) if key is not None else None
        if answer is not None:
            event = answer.replay(http_request(scope, body), started, time.perf_counter() - started)
            headers = list(answer.headers)
            await send({"type": "http.response.start", "status": answer.status, "headers": headers})
            await send({"type": "http.response.body", "body": answer.body})
            self._tell(event)
            return
        request = http_request(scope, body)
        if interceptor is not None:
            event = await interceptor.deliver(request, engine, scope, send)
        else:
            event = engine.handle(request)
            await send_response(send, event.response)
        if (
            key is not None
            and event.replayable
            and (interceptor is None or interceptor.passive(request, engine))
        ):
            self.memo.put(key, engine, stamp, event)
        self._tell(event)

    def _admin_app(self) -> FastAPI:
        """The admin app, built on the first admin request: importing FastAPI and building
        the app takes about 0.2 s, which every start would otherwise wait for, though most
        runs of a mock never call the admin API."""
        if self._admin is None:
            from pymockapi.server.admin import build_admin

            self._admin = build_admin(self)
        return self._admin

    def _tell(self, event: ServeEvent) -> None:
        for listener in self.listeners:
            try:
                listener(event)
            except Exception:  # a broken listener must never break serving
                log.exception("request listener failed")

    async def _lifespan(self, receive: Receive, send: Send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                for feature in self.features:
                    for hook in feature.on_startup:
                        await _maybe_await(hook())
                if self.watch:
                    self._watcher = asyncio.create_task(self._watch())
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                if self._watcher is not None:
                    self._watcher.cancel()
                    with contextlib.suppress(asyncio.CancelledError):
                        await self._watcher
                for feature in reversed(self.features):
                    for hook in feature.on_shutdown:
                        await _maybe_await(hook())
                await send({"type": "lifespan.shutdown.complete"})
                return

    async def _watch(self) -> None:
        """Poll the spec's (and features') files; re-import off the event loop on a change."""
        stamps = self._feature_stamps()
        while True:
            await asyncio.sleep(self.watch_interval)
            try:
                if self.runtime.changed():
                    await asyncio.to_thread(self.runtime.reload)
                current = self._feature_stamps()
                if current != stamps:
                    stamps = current
                    await asyncio.to_thread(self.reload_features)
            except Exception:  # the watcher must outlive any single failure
                log.exception("watching the spec failed")

    def reload_features(self) -> list[str]:
        """Reload every feature's files; returns the errors (the old version keeps serving)."""
        errors = []
        for feature in self.features:
            if feature.reload is None:
                continue
            try:
                feature.reload()
            except Exception as error:  # PyMockApiError, or a bug: either way keep serving
                log.error(
                    "reloading %s failed, the previous version stays: %s", feature.name, error
                )
                errors.append(f"{feature.name}: {error}")
        return errors

    def _feature_stamps(self) -> dict[str, tuple[int, int] | None]:
        stamps: dict[str, tuple[int, int] | None] = {}
        for feature in self.features:
            for name in feature.watched_files() if feature.watched_files else ():
                try:
                    stat = Path(name).stat()
                    stamps[name] = (stat.st_mtime_ns, stat.st_size)
                except OSError:
                    stamps[name] = None
        return stamps


async def _maybe_await(result: Any) -> None:
    if inspect.isawaitable(result):
        await result


def create_app(
    spec: str | Path | Spec,
    config: EngineConfig | None = None,
    *,
    admin_token: str | None = None,
    admin_closed: bool = False,
    watch: bool = False,
    allow_remote_refs: bool = False,
    responders: Sequence[ResponderFactory] = (),
    listeners: Sequence[Listener] = (),
    interceptor: Interceptor | None = None,
    features: Sequence[Feature] = (),
) -> MockApp:
    """The ASGI app serving ``spec`` (a path, or an already loaded :class:`Spec`)."""
    from pymockapi.importing import load_spec

    source = spec.source if isinstance(spec, Spec) else spec

    def loader() -> Spec:
        return load_spec(source, allow_remote_refs=allow_remote_refs)

    first = spec if isinstance(spec, Spec) else None
    all_responders = [*responders, *(r for feature in features for r in feature.responders)]
    on_spec = [hook for feature in features for hook in feature.on_spec]
    runtime = Runtime(loader, config or EngineConfig(), first, all_responders, on_spec)
    return MockApp(
        runtime,
        admin_token=admin_token,
        admin_closed=admin_closed,
        watch=watch,
        listeners=listeners,
        interceptor=interceptor,
        features=features,
    )
