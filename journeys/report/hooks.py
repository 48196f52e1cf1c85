"""Getting evidence and run-level outcomes into the places people read.

- Per step, in the Allure report: what the step sent and received (one
  attachment per channel: "HTTP exchanges", "<who>'s chat transcript",
  "notes"); for a failed step also "why this step failed" (the message with
  its category, the close code and reason, the last frames received); for a
  step that measured service levels, a table and a latency chart.
  In a scenario tagged with one of ``SERVICE_LEVEL_TAGS`` whose steps record
  no measurement of their own (``Evidence.measure``), the table and charts of
  the turns each step asked are made from those turns.
- Per scenario: a plain-text transcript under ``reports/transcripts`` for
  console readers.
- Per run: the results folder emptied (allure-behave never cleans it) with
  the last report's history carried over, the run context
  (``journeys.report.run_context``), and, when the run stops before any scenario
  (environment down, settings wrong), one result in Allure and in JUnit that
  says so, visibly apart from product failures.

Everything here is masked where it is recorded (``journeys.evidence``) and
again where it is written.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
import time
import uuid
from pathlib import Path
from xml.sax.saxutils import quoteattr

from ..run import outcome
from . import skip_reasons
from .charts import latency_chart
from ..errors import SuiteError
from ..evidence import TRANSCRIPT_HEADING, Evidence, Measurement, is_transcript
from ..config.paths import history_dir, reports_dir, results_dir
from .run_context import (platform_versions, write_accepted_differences, write_categories,
                          write_environment, write_executor)
from ..secrets import registry
from ..rules.slo import TurnTiming, summarise
from .summary import WORKER_ENV
from .history import record_run

SERVICE_LEVEL_TAGS = ("service-levels", "many-people")
LAST_FRAMES = 6
FAILED_STATUSES = ("failed", "error", "hook_error")   # behave's: an assertion, any other exception

try:
    import allure
except ImportError:  # allure-behave not installed: the console and transcripts still work
    allure = None


# -- per step ------------------------------------------------------------------
def attach(channels: dict[str, str]) -> None:
    if allure is None:
        return
    for name, text in channels.items():
        if is_transcript(name):
            text = f"{TRANSCRIPT_HEADING}\n{text}"
        allure.attach(text, name=name, attachment_type=allure.attachment_type.TEXT)


def attach_step(context, step) -> None:
    """Everything the step produced, on the step; and why it failed, if it did."""
    evidence: Evidence = context.evidence
    attach(evidence.take_new())
    show_sign_ins(context)
    attach_measurements(evidence.take_new_measurements() or turns_of_this_step(context))
    if _status(step) in FAILED_STATUSES and allure is not None:
        allure.attach(failure_evidence(step, evidence), name="why this step failed",
                      attachment_type=allure.attachment_type.TEXT)


def show_sign_ins(context) -> None:
    """Each person's sign-in mode and chat carrier as test parameters, once each, as they happened.

    Excluded from Allure's history id: the same journey signed in another way is the same test.
    """
    if allure is None or getattr(context, "people", None) is None:
        return
    shown = getattr(context, "sign_ins_shown", set())
    for person in context.people.everyone():
        if person.signed_in_by is None:
            continue
        for what, value in person.sign_in_evidence().items():
            if (person.name, what, value) not in shown:
                allure.dynamic.parameter(f"{person.name}: {what}", value, excluded=True)
                shown.add((person.name, what, value))
    context.sign_ins_shown = shown


def turns_of_this_step(context) -> list[Measurement]:
    """In a service-level or many-people scenario whose steps record no measurement
    themselves: the timings of the turns this step asked."""
    tags = set(getattr(context.scenario, "effective_tags", ()))
    if context.evidence.measurements or not tags & set(SERVICE_LEVEL_TAGS):
        return []
    seen = getattr(context, "turns_charted", set())
    turns = [turn for person in context.people.everyone() for turn in person.turns
             if id(turn) not in seen]
    context.turns_charted = seen | {id(turn) for turn in turns}
    return measured_turns(turns, context.settings)


def failure_evidence(step, evidence: Evidence) -> str:
    """The failure as a reviewer needs it: category, message, close, last frames received."""
    error = getattr(step, "exception", None)
    message = str(error) if error is not None else (getattr(step, "error_message", None) or "")
    lines = [message.strip() or "(no message)", "",
             f"step: {step.keyword} {step.name}", f"failed after {getattr(step, 'duration', 0):.2f} s"]
    code = getattr(error, "code", None)
    if code is not None:
        lines.append(f"connection closed with code {code}, reason {getattr(error, 'reason', '')!r}")
    for channel in evidence.channels():
        if is_transcript(channel):
            received = evidence.lines(channel, last=LAST_FRAMES, direction="received")
            lines += ["", f"last frames received, {channel}:"] + [f"  {line}" for line in received or ["(none)"]]
    return registry.mask("\n".join(lines))


def attach_measurements(measurements: list[Measurement]) -> None:
    """One table for the step's figures, and one latency chart per figure."""
    if allure is None or not measurements:
        return
    allure.attach(service_level_table(measurements), name="service levels (measured)",
                  attachment_type=allure.attachment_type.CSV)
    for m in measurements:
        allure.attach(latency_chart(m.title, m.values_s, m.objective_p95_s),
                      name=f"latency chart: {m.title}", attachment_type=allure.attachment_type.SVG)


