"""The catalogue in parallel processes with behavex, reports merged: every scenario behave
would run, run once, passed, in one merged report and one set of JUnit files.

Marked ``load`` (a whole catalogue, twice over: ``pytest -m load tests/load``).
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ElementTree

import pytest

from load_commands import run_command

NOT_WIP = "not @wip"       # behavex does not read behave.ini's default_tags: say it explicitly


def _behave_scenarios(tmp_path) -> set[tuple[str, str]]:
    """What plain behave would run (a dry run), as (feature file, line)."""
    out = tmp_path / "dry.json"
    run = run_command(["-m", "behave", "--dry-run", "--no-color", "-f", "json", "-o", str(out),
                       "--junit-directory", str(tmp_path / "dry-junit"), "--tags", NOT_WIP])
    assert out.exists(), run.explain()
    found = set()
    for feature in json.loads(out.read_text()):
        for element in feature.get("elements", []):
            if element.get("type") != "background":
                found.add((element["location"].rsplit(":", 1)[0], element["location"].rsplit(":", 1)[1]))
    return found


@pytest.mark.load
@pytest.mark.parametrize("scheme", ["feature", "scenario"])
def test_behavex_runs_the_whole_catalogue_in_two_processes_with_one_merged_report(tmp_path, scheme):
    expected = _behave_scenarios(tmp_path)
    output = tmp_path / "behavex"
    run = run_command(["-m", "behavex", "--parallel-processes", "2", "--parallel-scheme", scheme,
                       "-t", NOT_WIP, "-o", str(output), "--no-color"])
    assert run.exit_code == 0, run.explain()
    report = json.loads((output / "report.json").read_text())
    ran = {(s["filename"], str(s["line"])): s["status"]
           for f in report["features"] for s in f["scenarios"]}
    assert set(ran) == expected, f"missing {expected - set(ran)}; extra {set(ran) - expected}"
    assert set(ran.values()) == {"passed"}, {k: v for k, v in ran.items() if v != "passed"}
    cases = [case for path in (output / "behave").glob("TESTS-*.xml")
             for case in ElementTree.parse(path).getroot().iter("testcase")]
    assert len(cases) == len(expected), f"{len(cases)} JUnit test cases for {len(expected)} scenarios"
