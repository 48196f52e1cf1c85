"""The real platform's conformance record: the catalogue in every sign-in mode and carrier, and why.

    python3 scripts/conformance.py run -D target=netra                  # all nine combinations
    python3 scripts/conformance.py run --only login:header,mint:header -D target=netra
    python3 scripts/conformance.py render                               # beta-17.md again from the .json
    python3 scripts/conformance.py compare reports/conformance          # a new run against the record

One catalogue run tells what the platform does for one way of signing in and carrying the pass.
The record holds all of them side by side, so a verdict that depends on the way is visible, and
so a later run can be compared with it scenario by scenario. ``run`` runs ``tasks.py journeys``
once per combination (one after another: each is heavy), each in its own ``E2E_REPORTS_DIR``
under ``--out``, reads each run's JUnit (verdict, and the first line of the failure or skip
message) and merges the combinations it ran into the record (``docs/conformance/beta-17.json``,
combinations it did not run are kept), then renders ``beta-17.md`` for a person.

Why a failure happens is written by hand in ``docs/conformance/annotations.json``: a scenario
(or ``*``) and the start of its message, with a class: ``platform-defect`` (``where``: the
platform's file:line at beta-17), ``loopback-build`` (``reason``: a fact of this build, not of
the product) or ``suite-misfire`` (``note``: the suite misread the platform). ``compare`` names
every scenario whose verdict changed and exits 1 if any did. Secrets come from the process
environment only; every "why" is masked again before it is written.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from journeys.secrets import SecretRegistry  # noqa: E402  (the project's own masking)

MODES, CARRIERS = ("login", "test-auth", "mint"), ("header", "subprotocol", "ticket")
ALL = [f"{mode}:{carrier}" for mode in MODES for carrier in CARRIERS]
RECORD = ROOT / "docs" / "conformance" / "beta-17.json"
ANNOTATIONS = ROOT / "docs" / "conformance" / "annotations.json"
CLASSES = {"platform-defect": "where", "loopback-build": "reason", "suite-misfire": "note"}
SECRET_NAMES = ("JWT_SECRET_KEY", "SERVICE_SECRET", "SECRET_KEY", "E2E_OAUTH_SIMULATION_KEY",
                "POSTGRES_PASSWORD", "E2E_PASSWORD")
PASSED, FAILED, SKIPPED, DOWN = "passed", "failed", "skipped", "environment down"
RUN_DEADLINE_S = 1800
WHY_CHARS = 260          # the page cuts a why here; the .json keeps it whole


# ---- reading one run ------------------------------------------------------------------------

def read_run(folder: Path, masker: SecretRegistry | None = None) -> dict:
    """One run's outcome from its reports folder: each scenario's verdict and first line of why.

    "environment down" is a verdict of its own, never a product failure: a scenario whose own
    failure says so, the scenario during which the target's health stopped a run (``outcome.json``
    names it; its failure may be the outage), and everything when the run stopped before any.
    """
    mask = (masker or SecretRegistry()).mask
    outcome = _json(folder / "outcome.json")
    stopped_in = _stopped_during(outcome.get("detail", "")) if outcome.get("outcome") == DOWN else None
    before_any, scenarios = False, {}
    for path in sorted((folder / "junit").glob("*.xml")):
        for case in ElementTree.parse(path).getroot().iter("testcase"):
            if case.get("classname") == "before any journey":
                before_any = before_any or _first(case, "error").get("type") == DOWN
                continue
            feature = case.get("classname", "").split(".", 1)[-1]
            name = case.get("name", "").strip()
            verdict, element = verdict_of(case)
            why = first_line(element.get("message", "") or (element.text or "")) if element is not None else ""
            if verdict == FAILED and (name == stopped_in or why.startswith(DOWN)
                                      or element.get("type") == "EnvironmentDown"):
                verdict = DOWN
            elif stopped_in is not None and _cut_short(verdict, why, case):
                verdict, why = DOWN, why or ("not run: the run was stopped, environment down (or skipped with a reason "
                                                     "the merged reports lost, misfires.md M6)")
            scenarios[f"{feature} / {name}"] = {"verdict": verdict, "why": mask(why)}
    down = before_any or outcome.get("outcome") == DOWN
    return {"outcome": DOWN if down else outcome.get("outcome", FAILED if _any(scenarios, FAILED) else PASSED),
            "detail": first_line(mask(outcome.get("detail", ""))), "scenarios": scenarios}


def _cut_short(verdict: str, why: str, case) -> bool:
    """In a run the health check stopped: a worker killed mid-scenario ("stopped by signal"), or
    a scenario never started (skipped with no reason and not ``@local-only``, whose reason the
    merged reports may drop), was cut short by the outage, not judged."""
    if verdict == FAILED:
        return why.startswith("stopped by signal")
    output = case.find("system-out")
    text = (output.text or "") if output is not None else ""
    return verdict == SKIPPED and not why and "@local-only" not in text


def _stopped_during(detail: str) -> str | None:
    """The scenario a mid-run health check stopped the run in (journeys/run/target.py's words)."""
    found = re.search(r"during scenario '(.+?)': ", detail)
    return found.group(1) if found else None


def verdict_of(case) -> tuple[str, object]:
    for tag, verdict in (("failure", FAILED), ("error", FAILED), ("skipped", SKIPPED)):
        if case.find(tag) is not None:
            return verdict, case.find(tag)
    return PASSED, None


def first_line(text: str) -> str:
    """The message's headline; a headline ending in ':' introduces a list (a crowd's people),
    so its first item comes with it: the cause, not only the count."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if len(lines) > 1 and lines[0].endswith(":"):
        return f"{lines[0]} {lines[1]}"
    return lines[0] if lines else ""


def _first(case, tag):
    found = case.find(tag)
    return found if found is not None else {}


def _any(scenarios: dict, verdict: str) -> bool:
    return any(s["verdict"] == verdict for s in scenarios.values())


def _json(path: Path) -> dict:
    try:
        found = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return found if isinstance(found, dict) else {}


# ---- annotations ----------------------------------------------------------------------------

def load_annotations(path: Path = ANNOTATIONS) -> list[dict]:
    """The hand-kept traces; a malformed one is refused with what is missing, not skipped."""
    entries = _json(path).get("annotations", []) if path.exists() else []
    problems = []
    for number, entry in enumerate(entries, 1):
        field = CLASSES.get(entry.get("class"))
        if field is None:
            problems.append(f"#{number}: class {entry.get('class')!r} is not one of {sorted(CLASSES)}")
        elif not entry.get(field) or "scenario" not in entry or "message" not in entry:
            problems.append(f"#{number} ({entry.get('class')}): needs scenario, message and {field}")
    if problems:
        raise SystemExit(f"{path}: " + "; ".join(problems))
    return entries


def annotate(key: str, entry: dict, annotations: list[dict], combination: str = "") -> dict | None:
    """The first annotation for this failure: its scenario (full key, name alone, or ``*``), the
    start of its message, and (when it names some) one of its combinations."""
    if entry["verdict"] not in (FAILED, DOWN):     # "environment down" may be the platform's own fault
        return None
    name = key.split(" / ", 1)[-1]
    for number, note in enumerate(annotations, 1):
        if note["scenario"] not in ("*", key, name) or not starts_like(entry["why"], note["message"]):
            continue
        if combination and note.get("combinations") and combination not in note["combinations"]:
            continue
        return {"class": note["class"], "trace": f"T{number}"}
    return None


def trace_text(note: dict) -> dict:
    """What a trace says (any class may also say where in the platform, or add a note)."""
    return {"class": note["class"], **{k: note[k] for k in ("note", "reason", "where") if note.get(k)}}


def starts_like(text: str, prefix: str) -> bool:
    """``text`` starts with ``prefix``, where a ``*`` in the prefix stands for any run of
    characters (a person's name in the message changes from journey to journey)."""
    pattern = ".*".join(re.escape(part) for part in prefix.split("*"))
    return re.match(pattern, text, re.DOTALL) is not None


# ---- the record -----------------------------------------------------------------------------

def merge(record: dict, combination: str, run: dict, annotations: list[dict]) -> dict:
    for key, entry in run["scenarios"].items():
        found = annotate(key, entry, annotations, combination)
        if found:
            entry["annotation"] = found
    record.setdefault("combinations", {})[combination] = run
    return record


def reannotate(record: dict, annotations: list[dict]) -> dict:
    """Every failure's trace again from ``annotations``; the traces used are kept once, by id."""
    for combination, run in record.get("combinations", {}).items():
        for key, entry in run["scenarios"].items():
            entry.pop("annotation", None)
        merge(record, combination, run, annotations)
    used = {entry["annotation"]["trace"] for run in record.get("combinations", {}).values()
            for entry in run["scenarios"].values() if "annotation" in entry}
    record["traces"] = {f"T{n}": trace_text(note) for n, note in enumerate(annotations, 1) if f"T{n}" in used}
    return record


def render(record: dict) -> str:
    """The record for a person: counts, the grid of verdicts, then each scenario's why."""
    combos = [c for c in ALL if c in record.get("combinations", {})]
    runs = record.get("combinations", {})
    keys = sorted({k for c in combos for k in runs[c]["scenarios"]})
    lines = [f"# Conformance record: {record.get('platform', 'beta-17')} on loopback", "",
             f"Recorded {record.get('recorded', '?')} by `scripts/conformance.py` (suite commit "
             f"`{record.get('suite_commit', '?')}`, target `{record.get('target', '?')}`). Each column is "
             "one catalogue run: sign-in mode (`E2E_AUTH_MODE`) : carrier (`E2E_WS_AUTH`). "
             "How to reproduce and compare: `docs/conformance/README.md`.", "",
             "| combination | run | passed | failed | skipped | environment down | recorded | workers |",
             "|---|---|---|---|---|---|---|---|"]
    for c in combos:
        counts = [sum(s["verdict"] == v for s in runs[c]["scenarios"].values()) for v in (PASSED, FAILED, SKIPPED, DOWN)]
        lines.append(f"| {c} | {runs[c]['outcome']} | " + " | ".join(map(str, counts))
                     + f" | {runs[c].get('recorded', '?')} | {runs[c].get('workers', '?')} |")
    lines += ["", "## Verdicts", "", "| scenario | " + " | ".join(combos) + " |",
              "|---|" + "---|" * len(combos)]
    for key in keys:
        cells = [_cell(runs[c]["scenarios"].get(key)) for c in combos]
        lines.append(f"| {key} | " + " | ".join(cells) + " |")
    lines += ["", "Cells: `pass`, `FAIL` (with its class: `defect` platform, `build` loopback build, "
              "`misfire` suite, `?` not traced), `skip`, `down` (environment down; with a class when traced to "
              "one), blank: not in that run.",
              "", "## Why", ""]
    for key in keys:
        lines += _whys(key, combos, runs)
    lines += ["## Traces", "", "From `annotations.json` (paths of netra-systems/zen at beta-17).", ""]
    for trace, said in sorted(record.get("traces", {}).items(), key=lambda item: int(item[0][1:])):
        details = "; ".join(f"{k}: {v}" for k, v in said.items() if k != "class")
        lines.append(f"- **{trace}** {said['class']}: {details}")
    return "\n".join(lines) + "\n"


def _cell(entry: dict | None) -> str:
    if entry is None:
        return ""
    short = {"platform-defect": "defect", "loopback-build": "build", "suite-misfire": "misfire"}
    if entry["verdict"] == FAILED:
        return "FAIL " + short.get(entry.get("annotation", {}).get("class"), "?")
    if entry["verdict"] == DOWN and "annotation" in entry:
        return "down " + short[entry["annotation"]["class"]]
    return {PASSED: "pass", SKIPPED: "skip", DOWN: "down"}[entry["verdict"]]


def _whys(key: str, combos: list[str], runs: dict) -> list[str]:
    grouped: dict[tuple, list[str]] = {}
    for c in combos:
        entry = runs[c]["scenarios"].get(key)
        if entry and entry["verdict"] != PASSED:
            note = entry.get("annotation") or {}
            grouped.setdefault((entry["verdict"], entry["why"], json.dumps(note, sort_keys=True)), []).append(c)
    if not grouped:
        return []
    lines = [f"**{key}**", ""]
    for (verdict, why, note), where in grouped.items():
        found = json.loads(note)
        said = f" — **{found['class']}** ({found['trace']})" if found else (" — not traced yet" if verdict == FAILED else "")
        short = why if len(why) <= WHY_CHARS else why[:WHY_CHARS] + " …"
        lines.append(f"- {verdict} in {', '.join(where)}: {short or '(no message)'}{said}")
    return lines + [""]


def compare(record: dict, new: dict) -> list[str]:
    """Each scenario whose verdict differs, in the combinations the new run has."""
    changes = []
    for combination, run in sorted(new.get("combinations", {}).items()):
        old = record.get("combinations", {}).get(combination)
        if old is None:
            changes.append(f"{combination}: not in the record")
            continue
        for key in sorted(set(old["scenarios"]) | set(run["scenarios"])):
            was = old["scenarios"].get(key, {}).get("verdict", "absent")
            now = run["scenarios"].get(key, {}).get("verdict", "absent")
            if was != now:
                why = run["scenarios"].get(key, {}).get("why", "")
                changes.append(f"{combination}: {key}: {was} -> {now}" + (f" ({why})" if why and now != PASSED else ""))
    return changes


# ---- running --------------------------------------------------------------------------------

def masker_from_environment() -> SecretRegistry:
    masker = SecretRegistry()
    for name in SECRET_NAMES:
        masker.add(os.environ.get(name))
    return masker


def run_combination(combination: str, out: Path, behave_args: list[str], test_auth_url: str = "",
                    before: str = "") -> int:
    """``tasks.py journeys`` once, in this combination, in its own reports folder.

    ``test_auth_url``: the auth service that serves ``/auth/e2e/test-auth`` (the real platform
    only in staging mode, another process), used as ``AUTH_SERVICE_URL`` in test-auth runs.
    """
    mode, carrier = combination.split(":")
    folder = out / combination.replace(":", "-")
    folder.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, E2E_AUTH_MODE=mode, E2E_WS_AUTH=carrier, E2E_REPORTS_DIR=str(folder))
    (folder / "workers.txt").write_text(os.environ.get("E2E_WORKERS", "default"))
    if before:       # e.g. restart the platform: a leak in one run must not decide the next one's verdicts
        with open(folder / "before.txt", "w") as said:
            subprocess.run(before, shell=True, cwd=ROOT, stdout=said, stderr=subprocess.STDOUT)
    if mode == "test-auth" and test_auth_url:
        env["AUTH_SERVICE_URL"] = test_auth_url
    command = [sys.executable, str(ROOT / "tasks.py"), "journeys", "--no-color",
               "--junit-directory", str(folder / "junit"), *behave_args]
    with open(folder / "console.txt", "w") as console:
        try:
            return subprocess.run(command, cwd=ROOT, env=env, stdout=console, stderr=subprocess.STDOUT,
                                  timeout=RUN_DEADLINE_S).returncode
        except subprocess.TimeoutExpired:
            return -1


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="scripts/conformance.py", description=__doc__.split("\n\n")[1])
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="run the catalogue per combination, merge into the record")
    run.add_argument("--only", default=",".join(ALL), help="mode:carrier,... (default: all nine)")
    run.add_argument("--out", default=str(ROOT / "reports" / "conformance"), help="runs' reports folders")
    run.add_argument("--no-run", action="store_true", help="read the runs already in --out, run nothing")
    run.add_argument("--platform", default="beta-17", help="what the record is of, as its title says it")
    run.add_argument("--before-each", default="", help="a shell command run before each combination "
                     "(e.g. '$UP stop; $UP start' for a fresh platform)")
    run.add_argument("--test-auth-url", default="", help="AUTH_SERVICE_URL for test-auth runs (beta-17 on "
                     "loopback: http://127.0.0.1:8082, its staging-mode auth)")
    sub.add_parser("render", help="re-annotate the record and render its .md")
    comp = sub.add_parser("compare", help="a new run (folder of run folders, or a record .json) vs the record")
    comp.add_argument("new", help="--out of a run (one folder per combination), or a record .json")
    for each in (run, sub.choices["render"], comp):
        each.add_argument("--record", default=str(RECORD), help="the record .json (default docs/conformance/beta-17.json)")
    args, rest = parser.parse_known_args(argv)
    args.behave_args = [a for a in rest if a != "--"]
    if args.command == "run":
        args.only = [c.strip() for c in args.only.split(",") if c.strip()]
        wrong = [c for c in args.only if c not in ALL]
        if wrong:
            parser.error(f"unknown combination(s) {wrong}; known: {', '.join(ALL)}")
    return args