def service_level_table(measurements: list[Measurement]) -> str:
    """CSV, which Allure shows as a table: count, p50, p95, max, objective, verdict."""
    rows = ["figure,measured,p50 (s),p95 (s),max (s),objective p95 (s),verdict"]
    for m in measurements:
        s = summarise(m.values_s)
        objective = "-" if m.objective_p95_s is None else f"{m.objective_p95_s:g}"
        verdict = "-" if m.objective_p95_s is None else ("met" if s.p95 < m.objective_p95_s else "missed")
        rows.append(f"{_csv(m.title)},{s.count},{s.p50:.3f},{s.p95:.3f},{s.max:.3f},{objective},{verdict}")
    return "\n".join(rows) + "\n"


# -- per scenario ----------------------------------------------------------------
_RAN = [0]   # scenarios of this run that ran (not skipped): outcome.json's "scenarios_ran"


def finish_scenario(context, scenario) -> None:
    save_transcript(scenario, context.evidence)
    accepted = context.settings.dialect
    if allure is not None and not accepted.strict:
        allure.attach(accepted.describe(), name="contract differences accepted",
                      attachment_type=allure.attachment_type.TEXT)
    if _status(scenario) not in ("skipped", "untested"):
        _RAN[0] += 1
    skip_reasons.record(scenario)


def measured_turns(turns, settings) -> list[Measurement]:
    """First-event and answer times of ``turns``, with the target's objectives."""
    timings = [TurnTiming.from_events(turn.sent_at, turn.events) for turn in turns]
    firsts = [t.first_event_s for t in timings if t.first_event_s is not None]
    answers = [t.answer_s for t in timings if t.answer_s is not None]
    found = []
    if firsts:
        found.append(Measurement("time to the first event", tuple(firsts), settings.slo_first_event_p95_s))
    if answers:
        found.append(Measurement("time to the answer", tuple(answers), settings.slo_answer_p95_s))
    return found


def save_transcript(scenario, evidence: Evidence) -> Path:
    folder = reports_dir() / "transcripts"
    folder.mkdir(parents=True, exist_ok=True)
    slug = re.sub(r"[^a-z0-9]+", "-", f"{scenario.feature.name} {scenario.name}".lower()).strip("-")
    path = folder / f"{slug[:120]}.txt"
    path.write_text(registry.mask(evidence.as_text()) or "(nothing crossed the wire)\n")
    return path


# -- per run ---------------------------------------------------------------------
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
    if history.is_dir():
        shutil.copytree(history, results / "history", dirs_exist_ok=True)
    write_categories(results)
    write_executor(results)


def describe_run(settings, health: dict | None = None) -> None:
    """environment.properties: the target, its URLs and versions, the suite and its tools.
    ``health``: what the target's services answered when it was opened (``Target.health``)."""
    worker = os.environ.get(WORKER_ENV)   # a parallel worker's run-level files are dropped: ask nothing
    versions = platform_versions(settings, health) if settings is not None and not worker else {}
    write_environment(results_dir(), settings, versions)
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


def finish_run(config=None) -> None:
    """This run's count for ``outcome.json``; and a last net: the JUnit files actually written
    (wherever ``--junit-directory`` put them) and the transcripts pass through the mask again.
    A serial run then joins its target's history (a parallel run's runner adds it once merged)."""
    outcome.record_ran(_RAN[0])
    junit = junit_directory(config) if config is not None else reports_dir() / "junit"
    skip_reasons.write_into_junit(junit)
    for folder in (junit, reports_dir() / "transcripts"):
        for path in folder.glob("*.*") if folder.is_dir() else ():
            text = path.read_text(encoding="utf-8", errors="replace")
            masked = registry.mask(text)
            if masked != text:
                path.write_text(masked, encoding="utf-8")
    if config is not None and not os.environ.get(WORKER_ENV):   # the parallel runner records its run
        record_run(reports_dir(), junit)                       # verdicts over time (journeys.report.history)


def _status(step) -> str:
    status = getattr(step, "status", "")
    return getattr(status, "name", str(status))


def _csv(text: str) -> str:
    return '"' + text.replace('"', '""') + '"' if any(c in text for c in ',"\n') else text


def _xml_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
