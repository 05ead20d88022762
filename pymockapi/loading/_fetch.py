"""Reading a document's bytes: a local file, or a URL (only when the user allowed it)."""

from __future__ import annotations

import stat
import urllib.error
import urllib.request

from pymockapi.errors import PyMockApiError
from pymockapi.loading._sandbox import Target

MAX_BYTES = 64 * 1024 * 1024
TIMEOUT_SECONDS = 10.0


def read_bytes(target: Target) -> bytes:
    """The document's bytes; a missing file raises ``spec_not_found``."""
    if target.url is not None:
        return fetch_url(target.url)
    assert target.path is not None
    try:
        mode = target.path.stat().st_mode
        if stat.S_ISDIR(mode):
            raise PyMockApiError.spec_unreadable(target.key, "is a folder, not a file")
        if not stat.S_ISREG(mode):  # a FIFO or device would block or never end
            raise PyMockApiError.spec_unreadable(target.key, "is not a regular file")
        with target.path.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except (FileNotFoundError, NotADirectoryError):
        raise PyMockApiError.spec_not_found(target.key) from None
    except IsADirectoryError:
        raise PyMockApiError.spec_unreadable(target.key, "is a folder, not a file") from None
    except OSError as exc:
        raise PyMockApiError.spec_unreadable(target.key, exc.strerror or "cannot read") from None
    if len(data) > MAX_BYTES:
        raise PyMockApiError.spec_unreadable(target.key, f"larger than {MAX_BYTES:,} bytes")
    return data


def fetch_url(url: str) -> bytes:
    request = urllib.request.Request(url, headers={"Accept": "application/json, */*"})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
            data: bytes = response.read(MAX_BYTES + 1)
    except urllib.error.HTTPError as exc:
        raise PyMockApiError.spec_unreadable(url, f"HTTP {exc.code} when fetching") from None
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", None) or exc
        raise PyMockApiError.spec_unreadable(url, f"cannot fetch ({reason})") from None
    if len(data) > MAX_BYTES:
        raise PyMockApiError.spec_unreadable(url, f"larger than {MAX_BYTES:,} bytes")
    return data
