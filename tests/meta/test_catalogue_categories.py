"""The whole catalogue with answers both placeholders and slow: the Categories show both product
defects and service-level breaches, grouped by cause (not one group per message), with no Python
class name in any message.

Before, a placeholder answer stopped each scenario at its first failure, so "service-level breach"
appeared nowhere, and 24 failures made 22 groups, one per message.
"""

import json
import re
from collections import defaultdict

import pytest

from parallel_runs import run_parallel
from journeys.report.run_context import CATEGORIES

pytestmark = [pytest.mark.meta, pytest.mark.slow]   # a whole-catalogue run: CI runs it; grouping
# by cause is also checked in the default set (tests/report/test_categories_by_cause.py)
WORKERS = 8          # through the parallel runner, as python3 tasks.py journeys runs it
CLASS_NAME = re.compile(r"^[A-Z]\w*(?:Error|Breach|Violation|Timeout|Closed|Refused|Meaningful|Problems): ")


def test_both_categories_show_and_group_by_cause(tmp_path):
    env = {"E2E_LOCAL_DEFECTS": "echo-answer,slow-answer", "E2E_SLO_TURNS": "3", "E2E_TURN_S": "8",
           "E2E_WAIT_S": "3"}
    run = run_parallel(tmp_path, "--tags=not @slow or @service-levels", workers=WORKERS, env=env)
    assert run.exit_code == 1, run.explain()
    by_category: dict[str, set[str]] = defaultdict(set)
    failures = 0
    for path in tmp_path.glob("allure-results/*-result.json"):
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
