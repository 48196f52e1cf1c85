"""Verdicts over time (journeys/report/history.py, history_compare.py): what a run appends, that
an interrupted append leaves the history whole, and what the comparison finds, on history files
made here in temporary folders."""

from types import SimpleNamespace

import pytest

from journeys.report import history, run_files
from journeys.report.history import RunRecord, ScenarioRecord, append_run, load_runs, read_run
from journeys.report.history_compare import compare, describe, main
from journeys.report.summary import WORKER_ENV, write_summary
from journeys.rules.rates import Rate, Threshold

FEATURE = "features.first_answer.A new user's first answer"


def junit_case(name, verdict="passed", message="", time_s=1.0, rates=None):
    body = {"passed": "", "skipped": "<skipped/>",
            "failed": f'<failure type="X" message="{message}">x</failure>',
            "error": f'<error type="KeyError" message="{message}">x</error>'}[verdict]
    props = "".join(f'<property name="rate: {what}" value="{value}"/>' for what, value in (rates or {}).items())
    props = f"<properties>{props}</properties>" if props else ""
    return f'<testcase classname="{FEATURE}" name="{name}" status="{verdict}" time="{time_s}">{props}{body}</testcase>'


def a_reports_folder(tmp_path, *cases, target="staging", name="reports"):
    reports = tmp_path / name
    (reports / "junit").mkdir(parents=True)
    (reports / "junit" / "TESTS-first_answer.xml").write_text(
        f'<?xml version="1.0" encoding="UTF-8"?>\n<testsuite name="{FEATURE}">{"".join(cases)}</testsuite>\n')
    (reports / "allure-results").mkdir()
    (reports / "allure-results" / "environment.properties").write_text(f"target={target}\n")
    return reports


def a_run(run_id, **scenarios):
    """``a_run("r1", priya=("passed", 1.0), sam=("failed", 2.0, {"answers": "6/10"}))``."""
    records = {}
    for name, (verdict, duration, *rates) in scenarios.items():
        parsed = {what: history.parse_rate(text) for what, text in (rates[0] if rates else {}).items()}
        records[f"A new user's first answer / {name}"] = ScenarioRecord(
            verdict, "product defect" if verdict == "failed" else None, duration, parsed)
    return RunRecord(run_id, "staging", "2026-12-07T03:00:00Z", records)


def key(name):
    return f"A new user's first answer / {name}"


@pytest.fixture
def history_dir(tmp_path, monkeypatch):
    folder = tmp_path / "history"
    monkeypatch.setenv("E2E_HISTORY_DIR", str(folder))   # absolute: taken as it is
    return folder


# -- what a run appends ------------------------------------------------------------
def test_a_run_is_read_from_its_junit_with_verdicts_categories_durations_and_rates(tmp_path):
    reports = a_reports_folder(
        tmp_path, junit_case("Priya gets her first answer", time_s=1.5),
        junit_case("Sam asks ten cost questions", "failed", "product defect: 6 of 10 meaningful",
                   time_s=9.25, rates={"meaningful answers": "6/10, at least 9 of 10"}),
        junit_case("Leo's tools", "error", "KeyError: 'who'"),
        junit_case("Ana on staging only", "skipped"))
    run = read_run(reports / "junit", "staging")
    assert run.scenarios[key("Priya gets her first answer")] == ScenarioRecord("passed", None, 1.5)
    sam = run.scenarios[key("Sam asks ten cost questions")]
    assert (sam.verdict, sam.category, sam.duration_s) == ("failed", "product defect", 9.25)
    assert sam.rates == {"meaningful answers": Rate(6, 10, Threshold.at_least(9, 10))}
    assert run.scenarios[key("Leo's tools")].category == "suite defect"
    assert run.scenarios[key("Ana on staging only")].verdict == "skipped"
    assert run.ran == 3


def test_each_run_appends_one_line_to_its_targets_history(tmp_path, history_dir):
    reports = a_reports_folder(tmp_path, junit_case("Priya gets her first answer"))
    first = history.record_run(reports, reports / "junit")
    second = history.record_run(reports, reports / "junit")
    assert first == second == history_dir / "staging.jsonl"
    runs, unreadable = load_runs(first)
    assert len(runs) == 2 and unreadable == 0, first.read_text()
    assert runs[0].run_id != runs[1].run_id, "two runs in one second still have distinct ids"
    assert runs[1].scenarios[key("Priya gets her first answer")].verdict == "passed"


def test_without_the_setting_the_history_is_kept_beside_the_reports(tmp_path, monkeypatch):
    monkeypatch.delenv("E2E_HISTORY_DIR", raising=False)
    reports = a_reports_folder(tmp_path, junit_case("Priya gets her first answer"), target="nightly")
    path = history.record_run(reports, reports / "junit")
    assert path == reports / "verdict-history" / "nightly.jsonl" and path.is_file()


