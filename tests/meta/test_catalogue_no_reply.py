"""No scenario that asks the assistant can pass when the platform answers nothing.

The whole catalogue runs with the ``no-reply`` switch, in four parallel behave
processes (a failing catalogue must finish within a minute). Every scenario
whose transcript shows a question sent over the chat must fail; the ones that
pass must be those that never asked (sign-up, passes, health, the non-streaming
answer route), which the transcripts prove.
"""

import re
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from journey_runs import run_journeys
from project_root import ROOT

pytestmark = [pytest.mark.meta, pytest.mark.slow]   # the whole catalogue: python3 tasks.py tests -m slow

QUESTION_SENT = re.compile(r'\bsent\s+(user_message|chat_message|message|start_agent)\b')
PROCESSES = 4


def slug(feature: str, scenario: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", f"{feature} {scenario}".lower()).strip("-")[:120]


def test_the_whole_catalogue_fails_wherever_a_question_goes_unanswered(tmp_path):
    groups = _balanced_groups(sorted((ROOT / "features").glob("*.feature")))
    started = time.monotonic()
    with ThreadPoolExecutor(PROCESSES) as pool:
        runs = list(pool.map(lambda i: run_journeys(_folder(tmp_path, i), *groups[i],
                                                    env={"E2E_LOCAL_DEFECTS": "no-reply", "E2E_TURN_S": "5"}),
                                  range(PROCESSES)))
    elapsed = time.monotonic() - started
    assert elapsed < 60, f"the failing catalogue took {elapsed:.0f} s"
    asked_and_failed = 0
    for index, run in enumerate(runs):
        assert run.exit_code != 0, run.explain()
        transcripts = _folder(tmp_path, index) / "transcripts"
        for scenario in run.scenarios:
            path = transcripts / f"{slug(scenario.feature, scenario.name.strip())}.txt"
            assert path.exists(), f"no transcript for {scenario.name!r}: {sorted(transcripts.iterdir())}"
            asked = bool(QUESTION_SENT.search(path.read_text()))
            if asked:
                assert scenario.status == "failed", f"{scenario.name!r} asked and was not answered, " \
                                                     f"yet {scenario.status}\n{run.explain()}"
                asked_and_failed += 1
    assert asked_and_failed >= 25, "the catalogue should ask the assistant in most scenarios"


def _balanced_groups(features: list[Path]) -> list[list[str]]:
    """Largest feature first, each to the lightest group: file size stands in for run time."""
    groups: list[list[str]] = [[] for _ in range(PROCESSES)]
    loads = [0] * PROCESSES
    for feature in sorted(features, key=lambda p: p.stat().st_size, reverse=True):
        lightest = loads.index(min(loads))
        groups[lightest].append(str(feature.relative_to(ROOT)))
        loads[lightest] += feature.stat().st_size
    return groups


def _folder(tmp_path: Path, index: int) -> Path:
    folder = tmp_path / f"group-{index}"
    folder.mkdir(exist_ok=True)
    return folder
