"""The catalogue serial and in parallel, at the default pace and at E2E_LOCAL_PAUSE_MS=300.

    python3 bench/parallel.py            # about seven minutes on two cores

Each run is ``python3 tasks.py journeys`` as a person runs it (``journeys.parallel.runner``,
default settings), once with ``E2E_WORKERS=1`` (plain behave, one scenario after another)
and once with the default worker count, into a temporary folder. It prints, all measured
in this run: the wall times, the worker count, serial / parallel, and parallel wall time /
the longest single scenario (JUnit's time of the slowest test case of the same run, and of
the serial run, where no other scenario competed with it). Then the catalogue in parallel
against a platform that answers no question (``E2E_LOCAL_DEFECTS=no-reply``): how long a
broken platform takes to be reported. Figures are printed only for runs whose JUnit files
hold scenarios; a run that did not pass says so on its line.
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
import xml.etree.ElementTree as ElementTree
from pathlib import Path

DEADLINE_S = 900
PACES = (None, 300)
NO_REPLY, NO_REPLY_GOAL_S = "no-reply", 60


def one_run(workers: int | None, pause_ms: int | None, defects: str | None = None) -> dict:
    from common import ROOT, bench_environ, run_child
    with tempfile.TemporaryDirectory(prefix="bench-parallel-") as folder:
        extra = {"E2E_REPORTS_DIR": folder}
        if workers is not None:
            extra["E2E_WORKERS"] = str(workers)
        if pause_ms is not None:
            extra["E2E_LOCAL_PAUSE_MS"] = str(pause_ms)
        if defects is not None:
            extra["E2E_LOCAL_DEFECTS"] = defects
        command = [str(ROOT / ".venv" / "bin" / "python"), "-m", "journeys.parallel.runner", "--no-color",
                   "--junit-directory", str(Path(folder) / "junit")]
        run = run_child(command, bench_environ(extra), DEADLINE_S)
        cases = [case for path in (Path(folder) / "junit").glob("*.xml")
                 for case in ElementTree.parse(path).getroot().iter("testcase")]
    failed = sum(1 for c in cases if c.find("failure") is not None or c.find("error") is not None)
    found = re.search(r"with (\d+) parallel workers", run.output)
    return {"wall_s": run.wall_s, "exit_code": run.exit_code, "scenarios": len(cases), "failed": failed,
            "longest_s": max((float(c.get("time", "0")) for c in cases), default=0.0),
            "workers": int(found.group(1)) if found else 1, "cpu_s": run.cpu_s}


def describe(run: dict, expected_exit: int = 0) -> str:
    verdict = f"exit {run['exit_code']}" + ("" if run["exit_code"] == expected_exit else ", NOT as expected")
    return (f"{run['wall_s']:.1f} s ({run['scenarios']} scenarios, {run['failed']} failed, {verdict}; "
            f"{run['workers']} worker{'s' if run['workers'] > 1 else ''}; longest scenario "
            f"{run['longest_s']:.1f} s; {run['cpu_s']:.1f} s CPU)")


def main() -> int:
    from common import machine
    print(f"Machine: {machine()}", flush=True)
    for pause in PACES:
        label = "default pace" if pause is None else f"E2E_LOCAL_PAUSE_MS={pause}"
        serial, parallel = one_run(1, pause), one_run(None, pause)
        if not serial["scenarios"] or not parallel["scenarios"]:
            print(f"{label}: no scenario ran (serial exit {serial['exit_code']}, parallel exit "
                  f"{parallel['exit_code']}); no figure", flush=True)
            continue
        print(f"{label}:\n"
              f"  serial   {describe(serial)}\n"
              f"  parallel {describe(parallel)}\n"
              f"  serial / parallel wall time: {serial['wall_s'] / parallel['wall_s']:.2f}\n"
              f"  parallel wall time / longest scenario of the same run: "
              f"{parallel['wall_s'] / parallel['longest_s']:.2f}; / longest scenario of the serial run: "
              f"{parallel['wall_s'] / serial['longest_s']:.2f}", flush=True)
    broken = one_run(None, None, NO_REPLY)
    print(f"E2E_LOCAL_DEFECTS={NO_REPLY} (the platform answers no question), parallel:\n"
          f"  {describe(broken, expected_exit=1)}\n  goal: every question-asking scenario fails within "
          f"{NO_REPLY_GOAL_S} s: {'met' if broken['wall_s'] < NO_REPLY_GOAL_S else 'NOT met'} "
          f"(which scenarios fail: tests/meta/test_catalogue_no_reply.py)", flush=True)
    return 0


def _inside_venv() -> None:
    """Re-run this script with .venv's python (made or refreshed by tasks.py) unless already there."""
    root = Path(__file__).resolve().parent.parent
    if Path(sys.prefix).resolve() == (root / ".venv").resolve():
        return
    sys.path.insert(0, str(root))
    import tasks
    tasks.ensure_environment()
    python = str(root / ".venv" / "bin" / "python")
    os.execv(python, [python, str(Path(__file__).resolve()), *sys.argv[1:]])


if __name__ == "__main__":
    _inside_venv()
    sys.exit(main())
