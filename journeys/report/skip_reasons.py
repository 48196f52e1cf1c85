"""A skipped scenario says why in JUnit too, not only on behave's console.

behave's JUnit reporter writes ``<skipped/>`` with no message, so a CI page
shows "skipped" and nothing more: a ``@local-only`` journey on staging would
not say that it needs the suite's own platform. Each skipped scenario's reason
is kept as it ends (``record``), and once the run is over its JUnit case gets
``<skipped message="...">`` (``write_into_junit``). The Allure side is in
``journeys.report.formatters`` (``with_skip_reason``).
"""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from pathlib import Path

from ..secrets import registry

_REASONS: dict[tuple[str, str], str] = {}   # (feature name, scenario name) -> why it was skipped


def record(scenario) -> None:
    reason = getattr(scenario, "skip_reason", None)
    status = getattr(getattr(scenario, "status", None), "name", "")
    if reason and status == "skipped":
        _REASONS[(scenario.feature.name, scenario.name)] = registry.mask(str(reason))


def write_into_junit(folder: Path) -> None:
    """Give each recorded skip's ``<skipped>`` its reason, in every JUnit file of ``folder``."""
    if not _REASONS or not folder.is_dir():
        return
    for path in folder.glob("*.xml"):
        tree = ElementTree.parse(path)
        changed = False
        for case in tree.iter("testcase"):
            reason = next((why for (name, scenario), why in _REASONS.items()
                           if scenario == case.get("name") and case.get("classname", "").endswith(name)),
                          None)
            skipped = case.find("skipped")
            if reason and skipped is not None and not skipped.get("message"):
                skipped.set("message", reason)
                changed = True
        if changed:
            tree.write(path, encoding="utf-8", xml_declaration=True)
