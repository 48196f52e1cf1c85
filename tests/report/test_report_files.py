"""A run's report files carry what a reviewer needs, and JUnit carries the same verdicts."""

import json
import re
import xml.etree.ElementTree as ElementTree

import pytest

from journeys.report.run_context import CATEGORIES

pytestmark = pytest.mark.meta

GOLDEN = "features/login_to_answer.feature"
COSTED = "Sam logs in and gets a costed answer"


def labels(result: dict) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for label in result["labels"]:
        found.setdefault(label["name"], []).append(label["value"])
    return found


def categories_of(result: dict) -> list[str]:
    message = (result.get("statusDetails") or {}).get("message", "")
    return [c["name"] for c in CATEGORIES
            if result["status"] in c["matchedStatuses"] and re.fullmatch(c["messageRegex"], message)]


def junit_verdicts(junit_dir) -> dict[str, str]:
    verdicts = {}
    for path in junit_dir.glob("*.xml"):
        for case in ElementTree.parse(path).getroot().iter("testcase"):
            kind = next((child.tag for child in case if child.tag in ("failure", "error", "skipped")), "passed")
            verdicts[case.get("name").strip()] = {"failure": "failed", "error": "broken"}.get(kind, kind)
    return verdicts


def test_a_failing_run_shows_the_failing_step_with_its_evidence_category_and_context(report_run, tmp_path):
    reports = tmp_path / "reports"
    (reports / "allure-results").mkdir(parents=True)
    (reports / "allure-results" / "stale-result.json").write_text("{}")
    (reports / "allure-history").mkdir()
    (reports / "allure-history" / "history-trend.json").write_text('[{"data": {"total": 1}}]')

    run = report_run(GOLDEN, env={"E2E_LOCAL_DEFECTS": "close-after-first-frame", "CI": "true"})

    assert run.exit_code != 0, run.explain()
    result = run.named(COSTED)
    assert result["status"] == "failed", run.explain()
    assert categories_of(result) == ["Product defects"], result["statusDetails"]["message"]
    found = labels(result)
    assert found["epic"] == ["Golden path"] and found["feature"] == ["From logging in to an AI answer"]
    assert found["story"] == ["a logged-in person gets a costed answer, streamed as it is worked out"]
    assert found["severity"] == ["blocker"]

    failing = next(step for step in result["steps"] if step["status"] == "failed")
    attached = {a["name"]: run.attachment(a) for a in failing["attachments"]}
    why = attached["why this step failed"]
    assert why.startswith("product defect:") and "connection closed with code 1000, reason 'main cleanup'" in why
    assert "last frames received, Sam's chat transcript:" in why and "connection_established" in why
    transcript = attached["Sam's chat transcript"]
    assert re.search(r"\+\s+0\.0 ms\s+sent\s+user_message\s+\{", transcript), transcript
    login = next(step for step in result["steps"] if step["name"] == "When Sam logs in")
    http = run.attachment(next(a for a in login["attachments"] if a["name"] == "HTTP exchanges"))
    assert re.search(r"POST http://127\.0\.0\.1:\d+/auth/login -> 200 in \d+ ms", http), http
    assert "response headers: " in http and '"password": "***"' in http

    results = reports / "allure-results"
    assert not (results / "stale-result.json").exists()
    assert json.loads((results / "history" / "history-trend.json").read_text())[0]["data"]["total"] == 1
    assert json.loads((results / "categories.json").read_text()) == CATEGORIES
    assert json.loads((results / "executor.json").read_text())["type"] == "ci"
    properties = (results / "environment.properties").read_text()
    for line in ("target=local", "platform.auth.version=1.0.0", "local.defects=close-after-first-frame"):
        assert line in properties, properties
    assert re.search(r"^auth\.url=http\\://127\.0\.0\.1\\:\d+$", properties, re.MULTILINE), properties
    assert re.search(r"^suite\.commit=", properties, re.MULTILINE) and "package.behave=" in properties
    assert list((reports / "transcripts").glob("*.txt"))

    verdicts = junit_verdicts(run.junit)
    statuses = {r["name"].strip(): r["status"] for r in run.results}
    assert statuses == {name: verdicts.get(name) for name in statuses}, verdicts
    assert "ASSERT FAILED: product defect:" in run.console


