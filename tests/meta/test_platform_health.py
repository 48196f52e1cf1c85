"""The platform-health journeys pass on a sound platform, report latencies, and catch wrong URLs."""

import re

import pytest

pytestmark = pytest.mark.meta

HEALTH = "features/platform_health.feature"
DIRECTORY = "the platform's address book gives the addresses being tested"
PARTS = ("auth service health", "backend health", "backend health report", "service directory",
         "tool servers", "tool configuration")


@pytest.mark.parametrize("env", [{}, {"E2E_LOCAL_VARIANTS": "health-ok,iso-timestamps"}],
                         ids=["default", "health-ok,iso-timestamps"])
def test_a_sound_platform_passes_and_every_answer_has_its_measured_time(journeys, tmp_path, env,
                                                                        meta_dialect):
    run = journeys(HEALTH, env=env)
    assert run.exit_code == 0, run.explain()
    # netra's health report names no check: that scenario judges its status, then skips saying so
    skipped = {"both services report that they are healthy"} if meta_dialect == "netra" else set()
    assert len(run.scenarios) == 3, run.explain()
    assert {s.name for s in run.scenarios if s.status == "skipped"} == skipped, run.explain()
    assert all(s.status == "passed" for s in run.scenarios if s.name not in skipped), run.explain()
    notes = "".join(p.read_text() for p in (tmp_path / "transcripts").glob("*.txt"))
    for part in PARTS:
        assert re.search(rf"{part}: GET http\S+ answered 200 in \d+ ms", notes), (part, notes)


def test_a_directory_with_addresses_not_under_test_fails_its_journey_naming_them(journeys):
    run = journeys(HEALTH, env={"E2E_LOCAL_DEFECTS": "discovery-wrong-urls"})
    assert run.exit_code != 0, run.explain()
    assert [s.name for s in run.failed()] == [DIRECTORY], run.explain()
    message = run.named(DIRECTORY).message
    for words in ("points the backend at http://localhost:8000 while this run tests http://127.0.0.1:",
                  "the chat at ws://localhost:8000/ws", "(WEBSOCKET_URL)",
                  "the auth service at http://localhost:8081", "(AUTH_SERVICE_URL)",
                  "Scheme, host or port differ"):
        assert words in message, run.explain()
