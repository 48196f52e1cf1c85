"""A target's known defects: the declaration is checked before any scenario, and a failure is known
only when a declared defect names both its scenario and its message."""

from __future__ import annotations

import json

import pytest

from journeys.config.known_defects import KnownDefect, read_declaration
from journeys.config.settings import load_settings
from journeys.errors import ConfigError
from journeys.rules.known_defects import FAILED, PASSED, SKIPPED, Verdict, matching, sort_failures
from journeys.run import outcome

PLACEHOLDER = KnownDefect("NETRA-1", "https://tracker.example.com/NETRA-1",
                          ("Sam asks about *",), message="the answer is a placeholder")
STOPPED = KnownDefect("NETRA-2", "https://tracker.example.com/NETRA-2",
                      ("Stopping: Sam stops*",), message_regex=r"kept (writing|going) after \d+ s")
FEATURE = "From logging in to an AI answer"


def failed(scenario: str, message: str, feature: str = FEATURE) -> Verdict:
    return Verdict(feature, scenario, FAILED, message)


def write(tmp_path, entries) -> object:
    path = tmp_path / "local.known-defects.json"
    path.write_text(entries if isinstance(entries, str) else json.dumps(entries))
    return path


# -- matching ------------------------------------------------------------------
def test_a_failure_is_known_only_when_its_scenario_and_its_message_are_named():
    assert matching([PLACEHOLDER], failed("Sam asks about a premium model",
                                          "product defect: the answer is a placeholder: ...")) is PLACEHOLDER
    other_message = failed("Sam asks about a premium model", "product defect: no answer within 8 s")
    other_scenario = failed("a general question gets a useful answer", "the answer is a placeholder")
    assert matching([PLACEHOLDER], other_message) is None, "another failure of the scenario is new"
    assert matching([PLACEHOLDER], other_scenario) is None, "the same message elsewhere is new"


def test_scenarios_match_by_name_or_feature_and_name_and_messages_by_regex():
    verdict = Verdict("Stopping", "Sam stops an answer", FAILED, "product defect: it kept writing after 3 s")
    assert matching([STOPPED], verdict) is STOPPED
    assert matching([STOPPED], Verdict("Other", "Sam stops an answer", FAILED, verdict.message)) is None
    assert matching([STOPPED], Verdict("Stopping", "Sam stops an answer", FAILED, "kept writing")) is None


def test_a_passed_or_skipped_scenario_is_never_a_known_failure():
    for status in (PASSED, SKIPPED):
        assert matching([PLACEHOLDER], Verdict(FEATURE, "Sam asks about a premium model", status,
                                               "the answer is a placeholder")) is None


def test_failures_are_sorted_into_new_and_known_and_a_defect_whose_scenario_passed_did_not_fail():
    verdicts = [failed("Sam asks about a premium model", "the answer is a placeholder"),
                failed("Sam asks about a monthly budget", "no answer within 8 s"),
                Verdict("Stopping", "Sam stops an answer", PASSED),
                Verdict(FEATURE, "a general question gets a useful answer", SKIPPED)]
    found = sort_failures([PLACEHOLDER, STOPPED], verdicts)
    assert [(v.scenario, d.id) for v, d in found.known] == [("Sam asks about a premium model", "NETRA-1")]
    assert [v.scenario for v in found.new] == ["Sam asks about a monthly budget"]
    assert [(d.id, [v.scenario for v in ran]) for d, ran in found.not_failing] == [
        ("NETRA-2", ["Sam stops an answer"])]


def test_a_defect_whose_scenarios_did_not_run_is_not_said_to_be_fixed():
    found = sort_failures([STOPPED], [Verdict("Stopping", "Sam stops an answer", SKIPPED)])
    assert found.not_failing == [] and found.known == [] and found.new == []


# -- the declaration ---------------------------------------------------------------
def test_the_targets_default_file_is_read_with_the_settings(tmp_path):
    write(tmp_path, [{"id": "NETRA-1", "link": PLACEHOLDER.link, "scenarios": ["Sam asks about *"],
                      "message": "the answer is a placeholder"}])
    settings = load_settings("local", {}, config_dir=tmp_path)
    assert settings.known_defects == (PLACEHOLDER,)
    assert load_settings("local", {"E2E_KNOWN_DEFECTS": str(tmp_path / "local.known-defects.json")},
                         config_dir=tmp_path / "elsewhere").known_defects == (PLACEHOLDER,)


def test_no_file_declares_no_known_defect(tmp_path):
    assert load_settings("local", {}, config_dir=tmp_path).known_defects == ()


