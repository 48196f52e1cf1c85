"""A crowd keeps each person's own kind of failure. Seen on the real platform: every person's
timeout in a crowd was filed as "a sign-in that should work was refused", the first person's kind."""

from __future__ import annotations

import pytest

from journeys.capabilities.crowd import Outcome, reraise_first
from journeys.capabilities.crowd_errors import CrowdProblems, crowd_error
from journeys.errors import AuthRefused, EnvironmentDown, StreamTimeout, SuiteError, headline_of
from journeys.report.summary import category_of

REFUSED = AuthRefused("Ana's sign-in was refused: 401 invalid credentials", evidence="http")
TIMED_OUT = StreamTimeout("Ben waited 8.0 s for the end of the run and got nothing more",
                          evidence="transcript")


def finished(name: str, error: BaseException | None = None) -> Outcome:
    return Outcome(name, error=error, finished_at=1.0)


def raised(outcomes, what="ask") -> BaseException:
    with pytest.raises(BaseException) as caught:
        reraise_first(outcomes, what, 8.0)
    return caught.value


def test_a_refusal_and_timeouts_keep_their_own_kinds_and_the_headline_names_both():
    error = raised([finished("Ana", REFUSED), finished("Ben", TIMED_OUT),
                    finished("Chloe", StreamTimeout("Chloe waited 8.0 s and got nothing more")),
                    finished("Dev")])
    assert isinstance(error, CrowdProblems), f"expected each person's kind kept; got {type(error).__name__}: {error}"
    kinds = sorted(type(p).__name__ for p in error.problems)
    assert kinds == ["AuthRefused", "StreamTimeout", "StreamTimeout"], kinds
    headline = headline_of(error)
    assert AuthRefused.cause in headline and StreamTimeout.cause in headline, headline
    text = str(error)
    assert text.startswith("product defect: 3 of 4 people could not ask, for 2 different reasons:"), text
    assert "Ben: product defect: Ben waited 8.0 s" in text and "Ana: product defect: Ana's sign-in" in text, text


def test_everyone_timed_out_is_a_timeout_not_a_refusal():
    error = raised([finished("Ana", StreamTimeout("Ana waited 8.0 s and got nothing more")),
                    finished("Ben", TIMED_OUT), Outcome("Chloe")])
    assert type(error) is StreamTimeout, f"{type(error).__name__}: {error}"
    assert headline_of(error) == f"product defect: {StreamTimeout.cause}", headline_of(error)
    assert "3 of 3 people could not ask:" in str(error) and "Chloe: still not done" in str(error), error


def test_the_most_serious_category_leads_the_message():
    from journeys.errors import ContractViolation
    error = crowd_error("2 of 2 people did not get their own answer",
                        [("", ContractViolation("Ana's run_id is missing")), ("", TIMED_OUT)], None)
    assert category_of(str(error)) == "product defect", str(error)
    assert error.categories == ["product defect", "contract violation"], error.categories


def test_an_environment_down_among_them_is_what_the_step_says():
    error = raised([finished("Ana", REFUSED), finished("Ben", EnvironmentDown("auth is unreachable"))])
    assert type(error) is EnvironmentDown, f"{type(error).__name__}: {error}"
    assert "Ana: Ana's sign-in was refused" in str(error), error


def test_the_suites_own_bug_is_raised_as_it_is():
    bug = KeyError("who")
    error = raised([finished("Ana", REFUSED), finished("Ben", bug)])
    assert error is bug and not isinstance(error, SuiteError)
