"""A skipped scenario says why in Allure and in JUnit, not only on behave's console.

The reason has one home, behave's ``scenario.skip_reason``: both reports read it there."""

import xml.etree.ElementTree as ElementTree
from types import SimpleNamespace

from allure_commons import model2 as allure_model

from journeys.report import skip_reasons
from journeys.report.formatters import by_cause, with_skip_reason

WHY = "needs the suite's own platform (target 'staging' is not 'local')"


def skipped_scenario(reason, name="the quoted cost is the price list's", status="skipped"):
    return SimpleNamespace(skip_reason=reason, status=SimpleNamespace(name=status), name=name,
                           feature=SimpleNamespace(name="From logging in to an AI answer"))


def test_an_allure_result_skipped_before_its_steps_carries_its_reason_untouched():
    result = allure_model.TestResult(uuid="u1", status="skipped", name="x")
    with_skip_reason(result, WHY)
    by_cause(result, None)   # a skip's reason is not a failure's headline
    assert result.statusDetails.message == WHY


def test_a_reason_a_step_already_gave_is_kept_and_a_result_that_ran_gets_none():
    given = allure_model.TestResult(uuid="u2", status="skipped", name="x")
    with_skip_reason(given, "the platform sent no keep-alive")
    with_skip_reason(given, WHY)
    passed = allure_model.TestResult(uuid="u3", status="passed", name="y")
    with_skip_reason(passed, WHY)
    assert given.statusDetails.message == "the platform sent no keep-alive" and passed.statusDetails is None


def test_junit_skipped_cases_get_their_reason_from_the_scenarios_of_the_run(tmp_path):
    scenarios = [skipped_scenario(WHY), skipped_scenario(None, name="run by another worker"),
                 skipped_scenario("a reason", name="other", status="passed")]
    path = tmp_path / "TESTS-features.login_to_answer.xml"
    path.write_text('<testsuite><testcase classname="features.login_to_answer.From logging in to an '
                    'AI answer" name="the quoted cost is the price list\'s" status="skipped">'
                    '<skipped /></testcase><testcase classname="x.Other" name="other" '
                    'status="skipped"><skipped /></testcase></testsuite>')
    skip_reasons.write_into_junit(tmp_path, scenarios)
    cases = ElementTree.parse(path).getroot().findall("testcase")
    assert [case.find("skipped").get("message") for case in cases] == [WHY, None]


def test_the_run_keeps_no_reason_between_runs(tmp_path):
    """Nothing module-wide: a later run (another list of scenarios) finds none of an earlier one's."""
    case = ('<testsuite><testcase classname="features.login_to_answer.From logging in to an AI answer" '
            'name="the quoted cost is the price list\'s" status="skipped"><skipped /></testcase></testsuite>')
    for run in ("first", "second"):
        (tmp_path / run).mkdir()
        (tmp_path / run / "TESTS-features.login_to_answer.xml").write_text(case)
    skip_reasons.write_into_junit(tmp_path / "first", [skipped_scenario(WHY)])
    skip_reasons.write_into_junit(tmp_path / "second", [])
    first, second = (ElementTree.parse(tmp_path / run / "TESTS-features.login_to_answer.xml").getroot()
                     .find("testcase/skipped").get("message") for run in ("first", "second"))
    assert (first, second) == (WHY, None)