@pytest.mark.parametrize("entries, expected", [
    ("[{", "is not valid JSON"),
    ({"id": "NETRA-1"}, "holds an object; expected a list"),
    ([{"id": "NETRA 1", "link": "https://x.example.com/1", "scenarios": ["x"], "message": "m"}],
     "entry 1 ('NETRA 1'): id is 'NETRA 1'"),
    ([{"id": "N-1", "link": "tracker/N-1", "scenarios": ["x"], "message": "m"}],
     "entry 1 ('N-1'): link is 'tracker/N-1'; expected the defect's address"),
    ([{"id": "N-1", "link": "https://x.example.com/1", "scenarios": [], "message": "m"}],
     "entry 1 ('N-1'): scenarios is []"),
    ([{"id": "N-1", "link": "https://x.example.com/1", "scenarios": ["x"]}],
     "entry 1 ('N-1'): give exactly one of message"),
    ([{"id": "N-1", "link": "https://x.example.com/1", "scenarios": ["x"], "message_regex": "(unclosed"}],
     "entry 1 ('N-1'): message_regex '(unclosed' is not a regular expression"),
    ([{"id": "N-1", "link": "https://x.example.com/1", "scenarios": ["x"], "message": "m", "scenario": "y"}],
     "entry 1 ('N-1'): unknown field 'scenario'"),
    ([{"id": "N-1", "link": "https://x.example.com/1", "scenarios": ["x"], "message": "m"},
      {"id": "N-1", "link": "https://x.example.com/2", "scenarios": ["y"], "message": "n"}],
     "entry 2 ('N-1'): the id 'N-1' is declared twice"),
])
def test_a_malformed_declaration_is_a_settings_error_naming_the_file_and_the_entry(tmp_path, entries, expected):
    write(tmp_path, entries)
    with pytest.raises(ConfigError) as caught:
        load_settings("local", {}, config_dir=tmp_path)
    message = str(caught.value)
    assert "config/local.known-defects.json" in message and expected in message, message


def test_a_named_file_that_is_missing_is_a_settings_error(tmp_path):
    with pytest.raises(ConfigError) as caught:
        load_settings("local", {"E2E_KNOWN_DEFECTS": str(tmp_path / "nowhere.json")}, config_dir=tmp_path)
    assert "E2E_KNOWN_DEFECTS file" in str(caught.value) and "does not exist" in str(caught.value)


def test_a_link_with_a_password_is_refused_without_showing_it(tmp_path):
    path = write(tmp_path, [{"id": "N-1", "link": "https://me:hunter2-secret@x.example.com/1",
                             "scenarios": ["x"], "message": "m"}])
    defects, problems = read_declaration(path, "the file")
    assert defects == () and len(problems) == 1 and "user or password" in problems[0]
    assert "hunter2-secret" not in problems[0], problems


def test_the_gate_is_a_setting_with_known_values(tmp_path):
    assert load_settings("local", {}, config_dir=tmp_path).gate == "any-failure"
    assert load_settings("local", {"E2E_GATE": "new-failures"}, config_dir=tmp_path).gate == "new-failures"
    with pytest.raises(ConfigError) as caught:
        load_settings("local", {"E2E_GATE": "new"}, config_dir=tmp_path)
    assert "E2E_GATE is 'new'" in str(caught.value) and "new-failures" in str(caught.value)


# -- the exit status ------------------------------------------------------------------
@pytest.fixture
def reports(tmp_path, monkeypatch):
    monkeypatch.setenv("E2E_REPORTS_DIR", str(tmp_path))
    outcome.clear()
    outcome.record_ran(5)
    return tmp_path


def test_known_failures_fail_the_run_by_default(reports):
    outcome.record_failures(new=0, known=3, gate="any-failure")
    assert outcome.exit_status(1) == (outcome.FAILED, "")


def test_the_new_failures_gate_passes_a_run_whose_failures_are_all_known(reports):
    outcome.record_failures(new=0, known=3, gate="new-failures")
    status, why = outcome.exit_status(1)
    assert status == outcome.PASSED and "(3) is a declared known defect" in why, why


@pytest.mark.parametrize("new, known", [(1, 3), (1, 0), (0, 0)])
def test_the_new_failures_gate_still_fails_a_new_failure_or_a_failure_it_cannot_account_for(reports, new, known):
    outcome.record_failures(new=new, known=known, gate="new-failures")
    assert outcome.exit_status(1) == (outcome.FAILED, "")


def test_the_gate_never_hides_a_stopped_run(reports):
    outcome.record_failures(new=0, known=3, gate="new-failures")
    outcome.record_stop("environment down", "environment down: gone")
    assert outcome.exit_status(1) == (outcome.ENVIRONMENT_DOWN_EXIT, "")
