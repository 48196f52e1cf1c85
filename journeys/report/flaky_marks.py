"""A scenario that passed only after a connection retry, said where each reader looks.

A retry hides a failure rate, so a pass it bought is not a clean pass. The
retries are recorded by the wire (``journeys.wire.retries``, kept in the
scenario's ``Evidence.retries``); as the scenario ends the report wing keeps
their descriptions on behave's scenario, ``scenario.connection_retries``
(``journeys.report.hooks.mark_flaky``), their one home, which the three
readers below read:

- JUnit, once the run is over (``write_into_junit``): each retried scenario's
  test case gets ``<property name="connection retries" value="N"/>``, and
  when it passed ``<property name="flaky" value="passed after N connection
  retries: ..."/>``. A parallel run's merge keeps test cases whole, so the
  properties travel with them (``journeys.parallel.reports``).
- Allure, as allure-behave closes the result (``flag_in_allure``): Allure's own
  flaky flag, ``statusDetails.flaky``, on a passed result.
- ``summary.md`` (``flaky_section``): "Flaky: <scenario> passed after N
  connection retries", read back from the JUnit properties.

Only connection retries make a scenario flaky. A rate journey's attempts are
quality repeats: reported as rates (the ``rate: <what>`` property), never here.
"""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from collections.abc import Iterable
from pathlib import Path

from ..plurals import counted
from ..secrets import registry
from .read_back import update_cases

FLAKY_PROPERTY = "flaky"
RETRIES_PROPERTY = "connection retries"
ON_SCENARIO = "connection_retries"     # behave scenario attribute: the retries' descriptions
PASSED = "passed"


def keep_on_scenario(scenario, descriptions: list[str]) -> None:
    """The retries' descriptions on behave's scenario, for JUnit and Allure to read."""
    setattr(scenario, ON_SCENARIO, tuple(registry.mask(text) for text in descriptions))


def retries_on(scenario) -> tuple[str, ...]:
    return tuple(getattr(scenario, ON_SCENARIO, None) or ())


def flaky_words(retries: tuple[str, ...]) -> str:
    """ "passed after 1 connection retry: Sam's chat connection, retry 1 after ..." """
    return f"passed after {counted(len(retries), 'connection retry', 'connection retries')}: " \
           + "; ".join(retries)


def flag_in_allure(result, scenario) -> None:
    """Allure's own flaky flag on a scenario that passed after a connection retry (``result``:
    allure-commons' ``TestResult``, imported here only: the summary reads this module without Allure)."""
    from allure_commons.model2 import StatusDetails
    if result.status != PASSED or not retries_on(scenario):
        return
    if result.statusDetails is None:
        result.statusDetails = StatusDetails()
    result.statusDetails.flaky = True


def write_into_junit(folder: Path, scenarios: Iterable) -> None:
    """Each retried scenario's test case gets its retry count, and its flaky mark when it passed."""
    retried = {(s.feature.name, s.name): (_status(s), retries_on(s)) for s in scenarios if retries_on(s)}
    update_cases(folder, retried, lambda case, found: _mark_case(case, *found))


def _mark_case(case: ElementTree.Element, status: str, retries: tuple[str, ...]) -> bool:
    properties = case.find("properties")
    if properties is None:
        properties = ElementTree.Element("properties")
        case.insert(0, properties)          # JUnit's schema: properties come first in a test case
    known = {prop.get("name") for prop in properties.iter("property")}
    if RETRIES_PROPERTY in known:
        return False
    ElementTree.SubElement(properties, "property", name=RETRIES_PROPERTY, value=str(len(retries)))
    if status == PASSED and case.find("failure") is None and case.find("error") is None:
        ElementTree.SubElement(properties, "property", name=FLAKY_PROPERTY, value=flaky_words(retries))
    return True


def flaky_cases(junit: Path) -> list[tuple[str, int]]:
    """(scenario, connection retries) of each test case marked flaky in ``junit``'s files."""
    found = []
    for path in sorted(junit.glob("*.xml")) if junit.is_dir() else ():
        try:
            cases = list(ElementTree.parse(path).getroot().iter("testcase"))
        except ElementTree.ParseError:
            continue                        # the summary reports an unreadable file already
        for case in cases:
            values = {p.get("name"): p.get("value", "") for p in case.iter("property")}
            if FLAKY_PROPERTY in values:
                count = values.get(RETRIES_PROPERTY, "")
                found.append((case.get("name", "?").strip(), int(count) if count.isdigit() else 0))
    return found


def flaky_section(junit: Path) -> str:
    """summary.md's "Flaky" lines; "" when no scenario passed after a retry."""
    found = flaky_cases(junit)
    if not found:
        return ""
    lines = ["", "### Flaky", ""]
    lines += [f"- Flaky: {scenario.replace('|', '/')} passed after "
              f"{counted(count, 'connection retry', 'connection retries')}" for scenario, count in found]
    return registry.mask("\n".join(lines) + "\n")


def _status(scenario) -> str:
    status = getattr(scenario, "status", "")
    return getattr(status, "name", str(status))
