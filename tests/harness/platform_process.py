"""The tests' one way to start the reference platform: ``python -m reference_platform`` as a
real subprocess on loopback, ready when its ready file appears.

Standard library only and nothing from ``journeys``: the platform's tests must not trust the
library they prove. The secrets go in the process's environment (``env``), never on its command
line; ``stop()`` resumes a paused process, sends SIGTERM and reports how it ended.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from project_root import ROOT

READY_DEADLINE_S = 20.0
SECRET_VARIABLES = ("REFPLATFORM_JWT_SECRET", "REFPLATFORM_BYPASS_KEY")


class PlatformProcess:
    """One platform process whose ready file, database (if ``db``) and output live in ``workdir``."""

    def __init__(self, *args: str, workdir: Path, env: dict, db: Path | None = None,
                 ready_file: bool = True) -> None:
        self.workdir = workdir
        self.ready_path = workdir / "ready.json"
        self.db = db
        command = [sys.executable, "-m", "reference_platform", "--hash-cost", "1024", *args]
        if db is not None:
            command += ["--db", str(db)]
        if ready_file:
            command += ["--ready-file", str(self.ready_path)]
        base = {k: v for k, v in os.environ.items() if k not in SECRET_VARIABLES}
        base["PYTHONUNBUFFERED"] = "1"
        self.stdout_path = workdir / "stdout.txt"
        self.stderr_path = workdir / "stderr.txt"
        with open(self.stdout_path, "wb") as out, open(self.stderr_path, "wb") as err:
            self.process = subprocess.Popen(command, cwd=ROOT, env={**base, **env},
                                            stdin=subprocess.DEVNULL, stdout=out, stderr=err)
        self.info: dict = {}
        if ready_file:
            self._wait_ready()

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + READY_DEADLINE_S
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"platform exited {self.process.returncode}: {self.stderr()}")
            if self.ready_path.exists():
                self.info = json.loads(self.ready_path.read_text())
                return
            time.sleep(0.02)
        self.stop()
        raise RuntimeError(f"platform not ready within {READY_DEADLINE_S} s: {self.stderr()}")

    def stderr(self) -> str:
        return self.stderr_path.read_text(errors="replace") if self.stderr_path.exists() else ""

    def stdout(self) -> str:
        return self.stdout_path.read_text(errors="replace") if self.stdout_path.exists() else ""

    def request_stop(self, sig: int = signal.SIGTERM) -> None:
        """Ask the process to stop without waiting (``stop`` or ``wait_stopped`` waits)."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGCONT)   # a test may have paused it
            self.process.send_signal(sig)

    def wait_stopped(self, timeout: float = 10) -> int:
        """The exit code; a process that had to be killed returns -9 (a test failure)."""
        try:
            return self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            return -9

    def stop(self, sig: int = signal.SIGTERM) -> int:
        self.request_stop(sig)
        return self.wait_stopped()
