"""Start and stop the embedded reference platform for the ``local`` target.

It runs as a child process (``python -m reference_platform``) so the suite
talks to it over real sockets exactly as it talks to staging, and so a
journey can restart it. Secrets go to it through its environment, never its
command line. The child is asked to die with us (Linux parent-death signal),
and ``stop()`` is safe to call twice, so no process or port outlives the run.
"""

from __future__ import annotations

import json
import os
import secrets as random_secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from ..errors import EnvironmentDown
from ..config.paths import PROJECT_ROOT
from ..secrets import Secret, registry
from ..config.local_options import LocalPlatformOptions

START_DEADLINE_S = 30.0
STOP_DEADLINE_S = 10.0


@dataclass(frozen=True)
class PlatformUrls:
    auth_url: str
    backend_url: str
    websocket_url: str


class LocalPlatform:
    """One running reference platform; its secrets are made per run."""

    def __init__(self, options: LocalPlatformOptions) -> None:
        self.options = options
        # Known values only for tests that look for leaks (tests/report/test_secret_scan.py).
        self.jwt_secret = Secret(os.environ.get("E2E_LOCAL_JWT_SECRET") or random_secrets.token_urlsafe(32))
        self.bypass_key = Secret(os.environ.get("E2E_LOCAL_BYPASS_KEY") or random_secrets.token_urlsafe(24))
        registry.add(self.jwt_secret)
        registry.add(self.bypass_key)
        self._workdir = Path(tempfile.mkdtemp(prefix="golden-path-platform-"))
        self._process: subprocess.Popen | None = None
        self._ports: tuple[int, int] | None = None
        self.urls: PlatformUrls | None = None

    def start(self) -> PlatformUrls:
        ready = self._workdir / "ready.json"
        ready.unlink(missing_ok=True)
        log = open(self._workdir / "platform.log", "ab")
        env = dict(os.environ, REFPLATFORM_JWT_SECRET=self.jwt_secret.reveal(),
                   REFPLATFORM_BYPASS_KEY=self.bypass_key.reveal(), PYTHONUNBUFFERED="1")
        self._process = subprocess.Popen(
            self._command(ready), cwd=PROJECT_ROOT, env=env, stdin=subprocess.DEVNULL,
            stdout=log, stderr=subprocess.STDOUT, preexec_fn=_die_with_parent)
        log.close()
        self.urls = self._wait_ready(ready)
        return self.urls

    def restart(self) -> PlatformUrls:
        """Same ports, same database: what a user sees after a platform restart."""
        self._terminate()
        return self.start()

    def stop(self) -> None:
        self._terminate()
        shutil.rmtree(self._workdir, ignore_errors=True)

    def log_tail(self, lines: int = 20) -> str:
        path = self._workdir / "platform.log"
        if not path.exists():
            return "(no platform log)"
        return registry.mask("\n".join(path.read_text(errors="replace").splitlines()[-lines:]))

    def _command(self, ready: Path) -> list[str]:
        o = self.options
        command = [sys.executable, "-m", "reference_platform", "--ready-file", str(ready),
                   "--db", str(self._workdir / "platform.db"), "--shape", o.shape,
                   "--pause-ms", str(o.pause_ms), "--heartbeat-ms", str(o.heartbeat_ms),
                   "--hash-cost", str(o.hash_cost), "--ticket-ttl-s", str(o.ticket_ttl_s),
                   "--rate-limit", str(o.rate_limit), "--rate-window-s", str(o.rate_window_s)]
        if o.dialect:
            command += ["--dialect", o.dialect]
        if o.chatter:
            command.append("--chatter")
        if o.vary:
            command += ["--vary", o.vary]
        for defect in o.defects:
            command += ["--defect", defect]
        for variant in o.variants:
            command += ["--variant", variant]
        if self._ports:
            command += ["--auth-port", str(self._ports[0]), "--backend-port", str(self._ports[1])]
        return command

    def _wait_ready(self, ready: Path) -> PlatformUrls:
        deadline = time.monotonic() + START_DEADLINE_S
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise EnvironmentDown(
                    f"the reference platform exited with code {self._process.returncode} while "
                    f"starting; its last output:\n{self.log_tail()}")
            if ready.exists():
                info = json.loads(ready.read_text())
                self._ports = (_port(info["auth_url"]), _port(info["backend_url"]))
                return PlatformUrls(info["auth_url"], info["backend_url"], info["websocket_url"])
            time.sleep(0.05)
        self._terminate()
        raise EnvironmentDown(
            f"the reference platform did not become ready within {START_DEADLINE_S:.0f} s; "
            f"its last output:\n{self.log_tail()}")

    def _terminate(self) -> None:
        process, self._process = self._process, None
        if process is None or process.poll() is not None:
            return
        process.send_signal(signal.SIGTERM)
        process.send_signal(signal.SIGCONT)   # a paused (SIGSTOP) platform must wake to stop
        try:
            process.wait(timeout=STOP_DEADLINE_S)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=STOP_DEADLINE_S)


def _port(url: str) -> int:
    return int(url.rsplit(":", 1)[1].split("/")[0])


def _die_with_parent() -> None:
    """Linux only: the child gets SIGTERM if the suite dies without cleaning up."""
    if sys.platform.startswith("linux"):
        import ctypes
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
