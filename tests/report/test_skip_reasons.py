"""A skipped scenario says why in Allure and in JUnit, not only on behave's console."""

import xml.etree.ElementTree as ElementTree
from types import SimpleNamespace

from journeys.report import skip_reasons
from journeys.report.formatters import SKIP_REASONS, by_cause, with_skip_reason

WHY = "needs the suite's own platform (target 'staging' is not 'local')"


def test_an_allure_result_skipped_before_its_steps_carries_its_reason_untouched():
    SKIP_REASONS["u1"] = WHY
    result = {"uuid": "u1", "status": "skipped", "name": "x", "steps": []}
    with_skip_reason(result)
    by_cause(result)   # a skip's reason is not a failure's headline
    assert result["statusDetails"]["message"] == WHY
    assert "u1" not in SKIP_REASONS


def test_junit_skipped_cases_get_their_reason(tmp_path):
    scenario = SimpleNamespace(skip_reason=WHY, status=SimpleNamespace(name="skipped"),
                               name="the quoted cost is the price list's",
                               feature=SimpleNamespace(name="From logging in to an AI answer"))
    skip_reasons.record(scenario)
    path = tmp_path / "TESTS-features.login_to_answer.xml"
    path.write_text('<testsuite><testcase classname="features.login_to_answer.From logging in to an '
                    'AI answer" name="the quoted cost is the price list\'s" status="skipped">'
                    '<skipped /></testcase><testcase classname="x.Other" name="other" '
                    'status="skipped"><skipped /></testcase></testsuite>')
    skip_reasons.write_into_junit(tmp_path)
    cases = ElementTree.parse(path).getroot().findall("testcase")
    assert [case.find("skipped").get("message") for case in cases] == [WHY, None]
