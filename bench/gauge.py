"""How much a second CPU-bound process gains on this machine, with no server and no network.

Two workers can at best scale as well as the machine runs two busy processes side by side.
On a virtual machine two "cores" may share one physical core's units or its caches, and
other tenants come and go: this gauge says what the machine gives before the load generator
takes its share, so a shortfall in the ``--workers`` rows can be told apart from ours.
"""

from __future__ import annotations

import subprocess
import sys

_BUSY = """
import json, sys, time
item = {"id": 1, "name": "Rex", "tags": ["friendly", "small"], "owner": {"email": "a@b.example"}}
end, count = time.perf_counter() + float(sys.argv[1]), 0
while time.perf_counter() < end:
    for _ in range(100):
        json.loads(json.dumps(item))
    count += 100
print(count)
"""


def _busy(processes: int, seconds: float) -> int:
    """Iterations done by ``processes`` busy processes running together for ``seconds``."""
    started = [
        subprocess.Popen(
            [sys.executable, "-c", _BUSY, str(seconds)], stdout=subprocess.PIPE, text=True
        )
        for _ in range(processes)
    ]
    return sum(int(process.communicate(timeout=seconds + 30)[0]) for process in started)


def cpu_scaling(seconds: float = 3.0) -> float:
    """Work of two busy processes together over one alone (one measured before and after)."""
    alone = (_busy(1, seconds) + _busy(1, seconds)) / 2
    return _busy(2, seconds) / alone if alone else 0.0
