"""What every benchmark shares: a fresh local platform, settings for it, and child-process CPU.

Benchmarks print figures; they assert nothing. Every figure is measured in the run that
prints it, on this machine, against the embedded reference platform on 127.0.0.1.
"""

from __future__ import annotations

import os
import platform
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from journeys.load.locust_run import locust_environment  # noqa: E402
from journeys.run.local_platform import LocalPlatform  # noqa: E402
from journeys.config.local_options import LocalPlatformOptions  # noqa: E402
from journeys.config.settings import Settings, load_settings  # noqa: E402

BENCH_HASH_COST = 1024      # sign-in is not what these figures are about (see README)


@contextmanager
def local_platform(hash_cost: int = BENCH_HASH_COST, **options):
    """A fresh platform (new database, new secrets); settings pointing at it."""
    platform_ = LocalPlatform(LocalPlatformOptions(hash_cost=hash_cost, **options))
    try:
        urls = platform_.start()
        settings = load_settings("local", bench_environ()).for_local_platform(
            urls.auth_url, urls.backend_url, urls.websocket_url, platform_.jwt_secret,
            platform_.bypass_key)
        yield settings, platform_
    finally:
        platform_.stop()


def bench_environ(extra: dict | None = None) -> dict:
    """The process environment without the caller's E2E_ settings: figures use the defaults."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("E2E_", "JWT_SECRET"))}
    env.update(extra or {})
    return env


@dataclass(frozen=True)
class ChildRun:
    exit_code: int
    wall_s: float
    cpu_s: float           # user + system of the child and every descendant it waited for
    output: str


def run_child(command: list[str], env: dict, timeout_s: float, cwd: Path = ROOT) -> ChildRun:
    """Run a command, killed at ``timeout_s``; its CPU time from wait4 (waited-for descendants included)."""
    with tempfile.TemporaryFile() as out:
        started = time.monotonic()
        process = subprocess.Popen(command, cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                                   stdout=out, stderr=subprocess.STDOUT)
        timer = threading.Timer(timeout_s, process.kill)
        timer.start()
        try:
            _, status, usage = os.wait4(process.pid, 0)
        finally:
            timer.cancel()
        process.returncode = os.waitstatus_to_exitcode(status)
        wall = time.monotonic() - started
        out.seek(0)
        text = out.read().decode("utf-8", "replace")
    return ChildRun(process.returncode, wall, usage.ru_utime + usage.ru_stime, text)


def target_environment(settings: Settings) -> dict:
    """For a child that must use the platform this process started (as the launcher does)."""
    return bench_environ(locust_environment(settings))


def machine() -> str:
    cores = os.cpu_count()
    try:
        memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    except (ValueError, OSError):
        memory = 0.0
    load = os.getloadavg()
    return (f"{platform.node()}: {cores} cores, {memory:.0f} GiB, Python {platform.python_version()}, "
            f"{platform.system()} {platform.release()}; load average before: "
            f"{load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")


__all__ = ["ROOT", "ChildRun", "Settings", "bench_environ", "local_platform", "machine",
           "run_child", "target_environment"]
