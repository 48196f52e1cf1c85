"""A parallel run's reports, made one: what each behave worker wrote, merged into the run's folders.

Each worker writes into a folder of its own (``E2E_REPORTS_DIR`` and
``--junit-directory``), so no two processes write one file. At the end:

- JUnit: one file per feature, as a serial run writes them, its test cases
  gathered from every worker that ran some of that feature's scenarios, in
  behave's order, and its counts summed.
- Allure results and transcripts: per-scenario files, moved into the run's
  folders (the run-level files, ``environment.properties``, ``categories.json``
  and ``executor.json``, are written once by the runner).
- The outcome file: a worker that found the environment down wrote one; it
  becomes the run's, and what the outage cut short in every worker reads "not
  run: environment down" (``cut_short``, before the merge).
- Findings (``journeys.report.run_findings``): each worker's lines joined into
  the run's one file, which the summary reads once.
"""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass, field
from pathlib import Path

from ..report.run_findings import FINDINGS_FILE
from ..report.environment_down import mark_not_run

RUN_LEVEL_FILES = ("environment.properties", "categories.json", "executor.json")
RUN_STOPPED = "run-"     # the historyId of the result of a run stopped before any scenario (run_files)


@dataclass
class Tally:
    passed: int = 0
    failed: int = 0
    skipped: int = 0
    failures: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.passed + self.failed + self.skipped


def merge_junit(worker_folders: list[Path], junit: Path, paths: list[str]) -> Tally:
    """Worker folders in behave's order of their first scenario; one file per feature in ``junit``,
    named as a serial run with ``paths`` names it."""
    suites: dict[str, ElementTree.Element] = {}
    for folder in worker_folders:
        for path in sorted((folder / "junit").glob("*.xml")):
            root = _renamed(ElementTree.parse(path).getroot(), path.name, paths)
            name = f"TESTS-{serial_name(_stem(path.name), paths)}.xml"
            merged = suites.get(name)
            if merged is None:
                suites[name] = root
                continue
            for case in root.findall("testcase"):
                _add_case(merged, case)
    junit.mkdir(parents=True, exist_ok=True)
    tally = Tally()
    for root in suites.values():
        _recount(root)
    for name, root in suites.items():
        ElementTree.ElementTree(root).write(junit / name, encoding="UTF-8", xml_declaration=True)
        for case in root.iter("testcase"):
            if case.find("skipped") is not None:
                tally.skipped += 1
            elif case.find("failure") is not None or case.find("error") is not None:
                tally.failed += 1
                tally.failures.append(f"{case.get('classname')}: {case.get('name')}")
            else:
                tally.passed += 1
    return tally


def serial_name(stem: str, paths: list[str]) -> str:
    """behave names a feature's JUnit file after its path under the run's path (a folder), else
    after its path from the project: workers, given scenario locations, get the latter."""
    filename = stem.replace(".", "/") + ".feature"
    for path in paths:
        path = path.rstrip("/")
        if filename.startswith(path + "/"):
            return filename[len(path) + 1:].rsplit(".", 1)[0].replace("/", ".")
    return stem


def _stem(file_name: str) -> str:
    return file_name[len("TESTS-"):-len(".xml")]


def _renamed(root: ElementTree.Element, file_name: str, paths: list[str]) -> ElementTree.Element:
    old = _stem(file_name)
    new = serial_name(old, paths)
    for element in (root, *root.iter("testcase")):
        for attribute in ("name", "classname"):
            value = element.get(attribute)
            if value is not None and value.startswith(old + ".") and (element is root or attribute == "classname"):
                element.set(attribute, new + value[len(old):])
    return root


def _add_case(suite: ElementTree.Element, case: ElementTree.Element) -> None:
    """A worker given some of a feature's scenarios lists the others as skipped: the one that
    ran a scenario has its verdict; a scenario every worker skipped stays skipped, as in a serial run."""
    key = (case.get("classname"), case.get("name"))
    for index, known in enumerate(suite.findall("testcase")):
        if (known.get("classname"), known.get("name")) == key:
            if _junit_rank(case) > _junit_rank(known):
                suite.remove(known)
                suite.insert(index, case)   # testcases come before system-out in behave's files
            return
    suite.append(case)


def _junit_rank(case: ElementTree.Element) -> int:
    """Which of a scenario's copies is its verdict: one that ran (2), else the skip that says why
    (1, the worker that ran it and skipped it with its reason), else a bare skip (0)."""
    skipped = case.find("skipped")
    if skipped is None:
        return 2
    return 1 if skipped.get("message") else 0


def _recount(suite: ElementTree.Element) -> None:
    cases = suite.findall("testcase")
    suite.set("tests", str(len(cases)))
    suite.set("skipped", str(sum(c.find("skipped") is not None for c in cases)))
    suite.set("failures", str(sum(c.find("failure") is not None for c in cases)))
    suite.set("errors", str(sum(c.find("error") is not None for c in cases)))
    suite.set("time", f"{sum(float(c.get('time', '0')) for c in cases):.6f}")


