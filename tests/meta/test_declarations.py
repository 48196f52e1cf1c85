"""Each declaration of the netra dialect is needed: without it some journey fails, naming it.

The reference platform speaks netra (``E2E_LOCAL_DIALECT=netra``) and the target declares
every difference but one (``E2E_DIALECT`` empty, ``E2E_ACCEPT`` the rest). The catalogue
(all but ``@slow``, through the parallel runner) must then fail, with some scenario's
message holding the words that name the difference. A declaration the README's dialect
table says "changes no verdict" must leave the whole catalogue passing instead, so that
claim is measured too. One catalogue run per declaration: marker ``slow``.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree

import pytest

from journeys.config.dialect import DIALECTS
from parallel_runs import Run, run_parallel
from project_root import ROOT

pytestmark = [pytest.mark.meta, pytest.mark.slow]
WORKERS = 6
SELECTION = "--tags=not @slow"
NETRA = DIALECTS["netra"]
README = ROOT / "README.md"
NO_VERDICT_MARK = "changes no verdict"

# What some failing scenario says once the declaration is removed: the contract's words for
# the platform's form (each is the contract check, or the journey, that meets it).
NAMED_BY: dict[str, str] = {
    "greeting-short-user-id": "greeted user",
    "tools-paired-by-name": "without execution_id",
    "tool-duration-execution-time": "without duration_ms",
    "answer-in-result": "final_response is",
    "run-events-without-thread": "without thread_id",
    "subprotocol-echoes-token": "selected the subprotocol jwt.",
    "error-frames": "agent_error without error_message",
    "health-ready-without-checks": "/api/health -> 404",
    "discovery-unavailable-flag": "available is False",
    "tool-capability-flags": "capabilities.tools is True",
    "thread-updated-at-null": "updated_at is None",
    "message-content-parts": ".content is [",
    "execute-needs-type": "/api/agents/execute -> 422",
}
# Declarations whose form the catalogue meets only in one carrier: the run uses it.
CARRIER: dict[str, str] = {"subprotocol-echoes-token": "subprotocol"}


def no_verdict_in_readme() -> set[str]:
    """The names whose row in the README's dialect table says it changes no verdict."""
    rows = [line for line in README.read_text(encoding="utf-8").splitlines()
            if line.startswith("| `") and NO_VERDICT_MARK in line]
    return {m.group(1) for row in rows if (m := re.match(r"\| `([a-z-]+)` \|", row))}


def test_each_declaration_is_named_by_a_failure_or_said_to_change_no_verdict():
    """The table here and the README agree: every name is either caught or listed as harmless."""
    harmless = no_verdict_in_readme()
    assert harmless <= set(NETRA), f"the README lists unknown declarations as harmless: {harmless - set(NETRA)}"
    undecided = [name for name in NETRA if name not in NAMED_BY and name not in harmless]
    assert not undecided, (f"{undecided}: say which words a failure without it holds (NAMED_BY), or "
                           f"mark its row in README.md's dialect table '{NO_VERDICT_MARK}'")
    both = sorted(harmless & set(NAMED_BY))
    assert not both, f"{both}: listed as changing no verdict in README.md, and as caught here"


@pytest.mark.parametrize("removed", NETRA)
def test_removing_one_declaration(tmp_path, removed):
    env = {"E2E_LOCAL_DIALECT": "netra", "E2E_DIALECT": "",
           "E2E_ACCEPT": ",".join(name for name in NETRA if name != removed)}
    if removed in CARRIER:
        env["E2E_WS_AUTH"] = CARRIER[removed]
    run = run_parallel(tmp_path, SELECTION, workers=WORKERS, env=env)
    failures = failure_messages(run)
    assert "suite defect" not in run.output, run.explain()
    if removed in no_verdict_in_readme():
        assert run.exit_code == 0 and not failures, (
            f"README.md says removing {removed!r} changes no verdict, but without it "
            f"{len(failures)} scenario(s) failed: {_first(failures)}\n{run.explain()}")
        return
    words = NAMED_BY[removed]
    assert run.exit_code != 0, (f"without the declaration {removed!r} the whole catalogue passed "
                                f"against the platform speaking netra\n{run.explain()}")
    naming = [name for name, message in failures.items() if words in message]
    assert naming, (f"without {removed!r} {len(failures)} scenario(s) failed, none saying {words!r}: "
                    f"{_first(failures)}\n{run.explain()}")


def failure_messages(run: Run) -> dict[str, str]:
    """Each failed scenario's message, from the run's JUnit files."""
    failed = {}
    for path in sorted((run.folder / "junit").glob("*.xml")):
        for case in ElementTree.parse(path).getroot().iter("testcase"):
            for kind in ("failure", "error"):
                element = case.find(kind)
                if element is not None:
                    failed[case.get("name")] = (element.get("message") or "") + (element.text or "")
    return failed


def _first(failures: dict[str, str], shown: int = 3) -> str:
    return "; ".join(f"{name!r}: {message[:300]!r}" for name, message in list(failures.items())[:shown])
