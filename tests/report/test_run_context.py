"""The run context files Allure reads: categories, environment, executor."""

import json
import re

import pytest

from journeys.errors import (CATEGORIES as CATEGORY_WORDS, ApiError, ConfigError, ContractViolation,
                             EnvironmentDown, ServiceLevelBreach, SUITE_DEFECT)
from journeys.report.run_context import (CATEGORIES, CATEGORY_NAMES, context_properties, executor_from,
                                         render_properties, write_categories)
from journeys.run.target import health_facts, platform_versions


def categories_of(message: str, status: str) -> list[str]:
    """What Allure 2 does: every category whose status and messageRegex match the whole message."""
    return [c["name"] for c in CATEGORIES
            if status in c["matchedStatuses"] and re.fullmatch(c["messageRegex"], message)]


@pytest.mark.parametrize("error, status", [
    (ApiError("Sam could not log in"), "failed"),
    (ContractViolation("agent_completed lacks final_response"), "failed"),
    (ServiceLevelBreach("time to answer p95 was 3.10 s"), "failed"),
    (EnvironmentDown("the backend is not healthy"), "broken"),
    (ConfigError(["BACKEND_URL is missing"], "staging"), "broken"),
])
def test_each_category_word_lands_in_exactly_its_category(error, status):
    for prefix in ("", f"journeys.errors.{type(error).__name__}: "):   # as allure-python writes it
        message = f"{prefix}{error}\n  more lines"
        assert categories_of(message, status) == [CATEGORY_NAMES[error.category]], message


def test_a_failure_without_a_category_is_a_suite_defect():
    assert categories_of("AssertionError: something went wrong", "failed") == [CATEGORY_NAMES[SUITE_DEFECT]]
    assert categories_of("KeyError: 'user'", "broken") == [CATEGORY_NAMES[SUITE_DEFECT]]


def test_every_category_word_has_a_category(tmp_path):
    assert set(CATEGORY_NAMES) == set(CATEGORY_WORDS)
    written = json.loads(write_categories(tmp_path).read_text())
    assert [c["name"] for c in written] == ["Known defects"] + [CATEGORY_NAMES[w] for w in
                                            ("product defect", "contract violation", "service-level breach",
                                             "environment down", "settings error",
                                             "suite defect")]


def test_properties_are_escaped_as_java_reads_them():
    text = render_properties({"auth url": "http://h:1/a=b", "note": "line\nnext é"})
    assert text == "auth\\ url=http\\://h\\:1/a\\=b\nnote=line\\nnext \\u00e9\n"


def test_context_names_the_suite_commit_python_and_packages():
    values = context_properties()
    for key in ("suite.version", "suite.commit", "python", "package.behave", "package.allure-behave"):
        assert values[key], key
    assert re.match(r"[0-9a-f]{40}|unknown", values["suite.commit"])


def test_health_facts_keep_versions_and_names_only():
    body = {"status": "healthy", "service": "auth-service", "version": "1.0.0", "timestamp": 1,
            "checks": {"db": {"version": "x"}}, "build_commit": "abc", "healthy": True}
    assert health_facts(body) == {"service": "auth-service", "version": "1.0.0", "build_commit": "abc"}
    assert health_facts(["not", "a", "dict"]) == {}


def test_the_platform_versions_are_the_health_answers_the_run_read_and_an_unanswered_ask_says_so():
    """The run records them as it opens the target; the report renders them and asks nothing."""
    from journeys.config.settings import load_settings
    from journeys.secrets import Secret
    from journeys.wire.replies import Reply
    settings = load_settings("local", environ={}).for_local_platform(
        "http://127.0.0.1:9", "http://127.0.0.1:9", "ws://127.0.0.1:9/ws",
        Secret("versions-test-jwt-secret"), Secret("versions-test-bypass-key"))
    health = {"auth": Reply("GET", "http://127.0.0.1:9/health", 200,
                            {"status": "healthy", "service": "auth-service", "version": "1.2.3"}, "", 0.01),
              "backend": Reply("GET", "http://127.0.0.1:9/health", 200, {"status": "ok"}, "", 0.01)}
    versions = platform_versions(settings, health)
    assert versions["platform.auth.service"] == "auth-service" and versions["platform.auth.version"] == "1.2.3"
    assert versions["platform.backend"] == "healthy; reports no version"
    assert versions["platform.backend.api"].startswith("unknown ("), versions   # nothing listens on port 9
    written = context_properties(None, versions)
    assert {key: written[key] for key in versions} == versions


def test_executor_from_ci_variables():
    github = executor_from({"GITHUB_ACTIONS": "true", "GITHUB_SERVER_URL": "https://github.com",
                            "GITHUB_REPOSITORY": "acme/journeys", "GITHUB_RUN_ID": "99",
                            "GITHUB_RUN_NUMBER": "7", "GITHUB_WORKFLOW": "e2e"})
    assert github["type"] == "github" and github["buildOrder"] == 7
    assert github["buildUrl"] == "https://github.com/acme/journeys/actions/runs/99"
    gitlab = executor_from({"GITLAB_CI": "true", "CI_PIPELINE_IID": "12", "CI_JOB_NAME": "journeys",
                            "CI_JOB_URL": "https://gitlab.example/j/1", "CI_PROJECT_URL": "https://gitlab.example/p"})
    assert gitlab["buildName"] == "journeys #12" and gitlab["buildUrl"] == "https://gitlab.example/j/1"
    jenkins = executor_from({"JENKINS_URL": "https://ci.example/", "BUILD_NUMBER": "3",
                             "BUILD_URL": "https://ci.example/job/3/", "JOB_NAME": "e2e"})
    assert jenkins["type"] == "jenkins" and jenkins["buildName"] == "e2e #3"
    assert executor_from({"CI": "true"})["type"] == "ci"
    assert executor_from({}) is None
