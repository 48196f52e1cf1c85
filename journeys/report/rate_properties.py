"""A scenario's measured rates as JUnit properties: ``rate: <what>`` = "9/10, at least 9 of 10".

behave's JUnit reporter writes no properties of its own, and the verdict history
(``journeys.report.history``) reads a scenario's rates from its JUnit test case. The rates have
one home while the run goes on, behave's scenario (``scenario.rates``, set as it ends by
``journeys.report.hooks.finish_scenario``); once the run is over each case gets a property per
rate (``write_into_junit``), the way ``skip_reasons`` gives a skipped case its reason.
"""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from collections.abc import Iterable
from pathlib import Path

from ..secrets import registry
from .read_back import update_cases

PREFIX = "rate: "          # journeys.report.history reads "rate: <what>" back


def rates_of(scenarios: Iterable) -> dict[tuple[str, str], dict[str, str]]:
    """(feature name, scenario name) -> {what: "9/10, at least 9 of 10"}, for scenarios with rates."""
    return {(scenario.feature.name, scenario.name): dict(rates)
            for scenario in scenarios if (rates := getattr(scenario, "rates", None))}


def write_into_junit(folder: Path, scenarios: Iterable) -> None:
    """Each rated scenario's JUnit case gets ``<properties><property name="rate: ..."/>``."""
    update_cases(folder, rates_of(scenarios), _add)


def _add(case: ElementTree.Element, rates: dict[str, str]) -> bool:
    properties = case.find("properties")
    if properties is None:
        properties = ElementTree.Element("properties")
        case.insert(0, properties)
    have = {p.get("name") for p in properties.iter("property")}
    added = False
    for what, value in rates.items():
        if PREFIX + what not in have:
            ElementTree.SubElement(properties, "property", name=registry.mask(PREFIX + what),
                                   value=registry.mask(value))
            added = True
    return added
