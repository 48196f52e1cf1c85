"""`python3 tasks.py report` works on a machine with Node and no Java (Allure 3, the default)."""

import os
import shutil
import subprocess
import sys

import pytest

from journeys.report.check import embedded

from project_root import ROOT
TOOLS = ("node", "npm", "sh", "bash", "git")


@pytest.mark.slow
def test_the_report_is_made_with_node_alone(report_run, tmp_path):
    if not (shutil.which("node") and shutil.which("npm")):
        pytest.skip("no node or npm on this machine's PATH: nothing to make the report with")
    run = report_run("features/login_to_answer.feature", tags="@golden-path",
                     env={"E2E_LOCAL_DEFECTS": "echo-answer"})
    assert run.exit_code == 1, run.explain()
    only_node = tmp_path / "bin"                     # a PATH with Node and npm, and no java
    only_node.mkdir()
    for tool in TOOLS:
        if found := shutil.which(tool):
            (only_node / tool).symlink_to(os.path.realpath(found))
    assert shutil.which("java", path=str(only_node)) is None
    done = subprocess.run([sys.executable, "tasks.py", "report"], cwd=ROOT, capture_output=True, text=True,
                          timeout=900, env={"PATH": str(only_node), "HOME": os.environ.get("HOME", str(tmp_path)),
                                            "E2E_REPORTS_DIR": str(run.reports)})
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    index = run.reports / "allure-report" / "index.html"
    cases = [name for name in embedded(index) if name.startswith("data/test-cases/")]
    assert len(cases) == len(run.results), (cases, [r["name"] for r in run.results])
