"""Every problem a check finds, reported together: one defect never hides another.

Two ways, one aim. Within a step, ``Findings`` gathers a check's problems and
raises them together (below). Across a scenario, a premise (sign up, log in)
that meets a contract violation which does not stop it working records a
``Finding`` on the scenario's evidence and goes on: the journey's own verdict
still comes, and the run reports each finding once (``journeys.report.run_findings``);
the journey whose promise it is raises it from there (``expect_pass_lasts_as_told``).

behave stops a scenario at its first failing step, and a check that raises at
its first problem hides the rest. A check that looks at several things (an
answer's meaning and its time; every turn of a series) runs each part through
``Findings`` and raises once: the only problem as it is, or ``SeveralProblems``
listing each, one per line, each line starting with its own category, so the
report files the scenario under every category it hit.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass

from .errors import CATEGORIES, PlatformError, SuiteError
from .secrets import registry


@dataclass(frozen=True)
class Finding:
    """A contract violation a premise met and went past, as data (masked): who met it, doing
    what, the error's headline (what the run reports it under, once) and its words."""

    headline: str            # "contract violation: the token pair's expires_in disagrees with the pass"
    who: str
    where: str               # what they were doing: "log in (login)"
    detail: str              # the error's message without its category word
    evidence: str | None     # where the evidence is: "attachment 'HTTP exchanges' on ..."

    @classmethod
    def of(cls, error: SuiteError, who: str, where: str) -> "Finding":
        return cls(error.headline, who, where, registry.mask(error.detail), error.evidence)

    @property
    def category(self) -> str:
        return self.headline.split(":", 1)[0]

    @property
    def message(self) -> str:
        """As the error would have said it."""
        evidence = f" (evidence: {self.evidence})" if self.evidence else ""
        return f"{self.category}: {self.detail}{evidence}"

    def as_dict(self) -> dict[str, str | None]:
        return asdict(self)


class SeveralProblems(PlatformError):
    """Two or more problems of one step; its category is the first one's."""

    def __init__(self, problems: list[PlatformError]) -> None:
        self.problems = list(problems)
        self.category = problems[0].category
        self.cause = problems[0].cause
        self.detail = "\n".join(str(p) for p in problems)
        self.evidence = None
        AssertionError.__init__(self, self.detail)

    @property
    def headline(self) -> str:
        """One line per distinct cause, in the order of the categories."""
        heads = dict.fromkeys(p.headline for p in self.problems)
        return "\n".join(sorted(heads, key=lambda h: CATEGORIES.index(h.split(":")[0])))

    @property
    def categories(self) -> list[str]:
        return list(dict.fromkeys(p.category for p in self.problems))


class Findings:
    def __init__(self) -> None:
        self.problems: list[PlatformError] = []

    def check(self, expectation: Callable, *args) -> bool:
        """Run one expectation; a product problem is kept, not raised. True when it held."""
        try:
            expectation(*args)
        except SeveralProblems as several:
            self.problems.extend(several.problems)
            return False
        except PlatformError as problem:
            self.problems.append(problem)
            return False
        return True

    def add(self, problem: PlatformError) -> None:
        self.problems.append(problem)

    def raise_any(self) -> None:
        if len(self.problems) == 1:
            raise self.problems[0]
        if self.problems:
            raise SeveralProblems(self.problems)
