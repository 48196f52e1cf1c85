"""Run the whole journey catalogue many times against the embedded platform; count failures.

    .venv/bin/python scripts/stability.py                 # 20 runs of every journey
    .venv/bin/python scripts/stability.py --runs 5 -- --tags="not @slow"

A suite people trust gives the same verdict for the same platform every time. Each
run starts its own reference platform (fresh database, free ports, no defect) and
runs the journeys exactly as ``python3 tasks.py journeys`` does (in parallel workers,
``journeys.parallel.runner``); the script then prints,
for every scenario, how many of the runs it failed in (the target is zero), and
exits 1 when any scenario failed at least once. Each failing run's console and
results are kept under ``reports/stability/run-<n>/``; ``summary.json`` there
holds the figures the README's reliability section quotes.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
import xml.etree.ElementTree as ElementTree
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = ROOT / ".venv" / "bin" / "python"
RUN_DEADLINE_S = 1800


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    out = Path(args.out)
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    failures: Counter[str] = Counter()
    ran: Counter[str] = Counter()
    durations, broken_runs = [], 0
    for number in range(1, args.runs + 1):
        folder = out / f"run-{number}"
        started = time.monotonic()
        code, results = run_once(folder, args.behave_args)
        durations.append(time.monotonic() - started)
        failed_here = [name for name, status in results.items() if status not in ("passed", "skipped")]
        for name, status in results.items():
            if status != "skipped":
                ran[name] += 1
        failures.update(failed_here)
        if code != 0 and not failed_here:
            broken_runs += 1          # the run itself failed (environment down, deadline, crash)
        print(f"run {number:>2}/{args.runs}: exit {code}, {len(results)} scenarios, "
              f"{len(failed_here)} failed, {durations[-1]:.0f} s"
              + (f"  [{', '.join(failed_here)}]" if failed_here else ""), flush=True)
        if code == 0:
            shutil.rmtree(folder, ignore_errors=True)
    summary = {"runs": args.runs, "scenarios": len(ran), "failed_runs_by_scenario": dict(failures),
               "runs_broken_without_a_scenario_failure": broken_runs,
               "total_scenario_failures": sum(failures.values()),
               "scenario_runs": sum(ran.values()),
               "seconds_per_run": {"min": round(min(durations), 1), "max": round(max(durations), 1),
                                   "mean": round(sum(durations) / len(durations), 1)},
               "behave_args": args.behave_args}
    (out / "summary.json").write_text(json.dumps(summary, indent=2))
    print_table(ran, failures, args.runs)
    print(f"\n{summary['total_scenario_failures']} failures in {summary['scenario_runs']} scenario runs "
          f"({len(ran)} scenarios x {args.runs} runs); {broken_runs} runs broken outside any "
          f"scenario; {summary['seconds_per_run']['mean']} s per run. Details: {out}")
    return 0 if not failures and not broken_runs else 1


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="scripts/stability.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=20, help="how many catalogue runs (default 20)")
    parser.add_argument("--out", default=str(ROOT / "reports" / "stability"),
                        help="where each run's results and summary.json go")
    parser.add_argument("behave_args", nargs="*", help="after --: passed to behave (tags, -D ...)")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be 1 or more")
    return args


def run_once(folder: Path, behave_args: list[str]) -> tuple[int, dict[str, str]]:
    folder.mkdir(parents=True)
    python = str(PYTHON if PYTHON.exists() else sys.executable)
    env = {k: v for k, v in os.environ.items() if not k.startswith("E2E_LOCAL_")}
    env["E2E_REPORTS_DIR"] = str(folder)
    command = [python, "-m", "journeys.parallel.runner", "--no-color", "--junit-directory", str(folder / "junit"),
               *behave_args]
    try:
        with open(folder / "console.txt", "w") as console:
            code = subprocess.run(command, cwd=ROOT, env=env, stdout=console, stderr=subprocess.STDOUT,
                                  timeout=RUN_DEADLINE_S).returncode
    except subprocess.TimeoutExpired:
        code = -1
    return code, scenario_statuses(folder / "junit")


def scenario_statuses(junit: Path) -> dict[str, str]:
    """Each scenario's verdict from the run's JUnit files: passed, failed or skipped."""
    found = {}
    for path in sorted(junit.glob("*.xml")):
        for case in ElementTree.parse(path).getroot().iter("testcase"):
            feature = case.get("classname", "").split(".", 1)[-1]
            status = ("skipped" if case.find("skipped") is not None else
                      "failed" if case.find("failure") is not None or case.find("error") is not None
                      else "passed")
            found[f"{feature} / {case.get('name', '').strip()}"] = status
    return found


def print_table(ran: Counter, failures: Counter, runs: int) -> None:
    width = max((len(name) for name in ran), default=10)
    print(f"\n{'scenario'.ljust(width)}  failed runs")
    for name in sorted(ran, key=lambda n: (-failures[n], n)):
        print(f"{name.ljust(width)}  {failures[name]}/{ran[name]}")


if __name__ == "__main__":
    sys.exit(main())
