"""What changed since the last runs, on the Allure results: tags, an attachment, the overview line.
Built on the verdict history's own comparison (``history_compare``), as the summary is."""

from __future__ import annotations

import json

import pytest

from journeys.report import allure_deltas, history, run_files

FEATURE = "first_answer.A new user's first answer"
PRIYA, SAM, RIA = "Priya gets her first answer", "Sam asks ten questions", "Ria asks again"


@pytest.fixture
def history_dir(tmp_path, monkeypatch):
    folder = tmp_path / "history"
    monkeypatch.setenv("E2E_HISTORY_DIR", str(folder))
    return folder


def case(name, verdict="passed", rate=None):
    failure = '<failure type="X" message="product defect: no answer">x</failure>' if verdict == "failed" else ""
    props = f'<properties><property name="rate: meaningful answers" value="{rate}"/></properties>' if rate else ""
    return f'<testcase classname="{FEATURE}" name="{name}" status="{verdict}" time="1.0">{props}{failure}</testcase>'


def a_run(tmp_path, name, *cases):
    """A run's reports: JUnit with ``cases``, and an Allure result per case, as behave leaves them."""
    reports = tmp_path / name
    (reports / "junit").mkdir(parents=True)
    (reports / "junit" / "TESTS-first_answer.xml").write_text(
        f'<?xml version="1.0" encoding="UTF-8"?>\n<testsuite name="f">{"".join(cases)}</testsuite>\n')
    results = reports / "allure-results"
    results.mkdir()
    (results / "environment.properties").write_text("target=staging\n")
    for index, scenario in enumerate((PRIYA, SAM, RIA)):
        (results / f"{index}-result.json").write_text(json.dumps({
            "name": scenario, "status": "passed", "historyId": f"h{index}",
            "labels": [{"name": "feature", "value": "A new user's first answer"}, {"name": "tag", "value": "journey"}]}))
    return reports


def result_of(reports, name):
    return next(r for r in (json.loads(p.read_text()) for p in (reports / "allure-results").glob("*-result.json"))
                if r["name"] == name)


def test_new_failures_fixes_and_significant_rate_drops_are_tagged_and_explained(tmp_path, history_dir):
    first = a_run(tmp_path, "first", case(PRIYA), case(SAM, rate="50/50"), case(RIA, "failed"))
    run_files.record_history(first, first / "junit")
    assert "since the last run" not in json.dumps(result_of(first, PRIYA))
    second = a_run(tmp_path, "second", case(PRIYA, "failed"), case(SAM, rate="2/10"), case(RIA))
    run_files.record_history(second, second / "junit")
    priya, sam, ria = (result_of(second, name) for name in (PRIYA, SAM, RIA))
    assert {"name": "tag", "value": "new-failure"} in priya["labels"], priya["labels"]
    assert {"name": "tag", "value": "fixed"} in ria["labels"], ria["labels"]
    assert {"name": "tag", "value": "rate-dropped"} in sam["labels"], sam["labels"]
    for result in (priya, sam, ria):
        assert {"name": "tag", "value": "flips-between-runs"} not in result["labels"]
    attached = next(a for a in sam["attachments"] if a["name"] == "since the last run")
    text = (second / "allure-results" / attached["source"]).read_text()
    assert "Rate drop, meaningful answers: 50/50 → 2/10 (Fisher's exact p = " in text, text
    overview = (second / "allure-results" / "environment.properties").read_text()
    assert overview.startswith("target=staging\n"), overview
    assert "since\\ the\\ last\\ run=1 new failures, 1 fixed, 0 flipping, 1 significant rate drops, 0 slower" \
           in overview, overview
    assert allure_deltas.mark_deltas(second, second / "junit") == 0      # once: never two attachments


def test_a_first_run_and_a_rate_that_holds_mark_nothing(tmp_path, history_dir):
    first = a_run(tmp_path, "first", case(PRIYA), case(SAM, rate="10/10"), case(RIA))
    run_files.record_history(first, first / "junit")
    second = a_run(tmp_path, "second", case(PRIYA), case(SAM, rate="9/10"), case(RIA))
    run_files.record_history(second, second / "junit")
    for name in (PRIYA, SAM, RIA):
        result = result_of(second, name)
        assert [label["value"] for label in result["labels"] if label["name"] == "tag"] == ["journey"], result
        assert "attachments" not in result, result
    assert len(history.load_runs(history_dir / "staging.jsonl")[0]) == 2
