"""Verdicts over time: every run's scenarios, appended to one history file per target.

One verdict says little when answers come from a model: a scenario that flips between runs, a
rate that slid from 10/10 to 6/10, a journey that got twice as slow are only visible across runs.
So at the end of every run (``journeys.report.hooks.finish_run`` for a serial run, the parallel
runner once its workers' JUnit is merged) each scenario's verdict, failure category (the
summary's: the words before the first ``:`` of its message), duration and rates are read from
the run's own JUnit and appended to ``<history dir>/<target>.jsonl``, one JSON line per run::

    {"run_id": "20261207-034512", "target": "local", "finished_at": "2026-12-07T03:45:12Z",
     "scenarios": {"<feature> / <scenario>": {"verdict": "failed", "category": "product defect",
                   "duration_s": 1.234, "rates": {"meaningful answers": "6/10, at least 9 of 10"}}}}

- Where: ``E2E_HISTORY_DIR`` (relative to the project; environment > ``config/<target>.env``),
  else ``<reports folder>/verdict-history`` (beside ``allure-history``, which CI already keeps).
- Rates: a scenario that measured one gives it as a JUnit property of its test case,
  ``<property name="rate: <what>" value="9/10, at least 9 of 10"/>`` (``Rate.describe``);
  a plain ``rate`` property is named "rate".
- Bounded: the last ``MAX_RUNS`` runs of a target are kept; older lines are dropped.
- Never half-written: the new file is written beside the old one, flushed to disk, and renamed
  over it (``os.replace``, atomic), so Ctrl-C leaves the old history or the new one, whole.
- A run that stopped before any scenario (environment down, a settings error, a dry run) is not
  recorded: it says nothing about the product either way.

``journeys.report.history_compare`` reads it back (``python3 tasks.py history``).
"""

from __future__ import annotations

import json
import os
import re
import sys
import time
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass, field
from pathlib import Path

from ..config.paths import PROJECT_ROOT
from ..config.settings import choose_target, history_dir_setting
from ..errors import category_of
from ..rules.rates import Rate, parse_rate
from ..secrets import registry

MAX_RUNS = 100                    # per target: about a quarter's nightly runs, a few MB at most
FOLDER = "verdict-history"
RATE_PROPERTY = "rate"
STOPPED_BEFORE_ANY = "before any journey"   # journeys.report.hooks.record_stopped_run's suite
PASSED, FAILED, SKIPPED = "passed", "failed", "skipped"


@dataclass(frozen=True)
class ScenarioRecord:
    verdict: str
    category: str | None = None
    duration_s: float = 0.0
    rates: dict[str, Rate] = field(default_factory=dict)

    def to_json(self) -> dict:
        data: dict = {"verdict": self.verdict, "duration_s": round(self.duration_s, 3)}
        if self.category:
            data["category"] = self.category
        if self.rates:
            data["rates"] = {what: rate.describe() for what, rate in self.rates.items()}
        return data

    @classmethod
    def from_json(cls, data: dict) -> "ScenarioRecord":
        rates = {what: parse_rate(text) for what, text in (data.get("rates") or {}).items()}
        return cls(str(data["verdict"]), data.get("category"), float(data.get("duration_s", 0.0)), rates)


@dataclass(frozen=True)
class RunRecord:
    run_id: str
    target: str
    finished_at: str
    scenarios: dict[str, ScenarioRecord]

    def to_line(self) -> str:
        return json.dumps({"run_id": self.run_id, "target": self.target, "finished_at": self.finished_at,
                           "scenarios": {k: s.to_json() for k, s in self.scenarios.items()}},
                          ensure_ascii=False) + "\n"

    @classmethod
    def from_line(cls, line: str) -> "RunRecord":
        data = json.loads(line)
        scenarios = {str(k): ScenarioRecord.from_json(v) for k, v in data["scenarios"].items()}
        return cls(str(data["run_id"]), str(data["target"]), str(data.get("finished_at", "")), scenarios)

    def same_results(self, other: "RunRecord") -> bool:
        """The same run read twice (its JUnit is the same): the summary finds this run in the history."""
        return {k: s.to_json() for k, s in self.scenarios.items()} == \
            {k: s.to_json() for k, s in other.scenarios.items()}

    @property
    def ran(self) -> int:
        return sum(1 for s in self.scenarios.values() if s.verdict != SKIPPED)


