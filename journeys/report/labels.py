"""What a scenario's tags and place in its feature file mean in the Allure report.

Product owners browse the report by capability, feature and rule (Allure's
Behaviors tab: epic, feature, story) and sort by severity; this module is the
one place that turns a scenario into those labels, so ``features/README.md``
(which documents the mapping) and the report never disagree:

- epic: the scenario's capability tag as words (``@golden-path`` gives "Golden path"):
  a tag whose row in ``features/README.md`` says "capability:", else the
  feature's first tag that is not a generic one (``GENERIC_TAGS``);
- feature: the feature's title; story: the ``Rule:`` it sits in, if any;
- severity: the nearest severity tag, in Allure's own words (``@blocker``, ``@critical``,
  ``@normal``, ``@minor``, ``@trivial``), so the files and the report read the same;
- description: why it matters, for the product owner: the feature's description, then its
  Rule's, then the scenario's own (``description_of``);
- owner: ``@owner:NAME``; links: ``@issue:ID`` and ``@tms:ID``, made into URLs
  with a configurable pattern (``-D AllureFormatter.issue_pattern=.../{}``,
  ``AllureFormatter.tms_pattern``, or ``E2E_ISSUE_PATTERN`` / ``E2E_TMS_PATTERN``).
  Allure's own tags (``@allure.label.owner:NAME``, ``@allure.issue:ID``) keep working.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..config.paths import PROJECT_ROOT

TAGS_README = PROJECT_ROOT / "features" / "README.md"

# Allure's five severities are the feature files' severity tags, word for word.
ALLURE_SEVERITIES = ("blocker", "critical", "normal", "minor", "trivial")
DEFAULT_SEVERITY = "normal"
LINK_TAGS = {"issue": "issue", "tms": "tms"}
GENERIC_TAGS = ("journey", "local-only", "slow", "wip")
_ROW = re.compile(r"^\|\s*`@([\w-]+)`[^|]*\|\s*capability:", re.MULTILINE)


@dataclass
class ScenarioLabels:
    """Labels and links for one scenario, ready to put on its Allure result."""

    epic: str | None
    feature: str
    story: str | None
    severity: str
    owner: str | None = None
    tags: list[str] = field(default_factory=list)
    links: list[tuple[str, str, str]] = field(default_factory=list)   # (type, name, url)

    def as_pairs(self) -> list[tuple[str, str]]:
        """(label name, value) pairs, including the suite labels for Allure's Suites tab."""
        pairs = [("feature", self.feature), ("severity", self.severity), ("suite", self.feature)]
        if self.epic:
            pairs += [("epic", self.epic), ("parentSuite", self.epic)]
        if self.story:
            pairs += [("story", self.story), ("subSuite", self.story)]
        if self.owner:
            pairs.append(("owner", self.owner))
        pairs += [("tag", tag) for tag in self.tags]
        return pairs


@lru_cache(maxsize=4)
def capabilities(readme: Path = TAGS_README) -> frozenset[str]:
    """The capability tags of the tag table in ``features/README.md``."""
    return frozenset(_ROW.findall(readme.read_text())) if readme.is_file() else frozenset()


def label_scenario(scenario, patterns: dict[str, str | None] | None = None,
                   readme: Path = TAGS_README) -> ScenarioLabels:
    """Labels for a behave scenario (tags from the feature, its Rule and itself)."""
    tags = _tags_nearest_first(scenario)
    rule = _rule_of(scenario)
    feature_tags = [str(tag) for tag in scenario.feature.tags]
    return labels_for(tags, scenario.feature.name, rule.name if rule else None, patterns, readme,
                      feature_tags)


def labels_for(tags: list[str], feature: str, rule: str | None,
               patterns: dict[str, str | None] | None = None,
               readme: Path = TAGS_README, feature_tags: list[str] | None = None) -> ScenarioLabels:
    """``tags`` nearest first: the scenario's, then its Rule's, then the feature's."""
    epic = capability_title(tags, feature_tags if feature_tags is not None else tags, readme)
    severities = [t for t in tags if t in ALLURE_SEVERITIES]
    severity = severities[0] if severities else DEFAULT_SEVERITY   # the nearest tag wins
    result = ScenarioLabels(epic, feature, rule or None, severity)
    for tag in tags:
        kind, _, value = tag.partition(":")
        if kind == "owner" and value:
            result.owner = value
        elif kind in LINK_TAGS and value:
            result.links.append((LINK_TAGS[kind], value, link_url(kind, value, patterns)))
        elif tag in ALLURE_SEVERITIES or tag.startswith("allure."):
            continue   # shown as severity, or handled by allure-behave itself
        elif tag not in result.tags:
            result.tags.append(tag)
    return result


def description_of(scenario) -> str:
    """The feature's "why this matters", then the Rule's and the scenario's own words, if any."""
    rule = _rule_of(scenario)
    parts = [" ".join(line.strip() for line in getattr(node, "description", None) or [])
             for node in (scenario.feature, rule, scenario) if node is not None]
    return "\n\n".join(part for part in parts if part)


def capability_title(tags: list[str], feature_tags: list[str], readme: Path = TAGS_README) -> str | None:
    """The capability as words: a documented capability tag, else the feature's first own tag."""
    known = capabilities(readme)
    tag = next((t for t in tags if t in known), None) or next(
        (t for t in feature_tags if t not in GENERIC_TAGS
         and t not in ALLURE_SEVERITIES and ":" not in t and "." not in t), None)
    return tag.replace("-", " ").replace("_", " ").capitalize() if tag else None


def link_patterns(userdata: dict, environ: dict | None = None) -> dict[str, str | None]:
    """``{"issue": pattern, "tms": pattern}``: behave's ``-D`` wins over the environment."""
    environ = os.environ if environ is None else environ
    return {kind: userdata.get(f"AllureFormatter.{kind}_pattern") or environ.get(f"E2E_{kind.upper()}_PATTERN")
            for kind in LINK_TAGS}


def link_url(kind: str, value: str, patterns: dict[str, str | None] | None) -> str:
    pattern = (patterns or {}).get(kind)
    if value.startswith(("http://", "https://")) or not pattern:
        return value
    return pattern.replace("{}", value) if "{}" in pattern else pattern + value


def _tags_nearest_first(scenario) -> list[str]:
    tags: list[str] = []
    node = scenario
    while node is not None:
        tags += [str(tag) for tag in getattr(node, "tags", []) if str(tag) not in tags]
        node = getattr(node, "parent", None) or (getattr(node, "feature", None)
                                                 if getattr(node, "type", None) != "feature" else None)
    return tags


def _rule_of(scenario):
    node = getattr(scenario, "parent", None)
    while node is not None:
        if getattr(node, "type", None) == "rule":
            return node
        if getattr(node, "type", None) == "feature":
            return None
        node = getattr(node, "parent", None)
    return None
