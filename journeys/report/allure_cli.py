"""Turn a run's Allure results into one HTML file: ``python3 tasks.py report``.

Two engines, both installed from the npm registry into ``.tools/`` on first use
and used from there offline afterwards:

- ``--allure 3`` (the default): Allure 3 (npm package ``allure``, pinned to
  ``ALLURE3_VERSION``), which runs on Node alone, no Java. It renders with its
  ``allure2`` plugin, the same pages as Allure 2 (overview, categories,
  behaviours, a page per scenario with its attachments), as one file. It reads
  every file the suite writes for the report (``categories.json``,
  ``environment.properties``, ``executor.json``) and keeps the trend history
  in ``reports/allure-history/history.jsonl``, appended to by each report (the last
  ``HISTORY_RUNS``).
- ``--allure 2`` (the fallback): Allure 2's command line
  (``allure-commandline``, pinned to ``ALLURE2_VERSION``), which runs on Java.
  Its history is the ``history`` folder of a folder report, kept in
  ``reports/allure-history`` and copied into the next run's results
  (``journeys.report.hooks.prepare_reports``).

Either way the report is ``reports/allure-report/index.html``, which opens from
disk with no server and no network (Allure's analytics are switched off).

    python3 tasks.py report [--allure 3|2] [--results DIR] [--output DIR] [--name TEXT] [--check]

``--check`` then opens the report in headless Chromium and checks it
(``journeys/report/check.py``), keeping screenshots in ``reports/report-check``.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from ..config.paths import PROJECT_ROOT, history_dir, reports_dir, results_dir

ALLURE3_VERSION = "3.18.0"
ALLURE2_VERSION = "2.46.1"
ENGINES = {  # engine -> (npm package, version, folder under .tools, needs Java)
    "3": ("allure", ALLURE3_VERSION, "allure3", False),
    "2": ("allure-commandline", ALLURE2_VERSION, "allure", True),
}
DEFAULT_ENGINE = "3"
TOOLS = PROJECT_ROOT / ".tools"
HISTORY_FILE = "history.jsonl"
HISTORY_RUNS = 20            # runs kept in Allure 3's history (Allure 2 keeps 20 too)
INSTALL_DEADLINE_S = 600
GENERATE_DEADLINE_S = 600


def report_name(results: Path, title: str) -> str:
    """The report's title, with the defects switched on and the contract differences accepted
    when there are any (read back from ``environment.properties``, where
    ``run_context.headline_properties`` put them), so the overview's first line says so."""
    path = results / "environment.properties"
    text = path.read_text(encoding="utf-8") if path.is_file() else ""
    found = {}
    for line in text.splitlines():
        match = re.match(r"((?:\\.|[^=\\])*)=(.*)", line)
        if match:
            key, value = (re.sub(r"\\(.)", r"\1", part) for part in match.groups())
            found[key] = value
    told = []
    if found.get("DEFECTS SWITCHED ON", "none") != "none":
        told.append(f"defects switched on: {found['DEFECTS SWITCHED ON']}")
    if not found.get("CONTRACT DIFFERENCES ACCEPTED", "none").startswith("none"):
        told.append(f"contract differences accepted: {found['CONTRACT DIFFERENCES ACCEPTED']}")
    return f"{title}, {'; '.join(told)}" if told else title


class ReportError(Exception):
    """Why no report could be made, in words a person can act on."""


def installed_version(allure: Path) -> str | None:
    if not allure.exists():
        return None
    done = subprocess.run([str(allure), "--version"], capture_output=True, text=True, timeout=120)
    return done.stdout.strip() if done.returncode == 0 else None


def ensure_allure(engine: str = DEFAULT_ENGINE, tools: Path = TOOLS) -> Path:
    """The pinned Allure command line of ``engine``, installed with npm on first use."""
    package, version, folder, needs_java = ENGINES[engine]
    home = tools / folder
    allure = home / "node_modules" / ".bin" / "allure"
    if needs_java and not shutil.which("java"):
        raise ReportError("Allure 2 runs on Java, and no 'java' is on the PATH; install a Java "
                          "runtime (Debian: apt-get install default-jre-headless), or use Allure 3, "
                          "which needs only Node: python3 tasks.py report --allure 3")
    if not shutil.which("node"):
        raise ReportError(f"Allure {version} runs on Node.js, and no 'node' is on the PATH; "
                          f"install Node.js and npm (Debian: apt-get install nodejs npm), then run this again")
    if installed_version(allure) == version:
        return allure
    npm = shutil.which("npm")
    if npm is None:
        raise ReportError(f"installing Allure {version} needs npm, and no 'npm' is on the PATH; "
                          f"install npm (Debian: apt-get install npm), then run this again")
    home.mkdir(parents=True, exist_ok=True)
    (home / "package.json").write_text(json.dumps(
        {"name": "journeys-report-tools", "private": True,
         "dependencies": {package: version}}, indent=2) + "\n")
    print(f"Installing {package} {version} into {home} (first use) ...", flush=True)
    done = subprocess.run([npm, "install", "--no-audit", "--no-fund", "--loglevel=error"],
                          cwd=home, timeout=INSTALL_DEADLINE_S)
    if done.returncode != 0 or installed_version(allure) != version:
        raise ReportError(f"npm could not install {package} {version} (see npm's output above); "
                          f"check the network or the npm registry, then run this again")
    return allure


