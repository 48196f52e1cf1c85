"""A run the environment let down: what it cut short says so, and its three verdicts agree.

Two things go wrong when the target goes down during a run, seen on the real platform:

- The scenarios the outage cut short (the ones behave left untested once the run
  stopped, and a parallel worker's scenario interrupted when the runner stopped
  it) read as a ``KeyboardInterrupt``, which the summary counts as a suite
  defect. ``mark_not_run`` turns each into a skip whose reason says
  ``not run: environment down``, in JUnit and in Allure: no verdict on the product.
- ``summary.md`` says ENVIRONMENT DOWN when any scenario failed for the
  environment, while ``outcome.json`` (and so the exit status) said failed.
  ``agree`` applies the rule of ``journeys/run/outcome.py``: environment down
  anywhere in the run makes the run's outcome environment down (exit status 3),
  and the summary still lists what did run.

Both read and rewrite the run's own files only; a serial run calls them as it
finishes (``journeys.report.run_files.finish_run``), a parallel one once its
workers' files are gathered (``journeys.parallel.runner``).
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ElementTree
from pathlib import Path

from ..errors import ENVIRONMENT_DOWN
from ..plurals import counted
from ..run import outcome
from ..secrets import registry
from .summary import read_results

NOT_RUN = "not run: environment down"
INTERRUPTED = "KeyboardInterrupt"    # what behave records for a scenario stopped mid-way


def went_down(environ: dict | None = None) -> str | None:
    """Why the run's environment was down (``outcome.json``), or None when it was not."""
    found = outcome.read(environ)
    if found.get("outcome") != ENVIRONMENT_DOWN:
        return None
    return str(found.get("detail") or "the target was down")


def reason(detail: str) -> str:
    """The skip reason of a scenario the outage cut short: the words first, then why, briefly."""
    first = registry.mask(detail).strip().splitlines()[0] if detail.strip() else ""
    first = first.removeprefix(f"{ENVIRONMENT_DOWN}: ")
    return f"{NOT_RUN}: {first[:300]}" if first else NOT_RUN


def mark_not_run(junit: Path, allure: Path, detail: str) -> int:
    """Every scenario in ``junit`` and ``allure`` the outage cut short, as skipped with its
    reason; how many JUnit cases changed."""
    _mark_allure(allure, reason(detail))
    return _mark_junit(junit, reason(detail))


def _cut_short(case: ElementTree.Element) -> bool:
    if case.get("status") == "untested":
        return True
    problem = case.find("error")
    if problem is None:
        problem = case.find("failure")
    return problem is not None and problem.get("type") == INTERRUPTED


def _mark_junit(folder: Path, why: str) -> int:
    changed = 0
    for path in sorted(folder.glob("*.xml")) if folder.is_dir() else ():
        tree = ElementTree.parse(path)
        marked = [case for case in tree.iter("testcase") if _cut_short(case)]
        for case in marked:
            for old in [c for c in case if c.tag in ("error", "failure", "skipped")]:
                case.remove(old)
            skipped = ElementTree.Element("skipped", {"message": why})
            case.insert(0, skipped)
            case.set("status", "skipped")
        if marked:
            _recount(tree.getroot())
            tree.write(path, encoding="UTF-8", xml_declaration=True)
            changed += len(marked)
    return changed


def _recount(suite: ElementTree.Element) -> None:
    cases = suite.findall("testcase")
    for name, tag in (("skipped", "skipped"), ("failures", "failure"), ("errors", "error")):
        suite.set(name, str(sum(case.find(tag) is not None for case in cases)))


def _mark_allure(folder: Path, why: str) -> None:
    """Allure results of a scenario interrupted mid-way (its message or trace names the
    interrupt): skipped, with the reason."""
    for path in sorted(folder.glob("*-result.json")) if folder.is_dir() else ():
        try:
            result = json.loads(path.read_text(encoding="utf-8"))
        except ValueError:
            continue
        details = result.get("statusDetails") or {}
        said = f"{details.get('message', '')}\n{details.get('trace', '')}"
        if result.get("status") in ("broken", "failed") and INTERRUPTED in said:
            result["status"] = "skipped"
            result["statusDetails"] = {"message": why}
            path.write_text(json.dumps(result, indent=2), encoding="utf-8")


def agree(reports: Path, junit: Path) -> str | None:
    """Environment down anywhere in the run (a scenario failed for it, or the run stopped for
    it) makes ``outcome.json`` say so, as ``summary.md`` does; the outcome it settled on, or None."""
    stopped = went_down()
    if stopped is not None:
        return stopped
    down = [f for f in read_results(reports, junit).failures if f.category == ENVIRONMENT_DOWN]
    if not down:
        return None
    detail = (f"{down[0].headline} (scenario '{down[0].journey}'; "
              f"{counted(len(down), 'scenario')} failed because the environment was down)")
    outcome.record_stop(ENVIRONMENT_DOWN, registry.mask(detail))
    return detail
