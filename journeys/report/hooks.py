"""Getting evidence and run-level outcomes into the places people read.

- Per step, in the Allure report: what the step sent and received (one
  attachment per channel: "HTTP exchanges", "<who>'s chat transcript",
  "notes"); for a failed step also "why this step failed" (the message with
  its category, the close code and reason, the last frames received); for a
  step that measured service levels, a table and a latency chart; for a step that
  measured a rate ("9/10, at least 9 of 10"), a parameter and an attachment "rate: <what>"
  with its 95 % interval and every attempt.
  In a scenario tagged with one of ``SERVICE_LEVEL_TAGS`` whose steps record
  no measurement of their own (``Evidence.measure``), the table and charts of
  the turns each step asked are made from those turns.
- Per scenario: a plain-text transcript under ``reports/transcripts`` for
  console readers; the contract differences the target accepts; and, when
  its chat connections were retried (``Evidence.retries``), the ``flaky`` tag
  with a "connection retries" attachment and a ``FLAKY:`` line on the console,
  and the retries kept on behave's scenario for JUnit, Allure's flaky flag and
  the summary (``journeys.report.flaky_marks``);
  its end counted in the run's record (``RunTally``); the findings its
  premises went past kept for the run's report (``journeys.report.run_findings``);
  its rates on behave's scenario (``scenario.rates``), which
  ``journeys.report.rate_properties`` writes into JUnit.
- Per run: ``journeys.report.run_files``.

This is where a scenario's evidence becomes attachments: the wire, the
capabilities and the run only record into ``journeys.evidence`` (records,
measurements, retries), and nothing else writes a report format. Everything
here is masked where it is recorded and again where it is written.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from ..config.paths import reports_dir
from ..evidence import TRANSCRIPT_HEADING, Evidence, is_transcript
from ..records import Measurement, RateRecord, Retry, RunTally
from ..rules.slo import TurnTiming, summarise
from ..secrets import registry
from . import flaky_marks
from .charts import latency_chart
from .run_findings import record_findings

SERVICE_LEVEL_TAGS = ("service-levels", "many-people")
LAST_FRAMES = 6
FAILED_STATUSES = ("failed", "error", "hook_error")   # behave's: an assertion, any other exception
FLAKY_TAG = "flaky"

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
    attach_rates(evidence.take_new_rates())
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


def attach_rates(rates: list[RateRecord]) -> None:
    """Each rate the step measured: a parameter "rate: <what>" and an attachment with every attempt."""
    if allure is None:
        return
    for rate in rates:
        allure.dynamic.parameter(f"rate: {rate.what}", rate.described, excluded=True)   # not part of the history id
        allure.attach(registry.mask(rate_text(rate)), name=f"rate: {rate.what}",
                      attachment_type=allure.attachment_type.TEXT)


def rate_text(rate: RateRecord) -> str:
    """The rate as a reviewer reads it: the figure, its 95 % interval and threshold, each attempt."""
    return "\n".join([f"{rate.what}: {rate.described}", rate.sentence, "", *rate.attempts]) + "\n"


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
def finish_scenario(context, scenario) -> None:
    """The scenario's transcript, the differences its target accepts, its retries; its end
    counted in the run's record (``context.run_record``, made in ``before_all``)."""
    save_transcript(scenario, context.evidence)
    accepted = context.settings.dialect
    if allure is not None and not accepted.strict:
        allure.attach(accepted.describe(), name="contract differences accepted",
                      attachment_type=allure.attachment_type.TEXT)
    mark_flaky(scenario, context.evidence.retries)
    keep_findings(scenario, context.evidence)
    scenario.rates = {rate.what: rate.described for rate in context.evidence.rates}   # into JUnit at the end
    record: RunTally | None = getattr(context, "run_record", None)
    if record is not None:
        record.scenario_ended(_status(scenario))


def keep_findings(scenario, evidence: Evidence) -> None:
    """What the scenario's premises went past, kept for the run's one report of each
    (``journeys.report.run_findings``)."""
    record_findings(reports_dir(), scenario.feature.name, scenario.name, evidence.findings)


def mark_flaky(scenario, made: list[Retry]) -> None:
    """A scenario whose chat connections were retried: tagged ``flaky`` in Allure with the
    reasons attached, and a line on the console that names it."""
    if not made:
        return
    reasons = "; ".join(retry.describe() for retry in made)
    flaky_marks.keep_on_scenario(scenario, [retry.describe() for retry in made])   # JUnit, Allure's flag, summary
    # The real stderr: behave captures hook output and shows it only for failures.
    print(f"FLAKY: scenario '{scenario.name}' needed {len(made)} connection "
          f"retr{'y' if len(made) == 1 else 'ies'}: {reasons}", file=sys.__stderr__, flush=True)
    if allure is not None:
        allure.dynamic.tag(FLAKY_TAG)   # journeys.report.formatters.JourneyListener.add_label
        allure.attach("\n".join(retry.describe() for retry in made), name="connection retries",
                      attachment_type=allure.attachment_type.TEXT)


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


def _status(step) -> str:
    status = getattr(step, "status", "")
    return getattr(status, "name", str(status))


def _csv(text: str) -> str:
    return '"' + text.replace('"', '""') + '"' if any(c in text for c in ',"\n') else text
