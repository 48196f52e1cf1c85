"""What a run leaves besides its scenarios' results: the per-run files and outcomes.

- Before the run: the results folder emptied (allure-behave never cleans it)
  with the last report's history carried over, ``categories.json`` and
  ``executor.json`` (``prepare_reports``); once the target is open, the run's
  context (``describe_run``: ``environment.properties`` with the platform
  versions the run recorded, and the accepted contract differences).
- A run stopped before any scenario (environment down, settings wrong): one
  result in Allure and in JUnit that says so, visibly apart from product
  failures (``stop_run``, ``record_stop``).
- After the run (``finish_run``): how many scenarios ran (``outcome.json``),
  environment down anywhere as the run's outcome and what it cut short as
  "not run: environment down" (``journeys.report.environment_down``), each
  skipped scenario's reason in JUnit, each retried scenario's retries and
  flaky mark in JUnit (``journeys.report.flaky_marks``), the run in its
  target's verdict history with its deltas on the Allure results
  (``record_history``), and the mask again over JUnit and the transcripts.

Per step and per scenario: ``journeys.report.hooks``.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import time
import uuid
from pathlib import Path
from xml.sax.saxutils import quoteattr

from ..config.paths import history_dir, reports_dir, results_dir
from ..errors import SuiteError
from ..records import RunTally
from ..run import outcome
from ..secrets import registry
from . import environment_down, flaky_marks, rate_properties, skip_reasons
from .run_context import write_accepted_differences, write_categories, write_environment, write_executor
from .allure_deltas import mark_deltas
from .history import record_run
from .known_failures import mark_known_defects
from .run_findings import FINDINGS_FILE
from .summary import WORKER_ENV


def prepare_reports() -> None:
    """Empty what earlier runs left (not the folders), carry the trend history over.

    Parallel processes may all do this at once: whatever another one
    already removed or copied is simply taken as done.
    """
    reports, results, history = reports_dir(), results_dir(), history_dir()
    for folder in ("allure-results", "junit", "transcripts"):
        path = reports / folder
        path.mkdir(parents=True, exist_ok=True)
        for item in path.iterdir():
            try:
                shutil.rmtree(item) if item.is_dir() else item.unlink()
            except FileNotFoundError:
                pass
    outcome.clear()
    (reports / "summary.md").unlink(missing_ok=True)   # never last run's (journeys/report/summary.py)
    (reports / FINDINGS_FILE).unlink(missing_ok=True)  # nor its findings (journeys/report/run_findings.py)
    if history.is_dir():
        shutil.copytree(history, results / "history", dirs_exist_ok=True)
    write_categories(results)
    write_executor(results)


def describe_run(settings, versions: dict[str, str] | None = None) -> None:
    """environment.properties: the target, its URLs and versions, the suite and its tools.
    ``versions``: what the platform said about itself as the run opened the target
    (``journeys.run.target.Target.versions``), rendered as recorded."""
    worker = os.environ.get(WORKER_ENV)   # a parallel worker's run-level files are dropped
    write_environment(results_dir(), settings, versions if settings is not None and not worker else {})
    write_accepted_differences(reports_dir(), settings)
    if settings is not None and not worker:   # the parallel runner says it once for the run
        print(settings.dialect.describe(), flush=True)


def stop_run(context, error: SuiteError, settings=None) -> None:
    """One readable message, no traceback, no scenario; and a result that says why.
    ``settings``: the run's as far as they were read (None when they were the problem)."""
    banner = error.category.upper()
    print(f"\n{banner}: {registry.mask(error.detail)}\n", file=sys.stderr, flush=True)
    record_stop(error, junit_directory(context.config), settings)
    context.run_stopped_by = error
    context.abort(reason=banner)


def record_stop(error: SuiteError, junit: Path, settings) -> None:
    """What a run stopped before its scenarios leaves (serial, or the parallel runner): the
    environment as far as it was read (``settings`` None when they were the problem), the
    accepted differences, one result, the outcome."""
    write_environment(results_dir(), settings)
    write_accepted_differences(reports_dir(), settings)
    record_stopped_run(error, junit)
    outcome.record_stop(error.category, registry.mask(str(error)))


