"""Carrying out a plan: wait, then send the response (at once or dribbled) or break it.

Dribbling sends the headers at once, then the body in slices (about 20 a second, at least
one byte each) on an asyncio timer, so the last byte leaves when ``len(body) / rate``
seconds have passed. Nothing sleeps in a thread; a client that goes away stops the dribble.
"""

from __future__ import annotations

import asyncio

from pymockapi.asgi import Send, response_headers, send_response
from pymockapi.chaos import breaking
from pymockapi.chaos.plan import Plan
from pymockapi.chaos.transport import Connection
from pymockapi.engine import ServeEvent
from pymockapi.exchange import HttpResponse
from pymockapi.problems import problem

TICK_S = 0.05
CHAOS_HEADER = "X-PyMockAPI-Chaos"


send_whole = send_response


async def send_dribbled(
    send: Send, response: HttpResponse, rate: float, connection: Connection | None
) -> None:
    """The body at ``rate`` bytes per second."""
    await send(
        {
            "type": "http.response.start",
            "status": response.status,
            "headers": response_headers(response),
        }
    )
    body = response.body
    step = max(1, int(rate * TICK_S))
    loop = asyncio.get_running_loop()
    started = loop.time()
    sent = 0
    while sent < len(body):
        piece = body[sent : sent + step]
        wait = started + (sent + len(piece)) / rate - loop.time()
        if wait > 0:
            await asyncio.sleep(wait)
        if connection is not None and connection.closed.is_set():
            return
        sent += len(piece)
        await send({"type": "http.response.body", "body": piece, "more_body": sent < len(body)})
    if not body:
        await send({"type": "http.response.body", "body": b""})


async def carry_out(
    event: ServeEvent,
    plan: Plan,
    connection: Connection | None,
    send: Send,
    data: bytes,
    stalls: breaking.Stalls,
) -> ServeEvent:
    """Record the plan in the event and the header, wait, then deliver or break."""
    event.chaos = plan.describe()
    if event.chaos:
        event.response.set_header(CHAOS_HEADER, ", ".join(event.chaos))
    if plan.delay > 0:
        await asyncio.sleep(plan.delay)
    fault = plan.fault
    if fault is not None and fault.transport:
        if connection is None:
            event.chaos.append("degraded=no-transport")
            event.response = _unavailable(fault.kind, event.chaos)
            await send_whole(send, event.response)
        elif fault.kind == "reset":
            await breaking.reset(connection)
        elif fault.kind == "empty":
            await breaking.empty(connection)
        elif fault.kind == "malformed":
            await breaking.malformed(connection, event.response)
        elif fault.kind == "random":
            await breaking.random_data(connection, data)
        elif not await stalls.stall(connection, event.response):
            event.chaos.append("stall=capped")
    elif plan.bandwidth > 0:
        await send_dribbled(send, event.response, plan.bandwidth, connection)
    else:
        await send_whole(send, event.response)
    return event


def _unavailable(kind: str, notes: list[str]) -> HttpResponse:
    response = problem(
        503,
        "fault-unavailable",
        f"fault={kind} needs the raw connection, which this server does not expose "
        "(`pymockapi from-spec` does); answering 503 instead.",
    )
    response.set_header(CHAOS_HEADER, ", ".join(notes))
    return response
