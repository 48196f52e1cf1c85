"""Every problem a check finds, reported together: one defect never hides another.

behave stops a scenario at its first failing step, and a check that raises at
its first problem hides the rest. A check that looks at several things (an
answer's meaning and its time; every turn of a series) runs each part through
``Findings`` and raises once: the only problem as it is, or ``SeveralProblems``
listing each, one per line, each line starting with its own category, so the
report files the scenario under every category it hit.
"""

from __future__ import annotations

from collections.abc import Callable

from .errors import CATEGORIES, PlatformError


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