def test_a_run_that_stopped_before_any_journey_is_not_recorded(tmp_path, history_dir):
    stopped = ('<testcase classname="before any journey" name="the environment is up and healthy" '
               'status="error"><error type="environment down" message="environment down: no answer"/></testcase>')
    reports = a_reports_folder(tmp_path, stopped, junit_case("Ana on staging only", "skipped"))
    assert history.record_run(reports, reports / "junit") is None
    assert not (history_dir / "staging.jsonl").exists()


def test_only_the_last_runs_are_kept(tmp_path):
    path = tmp_path / "local.jsonl"
    for n in range(5):
        append_run(path, a_run(f"r{n}", priya=("passed", 1.0)), keep=3)
    assert [run.run_id for run in load_runs(path)[0]] == ["r2", "r3", "r4"]


def test_an_interrupted_append_leaves_the_history_whole(tmp_path, monkeypatch):
    path = tmp_path / "local.jsonl"
    append_run(path, a_run("r1", priya=("passed", 1.0)))
    before = path.read_bytes()

    def ctrl_c(_):
        raise KeyboardInterrupt
    monkeypatch.setattr(history.os, "fsync", ctrl_c)   # Ctrl-C while the new file is being written
    with pytest.raises(KeyboardInterrupt):
        append_run(path, a_run("r2", priya=("failed", 1.0)))
    assert path.read_bytes() == before, "the history changed though the append was interrupted"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["local.jsonl"], "a half-written file was left"


def test_a_half_written_line_is_left_out_and_said(tmp_path):
    path = tmp_path / "local.jsonl"
    append_run(path, a_run("r1", priya=("passed", 1.0)))
    with open(path, "a") as out:
        out.write('{"run_id": "r2", "target": "local", "scen')   # an older writer, killed mid-line
    append_run(path, a_run("r3", priya=("passed", 1.0)))
    runs, unreadable = load_runs(path)
    assert [run.run_id for run in runs] == ["r1", "r3"] and unreadable == 1


# -- what the comparison finds --------------------------------------------------------
def test_a_new_failure_and_a_fix_are_found():
    before = [a_run("r1", priya=("passed", 1.0), sam=("failed", 1.0), leo=("failed", 1.0))]
    latest = a_run("r2", priya=("failed", 1.0), sam=("passed", 1.0), leo=("failed", 1.0),
                   ana=("failed", 1.0))
    found = compare(latest, before)
    assert found.new_failures == [(key("priya"), "product defect"), (key("ana"), "product defect")]
    assert found.fixes == [key("sam")]
    assert found.regressions == 2, "leo still fails: not new; sam's fix is no regression"


def test_pass_and_fail_flipping_is_flaky_and_newly_flaky_is_a_regression():
    window = [a_run("r1", priya=("passed", 1.0), sam=("passed", 1.0), leo=("failed", 1.0)),
              a_run("r2", priya=("failed", 1.0), sam=("passed", 1.0), leo=("passed", 1.0)),
              a_run("r3", priya=("passed", 1.0), sam=("passed", 1.0), leo=("failed", 1.0))]
    latest = a_run("r4", priya=("failed", 1.0), sam=("passed", 1.0), leo=("passed", 1.0))
    found = compare(latest, window)
    assert found.flaky == [(key("priya"), ["passed", "failed", "passed", "failed"], False),
                           (key("leo"), ["failed", "passed", "failed", "passed"], False)]
    assert found.new_failures == [] and found.fixes == [], "a flip is reported once, as flaky"
    newly = compare(a_run("r3", sam=("passed", 1.0)),
                    [a_run("r1", sam=("passed", 1.0)), a_run("r2", sam=("failed", 1.0))])
    assert newly.flaky == [(key("sam"), ["passed", "failed", "passed"], True)] and newly.regressions == 1


def test_a_seeded_rate_drop_is_flagged_and_an_unchanged_rate_is_not():
    window = [a_run(f"r{n}", sam=("passed", 5.0, {"meaningful answers": "10/10, at least 9 of 10"}))
              for n in range(5)]
    dropped = compare(a_run("r5", sam=("failed", 5.0, {"meaningful answers": "5/10, at least 9 of 10"})), window)
    [drop] = dropped.rate_drops
    assert (drop.before.counts(), drop.now.counts(), drop.significant) == ("50/50", "5/10", True), drop
    assert "50/50 → 5/10 (p = " in "\n".join(describe(dropped))
    steady = [a_run(f"r{n}", sam=("passed", 5.0, {"meaningful answers": "9/10"})) for n in range(5)]
    unchanged = compare(a_run("r5", sam=("passed", 5.0, {"meaningful answers": "9/10"})), steady)
    assert unchanged.rate_drops == [] and unchanged.regressions == 0