def move_results(worker_folders: list[Path], reports: Path) -> None:
    """Allure results and transcripts: each file names its own scenario, so they just move; except
    the results a worker wrote as skipped for the scenarios it was not given (allure-behave reports
    every scenario of a feature), when another worker ran that scenario."""
    for path in _skipped_elsewhere(worker_folders):
        path.unlink()
    for folder in worker_folders:
        for kind in ("allure-results", "transcripts"):
            source, target = folder / kind, reports / kind
            if not source.is_dir():
                continue
            target.mkdir(parents=True, exist_ok=True)
            for item in source.iterdir():
                if item.is_file() and item.name not in RUN_LEVEL_FILES:
                    shutil.move(str(item), str(target / item.name))


def _skipped_elsewhere(worker_folders: list[Path]) -> list[Path]:
    """Every skipped copy of a scenario but its verdict: the one that ran, else the skip that says
    why (the worker that ran it skipped it with its reason), else the first; and every copy but
    one of the result that says the run stopped before any scenario (each worker wrote one)."""
    by_scenario: dict[str, list[tuple[Path, str, bool]]] = {}
    for folder in worker_folders:
        for path in sorted((folder / "allure-results").glob("*-result.json")):
            result = json.loads(path.read_text())
            key = result.get("historyId") or result.get("fullName") or path.name
            said_why = bool((result.get("statusDetails") or {}).get("message"))
            by_scenario.setdefault(key, []).append((path, result.get("status"), said_why))
    extra = []
    for key, results in by_scenario.items():
        ran = [path for path, status, _ in results if status != "skipped"]
        if key.startswith(RUN_STOPPED):   # each worker stopped before any scenario: one says so
            extra += ran[1:]
        skipped = sorted(((path, said_why) for path, status, said_why in results if status == "skipped"),
                         key=lambda found: not found[1])   # stable: the first that says why leads
        extra += [path for path, _ in (skipped if ran else skipped[1:])]
    return extra


def merge_findings(worker_folders: list[Path], reports: Path) -> None:
    """Every worker's findings into the run's file: each scenario ran in one worker, so a line is
    never there twice; the summary counts each finding once by its headline."""
    lines = [line for folder in worker_folders if (folder / FINDINGS_FILE).is_file()
             for line in (folder / FINDINGS_FILE).read_text(encoding="utf-8").splitlines() if line]
    if lines:
        reports.mkdir(parents=True, exist_ok=True)
        with open(reports / FINDINGS_FILE, "a", encoding="utf-8") as out:
            out.write("\n".join(lines) + "\n")


def environment_down(worker_folders: list[Path]) -> Path | None:
    """A worker's outcome file (the environment went down during its scenarios), if any."""
    for folder in worker_folders:
        path = folder / "outcome.json"     # every worker writes one (journeys.run.outcome): read it
        try:
            found = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(found, dict) and found.get("outcome") == "environment down":
            return path
    return None


def environment_down_detail(path: Path) -> str:
    """Why the worker whose outcome file is ``path`` found the environment down."""
    try:
        found = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        found = {}
    return str(found.get("detail") or "the target was down") if isinstance(found, dict) else ""


def cut_short(folders: list[Path], down: Path) -> None:
    """Each worker's scenarios the outage cut short (untested, or interrupted when the runner
    stopped the workers) read "not run: environment down", with the worker's reason."""
    detail = environment_down_detail(down)
    for folder in folders:
        mark_not_run(folder / "junit", folder / "allure-results", detail)


def summary(tally: Tally, wall_s: float, workers: int, processes: int) -> str:
    lines = [f"{tally.total} scenarios: {tally.passed} passed, {tally.failed} failed, "
             f"{tally.skipped} skipped; {wall_s:.1f} s with {workers} parallel workers "
             f"({processes} behave processes)"]
    lines += [f"  failed: {name}" for name in tally.failures]
    lines.append(f"Took {int(wall_s // 60)}min {wall_s % 60:.3f}s")   # as behave's summary ends
    return "\n".join(lines)


HEADINGS = ("Feature:", "Rule:", "Background:", "Scenario", "Example", "Examples:")


def without_others_scenarios(lines: list[str]) -> list[str]:
    """A shared worker's console lists every scenario it left to other workers by its heading
    alone: keep only the headings with something under them (steps, messages)."""
    kept: list[str] = []
    headings: list[tuple[int, str]] = []      # (indent, line) not yet followed by content
    for line in lines:
        stripped = line.strip()
        if not stripped:
            continue
        indent = len(line) - len(line.lstrip())
        if stripped.startswith(HEADINGS):
            while headings and headings[-1][0] >= indent:
                headings.pop()
            headings.append((indent, line))
            continue
        kept += [heading for _, heading in headings]
        headings = []
        kept.append(line)
    return kept
