"""Server processes under test: start pinned, time to the first 2xx answer, RSS, stop.

Every process is started in its own session and registered, so :func:`stop_all` (run at
exit and on SIGINT/SIGTERM) can end exactly the process groups this run started.
"""

from __future__ import annotations

import atexit
import contextlib
import http.client
import os
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from bench.load import Request

POLL_S = 0.02  # the issue: poll every 20 ms
ANSWERING_GRACE_S = 15.0  # how long a server that answers non-2xx may take to answer 2xx
_STARTED: list[subprocess.Popen[bytes]] = []


class ServerFailed(RuntimeError):
    """The server did not start or died; the message is written for the report."""


@dataclass(frozen=True)
class Launch:
    """How to start one server: argv (without pinning), the probe and a time limit."""

    name: str
    argv: tuple[str, ...]
    port: int
    probe: Request
    startup_timeout_s: float = 120.0
    cwd: Path | None = None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _probe(port: int, request: Request) -> int | None:
    """The status answered to ``request``, or None if nothing answered."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
    try:
        body = request.body.encode() if request.body is not None else None
        connection.request(request.method, request.path, body=body, headers=dict(request.headers))
        response = connection.getresponse()
        response.read()
        return response.status
    except (OSError, http.client.HTTPException):
        return None
    finally:
        connection.close()


def _tail(path: Path, lines: int = 3, limit: int = 300) -> str:
    """The end of a server's log, on one line, for the report."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""
    tail = " / ".join(line.strip() for line in text.strip().splitlines()[-lines:])
    return tail if len(tail) <= limit else "…" + tail[-limit:]


class Server:
    """A started server process; ``startup_s`` is the time to its first 2xx answer."""

    def __init__(self, launch: Launch, cpus: str | None, log: Path) -> None:
        self.launch = launch
        self.log = log
        argv = list(launch.argv)
        if cpus:
            argv = ["taskset", "-c", cpus, *argv]
        log.parent.mkdir(parents=True, exist_ok=True)
        with log.open("wb") as out:
            started = time.monotonic()
            self.process = subprocess.Popen(
                argv,
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                cwd=launch.cwd,
                start_new_session=True,
            )
        _STARTED.append(self.process)
        self.startup_s = self._wait_ready(started)

    @property
    def port(self) -> int:
        return self.launch.port

    def _wait_ready(self, started: float) -> float:
        deadline = started + self.launch.startup_timeout_s
        last: int | None = None
        while time.monotonic() < deadline:
            code = self.process.poll()
            if code is not None:
                raise ServerFailed(f"exited with code {code} at startup: {_tail(self.log)}")
            status = _probe(self.port, self.launch.probe)
            if status is not None and 200 <= status < 300:
                return time.monotonic() - started
            if status is not None and last is None:  # up, but not answering 2xx: not for long
                deadline = min(deadline, time.monotonic() + ANSWERING_GRACE_S)
            last = status if status is not None else last
            time.sleep(POLL_S)
        self.stop()
        if last:
            raise ServerFailed(f"answers {last} to {self.launch.probe.describe()}, not 2xx")
        raise ServerFailed(f"no answer within {self.launch.startup_timeout_s:.0f} s")

    def check_alive(self) -> None:
        code = self.process.poll()
        if code is not None:
            raise ServerFailed(f"crashed (exit code {code}): {_tail(self.log)}")

    def rss_mb(self) -> float:
        """VmRSS of the process and all its descendants (workers), in MB."""
        return sum(_rss_kb(pid) for pid in _tree(self.process.pid)) / 1024

    def cpu_s(self) -> float:
        """CPU seconds (user + system) used so far by the process and its descendants."""
        return sum(_cpu_ticks(pid) for pid in _tree(self.process.pid)) / _TICKS

    def stop(self) -> None:
        _stop(self.process)


def _children() -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry))
    return children


def _tree(pid: int) -> list[int]:
    children = _children()
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo.extend(children.get(current, []))
    return found


_TICKS = os.sysconf("SC_CLK_TCK")


def _cpu_ticks(pid: int) -> int:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0
    return int(fields[11]) + int(fields[12])  # utime, stime


def _rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
    # workers may outlive a parent that exited: end what is left of our own group
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)


def stop_all() -> None:
    while _STARTED:
        _stop(_STARTED.pop())


def _on_signal(signum: int, _frame: object) -> None:
    stop_all()
    raise SystemExit(128 + signum)


def install_cleanup() -> None:
    """Stop every started server at exit, on Ctrl-C and on SIGTERM."""
    atexit.register(stop_all)
    signal.signal(signal.SIGTERM, _on_signal)
