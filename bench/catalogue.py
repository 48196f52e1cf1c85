"""Figure 1: the whole catalogue's wall time, and the platform's start-up time.

Catalogue: ``behave`` exactly as ``python3 tasks.py journeys`` runs it (default settings,
every feature, default tags), reports into a temporary folder; wall time from start to
exit, with the scenario counts read from its JUnit files so a figure is never printed for
a run that did not run.

Start-up: ``LocalPlatform(defaults).start()`` (spawn ``python -m reference_platform``,
wait for its ready file) and then both health checks answering, five times; median,
smallest and largest.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
import xml.etree.ElementTree as ElementTree
from pathlib import Path

from common import ROOT, bench_environ, run_child

from journeys.run.local_platform import LocalPlatform
from journeys.config.local_options import LocalPlatformOptions
from journeys.config.settings import load_settings
from journeys.run.target import check_up

STARTS = 5
CATALOGUE_DEADLINE_S = 1800


def catalogue() -> dict:
    with tempfile.TemporaryDirectory(prefix="bench-catalogue-") as folder:
        junit = Path(folder) / "junit"
        command = [str(ROOT / ".venv" / "bin" / "behave"), "--no-color", "-f", "plain",
                   "-o", str(Path(folder) / "console.txt"), "--junit-directory", str(junit)]
        if not Path(command[0]).exists():
            command[0:1] = [sys.executable, "-m", "behave"]
        run = run_child(command, bench_environ({"E2E_REPORTS_DIR": folder}), CATALOGUE_DEADLINE_S)
        counts = {"passed": 0, "failed": 0, "skipped": 0}
        for path in junit.glob("*.xml"):
            for case in ElementTree.parse(path).getroot().iter("testcase"):
                if case.find("skipped") is not None:
                    counts["skipped"] += 1
                elif case.find("failure") is not None or case.find("error") is not None:
                    counts["failed"] += 1
                else:
                    counts["passed"] += 1
    return {"wall_s": run.wall_s, "exit_code": run.exit_code, "cpu_s": run.cpu_s, **counts}


def start_up() -> dict:
    ready, healthy = [], []
    for _ in range(STARTS):
        platform = LocalPlatform(LocalPlatformOptions())
        try:
            started = time.monotonic()
            urls = platform.start()
            ready.append(time.monotonic() - started)
            settings = load_settings("local", bench_environ()).for_local_platform(
                urls.auth_url, urls.backend_url, urls.websocket_url, platform.jwt_secret,
                platform.bypass_key)
            check_up(settings)
            healthy.append(time.monotonic() - started)
        finally:
            platform.stop()
    return {"ready_median_s": statistics.median(ready), "ready_min_s": min(ready),
            "ready_max_s": max(ready), "healthy_median_s": statistics.median(healthy),
            "starts": STARTS}


def report(figures: dict) -> str:
    c, s = figures["catalogue"], figures["start_up"]
    verdict = "exit 0" if c["exit_code"] == 0 else f"exit {c['exit_code']} (NOT a clean run)"
    return (f"1a. whole catalogue: {c['wall_s']:.1f} s wall ({c['passed']} scenarios passed, "
            f"{c['failed']} failed, {c['skipped']} skipped; {verdict}; behave and its platforms "
            f"used {c['cpu_s']:.1f} s CPU)\n"
            f"1b. platform start-up: median {s['ready_median_s']:.2f} s to ready "
            f"(min {s['ready_min_s']:.2f}, max {s['ready_max_s']:.2f}), "
            f"{s['healthy_median_s']:.2f} s to both health checks answering; {s['starts']} starts")
