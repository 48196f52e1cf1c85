"""Verdicts over time in the Allure report: what changed since the last runs, on the scenarios.

Allure keeps its own history (``reports/allure-history``, carried into the next report by
``journeys.report.allure_cli``): its trend graphs, each scenario's history tab and its flaky
detection (pass and fail flipping) come from there, keyed by each result's ``historyId``, which
allure-behave derives from the feature and scenario, with the sign-in parameters excluded
(``journeys.report.hooks.show_sign_ins``), so it is stable per scenario from run to run.

What Allure does not know is the suite's verdict history (``journeys.report.history``): new
failures, fixes, scenarios flipping, rate drops with Fisher's test, slower journeys. Once a run is
recorded there (``mark_deltas``, after ``history.record_run``), the same comparison the summary's
"Since the last run" shows (``history_compare.this_run_compared``) is written onto the Allure
results of the scenarios it names:

- a tag per delta (``new-failure``, ``fixed``, ``flips-between-runs``, ``rate-dropped``,
  ``slower``), so the report's filters and the Behaviors tab find them;
- a "since the last run" attachment on each such scenario, in the compare command's words;
- one line in ``environment.properties`` for the overview: how many of each, against which runs.

A rate journey asked many times is compared by its rate, never tagged as flaky for it.
"""

from __future__ import annotations

import json
import os
import uuid
from pathlib import Path

from ..secrets import registry
from ..rules.rates import SIGNIFICANCE
from .history_compare import Comparison, this_run_compared
from .run_context import render_properties

ATTACHMENT = "since the last run"
PROPERTY = "since the last run"
NEW_FAILURE, FIXED, FLIPPING, RATE_DROPPED, SLOWER = (
    "new-failure", "fixed", "flips-between-runs", "rate-dropped", "slower")


def deltas_by_scenario(comparison: Comparison) -> dict[str, list[tuple[str, str]]]:
    """scenario id ("<feature> / <scenario>") -> [(tag, sentence)] for each delta it has."""
    found: dict[str, list[tuple[str, str]]] = {}

    def add(name: str, tag: str, sentence: str) -> None:
        found.setdefault(name, []).append((tag, sentence))

    for name, category in comparison.new_failures:
        add(name, NEW_FAILURE, f"New failure ({category}): it passed every time it ran in the compared runs.")
    for name in comparison.fixes:
        add(name, FIXED, "Fixed: it passes now and failed the last time it ran.")
    for name, verdicts, new in comparison.flaky:
        add(name, FLIPPING, f"{'Newly flaky' if new else 'Flaky'}: pass and fail flipping across runs "
                            f"({', '.join(verdicts)}).")
    for drop in comparison.rate_drops:
        if drop.significant:
            add(drop.scenario, RATE_DROPPED, f"Rate drop, {drop.what}: {drop.before.counts()} → "
                                             f"{drop.now.counts()} (Fisher's exact p = {drop.p:.3g} < {SIGNIFICANCE:g}).")
    for name, now, median in comparison.slower:
        add(name, SLOWER, f"Slower: {now:.2f} s, against a median of {median:.2f} s.")
    return found


def overview_line(comparison: Comparison) -> str:
    """The overview's one line: counts of each delta, and against which runs."""
    c = comparison
    against = c.compared[0].run_id if len(c.compared) == 1 else \
        f"{len(c.compared)} runs from {c.compared[0].run_id} to {c.compared[-1].run_id}"
    significant = sum(1 for d in c.rate_drops if d.significant)
    return (f"{len(c.new_failures)} new failures, {len(c.fixes)} fixed, {len(c.flaky)} flipping, "
            f"{significant} significant rate drops, {len(c.slower)} slower (against {against})")


def mark_deltas(reports: Path, junit: Path) -> int:
    """Tag and annotate this run's Allure results with what changed; how many results changed.
    Nothing when the target has no earlier run; a results file that cannot be read is left alone."""
    results = reports / "allure-results"
    comparison = this_run_compared(reports, junit)
    if comparison is None or not results.is_dir():
        return 0
    _add_overview(results / "environment.properties", overview_line(comparison))
    deltas = deltas_by_scenario(comparison)
    changed = 0
    for path in sorted(results.glob("*-result.json")):
        try:
            result = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        found = deltas.get(_scenario_id(result))
        if found and _annotate(result, found, results):
            _write(path, json.dumps(result, ensure_ascii=False))
            changed += 1
    return changed


def _scenario_id(result: dict) -> str:
    """The verdict history's id (``history.scenario_id``, from JUnit's classname: behave puts the
    feature's title after the file's name and a dot, so a title's own dots cut it the same way)."""
    feature = next((label.get("value", "") for label in result.get("labels", [])
                    if label.get("name") == "feature"), "")
    return registry.mask(f"{feature.rsplit('.', 1)[-1].strip()} / {str(result.get('name', '?')).strip()}")


def _annotate(result: dict, found: list[tuple[str, str]], results: Path) -> bool:
    if any(a.get("name") == ATTACHMENT for a in result.get("attachments", [])):
        return False                        # already marked: a run is compared once
    labels = result.setdefault("labels", [])
    for tag, _ in found:
        if {"name": "tag", "value": tag} not in labels:
            labels.append({"name": "tag", "value": tag})
    source = f"{uuid.uuid4()}-attachment.txt"
    _write(results / source, "\n".join(sentence for _, sentence in found) + "\n")
    result.setdefault("attachments", []).append({"name": ATTACHMENT, "source": source, "type": "text/plain"})
    return True


def _add_overview(properties: Path, line: str) -> None:
    """One more ``environment.properties`` line (the Environment widget), in its escaping."""
    ours = render_properties({PROPERTY: line})
    key = ours.split("=", 1)[0] + "="
    kept = [existing + "\n" for existing in (properties.read_text(encoding="utf-8").splitlines()
                                             if properties.is_file() else ()) if not existing.startswith(key)]
    _write(properties, "".join(kept) + ours)


def _write(path: Path, text: str) -> None:
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(registry.mask(text), encoding="utf-8")
    os.replace(temporary, path)
