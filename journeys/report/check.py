"""Open the single-file report in headless Chromium and check what a reviewer looks for.

A report is only useful if it opens and shows its content: this renders the
real ``index.html`` from disk in Debian's ``chromium`` (installed with
apt-get on first use, when we are root and it is missing) and checks the
rendered pages, not the data files, against the data the report embeds:

- the overview counts every scenario and shows the run context, first of all
  the defects switched on and the contract differences accepted (no click);
- the categories page names every category that has failures;
- each sampled scenario's page shows its feature's "why this matters", its
  owner and its issue links (a scenario with links is always sampled);
- each failed or broken scenario's page shows its name, severity and the
  attachments of its failing step, and its "why this step failed" opens with
  the failure's category word;
- a latency chart opens, when the run measured service levels.

Screenshots of those pages are kept in ``reports/report-check/``.

    python3 tasks.py report --check        (generate, then check)
    python -m journeys.report.check [--report .../index.html] [--shots DIR]

Exit 0: checked and fine; 1: a check failed; 3: could not check (no Chromium).
"""

from __future__ import annotations

import argparse
import base64
import html
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import CATEGORIES as CATEGORY_WORDS, SUITE_DEFECT
from ..config.paths import reports_dir
from .run_context import CATEGORY_NAMES, KNOWN_DEFECT

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-quic",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--hide-scrollbars", "--window-size=1400,1000", "--virtual-time-budget=20000"]
BROWSERS = ("chromium", "chromium-browser", "google-chrome")
RENDER_DEADLINE_S = 120
INSTALL_DEADLINE_S = 900
MAX_SCENARIO_PAGES = 6
HEADLINE_KEYS = ("DEFECTS SWITCHED ON", "CONTRACT DIFFERENCES ACCEPTED")   # run_context.headline_properties


class CannotCheck(Exception):
    """No browser to check with: a reason to skip, never a pass."""


@dataclass
class Checked:
    problems: list[str] = field(default_factory=list)
    passed: list[str] = field(default_factory=list)
    screenshots: list[Path] = field(default_factory=list)

    def expect(self, condition: bool, what: str) -> None:
        (self.passed if condition else self.problems).append(what)


def find_chromium(install: bool = True) -> str:
    for name in BROWSERS:
        if path := shutil.which(name):
            return path
    if not install or os.geteuid() != 0 or not shutil.which("apt-get"):
        raise CannotCheck("no chromium on the PATH, and it cannot be installed here "
                          "(needs root and apt-get: apt-get install chromium)")
    print("Installing Debian's chromium (first use) ...", flush=True)
    quiet = {"stdout": subprocess.DEVNULL, "timeout": INSTALL_DEADLINE_S}
    subprocess.run(["apt-get", "update", "-qq"], **quiet)
    subprocess.run(["apt-get", "install", "-y", "-qq", "chromium"],
                   env=dict(os.environ, DEBIAN_FRONTEND="noninteractive"), **quiet)
    if path := shutil.which("chromium"):
        return path
    raise CannotCheck("apt-get could not install chromium; check the package index")


def render(browser: str, url: str, screenshot: Path | None = None) -> str:
    """The page's DOM after its scripts ran (and a screenshot of it, when asked)."""
    with tempfile.TemporaryDirectory(prefix="report-check-profile-") as profile:
        shot = [f"--screenshot={screenshot}"] if screenshot else []
        done = subprocess.run([browser, *FLAGS, f"--user-data-dir={profile}", *shot, "--dump-dom", url],
                              capture_output=True, text=True, timeout=RENDER_DEADLINE_S)
    if done.returncode != 0:
        raise CannotCheck(f"chromium exited with {done.returncode}: {done.stderr[-500:]}")
    return done.stdout


def visible_text(dom: str) -> str:
    dom = re.sub(r"<(script|style)\b.*?</\1>", " ", dom, flags=re.S)
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", dom)))


def embedded(index: Path) -> dict[str, bytes]:
    """The files the single-file report carries inside it, by name (Allure 2 quotes them
    with ', Allure 3's allure2 plugin with ")."""
    found = re.findall(r"""d\((['"])([^'"]+)\1,(['"])([A-Za-z0-9+/=]*)\3\)""",
                       index.read_text(encoding="utf-8"))
    return {name: base64.b64decode(data) for _, name, _, data in found}


def check_report(index: Path, shots: Path, browser: str | None = None) -> Checked:
    browser = browser or find_chromium()
    files = embedded(index)
    cases = [json.loads(data) for name, data in files.items() if name.startswith("data/test-cases/")]
    checked = Checked()
    checked.expect(bool(cases), "the report carries its scenarios")
    shots.mkdir(parents=True, exist_ok=True)
    base = index.resolve().as_uri()

    def page(route: str, shot: str) -> str:
        path = shots / f"{shot}.png"
        text = visible_text(render(browser, f"{base}#{route}", path))
        checked.screenshots.append(path)
        return text

    overview = page("", "overview")
    checked.expect(f"{len(cases)} test cases" in overview, f"the overview counts {len(cases)} scenarios")
    for key in ("target", "auth.url", "backend.url"):
        checked.expect(key in overview, f"the overview's environment shows {key}")
    environment = json.loads(files.get("widgets/environment.json", b"[]") or b"[]")
    for item in environment:
        if item.get("name") in HEADLINE_KEYS:
            shown = f"{item['name']} {' '.join(item.get('values', []))}"
            checked.expect(shown in overview, f"the overview shows, without a click: {shown}")

    categories = json.loads(files.get("data/categories.json", b"{}") or b"{}")
    names = [child["name"] for child in categories.get("children", [])]
    text = page("categories", "categories")
    for name in names:
        checked.expect(name in text, f"the categories page shows '{name}'")

    for number, case in enumerate(_sample(cases), 1):
        _check_scenario(case, number, page, checked)
    return checked


