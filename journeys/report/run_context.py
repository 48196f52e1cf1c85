"""The run's context for the Allure report: what was tested, with what, and by whom.

A failure is only understood from the report alone if the report says which
platform, at which URLs and versions, was tested by which suite, from which
commit, with which tools. Three files in ``allure-results`` carry that:

- ``environment.properties``: target, URLs, sign-in modes, objectives, the
  platform's versions as its health endpoints reported them (recorded by the
  run as it opened the target, ``journeys.run.target.Target.versions``: the
  report asks the platform nothing), suite version and git commit, Python and
  package versions (``context_properties``);
- ``executor.json``: the CI system, build and link, when CI variables say so;
- ``accepted-differences.json`` (beside the results, in the reports folder): the
  contract differences this target accepts (``journeys.config.dialect``), a list of
  ``{"name", "contract", "accepted"}``, empty when the contract is strict; the
  same list is in ``environment.properties`` (``accepted.<name>``);
- ``categories.json``: sorts failures by the category word that starts every
  failure message (``journeys/errors.py``) into product defect, contract
  violation, service-level breach, environment down, settings error and suite
  defect; a failure the target declared as a known defect (its message starts
  "known defect <id>", ``journeys.report.known_failures``) into "Known defects".
  Within a category Allure groups by message, and each failed scenario's message is its
  headline, category and cause (``journeys.report.formatters.by_cause``), so the groups
  are causes.

Nothing here raises for a missing fact: a fact it cannot learn is written as
"unknown (why)", since the report must still be produced.
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
from importlib import metadata
from pathlib import Path

from ..errors import (CONTRACT_VIOLATION, ENVIRONMENT_DOWN, PRODUCT_DEFECT, SERVICE_LEVEL_BREACH,
                     SETTINGS_ERROR, SUITE_DEFECT)
from ..config.paths import PROJECT_ROOT
from ..secrets import registry

PACKAGES = ("behave", "allure-behave", "httpx", "websockets", "PyJWT", "jsonschema")

# Allure matches messageRegex against the whole message, which allure-python starts with the
# exception's class name ("StreamTimeout: product defect: ..."). A step that found several
# problems has one line per cause (journeys/findings.py): its scenario is in each category hit.
_PREFIX = r"(?s)^(?:.*\n)?(?:[\w.]+: )?"
_NAMED = (PRODUCT_DEFECT, CONTRACT_VIOLATION, SERVICE_LEVEL_BREACH, ENVIRONMENT_DOWN, SETTINGS_ERROR)
KNOWN_DEFECT = "known defect"   # the words journeys.report.known_failures puts before a known failure's message
CATEGORIES = [
    {"name": "Known defects", "matchedStatuses": ["failed", "broken"],
     "messageRegex": r"(?s)^(?:[\w.]+: )?" + KNOWN_DEFECT + r" .*",
     "description": "A failure the target declares as a known defect (E2E_KNOWN_DEFECTS), with its "
                    "link: still a failure, not new."},
    {"name": "Product defects", "matchedStatuses": ["failed"],
     "messageRegex": _PREFIX + PRODUCT_DEFECT + ":.*",
     "description": "The platform did something its contract or the journey rules out."},
    {"name": "Contract violations", "matchedStatuses": ["failed"],
     "messageRegex": _PREFIX + CONTRACT_VIOLATION + ":.*",
     "description": "A body or an event does not have the shape CONTRACT.md gives it."},
    {"name": "Service-level breaches", "matchedStatuses": ["failed"],
     "messageRegex": _PREFIX + SERVICE_LEVEL_BREACH + ":.*",
     "description": "Measured figures miss an objective."},
    {"name": "Environment down", "matchedStatuses": ["broken", "failed"],
     "messageRegex": _PREFIX + ENVIRONMENT_DOWN + ":.*",
     "description": "The target was unreachable or unhealthy: says nothing about the product."},
    {"name": "Settings errors", "matchedStatuses": ["broken", "failed"],
     "messageRegex": _PREFIX + SETTINGS_ERROR + ":.*",
     "description": "A setting, the target's name, a defect or variant name was wrong: nothing ran."},
    {"name": "Suite defects", "matchedStatuses": ["broken", "failed"],
     "messageRegex": "(?s)^(?!(?:[\\w.]+: )?(?:(?:" + "|".join(_NAMED) + "):|" + KNOWN_DEFECT + " )).*",
     "description": "The suite itself is wrong or misconfigured, or failed without a category "
                    "(every check must raise from journeys/errors.py)."},
]
CATEGORY_NAMES = {PRODUCT_DEFECT: "Product defects", CONTRACT_VIOLATION: "Contract violations",
                  SERVICE_LEVEL_BREACH: "Service-level breaches",
                  ENVIRONMENT_DOWN: "Environment down", SETTINGS_ERROR: "Settings errors",
                  SUITE_DEFECT: "Suite defects"}


def write_categories(results: Path) -> Path:
    return _write(results / "categories.json", json.dumps(CATEGORIES, indent=2))


def write_environment(results: Path, settings=None, versions: dict[str, str] | None = None) -> Path:
    properties = context_properties(settings, versions)
    return _write(results / "environment.properties", render_properties(properties))


def write_accepted_differences(reports: Path, settings=None) -> Path:
    """Every run, even a strict one (an empty list) or one stopped before any scenario."""
    accepted = settings.dialect.accepted_list() if settings is not None else []
    return _write(reports / "accepted-differences.json", json.dumps(accepted, indent=2))


def write_executor(results: Path, environ: dict | None = None) -> Path | None:
    executor = executor_from(os.environ if environ is None else environ)
    if executor is None:
        return None
    return _write(results / "executor.json", json.dumps(executor, indent=2))


def headline_properties(settings) -> dict[str, str]:
    """What the report's overview must say first: defects switched on, differences accepted."""
    values = {}
    if settings.is_local:
        values["DEFECTS SWITCHED ON"] = ",".join(settings.local.defects) or "none"
    accepted = [d["name"] for d in settings.dialect.accepted_list()]
    values["CONTRACT DIFFERENCES ACCEPTED"] = ",".join(accepted) or "none: the contract, strictly"
    return values


