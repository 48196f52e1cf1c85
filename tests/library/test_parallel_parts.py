"""The parallel runner's pieces that need no run: worker count, options, names, console, claims."""

import json
import xml.etree.ElementTree as ElementTree

import pytest

from journeys.parallel.claims import claim, latest_claims
from journeys.errors import SuiteError
from journeys.run.fault_control import restart_platform, set_faults
from journeys.evidence import Evidence
from journeys.run.local_platform import PlatformUrls
from journeys.parallel.runner import worker_count
from journeys.parallel.plan import serial_reason, split_options, without_junit_directory
from journeys.parallel.reports import merge_junit, move_results, serial_name, without_others_scenarios
from journeys.secrets import Secret
from journeys.config.settings import load_settings
from journeys.run.shared_platform import SharedPlatform, environment_for_workers, from_environment
from journeys.run.target import Target


def test_the_worker_count_comes_from_E2E_WORKERS_or_the_machine():
    assert worker_count({"E2E_WORKERS": "1"}, True) == 1
    assert worker_count({"E2E_WORKERS": " 7 "}, False) == 7
    assert 4 <= worker_count({}, True) <= 12
    assert worker_count({}, False) >= worker_count({}, True)
    for bad in ("0", "two", "-3", "1.5"):
        with pytest.raises(ValueError, match="E2E_WORKERS is"):
            worker_count({"E2E_WORKERS": bad}, True)


def test_paths_are_told_from_options_with_behaves_own_table():
    options, paths = split_options(["-D", "target=x", "--tags=@a", "-t", "@b", "features/a.feature",
                                    "--no-color", "features/b.feature:3"])
    assert options == ["-D", "target=x", "--tags=@a", "-t", "@b", "--no-color"]
    assert paths == ["features/a.feature", "features/b.feature:3"]


def test_options_whose_output_cannot_be_split_run_in_one_process():
    assert serial_reason(["--tags=@a"]) is None
    assert "--dry-run" in serial_reason(["--dry-run"])
    assert "-o" in serial_reason(["-f", "json", "-o", "out.json"])


def test_the_junit_directory_option_is_the_merge_destination():
    assert without_junit_directory(["--junit-directory", "x", "-t", "@a"]) == (["-t", "@a"], "x")
    assert without_junit_directory(["--junit-directory=y"]) == ([], "y")
    assert without_junit_directory(["-t", "@a"]) == (["-t", "@a"], None)


def test_junit_files_are_named_as_a_serial_run_names_them():
    assert serial_name("features.login_to_answer", ["features"]) == "login_to_answer"
    assert serial_name("features.login_to_answer", ["features/"]) == "login_to_answer"
    assert serial_name("features.login_to_answer", ["features/login_to_answer.feature"]) == "features.login_to_answer"


def test_the_console_keeps_only_headings_with_something_under_them():
    lines = ["Feature: A", "  Rule: r1", "    Example: left to another worker", "  Rule: r2",
             "    Example: ran here", "      Given x ... passed in 0.1s", "Feature: B",
             "    Example: also elsewhere"]
    assert without_others_scenarios(lines) == ["Feature: A", "  Rule: r2", "    Example: ran here",
                                               "      Given x ... passed in 0.1s"]


def test_a_scenario_is_claimed_by_exactly_one_worker(tmp_path):
    assert claim(tmp_path, "features/a.feature:8") is True
    assert claim(tmp_path, "features/a.feature:8") is False
    assert claim(tmp_path, "features/a.feature:9") is True


def test_the_runner_sees_when_each_worker_took_its_latest_scenario(tmp_path):
    """So it can tell a worker waiting on an answer (one scenario for seconds) from a busy one."""
    import os
    claim(tmp_path, "features/a.feature:8")
    os.utime(tmp_path / "features_a.feature_8", (1000.0, 1000.0))
    claim(tmp_path, "features/a.feature:9")
    os.utime(tmp_path / "features_a.feature_9", (2000.0, 2000.0))
    (tmp_path / "features_b.feature_3").write_text("")          # being written: not counted
    assert latest_claims(tmp_path) == {os.getpid(): 2000.0}


def _shared_target() -> Target:
    platform = SharedPlatform(PlatformUrls("http://127.0.0.1:1", "http://127.0.0.1:2", "ws://127.0.0.1:2/ws"),
                              Secret("jwt-secret-for-a-test"), Secret("bypass-key-for-a-test"))
    return Target(load_settings("local", {}), platform)


def test_a_shared_platform_refuses_faults_and_restarts_naming_the_tag():
    target = _shared_target()
    with pytest.raises(SuiteError, match="@own-platform"):
        restart_platform(target)
    with pytest.raises(SuiteError, match="@own-platform"):
        set_faults(target, Evidence(), {"fail_next_runs": 1})


def test_the_shared_platform_travels_to_workers_in_their_environment():
    class Started:
        urls = PlatformUrls("http://127.0.0.1:1", "http://127.0.0.1:2", "ws://127.0.0.1:2/ws")
        jwt_secret, bypass_key = Secret("jwt-secret-for-a-test"), Secret("bypass-key-for-a-test")
    environ = environment_for_workers(Started())
    shared = from_environment(environ)
    assert shared.urls == Started.urls and shared.bypass_key.reveal() == "bypass-key-for-a-test"
    assert from_environment({}) is None
    with pytest.raises(SuiteError, match="E2E_SHARED_PLATFORM"):
        from_environment({"E2E_SHARED_PLATFORM": "{}"})


def test_a_scenario_skipped_with_its_reason_by_the_worker_that_ran_it_keeps_the_reason(tmp_path):
    """Every other worker lists it as skipped, without a reason: the merge keeps the one that says why,
    whichever worker folder comes first (JUnit and Allure alike)."""
    case = ('<testcase classname="features.live.Live" name="keep-alive" status="skipped" time="{t}">'
            '<skipped{why} /></testcase>')
    folders = [tmp_path / name for name in ("a", "b", "c")]
    for folder, why in zip(folders, ("", ' message="no keep-alive came"', "")):
        (folder / "junit").mkdir(parents=True)
        (folder / "junit" / "TESTS-features.live.xml").write_text(
            f'<testsuite name="features.live.Live">{case.format(t="1" if why else "0", why=why)}</testsuite>')
        (folder / "allure-results").mkdir()
        details = {"statusDetails": {"message": "no keep-alive came"}} if why else {}
        (folder / "allure-results" / f"{folder.name}-result.json").write_text(
            json.dumps({"historyId": "h1", "status": "skipped", **details}))
    merge_junit(folders, tmp_path / "junit", ["features"])
    merged = ElementTree.parse(tmp_path / "junit" / "TESTS-live.xml").getroot().findall("testcase")
    assert [c.find("skipped").get("message") for c in merged] == ["no keep-alive came"]
    move_results(folders, tmp_path / "run")
    kept = [json.loads(p.read_text()) for p in (tmp_path / "run" / "allure-results").glob("*-result.json")]
    assert [r.get("statusDetails", {}).get("message") for r in kept] == ["no keep-alive came"]
