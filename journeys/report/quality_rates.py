"""Answer quality as a rate in ``summary.md``, beside the service-level percentiles.

A series of questions and a load run both judge every answer they timed, and
record how many were meaningful on the step, in the "answer quality" channel,
one ``<what>: <successes>/<attempts>`` line each (``Rate.describe``; written by
``journeys.capabilities.measurements`` and ``journeys.load.run.publish``). The
summary reads those attachments back from the run's Allure results, never from
memory, and shows each rate with its 95 % Wilson interval.

A rate here is a report, not a verdict, and never flakiness: a journey asked
many times is judged by its rate (``journeys.report.flaky_marks`` is about
connection retries only).
"""

from __future__ import annotations

from pathlib import Path

from ..capabilities.measurements import QUALITY_CHANNEL, answers_meaningful
from .read_back import attachments_named
from ..rules.rates import Rate, parse_rate
from ..secrets import registry

HEADING = "### Answer quality beside the service levels"


def quality_rates(allure: Path) -> list[tuple[str, str, Rate]]:
    """(journey, what, rate) for each "answer quality" line attached in ``allure``'s results."""
    found = []
    for result, source in attachments_named(allure, QUALITY_CHANNEL):
        for line in source.read_text(errors="replace").splitlines():
            what, _, counts = line.rpartition(":")
            try:
                found.append((result.get("name", "?"), what.strip() or "answers", parse_rate(counts)))
            except ValueError:
                continue                # a heading or a line that is not a rate
    return found


def quality_section(allure: Path) -> str:
    """The summary's section; "" when no step of this run judged a series of answers."""
    rates = quality_rates(allure)
    if not rates:
        return ""
    lines = ["", HEADING, "", "| journey | judged | rate |", "|---|---|---|"]
    lines += [f"| {_cell(journey)} | {_cell(what)} | {_cell(answers_meaningful(rate))} |"
              for journey, what, rate in rates]
    return registry.mask("\n".join(lines) + "\n")


def _cell(value) -> str:
    return str(value).replace("|", "\\|").replace("\n", " ")
