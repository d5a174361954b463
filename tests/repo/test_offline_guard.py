"""tools/offline/sitecustomize.py, which `make nbval` loads into every notebook kernel:
connections and name lookups off the machine are refused and logged, loopback works."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import socket, urllib.request
for attempt in (lambda: urllib.request.urlopen("http://example.com", timeout=5),
                lambda: socket.create_connection(("192.0.2.1", 443), timeout=5)):
    try:
        attempt()
        print("LEFT THE MACHINE")
    except OSError as e:
        print("refused:", e)
server = socket.socket()
server.bind(("127.0.0.1", 0))
server.listen(1)
socket.create_connection(server.getsockname(), timeout=5).close()
print("loopback ok")
"""


def test_the_guard_refuses_and_logs_the_network_but_not_loopback(tmp_path):
    log = tmp_path / "attempts.log"
    env = {**os.environ, "PYTHONPATH": str(ROOT / "tools" / "offline"),
           "DEEPSTEP_NETWORK_LOG": str(log)}  # fmt: skip
    run = subprocess.run(
        [sys.executable, "-c", PROBE],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 0, run.stderr
    assert "LEFT THE MACHINE" not in run.stdout
    assert run.stdout.count("refused: ") == 2 and "loopback ok" in run.stdout
    lines = log.read_text().splitlines()
    assert len(lines) == 2 and "example.com" in lines[0] and "192.0.2.1" in lines[1]


def test_make_nbval_runs_under_the_guard_and_fails_on_an_attempt():
    recipe = subprocess.run(
        ["make", "-n", "nbval"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    assert "network_attempts.log" in recipe and "exit 1" in recipe
    makefile = (ROOT / "Makefile").read_text()
    assert "nbval: export PYTHONPATH := $(CURDIR)/tools/offline" in makefile
    assert "execute nbval: export DEEPSTEP_MNIST := subset" in makefile
