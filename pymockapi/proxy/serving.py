"""Run a proxy or replay app with uvicorn.

The h11 protocol is used because it hands the request target to the app exactly as sent,
so absolute-form requests (``GET http://other.host/x``) can be seen and refused.
"""

from __future__ import annotations

from typing import Any


def serve(
    app: Any, host: str, port: int, log_level: str = "info", *, date_header: bool = True
) -> None:
    """Serve ``app``; a proxy passes ``date_header=False`` to keep the upstream's ``Date``."""
    import logging

    import uvicorn

    # httpx logs every upstream request at INFO; the proxy logs what matters itself.
    if log_level.lower() != "debug":
        logging.getLogger("httpx").setLevel(logging.WARNING)
    uvicorn.run(
        app,
        host=host,
        port=port,
        http="h11",
        log_level="debug" if log_level.lower() == "debug" else "warning",
        access_log=False,
        server_header=False,
        date_header=date_header,
        lifespan="on",
    )
