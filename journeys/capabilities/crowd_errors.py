"""A crowd's one error, in which each person keeps their own kind of failure.

A crowd step looks at everyone, then raises once. It used to raise the first
person's kind of error for everyone: seen on the real platform, a crowd whose
people all timed out was filed as "a sign-in that should work was refused",
because the first of them was refused. Here the kinds are kept:

- everyone failed the same way: that kind of error, its message naming each person;
- people failed in different ways, all of them product problems: ``CrowdProblems``
  (a ``SeveralProblems``, ``journeys/findings.py``), whose headline has one line per
  cause and whose category is the most serious one's (the order of
  ``journeys.errors.CATEGORIES``); each person's line starts with their own category;
- someone's failure says nothing about the product (the environment was down, the
  suite's own error): that kind leads, as it stops the verdict on the rest.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..errors import CATEGORIES, PlatformError, SuiteError
from ..findings import SeveralProblems
from ..secrets import registry


class CrowdProblems(SeveralProblems):
    """People of one crowd who failed in different ways; its message is the crowd's, person by
    person, each line with its own category."""

    def __init__(self, problems: list[PlatformError], message: str) -> None:
        super().__init__(problems)
        self.detail = message
        AssertionError.__init__(self, registry.mask(message))


def most_serious_first(errors: Sequence[PlatformError]) -> list[PlatformError]:
    return sorted(errors, key=lambda e: CATEGORIES.index(e.category) if e.category in CATEGORIES
                  else len(CATEGORIES))


def crowd_error(heading: str, told: list[tuple[str, BaseException]], evidence: str | None,
                hidden: str = "") -> BaseException:
    """One error for everyone in ``told`` (a person's name, or "" when their error names them,
    and their error): ``heading`` ("3 of 5 people could not ask"), then one line each;
    ``hidden``: a last line for the people not told in full. A non-suite error (the suite's own
    bug) is returned as it is, to keep its traceback."""
    errors = [error for _, error in told]
    bug = next((e for e in errors if not isinstance(e, SuiteError)), None)
    if bug is not None:
        return bug
    apart = [e for e in errors if not isinstance(e, PlatformError)]
    if len(set(map(type, errors))) == 1 or apart:
        lead = apart[0] if apart else errors[0]
        lines = [_line(name, error) for name, error in told] + ([hidden] if hidden else [])
        try:
            return type(lead)(f"{heading}:\n    " + "\n    ".join(lines), evidence=lead.evidence)
        except TypeError:            # an error with its own constructor: report it as it is
            return lead
    ordered = most_serious_first(errors)
    lines = [_line(name, error, error.category) for name, error in told] + ([hidden] if hidden else [])
    reasons = len(dict.fromkeys(e.headline for e in errors))
    message = (f"{ordered[0].category}: {heading}, for {reasons} different reasons:\n    "
               + "\n    ".join(lines))
    if evidence:
        message += f"\n(evidence: {evidence})"
    return CrowdProblems(ordered, message)


def _line(name: str, error: BaseException, category: str = "") -> str:
    detail = getattr(error, "detail", None) or f"{type(error).__name__}: {error}"
    return ": ".join(part for part in (name, category, detail) if part)
