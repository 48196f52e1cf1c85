"""Production safety: on production, only journeys that change nothing, and only on purpose.

A target is production when it is named ``production`` or its settings say
``E2E_PRODUCTION=true``; it is then refused unless ``E2E_ALLOW_PRODUCTION=true``
(``journeys.config.settings``). On such a target only scenarios tagged ``@read-only``
run: the others are skipped with that reason, before any step, so nobody is
signed up and nothing is written. Two belts under that braces:

- while the guard is on (``policy.RunPolicy.guarded_target``, given to
  every client), a chat frame that would start a run (or any frame but
  a ping) is refused by the suite itself before it leaves (``refuse_write``);
- after each scenario, its evidence is searched for any write that got out
  anyway (an HTTP call other than GET/HEAD/OPTIONS, a chat frame other than a
  ping); one found is a suite defect, reported loudly (``check_read_only``).
"""

from __future__ import annotations

from ..errors import SuiteError
from ..evidence import HTTP, Evidence
from ..config.policy import RunPolicy

READ_ONLY_TAG = "read-only"


class ProductionWrite(SuiteError):
    """The suite tried to change a production target: a defect of the suite, never allowed."""


def skip_reason(policy: RunPolicy, tags) -> str | None:
    if policy.guarded and READ_ONLY_TAG not in tags:
        return (f"target '{policy.guarded_target}' is production: only @{READ_ONLY_TAG} journeys "
                f"run there, and this one would sign people up or write data")
    return None


def refuse_write(policy: RunPolicy, who: str, action: str) -> None:
    if policy.guarded:
        raise ProductionWrite(
            f"{who} was about to {action} on production target '{policy.guarded_target}'; the "
            f"suite refused to send it. A journey that does this must not be tagged @{READ_ONLY_TAG}")


def refuse_load(settings, engine: str) -> None:
    """Load writes by nature (it signs people up and asks questions): never on production.

    Checked from the settings before anything is started or sent, so it holds in
    every process of a run (Locust's workers load their own settings).
    """
    if settings.production:
        raise ProductionWrite(
            f"{engine} refuses target '{settings.target}': it is production, and load signs "
            f"people up and asks questions. Run load against staging or the embedded platform")


def writes_in(evidence: Evidence) -> list[str]:
    """Every write the evidence's records show: HTTP calls other than reads, chat frames but pings."""
    return [f"{r.method} {r.url}" if r.method is not None else f"{r.channel}: sent {r.kind}"
            for r in evidence.records() if r.writes]


def check_read_only(policy: RunPolicy, scenario_name: str, evidence: Evidence) -> None:
    """After a scenario on production: it must have written nothing."""
    if not policy.guarded:
        return
    writes = writes_in(evidence)
    if writes:
        raise ProductionWrite(
            f"scenario '{scenario_name}' wrote to production target '{policy.guarded_target}': "
            f"{'; '.join(writes[:5])}. Remove its @{READ_ONLY_TAG} tag",
            evidence=f"attachment '{HTTP}' and the chat transcripts of this scenario")
