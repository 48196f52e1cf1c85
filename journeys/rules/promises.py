"""The promise's numbers, as the feature states them, and how a target may relax them.

A product owner reads "within 1 second" and "95 of every 100 answers within 2
seconds" in the feature; those numbers are the checks. A target may relax a
time only through its declared setting (``E2E_SLO_FIRST_EVENT_P95_S`` for the
assistant starting, ``E2E_SLO_ANSWER_P95_S`` for the whole answer): a value
other than the setting's default that is looser than the feature's number is a
relaxation, and every message and report shows it beside the promise. A
setting can never tighten or silently replace the feature's number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..errors import SuiteError
from ..plurals import plural

FIRST_EVENT = "first event"
ANSWER = "answer"
SETTINGS = {FIRST_EVENT: ("E2E_SLO_FIRST_EVENT_P95_S", "slo_first_event_p95_s", 1.0),
            ANSWER: ("E2E_SLO_ANSWER_P95_S", "slo_answer_p95_s", 2.0)}
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(seconds?|milliseconds?)\s*$")


def seconds_in(text: str) -> float:
    """"1 second", "2 seconds", "500 milliseconds" -> seconds; anything else is a suite defect."""
    found = _DURATION.match(text)
    if not found:
        raise SuiteError(f"the feature says {text!r} where a duration belongs; write it as "
                         f"'1 second', '2 seconds' or '500 milliseconds'")
    value = float(found.group(1))
    return value / 1000 if found.group(2).startswith("milli") else value


@dataclass(frozen=True)
class Promise:
    figure: str
    promised_s: float
    limit_s: float
    share: int = 100                     # of every 100 answers, how many must keep it
    relaxed_by: str | None = None        # "E2E_SLO_ANSWER_P95_S=3 (target 'staging')"

    def describe(self) -> str:
        share = "" if self.share == 100 else f"{self.share} of every 100 "
        text = f"{share}within {_words(self.promised_s)}"
        if self.relaxed_by:
            text += f" (relaxed to {_words(self.limit_s)} by {self.relaxed_by})"
        return text


def promise(settings, figure: str, promised_s: float, share: int = 100) -> Promise:
    """The feature's number, unless the target's declared setting relaxes it."""
    if figure not in SETTINGS:
        raise SuiteError(f"no promise about {figure!r}; known: {', '.join(SETTINGS)}")
    if not 0 < share <= 100:
        raise SuiteError(f"the feature promises {share} of every 100 answers; expected 1 to 100")
    name, attribute, default = SETTINGS[figure]
    setting = getattr(settings, attribute)
    if setting != default and setting > promised_s:
        return Promise(figure, promised_s, setting, share,
                       f"{name}={setting:g} (target '{settings.target}')")
    return Promise(figure, promised_s, promised_s, share)


def _words(seconds: float) -> str:
    if seconds < 1:
        return f"{seconds * 1000:g} milliseconds"
    return f"{seconds:g} {plural(seconds, 'second')}"


TABLE_COLUMNS = ("of every 100 questions", "the assistant has", "within")
TABLE_WHAT = {"started on it": FIRST_EVENT, "finished the answer": ANSWER}


def promises_from_table(table, settings) -> list[Promise]:
    """The feature's promise table (``TABLE_COLUMNS``), each row a ``Promise`` for this target."""
    if table is None or tuple(table.headings) != TABLE_COLUMNS:
        raise SuiteError(f"the promise needs a table with the columns {' | '.join(TABLE_COLUMNS)}; "
                         f"found {list(table.headings) if table is not None else 'no table'}")
    found = []
    for row in table:
        what = TABLE_WHAT.get(row["the assistant has"].strip())
        share = row["of every 100 questions"].strip()
        if what is None or not share.isdigit():
            raise SuiteError(f"the promise row {list(row.cells)} is not understood; 'the assistant "
                             f"has' is one of {', '.join(TABLE_WHAT)}, and the share a whole number")
        found.append(promise(settings, what, seconds_in(row["within"]), int(share)))
    return found


COUNTS = {"questions": ("E2E_SLO_TURNS", "slo_turns", 20),
          "people": ("E2E_PEOPLE", "people", 10)}


def declared_count(settings, what: str, promised: int, evidence=None) -> int:
    """The feature's count ("20 questions", "10 colleagues"), unless the target's declared setting
    (one that differs from its default) changes it; the change goes to the evidence."""
    name, attribute, default = COUNTS[what]
    count = getattr(settings, attribute)
    if count == default or count == promised:
        return promised
    if evidence is not None:
        evidence.note(f"the feature says {promised} {what}; {name}={count} (target "
                      f"'{settings.target}') makes it {count}")
    return count


def series_length(settings, promised: int, evidence=None) -> int:
    return declared_count(settings, "questions", promised, evidence)
