"""This run's outcome, in this run's reports folder: what ``tasks.py journeys`` turns into an exit status.

Only the standard library, so ``tasks.py`` (outside ``.venv``) and a parallel
runner can read it too. The run writes ``outcome.json`` in its reports folder
(``E2E_REPORTS_DIR``, else ``reports``): when it stops before any scenario
(settings error, environment down) and, at its end, how many scenarios ran.
``clear`` removes it before a run, so an earlier run's file is never read as
this run's.

Exit statuses of ``tasks.py journeys`` (README, "Running the journeys"):

    0  every scenario that ran passed, and at least one ran; or, with E2E_GATE=new-failures,
       every failure was a declared known defect (journeys/config/known_defects.py)
    1  a journey failed, or no scenario ran (the tags or the target matched none)
    3  environment down: the target was unreachable or unhealthy, before the run or during it

One rule, so ``summary.md``, ``outcome.json`` and the exit status always agree: environment
down anywhere in the run (before any scenario, found by the health probes after a failure,
or a scenario that failed for the environment) makes the run's outcome environment down,
status 3, whatever else failed; the summary still lists what did run, and what the outage
cut short reads "not run: environment down" (``journeys/report/environment_down.py``, which
records the third case here once the run's results are written).
    4  settings error: a setting, the target's name, a defect or variant name is wrong
"""

from __future__ import annotations

import json
from pathlib import Path

from ..config.paths import reports_dir
PASSED, FAILED, ENVIRONMENT_DOWN_EXIT, SETTINGS_ERROR_EXIT = 0, 1, 3, 4
NEW_FAILURES_GATE = "new-failures"   # E2E_GATE (journeys.config.settings)
EXIT_BY_CATEGORY = {"environment down": ENVIRONMENT_DOWN_EXIT, "settings error": SETTINGS_ERROR_EXIT}


def outcome_file(environ: dict | None = None) -> Path:
    return reports_dir(environ) / "outcome.json"


def clear(environ: dict | None = None) -> None:
    outcome_file(environ).unlink(missing_ok=True)


def read(environ: dict | None = None) -> dict:
    path = outcome_file(environ)
    try:
        found = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return found if isinstance(found, dict) else {}


def _write(values: dict) -> None:
    path = outcome_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({**read(), **values}, indent=2), encoding="utf-8")


def record_stop(category: str, detail: str) -> None:
    """The run stopped before (or instead of) its scenarios; ``detail`` must already be masked."""
    _write({"outcome": category, "exit_code": EXIT_BY_CATEGORY.get(category, FAILED), "detail": detail})


def record_ran(count: int) -> None:
    """How many scenarios of this run ran (not skipped), written once the run ends."""
    _write({"scenarios_ran": count})


def record_failures(new: int, known: int, gate: str) -> None:
    """Of the run's failures, how many are new and how many declared known defects, and the gate
    the run was told (``E2E_GATE``): what ``exit_status`` reads to pass a run of known failures."""
    _write({"new_failures": new, "known_failures": known, "gate": gate})


def exit_status(behave_code: int, dry_run: bool = False, environ: dict | None = None) -> tuple[int, str]:
    """The run's exit status and, when it differs from behave's, why."""
    found = read(environ)
    stopped = found.get("exit_code")
    if isinstance(stopped, int) and stopped in EXIT_BY_CATEGORY.values():
        return stopped, ""
    if behave_code == 0 and not dry_run and not found.get("scenarios_ran"):
        return FAILED, ("No scenario ran in this run (check the tags, e.g. --tags=@golden-path, "
                        "and the target); counting that as a failure.")
    if behave_code == FAILED and only_known_failures(found):
        return PASSED, (f"Every failure of this run ({found['known_failures']}) is a declared known "
                        f"defect, and E2E_GATE is {NEW_FAILURES_GATE}: exit 0. They are still "
                        "failures in every report.")
    return behave_code, ""


def only_known_failures(found: dict) -> bool:
    """The gate on new failures is open: it was asked for, some failures ran, none of them new."""
    known, new = found.get("known_failures"), found.get("new_failures")
    return (found.get("gate") == NEW_FAILURES_GATE and isinstance(known, int) and known > 0
            and new == 0)