def test_service_levels_show_a_table_and_a_latency_chart_on_the_step_that_measured(report_run):
    run = report_run("features/service_levels.feature", "features/many_people.feature",
                     env={"E2E_LOCAL_DEFECTS": "slow-answer", "E2E_SLO_TURNS": "3"})

    assert run.exit_code != 0, run.explain()
    series = run.named("Leo's series of cost questions is answered within the promise")
    assert series["status"] == "failed" and categories_of(series) == ["Service-level breaches"], run.explain()
    crowd = run.named("Ana's team all ask at the same moment and each gets their own answer")
    for result, step_words in ((series, "different cost questions, one after another"), (crowd, "all ask a different cost question")):
        step = next(s for s in result["steps"] if step_words in s["name"])
        by_type = {}
        for attachment in step["attachments"]:
            by_type.setdefault(attachment["type"], []).append(attachment)
        table = run.attachment(by_type["text/csv"][0])
        assert table.splitlines()[0] == "figure,measured,p50 (s),p95 (s),max (s),objective p95 (s),verdict"
        answer_row = next(row for row in table.splitlines() if "answer" in row.lower())
        assert answer_row.endswith(",2,missed"), table
        charts = [run.attachment(a) for a in by_type["image/svg+xml"]]
        assert charts and all(chart.startswith("<svg") and 'data-mark="p95"' in chart for chart in charts)


def test_environment_down_is_its_own_outcome_in_allure_and_junit(report_run):
    run = report_run(GOLDEN, env={"E2E_LOCAL_DEFECTS": "health-unhealthy"})

    assert run.exit_code != 0, run.explain()
    assert len(run.results) == 1, run.explain()
    [result] = run.results
    assert result["status"] == "broken" and categories_of(result) == ["Environment down"], result
    assert result["statusDetails"]["message"].startswith("environment down: the backend")
    verdicts = junit_verdicts(run.junit)
    assert verdicts["the environment is up and healthy"] == "broken"
    assert "failed" not in verdicts.values() and "passed" not in verdicts.values(), verdicts
    assert "ENVIRONMENT DOWN:" in run.console


def test_a_suite_defect_in_a_step_is_its_sentence_on_the_console_and_in_junit_not_a_traceback(
        report_run, tmp_path):
    """A wrong JWT_SECRET_KEY for a hand-started platform: the expired-pass check cannot prove
    anything, and says so; the person reads that sentence, not a Python traceback."""
    from journey_runs import HAND_STARTED_ENV
    from platform_process import PlatformProcess
    (tmp_path / "platform").mkdir()
    platform = PlatformProcess(workdir=tmp_path / "platform", env=HAND_STARTED_ENV)
    try:
        run = report_run("features/session_security.feature", userdata={"target": "handmade"},
                         env={"AUTH_SERVICE_URL": platform.info["auth_url"],
                              "BACKEND_URL": platform.info["backend_url"],
                              "JWT_SECRET_KEY": "not-the-platform-secret-0123456789"},
                         tags="@session-security and not @tickets")
    finally:
        platform.stop()
    assert run.exit_code != 0, run.explain()
    sentence = "suite defect: a current pass signed with JWT_SECRET_KEY was refused too"
    assert sentence in run.console and "Traceback" not in run.console, run.explain()
    junit = "".join(path.read_text() for path in run.junit.glob("*.xml"))
    assert sentence in junit and "Traceback" not in junit, junit[-3000:]
    broken = run.named("an expired pass opens neither the conversations nor the chat")
    assert broken["status"] == "broken", run.explain()          # the suite's defect, not the product's
