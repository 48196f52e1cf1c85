"""scripts/conformance.py on small made-up runs: verdicts and whys from JUnit, annotations, compare."""

import importlib.util
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("conformance", ROOT / "scripts" / "conformance.py")
conformance = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(conformance)

CHAT = "chat.The chat"


def junit(folder: Path, cases: str, name: str = "TESTS-chat.xml") -> Path:
    (folder / "junit").mkdir(parents=True, exist_ok=True)
    (folder / "junit" / name).write_text(
        f'<?xml version="1.0" encoding="UTF-8"?>\n<testsuite name="{CHAT}" tests="3">{cases}</testsuite>\n')
    return folder


def case(name: str, inner: str = "") -> str:
    return f'<testcase classname="{CHAT}" name="{name}" status="x" time="1">{inner}</testcase>'


MIXED = (case("Sam asks")
         + case("Lena asks", '<failure type="AssertionError" message="product defect: no answer&#10;waited 10 s">'
                             'trace</failure>')
         + case("Omar asks", '<skipped message="@local-only: needs the reference platform" />')
         + case("Ada asks", '<error type="Exception" message="">suite defect: KeyError\nmore</error>'))


def test_each_scenario_has_its_verdict_and_the_first_line_of_why(tmp_path):
    run = conformance.read_run(junit(tmp_path, MIXED))
    assert run["scenarios"] == {
        "The chat / Sam asks": {"verdict": "passed", "why": ""},
        "The chat / Lena asks": {"verdict": "failed", "why": "product defect: no answer"},
        "The chat / Omar asks": {"verdict": "skipped", "why": "@local-only: needs the reference platform"},
        "The chat / Ada asks": {"verdict": "failed", "why": "suite defect: KeyError"}}
    assert run["outcome"] == "failed"


def test_a_crowd_message_keeps_its_first_person_s_cause():
    assert conformance.first_line("\n10 of 10 people could not get ready:\n    Ana: refused\n    Ben: refused") == \
        "10 of 10 people could not get ready: Ana: refused"
    assert conformance.first_line("no answer\nwaited 10 s") == "no answer"


def test_a_run_stopped_before_any_scenario_is_environment_down(tmp_path):
    junit(tmp_path, '<testcase classname="before any journey" name="the environment is up and healthy">'
                    '<error type="environment down" message="the target at http://x is down" /></testcase>',
          name="TESTS-before-any-journey.xml")
    run = conformance.read_run(tmp_path)
    assert run["outcome"] == "environment down" and run["scenarios"] == {}


def test_the_scenario_a_mid_run_health_check_stopped_in_is_environment_down_the_rest_keep_theirs(tmp_path):
    junit(tmp_path, MIXED + case("Kim asks", '<error type="EnvironmentDown" message="environment down: 3 of 3 '
                                             'people could not get ready" />'))
    (tmp_path / "outcome.json").write_text(json.dumps({
        "outcome": "environment down",
        "detail": "environment down: the target stopped answering during scenario 'Lena asks': GET /health\nmore"}))
    run = conformance.read_run(tmp_path)
    verdicts = {key: entry["verdict"] for key, entry in run["scenarios"].items()}
    assert verdicts == {"The chat / Sam asks": "passed", "The chat / Lena asks": "environment down",
                        "The chat / Omar asks": "skipped", "The chat / Ada asks": "failed",
                        "The chat / Kim asks": "environment down"}
    assert run["scenarios"]["The chat / Lena asks"]["why"] == "product defect: no answer"
    assert run["outcome"] == "environment down" and run["detail"].endswith("during scenario 'Lena asks': GET /health")


def test_scenarios_a_stopped_run_cut_short_are_environment_down_local_only_skips_stay_skipped(tmp_path):
    junit(tmp_path, case("Sam asks", '<failure message="stopped by signal 15" />')
          + case("Lena asks", '<skipped /><system-out>  Example: Lena asks</system-out>')
          + case("Omar asks", '<skipped /><system-out>  @local-only\n  Example: Omar asks</system-out>')
          + case("Ada asks", '<failure message="product defect: no answer" />'))
    (tmp_path / "outcome.json").write_text(json.dumps({
        "outcome": "environment down", "detail": "the target stopped answering during scenario 'Kim asks': x"}))
    verdicts = {key: entry["verdict"] for key, entry in conformance.read_run(tmp_path)["scenarios"].items()}
    assert verdicts == {"The chat / Sam asks": "environment down", "The chat / Lena asks": "environment down",
                        "The chat / Omar asks": "skipped", "The chat / Ada asks": "failed"}
    (tmp_path / "outcome.json").unlink()
    verdicts = {key: entry["verdict"] for key, entry in conformance.read_run(tmp_path)["scenarios"].items()}
    assert verdicts["The chat / Lena asks"] == "skipped" and verdicts["The chat / Sam asks"] == "failed"


def test_a_secret_in_a_message_is_masked(tmp_path, monkeypatch):
    monkeypatch.setenv("JWT_SECRET_KEY", "s3cr3t-value-0123456789")
    junit(tmp_path, case("Lena asks", '<failure message="signed with s3cr3t-value-0123456789" />'))
    run = conformance.read_run(tmp_path, conformance.masker_from_environment())
    assert "s3cr3t" not in json.dumps(run) and "***" in run["scenarios"]["The chat / Lena asks"]["why"]


NOTES = [{"scenario": "Lena asks", "message": "product defect: no", "class": "platform-defect",
          "where": "netra_backend/app/x.py:12"},
         {"scenario": "*", "message": "suite defect", "class": "suite-misfire", "note": "reads the wrong key",
          "combinations": ["mint:header"]}]


