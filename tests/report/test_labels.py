"""Scenarios get the labels product owners browse by: epic, feature, story, severity, owner, links."""

from pathlib import Path

from behave.parser import parse_feature

from journeys.labels import (PRIORITY_TO_SEVERITY, capabilities, label_scenario, link_patterns,
                             link_url)
from project_root import ROOT

FEATURE = """
@journey @golden-path @critical @owner:payments-team
Feature: From logging in to an AI answer
  Why it matters.

  Example: outside any rule
    Given Sam is logged in

  @high @issue:GP-12
  Rule: a logged-in person gets a costed answer

    @tms:TC-7 @local-only
    Example: Sam gets a costed answer
      Given Sam is logged in

    Scenario Outline: Sam asks about <what>
      Given Sam is logged in
      Examples:
        | what  |
        | costs |
"""


def scenarios(text=FEATURE):
    feature = parse_feature(text)
    found = list(feature.scenarios)
    for rule in feature.rules:
        for scenario in rule.scenarios:
            found += list(getattr(scenario, "scenarios", [])) or [scenario]
    return {s.name: s for s in found}


def readme(tmp_path: Path, rows: str) -> Path:
    path = tmp_path / "README.md"
    path.write_text("| tag | meaning |\n|---|---|\n" + rows)
    capabilities.cache_clear()
    return path


def test_epic_feature_story_and_severity_come_from_the_feature_file(tmp_path):
    doc = readme(tmp_path, "| `@golden-path` | capability: logging in to an AI answer |\n")
    ruled = label_scenario(scenarios()["Sam gets a costed answer"], readme=doc)
    assert ruled.epic == "Golden path"
    assert ruled.feature == "From logging in to an AI answer"
    assert ruled.story == "a logged-in person gets a costed answer"
    assert ruled.severity == PRIORITY_TO_SEVERITY["high"] == "critical"   # the Rule's tag is nearer
    plain = label_scenario(scenarios()["outside any rule"], readme=doc)
    assert plain.story is None and plain.severity == "blocker"


def test_outline_examples_keep_their_rule_as_story(tmp_path):
    doc = readme(tmp_path, "")
    example = next(s for name, s in scenarios().items() if name.startswith("Sam asks about"))
    assert label_scenario(example, readme=doc).story == "a logged-in person gets a costed answer"


def test_owner_and_links_with_a_configured_pattern(tmp_path):
    doc = readme(tmp_path, "")
    patterns = link_patterns({"AllureFormatter.issue_pattern": "https://tracker.example/browse/{}"},
                             {"E2E_TMS_PATTERN": "https://cases.example/"})
    labels = label_scenario(scenarios()["Sam gets a costed answer"], patterns, readme=doc)
    assert labels.owner == "payments-team"
    assert ("issue", "GP-12", "https://tracker.example/browse/GP-12") in labels.links
    assert ("tms", "TC-7", "https://cases.example/TC-7") in labels.links
    pairs = labels.as_pairs()
    assert ("owner", "payments-team") in pairs and ("tag", "local-only") in pairs
    assert not [value for name, value in pairs if name == "tag" and ":" in value]


def test_without_a_readme_row_the_features_own_tag_names_the_epic(tmp_path):
    doc = readme(tmp_path, "")
    assert label_scenario(scenarios()["outside any rule"], readme=doc).epic == "Golden path"


def test_the_real_tag_table_documents_the_severity_mapping():
    capabilities.cache_clear()
    table = (ROOT / "features" / "README.md").read_text()
    for priority, severity in PRIORITY_TO_SEVERITY.items():
        if f"`@{priority}`" in table:
            assert f"`@{priority}` → `{severity}`" in table, f"features/README.md must say @{priority} → {severity}"
    assert "golden-path" in capabilities()


def test_link_url_leaves_full_urls_alone_and_works_without_a_pattern():
    assert link_url("issue", "https://x.example/1", {"issue": "https://y/{}"}) == "https://x.example/1"
    assert link_url("issue", "GP-1", {}) == "GP-1"
