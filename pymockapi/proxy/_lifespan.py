"""The ASGI lifespan for apps that are not the mock: run the features' hooks, then clean up."""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from pymockapi.asgi import Receive, Send
from pymockapi.features import Feature


async def _call(hook: Callable[[], Any]) -> None:
    result = hook()
    if inspect.isawaitable(result):
        await result


async def run_lifespan(
    features: Sequence[Feature],
    receive: Receive,
    send: Send,
    cleanup: Callable[[], Awaitable[None]] | None = None,
) -> None:
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            for feature in features:
                for hook in feature.on_startup:
                    await _call(hook)
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            for feature in reversed(features):
                for hook in feature.on_shutdown:
                    await _call(hook)
            if cleanup is not None:
                await cleanup()
            await send({"type": "lifespan.shutdown.complete"})
            return
