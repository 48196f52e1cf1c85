"""The documented report command makes one HTML file that opens in Chromium with everything in it.

Opt-in (installs Allure's command line and Chromium on first use, and takes a
minute or two): ``E2E_REPORT_TOOLS=1 python3 tasks.py tests tests/report``.
"""

import json
import shutil

import pytest

from journeys.report.allure_cli import generate
from journeys.config.paths import reports_dir
from journeys.report.check import CannotCheck, check_report, embedded
from journeys.report.secret_scan import scan_tree

pytestmark = [pytest.mark.meta, pytest.mark.report_tools]
JWT_SECRET = "Sc4n-JWT/secret+Zq7=Vx9-BrowserCheck"
BYPASS_KEY = "Sc4n-Bypass/key+Wm3=Ty8-BrowserCheck"


@pytest.mark.parametrize("engine", ["3", "2"])   # Allure 3 (Node only), Allure 2 (Java): the fallback
def test_a_failing_run_gives_a_single_file_report_that_shows_it_all(report_run, tmp_path, engine):
    known = {"E2E_LOCAL_JWT_SECRET": JWT_SECRET, "E2E_LOCAL_BYPASS_KEY": BYPASS_KEY}
    first = report_run("features/session_security.feature", env=known)
    assert first.exit_code == 0, first.explain()
    generate(first.allure, tmp_path / "reports" / "allure-report", "first run", engine=engine)

    run = report_run("features/login_to_answer.feature", "features/service_levels.feature",
                     "features/many_people.feature", "features/session_security.feature",
                     env={**known, "E2E_LOCAL_DEFECTS": "login-reveals-unknown-email",
                          "E2E_SLO_ANSWER_P95_S": "0.001"})
    assert run.exit_code != 0, run.explain()
    index = generate(run.allure, tmp_path / "reports" / "allure-report", "second run", engine=engine)

    assert [p.name for p in index.parent.iterdir()] == ["index.html"]
    assert "googletagmanager" not in index.read_text()          # opens offline, phones nowhere
    files = embedded(index)
    trend = json.loads(files["widgets/history-trend.json"])
    assert len(trend) == 2, trend                               # the first run's history came along

    shots = reports_dir() / "report-check"
    shutil.rmtree(shots, ignore_errors=True)
    try:
        checked = check_report(index, shots)
    except CannotCheck as reason:
        pytest.skip(f"cannot open the report in a browser here: {reason}")
    assert not checked.problems, "\n".join(checked.problems)
    assert any("Product defects" in line for line in checked.passed), checked.passed
    assert any("Service-level breaches" in line for line in checked.passed), checked.passed
    assert any("latency chart" in line for line in checked.passed), checked.passed
    for words in ("without a click: DEFECTS SWITCHED ON login-reveals-unknown-email",
                  "shows why it matters", "shows its owner", "links to issue contract-"):
        assert any(words in line for line in checked.passed), (words, checked.passed)
    assert checked.screenshots and all(path.stat().st_size > 10_000 for path in checked.screenshots), \
        f"screenshots of the report, each over 10 KB: {checked.screenshots}"

    findings = scan_tree(tmp_path / "reports", [JWT_SECRET, BYPASS_KEY])
    assert not findings, "\n".join(map(str, findings[:20]))