def read_runs(out: Path, combinations: list[str] | None = None) -> dict:
    masker = masker_from_environment()
    found = {c: out / c.replace(":", "-") for c in (combinations or ALL)}
    return {c: read_run(folder, masker) for c, folder in found.items() if (folder / "junit").is_dir()}


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    record_path = Path(args.record)
    record, annotations = _json(record_path), load_annotations(record_path.parent / "annotations.json")
    if args.command == "compare":
        new_path = Path(args.new)
        new = _json(new_path) if new_path.is_file() else {"combinations": read_runs(new_path)}
        changes = compare(record, new)
        print("\n".join(changes) if changes else f"no verdict changed ({', '.join(sorted(new.get('combinations', {})))})")
        return 1 if changes else 0
    if args.command == "run":
        out = Path(args.out)
        for combination in args.only:
            if not args.no_run:
                print(f"{combination}: running ...", flush=True)
                code = run_combination(combination, out, args.behave_args, args.test_auth_url, args.before_each)
                print(f"{combination}: exit {code}", flush=True)
            for name, run in read_runs(out, [combination]).items():
                folder = out / name.replace(":", "-")
                run.update(recorded=_when(folder), workers=_workers(folder),
                           **({} if args.no_run else {"exit_status": code}))
                merge(record, name, run, annotations)
        record.update(platform=args.platform, recorded=_now(),
                      suite_commit=_commit(), target=_target(args.behave_args))
    reannotate(record, annotations)
    record_path.parent.mkdir(parents=True, exist_ok=True)
    record_path.write_text(json.dumps(record, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    record_path.with_suffix(".md").write_text(render(record), encoding="utf-8")
    print(f"wrote {record_path} and {record_path.with_suffix('.md')}")
    return 0


def _now() -> str:
    return datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")


def _when(folder: Path) -> str:
    """When that run ended: its newest JUnit file (so reading old runs again keeps their time)."""
    stamps = [path.stat().st_mtime for path in (folder / "junit").glob("*.xml")]
    moment = datetime.datetime.fromtimestamp(max(stamps), datetime.timezone.utc) if stamps else None
    return moment.strftime("%Y-%m-%d %H:%M UTC") if moment else "?"


def _workers(folder: Path) -> str:
    """How many parallel workers that run had (written beside it by ``run_combination``)."""
    try:
        return (folder / "workers.txt").read_text().strip()
    except OSError:
        return "?"


def _commit() -> str:
    done = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    return done.stdout.strip() or "?"


def _target(behave_args: list[str]) -> str:
    targets = [a.split("=", 1)[1] for a in behave_args if a.removeprefix("-D").startswith("target=")]
    return targets[-1] if targets else os.environ.get("E2E_TARGET", "local")


if __name__ == "__main__":
    sys.exit(main())
