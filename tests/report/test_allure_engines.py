"""The two report engines, without installing them: what each is handed, and why one cannot run."""

import json
import re

import pytest

from journeys.report import allure_cli
from journeys.report.allure_cli import ReportError, _with_javascript_categories, ensure_allure, generate
from journeys.report.run_context import write_categories

BREACH = "ServiceLevelBreach: service-level breach: Leo's time to answer p95 was 3.1 s\n  figures..."


def test_allure3_gets_the_categories_without_javas_inline_flag_and_the_same_sorting(tmp_path):
    results = tmp_path / "allure-results"
    results.mkdir()
    write_categories(results)
    (results / "a-result.json").write_text("{}")
    handed = _with_javascript_categories(results, tmp_path / "work")
    assert handed != results and (handed / "a-result.json").read_text() == "{}"
    assert not (handed / "a-result.json").is_symlink()          # Allure 3 would skip it
    rules = json.loads((handed / "categories.json").read_text())
    assert "(?s)" not in json.dumps(rules)
    original = json.loads((results / "categories.json").read_text())
    assert original and len(rules) == len(original), (original, rules)
    for before, after in zip(original, rules):   # with the s flag Allure 3 adds, each sorts the same
        assert bool(re.search(before["messageRegex"], BREACH)) == bool(
            re.search(after["messageRegex"], BREACH, re.S)), before["name"]
    sorted_into = [r["name"] for r in rules if re.search(r["messageRegex"], BREACH, re.S)]
    assert sorted_into == ["Service-level breaches"]


def test_results_without_inline_flags_are_handed_over_as_they_are(tmp_path):
    (tmp_path / "categories.json").write_text(json.dumps([{"name": "x", "messageRegex": "^x.*"}]))
    assert _with_javascript_categories(tmp_path, tmp_path / "work") == tmp_path


def test_allure2_without_java_says_so_and_points_to_allure3(monkeypatch, tmp_path):
    monkeypatch.setattr(allure_cli.shutil, "which", lambda name: None)
    with pytest.raises(ReportError, match=r"no 'java' is on the PATH.*--allure 3"):
        ensure_allure("2", tools=tmp_path)


def test_no_node_says_what_to_install(monkeypatch, tmp_path):
    monkeypatch.setattr(allure_cli.shutil, "which", lambda name: None)
    with pytest.raises(ReportError, match=r"no 'node' is on the PATH; install Node.js and npm"):
        ensure_allure("3", tools=tmp_path)


def test_an_unknown_engine_is_named(tmp_path):
    with pytest.raises(ReportError, match=r"no Allure engine '4'; choose one of 3, 2"):
        generate(tmp_path, tmp_path / "out", "r", engine="4")
