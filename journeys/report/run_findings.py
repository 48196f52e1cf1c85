"""The run's findings, reported once: what premises met and went past (``journeys.findings``).

A premise that meets a contract violation which leaves it working (a token
pair whose ``expires_in`` disagrees with the pass) records a ``Finding`` on the
scenario's evidence and the journey goes on. Every scenario that signs in may
meet the same one, so the report names each distinct finding (by its headline)
once: how many scenarios met it, and one of them as the example.

- Per scenario (``record_findings``, from ``hooks.finish_scenario``): one JSON
  line per finding appended to ``<reports>/findings.jsonl``. Each behave
  process writes only into its own reports folder; a parallel run's runner
  joins the workers' files (``journeys.parallel.reports.merge_findings``).
- Per run: a "Findings" section in ``summary.md`` (``findings_section``, empty
  when there are none) and one ``FINDING:`` line per finding on the console
  (``console_lines``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from ..findings import Finding
from ..plurals import counted
from ..secrets import registry

FINDINGS_FILE = "findings.jsonl"


@dataclass(frozen=True)
class RunFinding:
    """One distinct finding of the run: its headline, how many scenarios met it, one example."""

    headline: str
    scenarios: int
    example_scenario: str
    example_feature: str
    example_message: str


def record_findings(reports: Path, feature: str, scenario: str, findings: list[Finding]) -> None:
    """The scenario's findings, one JSON line per headline (a crowd of a hundred meets one a
    hundred times), appended to this process's file."""
    if not findings:
        return
    reports.mkdir(parents=True, exist_ok=True)
    first: dict[str, Finding] = {}
    for finding in findings:
        first.setdefault(finding.headline, finding)
    lines = [json.dumps({"feature": feature, "scenario": scenario, **f.as_dict(),
                         "message": f.message}) for f in first.values()]
    with open(reports / FINDINGS_FILE, "a", encoding="utf-8") as out:
        out.write(registry.mask("\n".join(lines)) + "\n")


def read_findings(reports: Path) -> list[RunFinding]:
    """Each distinct headline once, in the order first met, counted in scenarios (not people)."""
    path = reports / FINDINGS_FILE
    met: dict[str, list[dict]] = {}
    for line in path.read_text(encoding="utf-8").splitlines() if path.is_file() else ():
        try:
            found = json.loads(line)
        except ValueError:
            continue
        if isinstance(found, dict) and found.get("headline"):
            met.setdefault(found["headline"], []).append(found)
    return [RunFinding(headline, len({(f.get("feature"), f.get("scenario")) for f in found}),
                       str(found[0].get("scenario", "?")), str(found[0].get("feature", "?")),
                       str(found[0].get("message", "")))
            for headline, found in met.items()]


def findings_section(reports: Path) -> str:
    """summary.md's "Findings", or "" when no premise met any."""
    found = read_findings(reports)
    if not found:
        return ""
    lines = ["", "### Findings", "",
             "Contract violations a premise (signing in, connecting) met and went past, each once "
             "for the run; the journey whose promise it is fails on it, the others give their own "
             "verdicts.", ""]
    lines += [f"- **{_cell(f.headline)}**: met in {counted(f.scenarios, 'scenario')}, e.g. "
              f"*{_cell(f.example_scenario)}* ({_cell(f.example_feature)}): {_cell(f.example_message)}"
              for f in found]
    return registry.mask("\n".join(lines) + "\n")


def console_lines(reports: Path) -> list[str]:
    """One line per distinct finding, for the end of the run's console."""
    return [registry.mask(f"FINDING: {f.headline} (met in {counted(f.scenarios, 'scenario')}, "
                          f"e.g. '{f.example_scenario}'; see summary.md)")
            for f in read_findings(reports)]


def _cell(value: str) -> str:
    return value.replace("|", "\\|").replace("\n", " ")
