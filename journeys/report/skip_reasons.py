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

from collections.abc import Iterable
from pathlib import Path

from ..secrets import registry
from .read_back import update_cases


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
    update_cases(folder, reasons_of(scenarios), _give_reason)


def _give_reason(case, reason: str) -> bool:
    skipped = case.find("skipped")
    if skipped is None or skipped.get("message"):
        return False
    skipped.set("message", reason)
    return True
