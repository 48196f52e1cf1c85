"""Turn a run's Allure results into one HTML file: ``python3 tasks.py report``.

Allure 2's command line (the npm package ``allure-commandline``, pinned to
``ALLURE_VERSION``; it runs on Java) is installed into ``.tools/allure`` on
first use, from the npm registry, and is used from there offline afterwards.
Allure 2 was chosen over Allure 3 because it reads every file the suite
writes for the report: ``categories.json``, ``environment.properties``,
``executor.json`` and the ``history`` folder that carries trends over.

One report is two generations: a folder report, only for its ``history``
(kept in ``reports/allure-history``; the next run copies it into its
results, see ``journeys.report.prepare_reports``), and the single-file
report, ``reports/allure-report/index.html``, which opens from disk with no
server and no network (Allure's analytics are switched off).

    python3 tasks.py report [--results DIR] [--output DIR] [--name TEXT] [--check]

``--check`` then opens the report in headless Chromium and checks it
(``journeys/report_check.py``), keeping screenshots in ``reports/report-check``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from .report import HISTORY, PROJECT_ROOT, REPORTS

ALLURE_PACKAGE = "allure-commandline"
ALLURE_VERSION = "2.46.1"
TOOLS = PROJECT_ROOT / ".tools" / "allure"
ALLURE = TOOLS / "node_modules" / ".bin" / "allure"
INSTALL_DEADLINE_S = 600
GENERATE_DEADLINE_S = 600


class ReportError(Exception):
    """Why no report could be made, in words a person can act on."""


def installed_version(allure: Path = ALLURE) -> str | None:
    if not allure.exists():
        return None
    done = subprocess.run([str(allure), "--version"], capture_output=True, text=True, timeout=120)
    return done.stdout.strip() if done.returncode == 0 else None


def ensure_allure(tools: Path = TOOLS) -> Path:
    """The pinned Allure command line, installed with npm on first use."""
    allure = tools / "node_modules" / ".bin" / "allure"
    if not shutil.which("java"):
        raise ReportError("Allure 2 runs on Java, and no 'java' is on the PATH; install a Java "
                          "runtime (Debian: apt-get install default-jre-headless), then run this again")
    if installed_version(allure) == ALLURE_VERSION:
        return allure
    npm = shutil.which("npm")
    if npm is None:
        raise ReportError(f"installing Allure {ALLURE_VERSION} needs npm (Node.js), and no 'npm' is "
                          f"on the PATH; install Node.js and npm, then run this again")
    tools.mkdir(parents=True, exist_ok=True)
    (tools / "package.json").write_text(json.dumps(
        {"name": "journeys-report-tools", "private": True,
         "dependencies": {ALLURE_PACKAGE: ALLURE_VERSION}}, indent=2) + "\n")
    print(f"Installing {ALLURE_PACKAGE} {ALLURE_VERSION} into {tools} (first use) ...", flush=True)
    done = subprocess.run([npm, "install", "--no-audit", "--no-fund", "--loglevel=error"],
                          cwd=tools, timeout=INSTALL_DEADLINE_S)
    if done.returncode != 0 or installed_version(allure) != ALLURE_VERSION:
        raise ReportError(f"npm could not install {ALLURE_PACKAGE} {ALLURE_VERSION} (see npm's "
                          f"output above); check the network or the npm registry, then run this again")
    return allure


def generate(results: Path, output: Path, name: str, allure: Path | None = None,
             history: Path | None = None) -> Path:
    """The single-file report of ``results`` in ``output``; the trend history kept in
    ``history`` (by default ``allure-history`` beside ``results``)."""
    history = history or results.parent / HISTORY.name
    if not results.is_dir() or not any(results.glob("*-result.json")):
        raise ReportError(f"no Allure results in {results}; run the journeys first "
                          f"(python3 tasks.py journeys)")
    allure = allure or ensure_allure()
    with tempfile.TemporaryDirectory(prefix="allure-folder-report-") as work:
        _allure(allure, "generate", "--clean", "--name", name, "-o", work, str(results))
        if (Path(work) / "history").is_dir():
            shutil.rmtree(history, ignore_errors=True)
            shutil.copytree(Path(work) / "history", history)
    _allure(allure, "generate", "--clean", "--single-file", "--name", name, "-o", str(output),
            str(results))
    index = output / "index.html"
    if not index.is_file():
        raise ReportError(f"Allure finished but wrote no {index}")
    return index


def _allure(allure: Path, *args: str) -> None:
    environ = dict(os.environ, ALLURE_NO_ANALYTICS="true")
    done = subprocess.run([str(allure), *args], env=environ, capture_output=True, text=True,
                          timeout=GENERATE_DEADLINE_S)
    if done.returncode != 0:
        raise ReportError(f"allure {' '.join(args[:2])} failed with exit code {done.returncode}:\n"
                          f"{done.stdout[-2000:]}{done.stderr[-2000:]}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python3 tasks.py report", description=__doc__.split("\n\n")[0])
    parser.add_argument("--results", type=Path, default=REPORTS / "allure-results",
                        help="Allure results of a run (default: %(default)s)")
    parser.add_argument("--output", type=Path, default=REPORTS / "allure-report",
                        help="where the report goes (default: %(default)s)")
    parser.add_argument("--name", default="Golden-path journeys", help="the report's title")
    parser.add_argument("--check", action="store_true",
                        help="then open it in headless Chromium and check it (journeys/report_check.py); "
                             "screenshots go to report-check/ beside the report")
    args = parser.parse_args(argv)
    try:
        index = generate(args.results.resolve(), args.output.resolve(), args.name)
    except (ReportError, subprocess.TimeoutExpired) as error:
        print(f"No report: {error}", file=sys.stderr)
        return 1
    print(f"Report: {index}\nOpen it in a browser (no server needed), e.g. {index.as_uri()}")
    if not args.check:
        return 0
    from .report_check import run_check
    return run_check(index, args.output.resolve().parent / "report-check")


if __name__ == "__main__":
    sys.exit(main())
