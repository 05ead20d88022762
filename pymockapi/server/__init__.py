"""The HTTP adapter: ASGI in, :class:`~pymockapi.exchange.HttpRequest` to the engine, out."""

from pymockapi.server.app import ADMIN_PREFIX, MockApp, create_app

__all__ = ["ADMIN_PREFIX", "MockApp", "create_app"]