def record_stopped_run(error: SuiteError, junit_directory: Path) -> None:
    """The run's only result: 'broken' in Allure under its category, an error in JUnit."""
    name = "the environment is up and healthy" if error.category == "environment down" \
        else "the run's settings are valid"
    message = registry.mask(str(error))
    now_ms = int(time.time() * 1000)
    result = {
        "uuid": str(uuid.uuid4()), "historyId": f"run-{error.category}", "name": name,
        "fullName": f"Before any journey: {name}", "status": "broken", "stage": "finished",
        "statusDetails": {"message": message}, "start": now_ms, "stop": now_ms,
        "description": "The run stopped before any scenario. This says nothing about the product "
                       "either way: no journey was tried.",
        "labels": [{"name": "epic", "value": "Before any journey"},
                   {"name": "feature", "value": "The run's target"},
                   {"name": "suite", "value": "Before any journey"},
                   {"name": "severity", "value": "blocker"},
                   {"name": "tag", "value": error.category.replace(" ", "-")},
                   {"name": "framework", "value": "behave"}]}
    results = results_dir()
    results.mkdir(parents=True, exist_ok=True)
    (results / f"{result['uuid']}-result.json").write_text(json.dumps(result, indent=2))
    junit_directory.mkdir(parents=True, exist_ok=True)
    (junit_directory / "TESTS-before-any-journey.xml").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<testsuite name="before any journey" tests="1" errors="1" failures="0" skipped="0" time="0">\n'
        f'  <testcase classname="before any journey" name={quoteattr(name)} status="error" time="0">\n'
        f'    <error type={quoteattr(error.category)} message={quoteattr(message)}>'
        f'{_xml_text(message)}</error>\n'
        '  </testcase>\n</testsuite>\n')


def junit_directory(config) -> Path:
    """JUnit goes to this run's reports folder, unless ``--junit-directory`` named another.

    behave.ini names none, so behave's own default ("reports") means "not chosen".
    """
    if config.junit_directory in (None, "", "reports"):
        config.junit_directory = str(reports_dir() / "junit")
    return Path(config.junit_directory)


def finish_run(config=None, record: RunTally | None = None, features=(), settings=None) -> None:
    """This run's count for ``outcome.json`` (``record``, when the run kept one); each skipped
    scenario's reason into JUnit, read from the run's ``features``; and a last net: the JUnit
    files actually written (wherever ``--junit-directory`` put them) and the transcripts pass
    through the mask again. A serial run then marks its failures that are declared known defects
    (``settings``, when the run read them) and joins its target's history (a parallel run's
    runner does both once merged)."""
    if record is not None:
        outcome.record_ran(record.scenarios_ran)
    junit = junit_directory(config) if config is not None else reports_dir() / "junit"
    settle_environment_down(junit, agree=config is not None and not os.environ.get(WORKER_ENV))
    scenarios = skip_reasons.scenarios_of(features)
    skip_reasons.write_into_junit(junit, scenarios)
    flaky_marks.write_into_junit(junit, scenarios)       # passed after a connection retry
    rate_properties.write_into_junit(junit, scenarios)      # read back by the history below
    for folder in (junit, reports_dir() / "transcripts"):
        for path in folder.glob("*.*") if folder.is_dir() else ():
            text = path.read_text(encoding="utf-8", errors="replace")
            masked = registry.mask(text)
            if masked != text:
                path.write_text(masked, encoding="utf-8")
    if config is not None and not os.environ.get(WORKER_ENV):   # the parallel runner records its run
        mark_known_defects(reports_dir(), junit, settings, out=sys.__stdout__)   # behave captures hooks' output
        record_history(reports_dir(), junit)


def record_history(reports: Path, junit: Path) -> None:
    """Verdicts over time: the run joins its target's history (``journeys.report.history``), and
    what changed since the runs before it is marked on its Allure results
    (``journeys.report.allure_deltas``). Once per run: serial at its end, parallel once merged."""
    if record_run(reports, junit) is not None:
        mark_deltas(reports, junit)


def settle_environment_down(junit: Path, agree: bool) -> None:
    """``agree`` (a serial run; a parallel run's runner does it once merged): environment down
    in any scenario is the run's outcome (``journeys.report.environment_down``); then, when the
    run's environment was down, what it cut short reads "not run: environment down"."""
    if agree:
        environment_down.agree(reports_dir(), junit)
    detail = environment_down.went_down()
    if detail is not None:
        environment_down.mark_not_run(junit, results_dir(), detail)


def _xml_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