def read_run(junit: Path, target: str, now: float | None = None) -> RunRecord:
    """This run's scenarios from its JUnit files; an unreadable file is left out (the summary
    already reports it as a suite defect)."""
    scenarios: dict[str, ScenarioRecord] = {}
    for path in sorted(junit.glob("*.xml")) if junit.is_dir() else ():
        try:
            cases = list(ElementTree.parse(path).getroot().iter("testcase"))
        except ElementTree.ParseError:
            continue
        for case in cases:
            if case.get("classname", "").strip() == STOPPED_BEFORE_ANY:
                continue
            key = scenario_id(case)
            while key in scenarios:            # two scenarios of one name: both kept
                key += " (again)"
            scenarios[key] = scenario_of(case)
    when = time.gmtime(time.time() if now is None else now)
    return RunRecord(time.strftime("%Y%m%d-%H%M%S", when), target,
                     time.strftime("%Y-%m-%dT%H:%M:%SZ", when), scenarios)


def scenario_id(case) -> str:
    classname = case.get("classname", "")
    feature = classname.rsplit(".", 1)[-1] if "." in classname else classname
    return registry.mask(f"{feature.strip()} / {case.get('name', '?').strip()}")


def scenario_of(case) -> ScenarioRecord:
    problem = case.find("failure")
    if problem is None:
        problem = case.find("error")
    try:
        duration = float(case.get("time") or 0.0)
    except ValueError:
        duration = 0.0
    rates = {}
    for prop in case.iter("property"):
        name = (prop.get("name") or "").strip()
        if name == RATE_PROPERTY or name.startswith(RATE_PROPERTY + ":"):
            try:
                rates[name.partition(":")[2].strip() or RATE_PROPERTY] = parse_rate(prop.get("value", ""))
            except ValueError:
                continue                        # not a rate this history can compare
    if problem is not None:
        message = problem.get("message") or (problem.text or "")
        return ScenarioRecord(FAILED, category_of(message), duration, rates)
    verdict = SKIPPED if case.find("skipped") is not None else PASSED
    return ScenarioRecord(verdict, None, duration, rates)


def history_file(target: str, reports: Path, environ: dict | None = None) -> Path:
    """``<E2E_HISTORY_DIR or <reports>/verdict-history>/<target>.jsonl``."""
    chosen = history_dir_setting(target, environ)
    folder = PROJECT_ROOT / chosen if chosen else reports / FOLDER
    return folder / f"{re.sub(r'[^A-Za-z0-9_-]', '_', target) or 'unnamed'}.jsonl"


def load_runs(path: Path) -> tuple[list[RunRecord], int]:
    """The recorded runs, oldest first, and how many lines could not be read (left out)."""
    runs, unreadable = [], 0
    if not path.is_file():
        return runs, unreadable
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        if not line.strip():
            continue
        try:
            runs.append(RunRecord.from_line(line))
        except (ValueError, KeyError, TypeError, AttributeError):
            unreadable += 1
    return runs, unreadable


def append_run(path: Path, run: RunRecord, keep: int = MAX_RUNS) -> RunRecord:
    """Add ``run`` (its id made unique in the file), keeping the last ``keep`` runs; the file is
    replaced whole, atomically, so an interrupted append leaves the previous history intact."""
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True) if path.is_file() else []
    lines = [line if line.endswith("\n") else line + "\n" for line in lines if line.strip()]
    taken = {_run_id_of(line) for line in lines}
    run_id, n = run.run_id, 1
    while run_id in taken:
        n += 1
        run_id = f"{run.run_id}-{n}"
    run = RunRecord(run_id, run.target, run.finished_at, run.scenarios)
    lines = (lines + [run.to_line()])[-keep:]
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(temporary, "w", encoding="utf-8") as out:
            out.writelines(lines)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:                       # Ctrl-C included: no stray half file is left
        temporary.unlink(missing_ok=True)
        raise
    return run


def run_target(reports: Path) -> str:
    """The run's target as its report says (``environment.properties``), else as chosen now."""
    properties = reports / "allure-results" / "environment.properties"
    if properties.is_file():
        for line in properties.read_text(errors="replace").splitlines():
            if line.startswith("target=") and line.split("=", 1)[1].strip():
                return line.split("=", 1)[1].strip()
    return choose_target()


def record_run(reports: Path, junit: Path) -> Path | None:
    """The end of a run: append it to its target's history. A history that cannot be written is
    said on the console and does not change the run's verdict (it judges nothing)."""
    target = run_target(reports)
    run = read_run(junit, target)
    if not run.ran:
        return None
    path = history_file(target, reports)
    try:
        append_run(path, run)
    except OSError as error:
        print(f"suite defect: the run was not added to its history {path}: {error}", file=sys.stderr)
        return None
    return path


def _run_id_of(line: str) -> str | None:
    try:
        return str(json.loads(line).get("run_id"))
    except (ValueError, AttributeError):
        return None