def generate(results: Path, output: Path, name: str, allure: Path | None = None,
             history: Path | None = None, engine: str = DEFAULT_ENGINE) -> Path:
    """The single-file report of ``results`` in ``output``; the trend history kept in
    ``history`` (by default ``allure-history`` beside ``results``)."""
    if engine not in ENGINES:
        raise ReportError(f"no Allure engine {engine!r}; choose one of {', '.join(ENGINES)}")
    history = history or results.parent / history_dir().name
    if not results.is_dir() or not any(results.glob("*-result.json")):
        raise ReportError(f"no Allure results in {results}; run the journeys first "
                          f"(python3 tasks.py journeys)")
    allure = allure or ensure_allure(engine)
    make = _generate_with_allure3 if engine == "3" else _generate_with_allure2
    make(allure, results, output, name, history)
    index = output / "index.html"
    if not index.is_file():
        raise ReportError(f"Allure finished but wrote no {index}")
    return index


def _generate_with_allure3(allure: Path, results: Path, output: Path, name: str,
                           history: Path) -> None:
    """Allure 3 with its allure2 plugin, single file; the history file grows by one run."""
    history.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="allure3-") as work:
        results = _with_javascript_categories(results, Path(work) / "results")
        config = Path(work) / "allurerc.json"
        config.write_text(json.dumps({
            "name": name, "historyPath": str(history / HISTORY_FILE), "historyLimit": HISTORY_RUNS,
            "plugins": {"allure2": {"options": {"singleFile": True, "reportName": name}}}}))
        _allure(allure, "generate", "--config", str(config), "--name", name,
                "-o", str(Path(work) / "report"), str(results))
        built = Path(work) / "report" / "index.html"
        if not built.is_file():
            raise ReportError("Allure 3 finished but wrote no index.html")
        shutil.rmtree(output, ignore_errors=True)
        output.mkdir(parents=True)
        shutil.copy2(built, output / "index.html")   # only the one file; not its data side files


def _with_javascript_categories(results: Path, work: Path) -> Path:
    """``results`` as Allure 3 can sort them: its ``categories.json`` regexes without Java's inline
    ``(?s)`` (JavaScript has no inline flags and Allure 3 drops such a regex without a word,
    sorting every failure into its own "Product defects"; it applies the ``s`` flag itself).
    The other files are hard-linked where they can be (Allure 3 skips symbolic links), else copied."""
    categories = results / "categories.json"
    if not categories.is_file() or "(?s)" not in categories.read_text():
        return results
    work.mkdir()
    for item in results.iterdir():
        if item.is_dir():
            shutil.copytree(item, work / item.name)
        elif item.name != categories.name:
            try:
                os.link(item, work / item.name)
            except OSError:              # another file system
                shutil.copy2(item, work / item.name)
    rules = json.loads(categories.read_text())
    for rule in rules:
        for key in ("messageRegex", "traceRegex"):
            if isinstance(rule.get(key), str):
                rule[key] = rule[key].replace("(?s)", "")
    (work / categories.name).write_text(json.dumps(rules, indent=2))
    return work


def _generate_with_allure2(allure: Path, results: Path, output: Path, name: str,
                           history: Path) -> None:
    """Two generations: a folder report for its ``history``, then the single file."""
    with tempfile.TemporaryDirectory(prefix="allure-folder-report-") as work:
        _allure(allure, "generate", "--clean", "--name", name, "-o", work, str(results))
        if (Path(work) / "history").is_dir():
            kept = history / HISTORY_FILE
            saved = kept.read_bytes() if kept.is_file() else None   # Allure 3's, if any
            shutil.rmtree(history, ignore_errors=True)
            shutil.copytree(Path(work) / "history", history)
            if saved is not None:
                kept.write_bytes(saved)
    _allure(allure, "generate", "--clean", "--single-file", "--name", name, "-o", str(output),
            str(results))


def _allure(allure: Path, *args: str) -> None:
    environ = dict(os.environ, ALLURE_NO_ANALYTICS="true", NO_COLOR="1")
    done = subprocess.run([str(allure), *args], env=environ, capture_output=True, text=True,
                          timeout=GENERATE_DEADLINE_S)
    if done.returncode != 0:
        raise ReportError(f"allure {' '.join(args[:2])} failed with exit code {done.returncode}:\n"
                          f"{done.stdout[-2000:]}{done.stderr[-2000:]}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python3 tasks.py report", description=__doc__.split("\n\n")[0])
    parser.add_argument("--allure", choices=sorted(ENGINES), default=DEFAULT_ENGINE,
                        help="3: Allure 3 on Node, no Java (default); 2: Allure 2 on Java, the fallback")
    parser.add_argument("--results", type=Path, default=results_dir(),
                        help="Allure results of a run (default: %(default)s)")
    parser.add_argument("--output", type=Path, default=reports_dir() / "allure-report",
                        help="where the report goes (default: %(default)s)")
    parser.add_argument("--name", default="Golden-path journeys",
                        help="the report's title; the defects switched on and the contract "
                             "differences accepted are added to it")
    parser.add_argument("--check", action="store_true",
                        help="then open it in headless Chromium and check it (journeys/report/check.py); "
                             "screenshots go to report-check/ beside the report")
    args = parser.parse_args(argv)
    try:
        index = generate(args.results.resolve(), args.output.resolve(),
                         report_name(args.results.resolve(), args.name), engine=args.allure)
    except (ReportError, subprocess.TimeoutExpired) as error:
        print(f"No report: {error}", file=sys.stderr)
        return 1
    print(f"Report: {index}\nOpen it in a browser (no server needed), e.g. {index.as_uri()}")
    if not args.check:
        return 0
    from .check import run_check
    return run_check(index, args.output.resolve().parent / "report-check")


if __name__ == "__main__":
    sys.exit(main())
