"""The run at a glance: ``reports/summary.md``, for the pipeline's summary and the pull request.

Written from the run's own results, never from anything remembered:

- the verdict and the counts from the JUnit files (one test case per
  scenario; the run that stopped before any scenario leaves one error there);
- the category of each failure: the words before the first ``:`` of its
  message (``product defect``, ``contract violation``, ``service-level
  breach``, ``environment down``, ``suite defect``, ``settings error``); a
  message with no category word is counted as a suite defect (an exception
  the suite did not turn into a verdict);
- the environment being down also from ``outcome.json`` (``journeys.run.target``);
- service levels from the "service levels (measured)" tables in the Allure
  results (``journeys.report.hooks.service_level_table``): only figures this run
  measured;
- accepted contract differences from ``accepted-differences.json`` when the
  run declared any (a list of ``{"name", "contract", "accepted"}``);
- new failures apart from declared known defects, and the known defects that did not fail,
  from ``known-defects.json`` (``journeys.report.known_failures``); a known defect's category is
  that of its message after the "known defect <id> (<link>): " in front.
- the findings premises went past, each once (``journeys.report.run_findings``).

It is written at the end of every run (``environment.py`` ``after_all``) and
appended to ``$GITHUB_STEP_SUMMARY`` when that is set. It also runs on its own,
for instance after merging parallel workers' results::

    python3 tasks.py summary [--reports DIR] [--junit DIR] [--no-step-summary]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
import xml.etree.ElementTree as ElementTree
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import CATEGORIES, ENVIRONMENT_DOWN, SUITE_DEFECT, category_of
from ..config.paths import reports_dir
from ..plurals import counted
from .known_failures import section as known_defects_section
from .read_back import attachments_named
from ..secrets import registry
from .flaky_marks import flaky_section
from .quality_rates import quality_section
from .run_findings import console_lines, findings_section

SLO_ATTACHMENT = "service levels (measured)"
ACCEPTED_FILE = "accepted-differences.json"
SUMMARY_FILE = "summary.md"
WORKER_ENV = "E2E_PARALLEL_WORKER"   # set by journeys.parallel.runner for its behave workers


@dataclass(frozen=True)
class Failure:
    journey: str
    feature: str
    category: str
    headline: str


@dataclass
class RunResults:
    passed: int = 0
    skipped: int = 0
    failures: list[Failure] = field(default_factory=list)
    environment_down: bool = False
    target: str | None = None
    service_levels: list[dict] = field(default_factory=list)
    accepted: list[dict] | None = None

    @property
    def verdict(self) -> str:
        if self.environment_down or any(f.category == ENVIRONMENT_DOWN for f in self.failures):
            return "ENVIRONMENT DOWN"
        if self.failures:
            return "FAILED"
        return "PASSED" if self.passed else "NO JOURNEY RAN"


def read_results(reports: Path, junit: Path) -> RunResults:
    results = RunResults()
    for path in sorted(junit.glob("*.xml")) if junit.is_dir() else ():
        try:
            cases = list(ElementTree.parse(path).getroot().iter("testcase"))
        except ElementTree.ParseError as error:
            results.failures.append(Failure(path.name, "JUnit", SUITE_DEFECT,
                                            f"suite defect: unreadable JUnit file: {error}"))
            continue
        for case in cases:
            problem = case.find("failure")
            if problem is None:
                problem = case.find("error")
            if problem is not None:
                message = problem.get("message") or (problem.text or "")
                results.failures.append(Failure(
                    journey=case.get("name", "?").strip(), feature=_feature_of(case.get("classname", "")),
                    category=category_of(message), headline=message.strip().splitlines()[0][:300]
                    if message.strip() else "(no message)"))
            elif case.find("skipped") is not None:
                results.skipped += 1
            else:
                results.passed += 1
    outcome = reports / "outcome.json"
    if outcome.is_file():
        results.environment_down = '"environment down"' in outcome.read_text(errors="replace")
    allure = reports / "allure-results"
    results.target = _target(allure / "environment.properties")
    results.service_levels = service_levels(allure)
    accepted = reports / ACCEPTED_FILE
    if accepted.is_file():
        try:
            results.accepted = [d for d in json.loads(accepted.read_text()) if isinstance(d, dict)]
        except (ValueError, TypeError):
            results.accepted = [{"name": f"(unreadable {ACCEPTED_FILE})", "contract": "", "accepted": ""}]
    return results


def service_levels(allure: Path) -> list[dict]:
    """Each measured figure of each scenario, from its "service levels (measured)" table."""
    rows = []
    for result, table in attachments_named(allure, SLO_ATTACHMENT):
        for row in csv.DictReader(table.read_text().splitlines()):
            rows.append({"journey": result.get("name", "?"), **row})
    return rows


def render(results: RunResults) -> str:
    total = results.passed + len(results.failures)
    target = f" against {results.target}" if results.target else ""
    lines = [f"## Journeys{target}: {results.verdict}", "",
             f"{results.passed} passed, {len(results.failures)} failed, {results.skipped} skipped "
             f"({counted(total, 'journey')} ran).", ""]
    if results.verdict == "ENVIRONMENT DOWN":
        lines += ["The environment was down: this says nothing about the product either way.", ""]
    lines += ["### Failures by category", ""]
    counts = Counter(f.category for f in results.failures)
    if counts:
        lines += ["| category | journeys |", "|---|---|"]
        lines += [f"| {name} | {counts[name]} |" for name in CATEGORIES if counts[name]]
    else:
        lines.append("none")
    lines += ["", "### Failed journeys", ""]
    lines += [f"- **{_cell(f.journey)}** ({_cell(f.feature)}): {_cell(f.headline)}"
              for f in results.failures] or ["none"]
    lines += ["", "### Service levels against objectives", ""]
    if results.service_levels:
        lines += ["| journey | figure | measured | p50 (s) | p95 (s) | max (s) | objective p95 (s) | verdict |",
                  "|---|---|---|---|---|---|---|---|"]
        for row in results.service_levels:
            cells = [row.get(k, "") for k in ("journey", "figure", "measured", "p50 (s)", "p95 (s)",
                                             "max (s)", "objective p95 (s)", "verdict")]
            lines.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    else:
        lines.append("none measured in this run")
    lines += ["", "### Accepted contract differences", ""]
    if results.accepted:
        lines += ["| difference | the contract says | accepted |", "|---|---|---|"]
        lines += [f"| {_cell(d.get('name'))} | {_cell(d.get('contract'))} | {_cell(d.get('accepted'))} |"
                  for d in results.accepted]
    else:
        lines.append("none declared (strict contract)")
    return registry.mask("\n".join(lines) + "\n")


def write_summary(reports: Path, junit: Path | None = None, step_summary: bool = True) -> Path:
    """``<reports>/summary.md``, and appended to ``$GITHUB_STEP_SUMMARY`` when that is set."""
    text = render(read_results(reports, junit or reports / "junit"))
    text += quality_section(reports / "allure-results")
    text += flaky_section(junit or reports / "junit")
    text += known_defects_section(reports)
    text += findings_section(reports)
    text += since_last_run(reports, junit or reports / "junit")
    reports.mkdir(parents=True, exist_ok=True)
    path = reports / SUMMARY_FILE
    path.write_text(text, encoding="utf-8")
    github = os.environ.get("GITHUB_STEP_SUMMARY")
    if step_summary and github:
        with open(github, "a", encoding="utf-8") as out:
            out.write(text + "\n")
    return path


def since_last_run(reports: Path, junit: Path) -> str:
    """ "Since the last run": the deltas against the target's history, "" without one
    (``journeys.report.history_compare``, which reads this module's categories: imported here)."""
    from .history_compare import since_last_run as deltas
    try:
        return deltas(reports, junit)
    except OSError as error:
        return f"\n### Since the last run\n\nThe history could not be read: {error}\n"


def summarise_run(context) -> Path | None:
    """The end of a run (``after_all``): the summary of the results it just wrote. A worker of a
    parallel run (``journeys.parallel.runner``) writes none: the runner writes the run's one summary
    once the workers' results are merged, and appends it to the step summary once."""
    if os.environ.get(WORKER_ENV):
        return None
    reports = reports_dir()
    junit = Path(context.config.junit_directory or reports / "junit")
    path = write_summary(reports, junit)
    print_findings(reports)
    return path


def print_findings(reports: Path) -> None:
    """Each finding of the run once, at its end (the summary has them in full)."""
    for line in console_lines(reports):
        print(line, file=sys.__stderr__, flush=True)


def _feature_of(classname: str) -> str:
    return classname.rsplit(".", 1)[-1] if "." in classname else classname


def _target(properties: Path) -> str | None:
    if not properties.is_file():
        return None
    for line in properties.read_text(errors="replace").splitlines():
        if line.startswith("target="):
            return line.split("=", 1)[1].strip() or None
    return None


def _cell(value) -> str:
    return str(value if value is not None else "").replace("|", "\\|").replace("\n", " ")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python3 tasks.py summary", description=__doc__.split("\n\n")[0])
    parser.add_argument("--reports", type=Path, default=reports_dir(), help="the run's reports folder (default: %(default)s)")
    parser.add_argument("--junit", type=Path, default=None, help="its JUnit files (default: the reports folder's junit)")
    parser.add_argument("--no-step-summary", action="store_true", help="do not append to $GITHUB_STEP_SUMMARY")
    args = parser.parse_args(argv)
    junit = args.junit or args.reports / "junit"
    if not junit.is_dir() and not (args.reports / "outcome.json").is_file():
        print(f"No results to summarise: no JUnit folder {junit}; run the journeys first "
              f"(python3 tasks.py journeys)", file=sys.stderr)
        return 1
    path = write_summary(args.reports, junit, step_summary=not args.no_step_summary)
    print(path.read_text(encoding="utf-8"))
    print(f"Summary: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
