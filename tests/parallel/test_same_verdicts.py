"""A parallel run reports exactly what a serial run reports: the same scenarios, verdicts, counts,
JUnit files, Allure results and transcripts, whichever worker ran which scenario."""

import pytest

from parallel_runs import run_parallel

pytestmark = pytest.mark.meta


def _assert_same(serial, parallel):
    assert serial.junit() == parallel.junit(), "JUnit differs between the serial and the parallel run"
    assert serial.allure() == parallel.allure(), "Allure results differ"
    assert serial.transcripts() == parallel.transcripts(), "transcripts differ"


def test_shared_and_own_platform_scenarios_report_as_in_a_serial_run(tmp_path):
    # error recovery: shared scenarios, and three that arm a fault or restart (@own-platform)
    args = ("--tags=@error-recovery or @platform-health",)
    serial = run_parallel(tmp_path / "serial", *args, workers=1)
    parallel = run_parallel(tmp_path / "parallel", *args, workers=3)
    assert serial.exit_code == 0, serial.explain()
    assert parallel.exit_code == 0, parallel.explain()
    assert "with 3 parallel workers" in parallel.output, parallel.explain()
    assert len(serial.allure()) >= 10, serial.explain()
    _assert_same(serial, parallel)


def test_a_failing_scenario_fails_the_parallel_run_with_the_same_verdicts(tmp_path):
    args = ("--tags=@golden-path",)
    env = {"E2E_LOCAL_DEFECTS": "double-completion", "E2E_TURN_S": "4", "E2E_WAIT_S": "2"}
    serial = run_parallel(tmp_path / "serial", *args, workers=1, env=env)
    parallel = run_parallel(tmp_path / "parallel", *args, workers=4, env=env)
    assert serial.exit_code == 1 and parallel.exit_code == 1, serial.explain() + parallel.explain()
    assert "failed" in parallel.allure().values(), parallel.explain()
    _assert_same(serial, parallel)
    assert "failed: login_to_answer.From logging in to an AI answer: " in parallel.output, parallel.explain()


@pytest.mark.slow
def test_the_whole_catalogue_reports_as_in_a_serial_run(tmp_path):
    serial = run_parallel(tmp_path / "serial", workers=1)
    parallel = run_parallel(tmp_path / "parallel")
    assert serial.exit_code == 0, serial.explain()
    assert parallel.exit_code == 0, parallel.explain()
    _assert_same(serial, parallel)
    assert sum(len(f["cases"]) for f in parallel.junit().values()) >= 50
