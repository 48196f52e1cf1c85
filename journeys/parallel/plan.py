"""Which scenarios a parallel run runs, and where (``journeys.parallel.runner``).

The selection is behave's own: a dry run with the person's options lists the
scenarios behave would run (paths, tags, names, ``default_tags`` in
``behave.ini``). Scenarios are the unit, so a long feature does not hold the
run up:

- ``@serial`` (measures the platform under its own load): a behave process each;
  on the local target on a platform of its own, started first since these are
  the longest; on any other target alone, after everything else.
- ``@own-platform`` (arms a fault or restarts the platform): a behave process
  each, on a platform of its own.
- ``@slow`` on the shared platform (waits seconds, for a ticket to expire, a
  limit to reset, a long answer): a behave process each on the shared
  platform, started at once, so a long wait never begins late in the run.
- everything else (``Plan.shared``): on the run's shared platform, taken one
  by one by whichever worker is free (``journeys.parallel.claims``).
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from behave.configuration import OPTIONS, Configuration
from behave.parser import parse_file

from ..errors import SuiteError
from ..config.paths import PROJECT_ROOT

SERIAL, OWN_PLATFORM, SLOW = "serial", "own-platform", "slow"
DRY_RUN_DEADLINE_S = 120
# Options whose output would be written once per worker, or that change what a run is:
# with these the journeys run in one process, as plain behave would run them.
SERIAL_ONLY_OPTIONS = ("-d", "--dry-run", "-o", "--outfile", "--stop",
                       "-w", "--wip", "--rerun", "--steps-catalog", "--lang-list", "--version",
                       "-h", "--help", "--format-help")


@dataclass
class Unit:
    """One behave process: its scenarios' locations and where it runs."""

    locations: list[str]
    platform: str = "own"             # "own" (local target), "shared" (the run's) or "target" (any other)
    alone: bool = False               # after every other unit, with no other unit running
    order: int = 0                    # position of its first scenario in behave's order
    slow: bool = False                # tagged @slow: started before the others
    serial: bool = False              # tagged @serial: before the other slow ones


@dataclass
class Plan:
    options: list[str]                # the person's behave options, without paths
    userdata: dict
    units: list[Unit] = field(default_factory=list)
    shared: list[str] = field(default_factory=list)

    @property
    def scenario_count(self) -> int:
        return sum(len(u.locations) for u in self.units) + len(self.shared)


def serial_reason(args: list[str]) -> str | None:
    """Why these behave options must run in one process, or None."""
    for arg in args:
        name = arg.split("=", 1)[0]
        if name in SERIAL_ONLY_OPTIONS:
            return f"the option {name} is not split across parallel workers"
    return None


def split_options(args: list[str]) -> tuple[list[str], list[str]]:
    """(options, paths), using behave's own table of which options take a value."""
    takes_value = {flag for flags, spec in OPTIONS for flag in flags
                   if spec.get("action") not in ("store_true", "store_false", "store_const",
                                                 "count", "version", "help")
                   and spec.get("nargs") != "?"}
    options, paths, pending = [], [], False
    for arg in args:
        if pending:
            options.append(arg)
            pending = False
        elif arg.startswith("-"):
            options.append(arg)
            pending = "=" not in arg and arg in takes_value
        else:
            paths.append(arg)
    return options, paths


def without_junit_directory(args: list[str]) -> tuple[list[str], str | None]:
    """The args without ``--junit-directory`` (each worker gets its own), and its value."""
    kept, value, index = [], None, 0
    while index < len(args):
        arg = args[index]
        if arg == "--junit-directory" and index + 1 < len(args):
            value, index = args[index + 1], index + 2
            continue
        if arg.startswith("--junit-directory="):
            value = arg.split("=", 1)[1]
        else:
            kept.append(arg)
        index += 1
    return kept, value


def make_plan(args: list[str], behave: list[str], environ: dict, local: bool) -> Plan:
    options, _paths = split_options(args)
    userdata = Configuration(command_args=list(args), load_config=True).userdata
    locations = selected_locations(args, behave, environ)
    tags = effective_tags(locations)
    plan = Plan(options, dict(userdata))
    for order, location in enumerate(locations):
        found = tags.get(location, set())
        if SERIAL in found:
            plan.units.append(Unit([location], "own" if local else "target", not local, order,
                                   SLOW in found, True))
        elif OWN_PLATFORM in found and local:
            plan.units.append(Unit([location], "own", False, order, SLOW in found))
        elif SLOW in found:
            plan.units.append(Unit([location], "shared" if local else "target", False, order, True))
        else:
            plan.shared.append(location)
    plan.units.sort(key=lambda u: (u.alone, not u.slow, not u.serial, u.order))   # slowest first
    return plan


def selected_locations(args: list[str], behave: list[str], environ: dict) -> list[str]:
    """The scenarios behave would run with ``args``, in its order (a dry run, nothing executed)."""
    with tempfile.TemporaryDirectory(prefix="journeys-plan-") as folder:
        out = Path(folder) / "plan.json"
        command = [*behave, "--dry-run", "--no-summary", "--no-color", "-f", "json", "-o", str(out),
                   "--junit-directory", str(Path(folder) / "junit"), *args]
        try:
            done = subprocess.run(command, cwd=PROJECT_ROOT, env=dict(environ, E2E_REPORTS_DIR=folder),
                                  stdin=subprocess.DEVNULL, capture_output=True, text=True,
                                  timeout=DRY_RUN_DEADLINE_S)
        except subprocess.TimeoutExpired:
            raise SuiteError(f"listing the scenarios (behave --dry-run) took over {DRY_RUN_DEADLINE_S} s") from None
        if not out.is_file() or not out.read_text().strip():
            raise SuiteError(f"behave could not list the scenarios for the options {args}: "
                             f"{(done.stderr or done.stdout).strip()[-1500:]}")
        features = json.loads(out.read_text())
    return [element["location"] for feature in features for element in feature.get("elements", [])
            if element.get("type") != "background" and element.get("status") == "untested"]


def effective_tags(locations: list[str]) -> dict[str, set[str]]:
    """Each scenario's tags with its feature's and Rule's (the dry run's JSON has only its own)."""
    found: dict[str, set[str]] = {}
    for path in sorted({location.rsplit(":", 1)[0] for location in locations}):
        feature = parse_file(str(PROJECT_ROOT / path))
        for scenario in feature.walk_scenarios() if feature else ():
            line = str(scenario.location).rsplit(":", 1)[1]
            found[f"{path}:{line}"] = set(scenario.effective_tags)
    return found


def _main() -> None:   # python -m journeys.parallel.plan [behave options]: print the plan
    behave = [sys.executable, "-m", "behave"]
    import os
    plan = make_plan(sys.argv[1:], behave, dict(os.environ), True)
    for unit in plan.units:
        print(unit)
    print(f"shared: {plan.shared}")


if __name__ == "__main__":
    _main()