def context_properties(settings=None, versions: dict[str, str] | None = None) -> dict[str, str]:
    """Everything the report's Environment widget shows, secrets never among it."""
    values: dict[str, str] = {}
    if settings is not None:
        # First, so the overview's Environment widget shows them without a click: a run with
        # defects switched on, or with contract differences accepted, is not a clean bill.
        values.update(headline_properties(settings))
        values.update({
            "target": settings.target, "auth.url": settings.auth_url,
            "backend.url": settings.backend_url, "websocket.url": settings.websocket_url,
            "frontend.url": settings.frontend_url or "(not set)",
            "sign-in mode": settings.auth_mode, "websocket auth": settings.ws_auth,
            "objective.answer.p95": f"{settings.slo_answer_p95_s:g} s",
            "objective.first-event.p95": f"{settings.slo_first_event_p95_s:g} s",
        })
        if settings.is_local:
            local = settings.local
            values.update({"local.defects": ",".join(local.defects) or "(none)",
                           "local.variants": ",".join(local.variants) or "(none)",
                           "local.shape": local.shape})
            if local.dialect or local.chatter:
                values.update({"local.dialect": local.dialect or "(the contract)",
                               "local.chatter": "on" if local.chatter else "off"})
        accepted = settings.dialect.accepted_list()
        values["contract differences accepted"] = (
            f"{len(accepted)} (see accepted.*)" if accepted else "none: the contract, strictly")
        values.update({f"accepted.{d['name']}": d["accepted"] for d in accepted})
    values.update(versions or {})
    values.update({"suite.version": _suite_version(), "suite.commit": git_commit(),
                   "python": f"{platform.python_implementation()} {platform.python_version()}",
                   "os": platform.platform(terse=True)})
    for package in PACKAGES:
        values[f"package.{package}"] = _package_version(package)
    return {key: registry.mask(str(value)) for key, value in values.items()}


