"""Scenarios get the labels product owners browse by: epic, feature, story, severity, owner, links."""

from pathlib import Path

from behave.parser import parse_feature

from journeys.report.labels import (ALLURE_SEVERITIES, capabilities, label_scenario, link_patterns,
                             link_url)
from project_root import ROOT, feature_files

FEATURE = """
@journey @golden-path @blocker @owner:payments-team
Feature: From logging in to an AI answer
  Why it matters.

  Example: outside any rule
    Given Sam is logged in

  @critical @issue:GP-12
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
    assert ruled.severity == "critical"   # the Rule's tag is nearer, and is Allure's own word
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


def test_the_real_tag_table_documents_the_severity_words():
    capabilities.cache_clear()
    table = (Path(__file__).resolve().parents[2] / "features" / "README.md").read_text()
    for severity in ALLURE_SEVERITIES:
        assert f"`@{severity}`" in table, f"features/README.md must document the severity tag @{severity}"
    assert "golden-path" in capabilities()


def test_every_feature_has_exactly_one_severity_an_owner_and_no_old_priority_word():
    for path in feature_files():
        tags = parse_feature(path.read_text(), filename=str(path)).tags
        severities = [t for t in tags if t in ALLURE_SEVERITIES]
        assert len(severities) == 1, f"{path.name}: one severity tag in Allure's words, found {severities}"
        assert any(t.startswith("owner:") for t in tags), f"{path.name}: no @owner: tag"
        assert not {"high", "low"} & set(tags), f"{path.name}: @high/@low are not Allure's words"


def test_link_url_leaves_full_urls_alone_and_works_without_a_pattern():
    assert link_url("issue", "https://x.example/1", {"issue": "https://y/{}"}) == "https://x.example/1"
    assert link_url("issue", "GP-1", {}) == "GP-1"
