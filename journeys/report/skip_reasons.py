"""A skipped scenario says why in JUnit too, not only on behave's console.

behave's JUnit reporter writes ``<skipped/>`` with no message, so a CI page
shows "skipped" and nothing more: a ``@local-only`` journey on staging would
not say that it needs the suite's own platform. The reason has one home,
behave's own ``scenario.skip_reason`` (set by ``scenario.skip(reason)``); once
the run is over each skipped scenario's JUnit case gets ``<skipped
message="...">`` from it (``write_into_junit``). The Allure side reads the same
attribute as the scenario ends (``journeys.report.formatters``).
"""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from collections.abc import Iterable
from pathlib import Path

from ..secrets import registry


def reasons_of(scenarios: Iterable) -> dict[tuple[str, str], str]:
    """(feature name, scenario name) -> why it was skipped, for each scenario skipped with a reason."""
    found = {}
    for scenario in scenarios:
        reason = getattr(scenario, "skip_reason", None)
        status = getattr(getattr(scenario, "status", None), "name", "")
        if reason and status == "skipped":
            found[(scenario.feature.name, scenario.name)] = registry.mask(str(reason))
    return found


def scenarios_of(features: Iterable) -> list:
    """Every scenario of the run's features, those inside a Rule or an outline included."""
    return [scenario for feature in features for scenario in feature.walk_scenarios()]


def write_into_junit(folder: Path, scenarios: Iterable) -> None:
    """Give each skipped scenario's ``<skipped>`` its reason, in every JUnit file of ``folder``."""
    reasons = reasons_of(scenarios)
    if not reasons or not folder.is_dir():
        return
    for path in folder.glob("*.xml"):
        tree = ElementTree.parse(path)
        changed = False
        for case in tree.iter("testcase"):
            reason = next((why for (name, scenario), why in reasons.items()
                           if scenario == case.get("name") and case.get("classname", "").endswith(name)),
                          None)
            skipped = case.find("skipped")
            if reason and skipped is not None and not skipped.get("message"):
                skipped.set("message", reason)
                changed = True
        if changed:
            tree.write(path, encoding="utf-8", xml_declaration=True)