def test_ten_of_ten_to_six_of_ten_alone_is_shown_but_not_significant():
    found = compare(a_run("r2", sam=("passed", 5.0, {"answers": "6/10"})),
                    [a_run("r1", sam=("passed", 5.0, {"answers": "10/10"}))])
    [drop] = found.rate_drops
    assert not drop.significant and found.regressions == 0
    assert "10/10 → 6/10 (p = 0.0867, not significant at 0.05)" in "\n".join(describe(found))


@pytest.mark.parametrize("earlier, now, slower", [
    ((2.0, 2.2, 1.8), 4.0, True),        # 2x the median, 2 s slower
    ((0.1, 0.1, 0.1), 0.3, False),       # 3x, but 0.2 s: not news
    ((60.0, 60.0, 60.0), 61.5, False),   # 1.5 s, but 1.025x
    ((2.0, 2.0, 2.0), 2.9, False),       # 1.45x
])
def test_a_duration_regression_is_over_one_and_a_half_times_and_a_second_slower(earlier, now, slower):
    window = [a_run(f"r{n}", priya=("passed", d)) for n, d in enumerate(earlier)]
    found = compare(a_run("r9", priya=("passed", now)), window)
    assert bool(found.slower) == slower, found.slower


# -- the command ------------------------------------------------------------------------
def test_the_command_exits_2_saying_why_when_there_is_nothing_to_compare(history_dir, capsys):
    assert main(["--target", "staging"]) == 2
    assert "no history for target 'staging' yet" in capsys.readouterr().err
    append_run(history_dir / "staging.jsonl", a_run("r1", priya=("passed", 1.0)))
    assert main(["--target", "staging"]) == 2
    assert "only one run is recorded (r1)" in capsys.readouterr().err
    append_run(history_dir / "staging.jsonl", a_run("r2", priya=("passed", 1.0)))
    assert main(["--target", "staging", "--baseline", "r0"]) == 2
    assert "no run 'r0' is recorded; the last ones are: r1" in capsys.readouterr().err
    assert main(["--target", "staging", "--baseline", "r2"]) == 2
    assert "is the latest run itself" in capsys.readouterr().err


def test_the_command_exits_1_on_a_regression_and_0_without(history_dir, capsys):
    path = history_dir / "staging.jsonl"
    for n in range(3):
        append_run(path, a_run(f"r{n}", priya=("passed", 1.0), sam=("passed", 1.0)))
    assert main(["--target", "staging"]) == 0
    assert "No regression." in capsys.readouterr().out
    append_run(path, a_run("r3", priya=("failed", 1.0), sam=("passed", 1.0)))
    assert main(["--target", "staging", "--last", "2"]) == 1
    out = capsys.readouterr().out
    assert "compared with the 2 runs from r1 to r2" in out and f"- {key('priya')}: product defect" in out
    assert main(["--target", "staging", "--baseline", "r0"]) == 1


# -- at the end of a run -----------------------------------------------------------------
def test_a_serial_run_joins_its_history_and_a_parallel_worker_does_not(tmp_path, history_dir, monkeypatch):
    reports = a_reports_folder(tmp_path, junit_case("Priya gets her first answer"))
    monkeypatch.setenv("E2E_REPORTS_DIR", str(reports))
    config = SimpleNamespace(junit_directory=str(reports / "junit"))
    monkeypatch.setenv(WORKER_ENV, "1")
    run_files.finish_run(config)
    assert not (history_dir / "staging.jsonl").exists(), "a parallel worker recorded the run itself"
    monkeypatch.delenv(WORKER_ENV)
    run_files.finish_run(config)
    assert len(load_runs(history_dir / "staging.jsonl")[0]) == 1


def test_the_summary_says_what_changed_since_the_last_run(tmp_path, history_dir, monkeypatch):
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    first = a_reports_folder(tmp_path, junit_case("Priya gets her first answer"), name="first")
    text = write_summary(first).read_text()
    assert "Since the last run" not in text, "no history yet, yet the summary compared"
    history.record_run(first, first / "junit")
    second = a_reports_folder(tmp_path, junit_case("Priya gets her first answer", "failed",
                                                   "product defect: no answer"), name="second")
    history.record_run(second, second / "junit")     # as a run does, before its summary
    text = write_summary(second).read_text()
    section = text.split("### Since the last run", 1)[-1]
    assert "### Since the last run" in text and "**New failures**" in section, text
    assert f"- {key('Priya gets her first answer')}: product defect" in section
    assert "1 regression." in section
    assert len(load_runs(history_dir / "staging.jsonl")[0]) == 2, "the summary wrote to the history"
