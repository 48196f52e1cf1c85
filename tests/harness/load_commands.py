"""Commands for the load tests: the load mode and Locust run as a person would run them.

Every run is bounded (people, ramp, the commands' own deadlines, and a subprocess
timeout here) and sends traffic to 127.0.0.1 only. The platform's password
hashing is made cheap (E2E_LOCAL_HASH_COST) so sign-in does not dominate.
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from project_root import ROOT
COMMAND_DEADLINE_S = 240


@dataclass
class CommandRun:
    exit_code: int
    output: str

    def explain(self) -> str:
        lines = self.output.splitlines()
        trouble = next((i for i, line in enumerate(lines)
                        if "Traceback" in line or "HOOK-ERROR" in line), None)
        first = "" if trouble is None else "\n".join(lines[max(0, trouble - 5):trouble + 40])
        return (f"exit {self.exit_code}\n--- first trouble ---\n{first or '(none)'}"
                f"\n--- output tail ---\n{self.output[-4000:]}")


def clean_environment(extra: dict | None = None) -> dict:
    """The caller's environment without any E2E_ or JWT_SECRET setting, plus test settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("E2E_", "JWT_SECRET"))}
    env.update({"E2E_LOCAL_HASH_COST": "1024", "E2E_WAIT_S": "5", "E2E_TURN_S": "10"})
    env.update(extra or {})
    return env


def run_command(args: list[str], env: dict | None = None, cwd: Path = ROOT) -> CommandRun:
    completed = subprocess.run([sys.executable, *args], cwd=cwd, env=clean_environment(env),
                               stdin=subprocess.DEVNULL, capture_output=True, text=True,
                               timeout=COMMAND_DEADLINE_S)
    return CommandRun(completed.returncode, completed.stdout + completed.stderr)
