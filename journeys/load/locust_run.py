"""Run ``locustfile.py`` against a target: one process, or a master and workers on loopback.

    python3 tasks.py load --engine locust --people 100 --workers 2

Locust's processes cannot each start the local platform (every worker would
test its own), so this launcher starts the target once (``target.open_target``:
the embedded platform for ``local``) and hands the URLs and secrets to every
Locust process through its environment (never its command line), as a target
named ``local-load`` that the locustfile reads like any configured target. The
master binds to 127.0.0.1 only; it waits for its workers (bounded), spawns the
people at ``people / ramp`` a second, and stops when every journey is done or
at ``--run-time``. Its exit code is the run's verdict (``journeys/load/locust_gate.py``).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys

from ..config.paths import PROJECT_ROOT
from ..config.settings import Settings

LOCUSTFILE = PROJECT_ROOT / "locustfile.py"
LAUNCHED_TARGET = "local-load"
WORKER_WAIT_S = 60
STOP_GRACE_S = 20


def locust_environment(settings: Settings) -> dict[str, str]:
    """What a Locust process needs to reach the target the launcher opened."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("E2E_LOCAL_")}
    env.update({"E2E_TARGET": LAUNCHED_TARGET if settings.is_local else settings.target,
                "AUTH_SERVICE_URL": settings.auth_url, "BACKEND_URL": settings.backend_url,
                "WEBSOCKET_URL": settings.websocket_url, "E2E_REMOTE": str(settings.remote).lower(),
                "PYTHONUNBUFFERED": "1"})
    if settings.jwt_secret:
        env["JWT_SECRET_KEY"] = settings.jwt_secret.reveal()
    if settings.bypass_key:
        env["E2E_OAUTH_SIMULATION_KEY"] = settings.bypass_key.reveal()
    return env


def locust_commands(people: int, ramp_s: float, workers: int, run_time_s: int,
                    port: int) -> tuple[list[str], list[list[str]]]:
    """The master's (or the single process's) command, and each worker's."""
    locust = [sys.executable, "-m", "locust", "-f", str(LOCUSTFILE)]
    rate = people / ramp_s if ramp_s > 0 else people
    main = locust + ["--headless", "-u", str(people), "-r", f"{rate:.2f}", "-t", f"{run_time_s}s",
                     "--only-summary", "--stop-timeout", "10"]
    if workers == 0:
        return main, []
    main += ["--master", "--master-bind-host", "127.0.0.1", "--master-bind-port", str(port),
             "--expect-workers", str(workers), "--expect-workers-max-wait", str(WORKER_WAIT_S)]
    worker = locust + ["--worker", "--master-host", "127.0.0.1", "--master-port", str(port),
                       "--loglevel", "WARNING"]
    return main, [list(worker) for _ in range(workers)]


def run_locust(settings: Settings, people: int, ramp_s: float, workers: int,
               run_time_s: int | None = None) -> int:
    """Start the processes, wait (bounded), return the master's exit code."""
    policy = settings.policy
    run_time_s = run_time_s or int(ramp_s + policy.wait_s * 3 + policy.turn_s + 30)
    main, worker_commands = locust_commands(people, ramp_s, workers, run_time_s, _free_port())
    env = locust_environment(settings)
    print(f"Locust: {people} people, ramp {ramp_s:.1f} s, "
          f"{'one process' if not workers else f'a master and {workers} workers on 127.0.0.1'}; "
          f"run time at most {run_time_s} s", flush=True)
    master = subprocess.Popen(main, cwd=PROJECT_ROOT, env=env, stdin=subprocess.DEVNULL)
    children = [subprocess.Popen(c, cwd=PROJECT_ROOT, env=env, stdin=subprocess.DEVNULL)
                for c in worker_commands]
    try:
        code = _wait(master, run_time_s + WORKER_WAIT_S + STOP_GRACE_S)
        for child in children:
            _wait(child, STOP_GRACE_S)
        return code
    finally:
        for process in [master, *children]:
            if process.poll() is None:
                process.kill()
                process.wait()


def _wait(process: subprocess.Popen, timeout_s: float) -> int:
    try:
        return process.wait(timeout=timeout_s)
    except subprocess.TimeoutExpired:
        print(f"locust process {process.pid} did not stop within {timeout_s:.0f} s; killing it",
              file=sys.stderr, flush=True)
        process.kill()
        process.wait()
        return 1


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]

