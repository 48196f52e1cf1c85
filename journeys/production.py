"""Production safety: on production, only journeys that change nothing, and only on purpose.

A target is production when it is named ``production`` or its settings say
``E2E_PRODUCTION=true``; it is then refused unless ``E2E_ALLOW_PRODUCTION=true``
(``journeys.settings``). On such a target only scenarios tagged ``@read-only``
run: the others are skipped with that reason, before any step, so nobody is
signed up and nothing is written. Two belts under that braces:

- while the guard is on, a chat frame that would start a run (or any frame but
  a ping) is refused by the suite itself before it leaves (``refuse_write``);
- after each scenario, its evidence is searched for any write that got out
  anyway (an HTTP call other than GET/HEAD/OPTIONS, a chat frame other than a
  ping); one found is a suite defect, reported loudly (``check_read_only``).
"""

from __future__ import annotations

import re

from .errors import SuiteError
from .evidence import Evidence

READ_ONLY_TAG = "read-only"
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
_HTTP_LINE = re.compile(r"^([A-Z]+) (\S+) -> ", re.MULTILINE)
_SENT_FRAME = re.compile(r"^\s*(?:\+\s*[\d.]+ ms|\(no turn\))\s+sent\s+(\S+)", re.MULTILINE)

_guarded_target: str | None = None


class ProductionWrite(SuiteError):
    """The suite tried to change a production target: a defect of the suite, never allowed."""


def guard(target: str | None) -> None:
    """Refuse writes to ``target`` from now on (``None``: no guard)."""
    global _guarded_target
    _guarded_target = target


def guarded() -> bool:
    return _guarded_target is not None


def skip_reason(tags) -> str | None:
    if guarded() and READ_ONLY_TAG not in tags:
        return (f"target '{_guarded_target}' is production: only @{READ_ONLY_TAG} journeys run "
                f"there, and this one would sign people up or write data")
    return None


def refuse_write(who: str, action: str) -> None:
    if guarded():
        raise ProductionWrite(
            f"{who} was about to {action} on production target '{_guarded_target}'; the suite "
            f"refused to send it. A journey that does this must not be tagged @{READ_ONLY_TAG}")


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
    """Every write the evidence shows: HTTP calls other than reads, chat frames but pings."""
    found = []
    for channel in evidence.channels():
        text = "\n".join(evidence.lines(channel, last=10**6))
        if channel == "HTTP exchanges":
            found += [f"{method} {url}" for method, url in _HTTP_LINE.findall(text)
                      if method not in SAFE_METHODS]
        elif channel.endswith("chat transcript"):
            found += [f"{channel}: sent {kind}" for kind in _SENT_FRAME.findall(text)
                      if kind != "ping"]
    return found


def check_read_only(scenario_name: str, evidence: Evidence) -> None:
    """After a scenario on production: it must have written nothing."""
    if not guarded():
        return
    writes = writes_in(evidence)
    if writes:
        raise ProductionWrite(
            f"scenario '{scenario_name}' wrote to production target '{_guarded_target}': "
            f"{'; '.join(writes[:5])}. Remove its @{READ_ONLY_TAG} tag",
            evidence="attachment 'HTTP exchanges' and the chat transcripts of this scenario")
