"""The report says how each person signed in and how their pass reached the chat, on every carrier."""

import pytest

GOLDEN = "features/login_to_answer.feature"
COSTED = "Sam logs in and gets a costed answer"


@pytest.mark.meta
@pytest.mark.parametrize("mode, carrier", [("login", "header"), ("test-auth", "subprotocol"),
                                           ("mint", "ticket")])
def test_each_person_shows_sign_in_mode_and_chat_carrier(report_run, mode, carrier):
    run = report_run(GOLDEN, tags="@golden-path", folder=f"{mode}-{carrier}",
                     env={"E2E_AUTH_MODE": mode, "E2E_WS_AUTH": carrier})
    assert run.exit_code == 0, run.explain()
    result = run.named(COSTED)
    parameters = {p["name"]: p["value"] for p in result.get("parameters", [])}
    assert parameters.get("Sam: sign-in") == mode, result.get("parameters")
    assert parameters.get("Sam: chat pass") == carrier, result.get("parameters")
    attached = {a["name"]: run.attachment(a) for step in result["steps"]
                for a in step.get("attachments", [])}
    assert f"Sam signed in by {mode}; the chat pass travels by {carrier}" in attached["sign-in"]
    transcript = attached["Sam's chat transcript"]
    assert f"Sam opens the chat; pass by {carrier}, signed in by {mode}" in transcript
