"""The container image without Docker (its engine is not available here): the Dockerfile's set-up
is ci/image-setup.sh, which this runs in a fresh copy of the project (a fresh virtual environment,
a fresh report tool), and then the image's entry point, with the target swapped for local and the
reports folder standing in for the mounted one."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from journeys.report.allure_cli import ALLURE3_VERSION

from project_root import ROOT
DOCKERFILE = ROOT / "Dockerfile"
MACHINE_LOCAL = shutil.ignore_patterns(".venv", ".tools", "reports", ".git", "__pycache__", "*.egg-info",
                                       ".pytest_cache", "*.db")


def not_copied(folder: str, names: list[str]) -> set[str]:
    """What .dockerignore keeps out: machine-local files, and config/*.env but the committed local.env."""
    secrets = {n for n in names if Path(folder).name == "config" and n.endswith(".env") and n != "local.env"}
    return set(MACHINE_LOCAL(folder, names)) | secrets
SETUP_DEADLINE_S = 900


def instructions() -> list[tuple[str, str]]:
    text = re.sub(r"\\\n\s*", " ", DOCKERFILE.read_text())
    return [tuple(line.split(None, 1)) for line in text.splitlines()
            if line.strip() and not line.lstrip().startswith("#")]


def test_the_dockerfile_bakes_in_node_and_runs_the_setup_script_and_the_journeys():
    steps = instructions()
    runs = [args for op, args in steps if op == "RUN"]
    assert len(runs) == 2, runs
    assert "apt-get install" in runs[0] and " nodejs npm " in runs[0] + " "
    assert runs[1] == "bash ci/image-setup.sh"
    assert ("ENTRYPOINT", '["bash", "ci/image-run.sh"]') in steps
    assert any(op == "ENV" and "E2E_TARGET=staging" in args for op, args in steps)
    ignored = (ROOT / ".dockerignore").read_text().splitlines()
    assert "config/*.env" in ignored and ".venv/" in ignored      # no secret, no machine's venv baked in


@pytest.mark.slow
def test_the_image_steps_set_up_a_fresh_copy_that_runs_the_journeys_and_leaves_the_reports(tmp_path):
    if not (shutil.which("node") and shutil.which("npm")):
        pytest.skip("the image's first step installs Node.js and npm with apt-get; this machine has "
                    "no node or npm on the PATH, so the steps after it cannot run here")
    suite = tmp_path / "suite"
    shutil.copytree(ROOT, suite, ignore=not_copied)
    environ = {"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", str(tmp_path)),
               "LANG": "C.UTF-8"}
    setup = subprocess.run(["bash", "ci/image-setup.sh"], cwd=suite, env=environ, capture_output=True,
                           text=True, timeout=SETUP_DEADLINE_S)
    assert setup.returncode == 0, setup.stdout[-3000:] + setup.stderr[-3000:]
    assert (suite / ".venv" / "bin" / "behave").exists()
    allure = suite / ".tools" / "allure3" / "node_modules" / ".bin" / "allure"
    assert subprocess.run([str(allure), "--version"], capture_output=True, text=True,
                          timeout=120).stdout.strip() == ALLURE3_VERSION

    mounted = tmp_path / "mounted-reports"
    run = subprocess.run(["bash", "ci/image-run.sh", "--tags=@golden-path"], cwd=suite,
                         env={**environ, "E2E_TARGET": "local", "E2E_REPORTS_DIR": str(mounted),
                              "E2E_LOCAL_HASH_COST": "1024"},
                         capture_output=True, text=True, timeout=SETUP_DEADLINE_S)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert (mounted / "summary.md").read_text().startswith("## Journeys against local: PASSED\n")
    assert list((mounted / "junit").glob("*.xml"))
    assert (mounted / "allure-report" / "index.html").stat().st_size > 100_000
