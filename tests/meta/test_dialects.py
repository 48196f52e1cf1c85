"""Frames of kinds the contract does not name, and the real platform's dialect, end to end.

Four features run with chatter interleaved once per dialect of ``meta_dialect``: with
the contract (the default test set) and with netra (marker ``dialect``); the whole
catalogue (all but ``@slow``) does so in the slow set.
"""

import json

import pytest
from dotenv import dotenv_values

from journey_runs import HAND_STARTED_ENV
from journeys.config.dialect import DIALECTS
from parallel_runs import run_parallel
from platform_process import PlatformProcess
from project_root import ROOT

pytestmark = pytest.mark.meta
WORKERS = 4
CHATTER_FEATURES = "--tags=@golden-path or @live-events or @platform-health or @agent-tools"

EXAMPLE = ROOT / "config" / "netra.env.example"
NAMED = ("features/login_to_answer.feature", "features/first_time_user.feature",
         "features/conversations.feature", "features/live_agent_events.feature",
         "features/platform_health.feature", "features/agent_tools.feature")


def test_journeys_pass_with_frames_of_unknown_kinds_at_any_time(meta_dialect, tmp_path):
    """Four features (with the two a netra target skips scenarios of), through the parallel runner."""
    _expect_chatter_ignored(tmp_path, meta_dialect, CHATTER_FEATURES, at_least=15)


@pytest.mark.slow
def test_the_catalogue_passes_with_frames_of_unknown_kinds_at_any_time(tmp_path):
    """The whole catalogue but @slow, as ``python3 tasks.py journeys`` runs it (CI's slow set)."""
    _expect_chatter_ignored(tmp_path, "contract", "--tags=not @slow", at_least=45)


def _expect_chatter_ignored(tmp_path, dialect: str, selection: str, at_least: int) -> None:
    env = {"E2E_LOCAL_CHATTER": "true", "E2E_WAIT_S": "3", "E2E_TURN_S": "8"}
    if dialect != "contract":
        env["E2E_LOCAL_DIALECT"] = dialect
    run = run_parallel(tmp_path, selection, workers=WORKERS, env=env)
    assert run.exit_code == 0, run.explain()
    cases = {name: status for file in run.junit().values() for (_, name), status in file["cases"].items()}
    ran = [status for status in cases.values() if status != "skipped"]
    assert len(ran) >= at_least and set(ran) == {"passed"}, run.explain()
    assert "suite defect" not in run.output, run.explain()
    transcripts = "".join(p.read_text() for p in (tmp_path / "transcripts").glob("*.txt"))
    assert '"connection_error"' in transcripts and "(no type)" in transcripts
    accepted = json.loads((tmp_path / "accepted-differences.json").read_text())
    if dialect == "contract":
        assert accepted == [] and run.output.count("contract differences accepted: none") == 1, run.explain()
        return
    count = len(DIALECTS[dialect])
    assert len(accepted) == count, accepted
    assert run.output.count(f"contract differences accepted ({count}):") == 1, run.explain()   # not once per worker
    skipped = {name for name, status in cases.items() if status == "skipped"}
    assert {"both services report that they are healthy",
            "every tool behind Omar's estimate is in the catalogue"} <= skipped, run.explain()
    environment = (tmp_path / "allure-results" / "environment.properties").read_text()
    assert "accepted.tools-paired-by-name=" in environment


def test_the_strict_contract_names_each_netra_difference(journeys, meta_dialect):
    if meta_dialect != "contract":
        pytest.skip("this test itself makes the platform speak netra; the dialect pass adds nothing")
    run = journeys("features/live_agent_events.feature", "features/platform_health.feature",
                   env={"E2E_LOCAL_DIALECT": "netra", "E2E_DIALECT": ""})
    assert run.exit_code != 0, run.explain()
    messages = " ".join(s.message for s in run.failed())
    for words in ("without thread_id", "greeted user", "backend.discovery.available is False",
                  "capabilities.tools is True (a boolean)", "/api/health -> 404"):
        assert words in messages, run.explain()
    assert "suite defect" not in run.console, run.explain()


@pytest.fixture
def netra_by_hand(tmp_path):
    """``python -m reference_platform --dialect netra`` as a person starts it."""
    folder = tmp_path / "netra-by-hand"
    folder.mkdir()
    process = PlatformProcess("--dialect", "netra", workdir=folder, env=HAND_STARTED_ENV)
    yield process.info
    assert process.stop() == 0


def test_netra_env_example_declarations_pass_against_a_platform_speaking_netra(journeys, meta_dialect,
                                                                              netra_by_hand):
    if meta_dialect != "contract":
        pytest.skip("a named target: E2E_LOCAL_DIALECT applies only to target local")
    declared = {k: v for k, v in dotenv_values(EXAMPLE).items()
                if not k.endswith("_URL") and k != "E2E_REMOTE"}
    run = journeys(*NAMED, userdata={"target": "netra-by-hand"}, tags="not @local-only and not @slow",
                   env={**declared, "AUTH_SERVICE_URL": netra_by_hand["auth_url"],
                        "BACKEND_URL": netra_by_hand["backend_url"]})
    assert run.exit_code == 0, run.explain()
    ran = [s for s in run.scenarios if s.status != "skipped"]
    assert len(ran) >= 15 and all(s.status == "passed" for s in ran), run.explain()
    assert f"contract differences accepted ({len(DIALECTS['netra'])}):" in run.console, run.explain()
