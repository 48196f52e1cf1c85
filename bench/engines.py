"""Figure 4: the same load driven by Locust (one process) and by the suite's load mode.

Each engine runs as its own child process against its own fresh platform (started by this
process, so the platform's CPU is not counted), with the same people, ramp and settings:
N people sign in, then each runs the golden path once with every check. CPU is the driver's
user + system time from ``wait4`` (start-up and imports included, for both). Figure:
journeys per CPU-second for each, and Locust's divided by the load mode's.
"""

from __future__ import annotations

import json
import re
import sys
import tempfile
from pathlib import Path

from common import ROOT, local_platform, run_child, target_environment

PEOPLE = 300
RAMP_S = 2.0
DEADLINE_S = 300


def suite_engine(people: int) -> dict:
    with local_platform() as (settings, _platform), tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "report.json"
        run = run_child([sys.executable, "-m", "journeys.load", "--people", str(people),
                         "--ramp-s", str(RAMP_S), "--quiet", "--json", str(out)],
                        target_environment(settings), DEADLINE_S)
        passed = json.loads(out.read_text())["passed_journeys"] if out.exists() else 0
    return _figures("load mode", run, passed)


def locust_engine(people: int) -> dict:
    with local_platform() as (settings, _platform):
        run = run_child([sys.executable, "-m", "locust", "-f", str(ROOT / "locustfile.py"),
                         "--headless", "-u", str(people), "-r", f"{people / RAMP_S:.2f}",
                         "-t", f"{DEADLINE_S - 30}s", "--only-summary", "--loglevel", "WARNING"],
                        target_environment(settings), DEADLINE_S)
    row = re.search(r"^journey\s+(\d+)\s+(\d+)\s", run.output, re.MULTILINE)
    passed = int(row.group(1)) - int(row.group(2)) if row else 0
    return _figures("Locust", run, passed)


def engines(people: int = PEOPLE) -> dict:
    suite = suite_engine(people)
    locust = locust_engine(people)
    ratio = (locust["per_cpu_s"] / suite["per_cpu_s"]) if suite["per_cpu_s"] else 0.0
    return {"people": people, "ramp_s": RAMP_S, "suite": suite, "locust": locust, "ratio": ratio}


def report(f: dict) -> str:
    s, l = f["suite"], f["locust"]
    return (f"4.  Locust (one process) / load mode, journeys per CPU-second: ratio {f['ratio']:.3f} "
            f"(Locust {l['passed']} journeys on {l['cpu_s']:.1f} CPU-s = {l['per_cpu_s']:.1f}/CPU-s, "
            f"exit {l['exit_code']}; load mode {s['passed']} journeys on {s['cpu_s']:.1f} CPU-s = "
            f"{s['per_cpu_s']:.1f}/CPU-s, exit {s['exit_code']}; {f['people']} people, ramp "
            f"{f['ramp_s']:.0f} s)")


def _figures(name: str, run, passed: int) -> dict:
    if run.exit_code != 0:
        print(f"    {name} exited {run.exit_code}; its output ends:\n{run.output[-2000:]}", flush=True)
    return {"passed": passed, "cpu_s": run.cpu_s, "wall_s": run.wall_s, "exit_code": run.exit_code,
            "per_cpu_s": passed / run.cpu_s if run.cpu_s else 0.0}
