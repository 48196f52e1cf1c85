"""A run's failures that are declared known defects, shown as such in every report; and those that did not fail.

Once a run's verdicts are final (a serial run's ``finish_run``, the parallel runner once it has
merged its workers' reports), its JUnit failures are sorted (``journeys.rules.known_defects``)
against the target's declaration (``journeys.config.known_defects``), and each known one is
marked where people read it:

- JUnit: a ``known-defect`` property (and ``known-defect-link``) on the test case, and its
  message prefixed ``known defect <id> (<link>): ``;
- Allure: the same prefix on the result's message (its category is "Known defects",
  ``journeys.report.run_context``), the defect's link and a ``known-defect`` tag;
- the console: one line per known failure, one per declared defect that did not fail;
- ``known-defects.json`` beside the results, which ``summary.md`` renders (``section``);
- ``outcome.json``: how many failures were new and how many known, and the gate
  (``journeys.run.outcome``, which alone decides the exit status).

A known defect stays a failure everywhere: only its words change, never its status.
"""

from __future__ import annotations

import json
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path

from ..errors import KNOWN_DEFECT_PREFIX, without_known_prefix
from ..rules.known_defects import FAILED, PASSED, SKIPPED, Sorted, Verdict, sort_failures
from ..run import outcome
from ..secrets import registry

KNOWN_FILE = "known-defects.json"
PROPERTY, LINK_PROPERTY, TAG = "known-defect", "known-defect-link", "known-defect"
PREFIX = KNOWN_DEFECT_PREFIX


def prefix(defect) -> str:
    return f"{PREFIX}{defect.id} ({defect.link}): "


def mark_known_defects(reports: Path, junit: Path, settings, out=None,
                       unexplained: int = 0) -> Sorted | None:
    """Sort the run's failures, mark the known ones everywhere, record the counts; None when the
    run has no settings (it stopped before any scenario). ``unexplained``: failures no JUnit
    file shows (a parallel worker that crashed), counted as new so no gate lets them pass."""
    if settings is None:
        return None
    roots, cases = _junit_cases(junit)
    found = sort_failures(settings.known_defects, [verdict for _, _, verdict in cases])
    marked_files = set()
    for path, case, verdict in cases:
        defect = found.known_as(verdict)
        if defect is not None and _mark_case(case, defect):
            marked_files.add(path)
    for path in marked_files:
        ElementTree.ElementTree(roots[path]).write(path, encoding="UTF-8", xml_declaration=True)
    _mark_allure(reports / "allure-results", found)
    _write_record(reports, settings, found)
    outcome.record_failures(len(found.new) + unexplained, len(found.known), settings.gate)
    _say(found, out or sys.stdout, bool(settings.known_defects))
    return found


def _junit_cases(junit: Path) -> tuple[dict, list[tuple[Path, ElementTree.Element, Verdict]]]:
    """Each JUnit file's parsed root (to write back), and each test case with its verdict."""
    roots, cases = {}, []
    for path in sorted(junit.glob("*.xml")) if junit.is_dir() else ():
        try:
            root = ElementTree.parse(path).getroot()
        except ElementTree.ParseError:
            continue   # the summary reports an unreadable file as a suite defect
        roots[path] = root
        stem = path.name[len("TESTS-"):-len(".xml")] if path.name.startswith("TESTS-") else path.stem
        for case in root.iter("testcase"):
            classname = case.get("classname", "")
            feature = (classname[len(stem) + 1:] if classname.startswith(stem + ".")
                       else classname.rsplit(".", 1)[-1])
            problem = case.find("failure")
            problem = case.find("error") if problem is None else problem
            status = FAILED if problem is not None else SKIPPED if case.find("skipped") is not None else PASSED
            message = "" if problem is None else without_known_prefix(problem.get("message") or problem.text or "")
            cases.append((path, case, Verdict(feature, case.get("name", ""), status, message)))
    return roots, cases


def _mark_case(case: ElementTree.Element, defect) -> bool:
    problem = case.find("failure")
    problem = case.find("error") if problem is None else problem
    if problem is None or (problem.get("message") or "").startswith(PREFIX):
        return False
    problem.set("message", registry.mask(prefix(defect) + (problem.get("message") or "")))
    problem.text = registry.mask(prefix(defect).rstrip(": ") + "\n" + (problem.text or ""))
    properties = case.find("properties")
    if properties is None:
        properties = ElementTree.Element("properties")
        case.insert(0, properties)
    ElementTree.SubElement(properties, "property", name=PROPERTY, value=defect.id)
    ElementTree.SubElement(properties, "property", name=LINK_PROPERTY, value=defect.link)
    return True