def _sample(cases: list[dict]) -> list[dict]:
    failing = [c for c in cases if c["status"] in ("failed", "broken")]
    charted = [c for c in cases if c not in failing and "image/svg+xml" in json.dumps(c)]
    sample = (failing[:MAX_SCENARIO_PAGES - 2] + charted[:1]) or cases[:1]
    linked = [c for c in cases if c.get("links")]
    if linked and not any(c.get("links") for c in sample):
        sample.append(linked[0])
    return sample


def _check_scenario(case: dict, number: int, page, checked: Checked) -> None:
    name, uid = case["name"].strip(), case["uid"]
    text = page(f"testresult/{uid}", f"scenario-{number}")
    checked.expect(name in text, f"the page of '{name}' shows its name")
    severity = next((label["value"] for label in case.get("labels", []) if label["name"] == "severity"), None)
    checked.expect(severity is None or f"Severity: {severity}" in text, f"'{name}' shows its severity")
    why_it_matters = (case.get("description") or "").split("\n\n")[0]
    if why_it_matters:
        checked.expect(" ".join(why_it_matters.split()) in text, f"'{name}' shows why it matters")
    owner = next((label["value"] for label in case.get("labels", []) if label["name"] == "owner"), None)
    checked.expect(owner is None or f"Owner {owner}" in text, f"'{name}' shows its owner {owner}")
    for link in case.get("links", []):
        checked.expect(link["name"] in text.split("Links", 1)[-1],
                       f"'{name}' links to {link.get('type', 'link')} {link['name']}")
    word = _category_word(case.get("statusMessage") or "")
    if case["status"] in ("failed", "broken"):
        known = re.match(r"(?:[\w.]+: )?" + KNOWN_DEFECT + " ", case.get("statusMessage") or "")
        expected = "Known defects" if known else CATEGORY_NAMES.get(word, CATEGORY_NAMES[SUITE_DEFECT])
        checked.expect(f"Categories: {expected}" in text, f"'{name}' is sorted into '{expected}'")
    steps = (case.get("testStage") or {}).get("steps", [])
    for step in steps:
        if step["status"] in ("failed", "broken") or (case["status"] == "passed" and step.get("attachments")):
            for attachment in step.get("attachments", []):
                checked.expect(attachment["name"] in text,
                               f"'{name}' lists the attachment '{attachment['name']}' of '{step['name']}'")
    attachments = [a for step in steps for a in step.get("attachments", [])]
    why = next((a for a in attachments if a["name"] == "why this step failed"), None)
    if why is not None:
        shown = page(f"testresult/{uid}?attachment={why['uid']}", f"scenario-{number}-why")
        checked.expect(any(f"{word}:" in shown for word in CATEGORY_WORDS),
                       f"'{name}': 'why this step failed' opens and names the failure's category")
    elif case["status"] in ("failed", "broken") and steps:
        checked.expect(False, f"'{name}' failed but its failing step has no 'why this step failed'")
    chart = next((a for a in attachments if a["type"] == "image/svg+xml"), None)
    if chart is not None:
        shown = page(f"testresult/{uid}?attachment={chart['uid']}", f"scenario-{number}-chart")
        checked.expect(chart["name"] in shown, f"'{name}': the latency chart '{chart['name']}' opens")


def _category_word(message: str) -> str | None:
    match = re.match(r"(?:[\w.]+: )?(" + "|".join(CATEGORY_WORDS) + "):", message)
    return match.group(1) if match else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m journeys.report.check",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--report", type=Path, default=reports_dir() / "allure-report" / "index.html")
    parser.add_argument("--shots", type=Path, default=reports_dir() / "report-check")
    args = parser.parse_args(argv)
    return run_check(args.report, args.shots)


def run_check(index: Path, shots: Path) -> int:
    if not index.is_file():
        print(f"No report at {index}; make one with: python3 tasks.py report", file=sys.stderr)
        return 1
    try:
        checked = check_report(index, shots)
    except (CannotCheck, subprocess.TimeoutExpired) as reason:
        print(f"Could not check the report in a browser: {reason}", file=sys.stderr)
        return 3
    for line in checked.passed:
        print(f"  ok      {line}")
    for line in checked.problems:
        print(f"  MISSING {line}")
    print(f"{len(checked.passed)} checks passed, {len(checked.problems)} failed; "
          f"screenshots in {shots}")
    return 1 if checked.problems else 0


if __name__ == "__main__":
    sys.exit(main())
