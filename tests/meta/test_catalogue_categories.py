"""The whole catalogue with answers both placeholders and slow: the Categories show both product
defects and service-level breaches, grouped by cause (not one group per message), with no Python
class name in any message.

Before, a placeholder answer stopped each scenario at its first failure, so "service-level breach"
appeared nowhere, and 24 failures made 22 groups, one per message.
"""

import json
import re
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor

import pytest

from journey_runs import run_journeys
from project_root import ROOT
from journeys.report.run_context import CATEGORIES

pytestmark = pytest.mark.meta
PROCESSES = 2
CLASS_NAME = re.compile(r"^[A-Z]\w*(?:Error|Breach|Violation|Timeout|Closed|Refused|Meaningful|Problems): ")


def test_both_categories_show_and_group_by_cause(tmp_path):
    features = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "features").glob("*.feature"))
    groups = [features[i::PROCESSES] for i in range(PROCESSES)]
    env = {"E2E_LOCAL_DEFECTS": "echo-answer,slow-answer", "E2E_SLO_TURNS": "3", "E2E_TURN_S": "8"}
    with ThreadPoolExecutor(PROCESSES) as pool:
        runs = list(pool.map(lambda i: run_journeys(tmp_path / f"part{i}", *groups[i], env=env,
                                                    tags="not @slow or @service-levels"),
                             range(PROCESSES)))
    assert all(run.exit_code == 1 for run in runs), "\n".join(run.explain() for run in runs)
    by_category: dict[str, set[str]] = defaultdict(set)
    failures = 0
    for path in tmp_path.glob("part*/allure-results/*-result.json"):
        result = json.loads(path.read_text())
        if result.get("status") not in ("failed", "broken"):
            continue
        failures += 1
        message = result["statusDetails"]["message"]
        assert not CLASS_NAME.match(message), message
        for category in CATEGORIES:
            if re.fullmatch(category["messageRegex"], message) and category["matchedStatuses"].count(result["status"]):
                by_category[category["name"]].add(message)
    assert by_category["Product defects"], dict(by_category)
    assert by_category["Service-level breaches"], dict(by_category)
    causes = set().union(*by_category.values())
    assert len(causes) * 2 <= failures, f"{failures} failures in {len(causes)} groups: {sorted(causes)}"
    assert any("the answer is a placeholder" in cause for cause in by_category["Product defects"])
