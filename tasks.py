"""The project's two commands, runnable with nothing but python3.

    python3 tasks.py journeys [behave options]   # the journeys in parallel, against the embedded platform by default
    python3 tasks.py tests [pytest options]      # the project's own tests
    python3 tasks.py load [load options]         # the golden path for many people (--help)
    python3 tasks.py report [report options]     # the last run as one HTML file (--help)
    python3 tasks.py summary [summary options]   # the last run at a glance: reports/summary.md (--help)
    python3 tasks.py history [--baseline RUN_ID | --last N] [--target NAME]   # the latest run against earlier ones

Each makes ``.venv`` and installs ``requirements.txt`` into it when missing or
changed, then runs. ``journeys`` fails when no scenario of this run ran (behave
itself exits 0 when a tag expression matched nothing), exits 3 when the target
was down (unreachable or unhealthy, before or during the run) and 4 when a
setting was wrong (journeys/run/outcome.py). ``history`` exits 1 on a regression (a new failure,
a newly flaky scenario, a significant rate drop, a slower journey) and 2 when there is nothing to
compare (journeys/report/history_compare.py).
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
REQUIREMENTS = ROOT / "requirements.txt"
STAMP = VENV / ".requirements.sha256"
MINIMUM_PYTHON = (3, 11)


def ensure_environment() -> None:
    wanted = hashlib.sha256(REQUIREMENTS.read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text().strip() == wanted:
        return
    if not (BIN / "python").exists():
        print(f"Creating a virtual environment in {VENV} ...", flush=True)
        try:
            venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
        except Exception as error:  # a missing ensurepip gives an unreadable error otherwise
            sys.exit(f"Could not create {VENV}: {error}\n"
                     "On Debian or Ubuntu, install the venv module: apt-get install python3-venv")
    print("Installing requirements.txt into .venv ...", flush=True)
    result = subprocess.run([str(BIN / "python"), "-m", "pip", "install", "--quiet",
                             "--disable-pip-version-check", "-r", str(REQUIREMENTS)])
    if result.returncode != 0:
        sys.exit("Installing requirements.txt failed (see pip's output above); "
                 "check the network or the package index, then run the command again.")
    STAMP.write_text(wanted)


def run(command: list[str]) -> int:
    try:
        return subprocess.run(command, cwd=ROOT).returncode
    except KeyboardInterrupt:
        return 130


def journeys(args: list[str]) -> int:
    """behave, then this run's outcome (journeys/run/outcome.py): 3 environment down, 4 settings
    error, 1 when no scenario of this run ran."""
    from journeys.run import outcome   # standard library only: works outside .venv
    outcome.clear()
    code = run([str(BIN / "python"), "-m", "journeys.parallel.runner", *args])   # behave in parallel workers, minus its noise
    status, why = outcome.exit_status(code, dry_run="--dry-run" in args)
    if why:
        print(why, file=sys.stderr)
    return status


def tests(args: list[str]) -> int:
    # The meta-tests mostly wait on behave runs and platforms, not on the CPU: on two cores,
    # eight workers took the default set to 2 min 28 s here, four to 4 min 33 s, and twelve
    # (the CPU then the limit) to 2 min 39 s.
    parallel = [] if any(a.startswith("-n") for a in args) else ["-n", "8"]
    code = run([str(BIN / "python"), "-m", "pytest", *parallel, *args])
    if code == 5:
        print("pytest collected no test; counting that as a failure.", file=sys.stderr)
    return code


def load(args: list[str]) -> int:
    """The load mode (journeys/load/run.py): exit 1 when a journey failed or an objective was missed."""
    return run([str(BIN / "python"), "-m", "journeys.load", *args])


def report(args: list[str]) -> int:
    """The last run's Allure results as one HTML file (journeys/report/allure_cli.py; --help)."""
    return run([str(BIN / "python"), "-m", "journeys.report.allure_cli", *args])


def summary(args: list[str]) -> int:
    """The last run at a glance: reports/summary.md (journeys/report/summary.py; --help)."""
    return run([str(BIN / "python"), "-m", "journeys.report.summary", *args])


def history(args: list[str]) -> int:
    """The latest run against a baseline or the runs before it (journeys/report/history_compare.py; --help)."""
    return run([str(BIN / "python"), "-m", "journeys.report.history_compare", *args])


COMMANDS = {"journeys": journeys, "tests": tests, "load": load, "report": report, "summary": summary,
            "history": history}


def python_problem(version: tuple = tuple(sys.version_info[:3])) -> str | None:
    """Checked first: an older Python fails later with errors that point elsewhere."""
    if tuple(version[:2]) >= MINIMUM_PYTHON:
        return None
    found = ".".join(str(part) for part in version)
    needed = ".".join(str(part) for part in MINIMUM_PYTHON)
    return (f"settings error: this is Python {found}; the suite needs Python {needed} or newer. "
            f"Run it with a newer python3 (e.g. python3.11 tasks.py ...).")


def main(argv: list[str]) -> int:
    problem = python_problem()
    if problem:
        print(problem, file=sys.stderr)
        return 4
    if not argv or argv[0] not in COMMANDS:
        print(__doc__, file=sys.stderr)
        return 2
    ensure_environment()
    return COMMANDS[argv[0]](argv[1:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
