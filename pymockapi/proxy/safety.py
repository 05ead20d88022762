"""Keep the proxy from becoming an open relay or a path to cloud credentials.

The upstream named on the command line is the only target. Its host is resolved once at
start: link-local addresses (169.254.0.0/16, fe80::/10) and the cloud metadata endpoints
are refused unless explicitly allowed; loopback and private networks are fine (local
backends live there). Each request's target is checked too: an absolute-form URI
(``GET http://other.host/x``) naming another host, and ``CONNECT``, are refused.
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

METADATA_HOSTS = frozenset(
    {"metadata.google.internal", "metadata.goog", "metadata", "instance-data", "169.254.169.254"}
)
METADATA_ADDRESSES = frozenset(
    {ipaddress.ip_address("169.254.169.254"), ipaddress.ip_address("fd00:ec2::254")}
)


class UpstreamRefused(ValueError):
    """The upstream may not be used; the message says why and which flag allows it."""


def _forbidden(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return address in METADATA_ADDRESSES or address.is_link_local


def check_upstream(url: str, *, allow_link_local: bool = False) -> str:
    """The upstream base URL without a trailing slash; raises :class:`UpstreamRefused`."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UpstreamRefused(f"{url!r} is not an http(s) URL with a host")
    if parts.query or parts.fragment:
        raise UpstreamRefused(f"{url!r}: the upstream URL takes no query or fragment")
    if allow_link_local:
        return url.rstrip("/")
    host = parts.hostname.lower().rstrip(".")
    why = "a cloud metadata endpoint" if host in METADATA_HOSTS else ""
    if not why:
        try:
            infos = socket.getaddrinfo(host, parts.port or 80, type=socket.SOCK_STREAM)
        except (OSError, UnicodeError) as error:
            raise UpstreamRefused(f"cannot resolve {host!r}: {error}") from error
        for info in infos:
            address = ipaddress.ip_address(str(info[4][0]).split("%", 1)[0])
            if _forbidden(address):
                why = f"a link-local or cloud metadata address ({address})"
                break
    if why:
        raise UpstreamRefused(
            f"refusing to forward to {host}: it is {why}; "
            "pass --allow-link-local-upstream if you really mean it"
        )
    return url.rstrip("/")


def refuse_target(
    method: str, raw_target: str, upstream: str, own_address: str | None
) -> str | None:
    """Why this request may not be forwarded, or ``None`` when it may.

    ``raw_target`` is the request target as sent (``/x`` or ``http://host/x``); an
    absolute-form target may only name the upstream or ``own_address`` (where the proxy
    listens, taken from the server, never from the client's ``Host`` header).
    """
    if method == "CONNECT":
        return "CONNECT is refused: this proxy only forwards to its upstream"
    if raw_target.startswith("/") or raw_target == "*":
        return None
    parts = urlsplit(raw_target)
    if not parts.scheme or not parts.netloc:
        return f"the request target {raw_target[:100]!r} is not a path"
    allowed = {urlsplit(upstream).netloc.lower()}
    if own_address:
        allowed.add(own_address.lower())
    if parts.netloc.lower() not in allowed:
        return f"absolute-form requests to {parts.netloc[:100]} are refused: the only target is {upstream}"
    return None
