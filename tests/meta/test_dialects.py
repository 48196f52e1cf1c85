"""Frames of kinds the contract does not name, and the real platform's dialect, end to end.

The catalogue runs (all but ``@slow``, as in test_variants.py) once per dialect of
``meta_dialect``: with the contract (the default test set) and with netra (marker
``dialect``), each time with chatter interleaved.
"""

import json

import pytest
from dotenv import dotenv_values

from journey_runs import HAND_STARTED_ENV
from platform_process import PlatformProcess
from project_root import ROOT

pytestmark = pytest.mark.meta

EXAMPLE = ROOT / "config" / "netra.env.example"
NAMED = ("features/login_to_answer.feature", "features/first_time_user.feature",
         "features/conversations.feature", "features/live_agent_events.feature",
         "features/platform_health.feature", "features/agent_tools.feature")


def test_the_catalogue_passes_with_frames_of_unknown_kinds_at_any_time(journeys, meta_dialect, tmp_path):
    run = journeys("features", env={"E2E_LOCAL_CHATTER": "true"}, tags="not @slow")
    assert run.exit_code == 0, run.explain()
    ran = [s for s in run.scenarios if s.status != "skipped"]
    assert len(ran) >= 45 and all(s.status == "passed" for s in ran), run.explain()
    assert "suite defect" not in run.console, run.explain()
    transcripts = "".join(p.read_text() for p in (tmp_path / "transcripts").glob("*.txt"))
    assert '"connection_error"' in transcripts and "(no type)" in transcripts
    accepted = json.loads((tmp_path / "accepted-differences.json").read_text())
    if meta_dialect == "contract":
        assert accepted == [] and "contract differences accepted: none" in run.console
        return
    assert len(accepted) == 13, accepted
    assert run.console.count("contract differences accepted (13):") == 1, run.explain()
    skipped = {s.name for s in run.scenarios if s.status == "skipped"}
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
    assert "contract differences accepted (13):" in run.console, run.explain()