def test_an_annotation_matches_scenario_and_message_prefix_and_its_combinations():
    failed = {"verdict": "failed", "why": "product defect: no answer"}
    assert conformance.annotate("The chat / Lena asks", failed, NOTES) == {"class": "platform-defect", "trace": "T1"}
    assert conformance.annotate("The chat / Sam asks", failed, NOTES) is None
    misfire = {"verdict": "failed", "why": "suite defect: KeyError"}
    assert conformance.annotate("The chat / Ada asks", misfire, NOTES, "login:header") is None
    assert conformance.annotate("The chat / Ada asks", misfire, NOTES, "mint:header")["class"] == "suite-misfire"
    assert conformance.annotate("The chat / Lena asks", {"verdict": "skipped", "why": "product defect: no"}, NOTES) is None
    down = {"verdict": "environment down", "why": "product defect: no answer"}
    assert conformance.annotate("The chat / Lena asks", down, NOTES)["class"] == "platform-defect"
    assert conformance._cell({**down, "annotation": {"class": "platform-defect", "trace": "T1"}}) == "down defect"


def test_a_star_in_an_annotation_stands_for_a_name_and_a_trace_may_point_at_the_platform_too():
    notes = [{"scenario": "*", "message": "contract violation: * could sign up; yet [the pair]", "class": "suite-misfire",
              "note": "a premise", "where": "auth_routes.py:378"}]
    failed = {"verdict": "failed", "why": "contract violation: Mia could sign up; yet [the pair] says 900"}
    assert conformance.annotate("The chat / Mia asks", failed, notes) == {"class": "suite-misfire", "trace": "T1"}
    assert list(conformance.trace_text(notes[0]).items()) == [("class", "suite-misfire"), ("note", "a premise"), ("where", "auth_routes.py:378")]
    assert conformance.annotate("The chat / Mia asks", {**failed, "why": "Mia could sign up"}, notes) is None


def test_a_malformed_annotation_is_refused_saying_what_is_missing(tmp_path):
    path = tmp_path / "annotations.json"
    path.write_text(json.dumps({"annotations": [{"scenario": "*", "message": "x", "class": "platform-defect"},
                                                {"scenario": "*", "message": "x", "class": "flaky"}]}))
    with pytest.raises(SystemExit) as refused:
        conformance.load_annotations(path)
    assert "#1 (platform-defect): needs scenario, message and where" in str(refused.value)
    assert "#2: class 'flaky' is not one of" in str(refused.value)


def test_the_page_shows_every_cell_and_each_why_with_its_trace(tmp_path):
    record = conformance.merge({}, "login:header", conformance.read_run(junit(tmp_path / "a", MIXED)), NOTES)
    conformance.merge(record, "mint:header", conformance.read_run(junit(tmp_path / "b", MIXED)), NOTES)
    page = conformance.render(conformance.reannotate(record, NOTES))
    assert "| login:header | failed | 1 | 2 | 1 | 0 | ? | ? |" in page
    assert "| The chat / Lena asks | FAIL defect | FAIL defect |" in page
    assert "| The chat / Ada asks | FAIL ? | FAIL misfire |" in page
    assert "- failed in login:header, mint:header: product defect: no answer — **platform-defect** (T1)" in page
    assert "- **T1** platform-defect: where: netra_backend/app/x.py:12" in page
    assert "- **T2** suite-misfire: note: reads the wrong key" in page
    assert "- failed in login:header: suite defect: KeyError — not traced yet" in page


def test_compare_names_every_changed_scenario_and_nothing_else(tmp_path):
    record = conformance.merge({}, "login:header", conformance.read_run(junit(tmp_path / "a", MIXED)), [])
    same = {"combinations": {"login:header": conformance.read_run(tmp_path / "a")}}
    assert conformance.compare(record, same) == []
    fixed = MIXED.replace('<failure type="AssertionError" message="product defect: no answer&#10;waited 10 s">'
                          'trace</failure>', "")
    new = conformance.read_run(junit(tmp_path / "b", fixed + case("Kim asks", '<failure message="late" />')))
    changes = conformance.compare(record, {"combinations": {"login:header": new, "mint:ticket": new}})
    assert changes == ["login:header: The chat / Kim asks: absent -> failed (late)",
                       "login:header: The chat / Lena asks: failed -> passed",
                       "mint:ticket: not in the record"]


def test_compare_command_reads_a_folder_of_runs_and_exits_1_on_a_change(tmp_path, capsys):
    docs = tmp_path / "docs"
    docs.mkdir()
    record = conformance.merge({}, "login:header", conformance.read_run(junit(tmp_path / "a", MIXED)), [])
    (docs / "beta-17.json").write_text(json.dumps(record))
    junit(tmp_path / "new" / "login-header", MIXED)
    assert conformance.main(["compare", str(tmp_path / "new"), "--record", str(docs / "beta-17.json")]) == 0
    assert "no verdict changed (login:header)" in capsys.readouterr().out
    junit(tmp_path / "new" / "login-header", case("Lena asks"))
    assert conformance.main(["compare", str(tmp_path / "new"), "--record", str(docs / "beta-17.json")]) == 1
    assert "The chat / Lena asks: failed -> passed" in capsys.readouterr().out


def test_an_unknown_combination_is_refused_naming_the_known_ones():
    with pytest.raises(SystemExit):
        conformance.parse(["run", "--only", "login:cookie"])
    args = conformance.parse(["run", "--only", "mint:header", "--", "-D", "target=netra"])
    assert args.only == ["mint:header"] and conformance._target(args.behave_args) == "netra"
