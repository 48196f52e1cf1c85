"""Which of a run's failures are known defects, which are new, and which known defect did not fail.

Pure: the run's verdicts in, the sorting out. A failure is known when a declared defect names
its scenario (a name or glob, against the scenario's name or ``<feature>: <scenario>``) AND its
message (a piece of it, or a regular expression searched in it): the same scenario failing for
another reason is a new failure. A known defect is still a failure: this only says which.
A declared defect none of whose scenarios failed with its message, while at least one of them
ran, "did not fail: fixed?". The declaration is read in ``journeys.config.known_defects``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from typing import Protocol

PASSED, FAILED, SKIPPED = "passed", "failed", "skipped"


class Declared(Protocol):
    id: str
    link: str
    scenarios: tuple[str, ...]
    message: str
    message_regex: str


@dataclass(frozen=True)
class Verdict:
    """One scenario's verdict as the run's reports give it."""

    feature: str
    scenario: str
    status: str            # passed, failed (a failure or an error) or skipped
    message: str = ""


@dataclass
class Sorted:
    known: list[tuple[Verdict, Declared]] = field(default_factory=list)
    new: list[Verdict] = field(default_factory=list)
    not_failing: list[tuple[Declared, list[Verdict]]] = field(default_factory=list)

    def known_as(self, verdict: Verdict) -> Declared | None:
        return next((defect for found, defect in self.known if found == verdict), None)


def names_scenario(defect: Declared, verdict: Verdict) -> bool:
    names = (verdict.scenario, f"{verdict.feature}: {verdict.scenario}")
    return any(fnmatchcase(name, pattern) for pattern in defect.scenarios for name in names)


def names_message(defect: Declared, message: str) -> bool:
    if defect.message_regex:
        return re.search(defect.message_regex, message) is not None
    return defect.message in message


def matching(defects: tuple[Declared, ...] | list[Declared], verdict: Verdict) -> Declared | None:
    """The first declared defect naming this failure's scenario and message, else None."""
    if verdict.status != FAILED:
        return None
    return next((d for d in defects if names_scenario(d, verdict) and names_message(d, verdict.message)),
                None)


def sort_failures(defects: tuple[Declared, ...] | list[Declared], verdicts: list[Verdict]) -> Sorted:
    found = Sorted()
    for verdict in verdicts:
        if verdict.status != FAILED:
            continue
        defect = matching(defects, verdict)
        if defect is None:
            found.new.append(verdict)
        else:
            found.known.append((verdict, defect))
    failed_ids = {defect.id for _, defect in found.known}
    for defect in defects:
        ran = [v for v in verdicts if v.status != SKIPPED and names_scenario(defect, v)]
        if ran and defect.id not in failed_ids:
            found.not_failing.append((defect, ran))
    return found