def executor_from(environ: dict) -> dict | None:
    """Allure's executor block from the CI's own variables; None outside CI."""
    get = environ.get
    if get("GITHUB_ACTIONS") == "true":
        server = get("GITHUB_SERVER_URL", "https://github.com")
        repo, run = get("GITHUB_REPOSITORY", ""), get("GITHUB_RUN_ID", "")
        return _executor("GitHub Actions", "github", f"{server}/{repo}", get("GITHUB_RUN_NUMBER"),
                         f"{get('GITHUB_WORKFLOW', 'workflow')} #{get('GITHUB_RUN_NUMBER', '?')}",
                         f"{server}/{repo}/actions/runs/{run}" if repo and run else None)
    if get("GITLAB_CI"):
        return _executor("GitLab CI", "gitlab", get("CI_PROJECT_URL"), get("CI_PIPELINE_IID"),
                         f"{get('CI_JOB_NAME', 'job')} #{get('CI_PIPELINE_IID', '?')}",
                         get("CI_JOB_URL") or get("CI_PIPELINE_URL"))
    if get("JENKINS_URL"):
        return _executor("Jenkins", "jenkins", get("JENKINS_URL"), get("BUILD_NUMBER"),
                         get("BUILD_DISPLAY_NAME") or f"{get('JOB_NAME', 'job')} #{get('BUILD_NUMBER', '?')}",
                         get("BUILD_URL"))
    if (get("CI") or "").lower() in ("true", "1", "yes"):
        return _executor(get("E2E_CI_NAME") or "CI", "ci", get("E2E_CI_URL"), get("E2E_BUILD_NUMBER"),
                         get("E2E_BUILD_NAME") or f"CI run at commit {git_commit()}", get("E2E_BUILD_URL"))
    return None


def render_properties(values: dict[str, str]) -> str:
    """Java properties text (what Allure reads): ``key=value`` lines, escaped."""
    return "".join(f"{_escape(key, True)}={_escape(value, False)}\n" for key, value in values.items())


def git_commit(root: Path = PROJECT_ROOT) -> str:
    try:
        head = _git(root, "rev-parse", "HEAD")
        dirty = _git(root, "status", "--porcelain", "--untracked-files=no")
    except (OSError, subprocess.SubprocessError) as error:
        return f"unknown ({type(error).__name__})"
    if not head:
        return "unknown (not a git checkout)"
    return head + (" (with local changes)" if dirty else "")


def _git(root: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, timeout=10)
    return done.stdout.strip() if done.returncode == 0 else ""


def _executor(name: str, kind: str, url: str | None, order: str | None, build_name: str,
              build_url: str | None) -> dict:
    executor = {"name": name, "type": kind, "buildName": build_name,
                "reportName": "Golden-path journeys"}
    if url:
        executor["url"] = url
    if order and order.isdigit():
        executor["buildOrder"] = int(order)
    if build_url:
        executor["buildUrl"] = executor["reportUrl"] = build_url
    return executor


def _suite_version() -> str:
    return _package_version("golden-path-journeys")


def _package_version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"


def _escape(text: str, is_key: bool) -> str:
    out = []
    for index, char in enumerate(text):
        if char == "\\":
            out.append("\\\\")
        elif char == "\n":
            out.append("\\n")
        elif char == "\r":
            out.append("\\r")
        elif char == "\t":
            out.append("\\t")
        elif char in "=:#!" or (char == " " and (is_key or index == 0)):
            out.append("\\" + char)
        elif ord(char) > 126 or ord(char) < 32:
            out.append(f"\\u{ord(char):04x}" if ord(char) <= 0xFFFF else "?")
        else:
            out.append(char)
    return "".join(out)


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(registry.mask(text), encoding="utf-8")
    return path


__all__ = ["CATEGORIES", "CATEGORY_NAMES", "write_categories", "write_environment",
           "write_accepted_differences",
           "write_executor", "context_properties", "executor_from", "render_properties", "git_commit"]