def _mark_allure(results: Path, found: Sorted) -> None:
    by_name = {f"{verdict.feature}: {verdict.scenario}": defect for verdict, defect in found.known}
    for path in sorted(results.glob("*-result.json")) if results.is_dir() and by_name else ():
        result = json.loads(path.read_text(encoding="utf-8"))
        defect = by_name.get(result.get("fullName"))
        if defect is None or result.get("status") not in ("failed", "broken"):
            continue
        details = result.setdefault("statusDetails", {})
        if (details.get("message") or "").startswith(PREFIX):
            continue
        details["message"] = prefix(defect) + (details.get("message") or "")
        result.setdefault("links", []).append({"type": "issue", "name": defect.id, "url": defect.link})
        result.setdefault("labels", []).append({"name": "tag", "value": TAG})
        path.write_text(registry.mask(json.dumps(result, indent=2, ensure_ascii=False)), encoding="utf-8")


def _write_record(reports: Path, settings, found: Sorted) -> None:
    record = {
        "declared": len(settings.known_defects), "gate": settings.gate,
        "known": [{"id": d.id, "link": d.link, "feature": v.feature, "scenario": v.scenario}
                  for v, d in found.known],
        "new": [{"feature": v.feature, "scenario": v.scenario,
                 "headline": (v.message.strip().splitlines() or ["(no message)"])[0][:300]}
                for v in found.new],
        "not_failing": [{"id": d.id, "link": d.link, "ran": [f"{v.scenario} ({v.status})" for v in ran]}
                        for d, ran in found.not_failing]}
    reports.mkdir(parents=True, exist_ok=True)
    (reports / KNOWN_FILE).write_text(registry.mask(json.dumps(record, indent=2)), encoding="utf-8")


def _say(found: Sorted, out, declared: bool) -> None:
    if not declared:
        return
    lines = [f"KNOWN DEFECT {d.id} ({d.link}): '{v.scenario}' failed as declared (still a failure)"
             for v, d in found.known]
    lines += [f"{d.id} did not fail: fixed? ({', '.join(f'{v.scenario!r} {v.status}' for v in ran)})"
              for d, ran in found.not_failing]
    lines.append(f"Failures: {len(found.new)} new, {len(found.known)} known defects")
    print(registry.mask("\n".join(lines)), file=out, flush=True)


def section(reports: Path) -> str:
    """``summary.md``'s "New failures and known defects", from ``known-defects.json``; "" when the
    run declared no known defect and asked for no gate on new failures."""
    path = reports / KNOWN_FILE
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return ""
    if not isinstance(record, dict) or not (record.get("declared") or record.get("gate") == outcome.NEW_FAILURES_GATE):
        return ""
    known, new, fixed = record.get("known", []), record.get("new", []), record.get("not_failing", [])
    lines = ["", "### New failures and known defects", "",
             f"{len(new)} new, {len(known)} known defects (a known defect is still a failure; "
             f"gate: {record.get('gate')})", ""]
    if record.get("gate") == outcome.NEW_FAILURES_GATE:
        lines += [("No new failure: with E2E_GATE=new-failures the run exits 0, its known defects "
                   "still failures." if known and not new else
                   "With E2E_GATE=new-failures only a new failure fails the run."), ""]
    lines += ["New failures:", ""]
    lines += [f"- **{_cell(f.get('scenario'))}** ({_cell(f.get('feature'))}): {_cell(f.get('headline'))}"
              for f in new] or ["none"]
    lines += ["", "Known defects that failed:", ""]
    lines += [f"- **known defect {_cell(k.get('id'))}** ({_cell(k.get('link'))}): "
              f"{_cell(k.get('scenario'))} ({_cell(k.get('feature'))})" for k in known] or ["none"]
    if fixed:
        lines += ["", "Known defects that did not fail:", ""]
        lines += [f"- **{_cell(d.get('id'))} did not fail: fixed?** ({_cell(d.get('link'))}): "
                  f"{_cell(', '.join(d.get('ran', [])))}" for d in fixed]
    return registry.mask("\n".join(lines) + "\n")


def _cell(value) -> str:
    return str(value if value is not None else "").replace("|", "\\|").replace("\n", " ")
