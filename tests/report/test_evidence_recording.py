"""Evidence is masked where it is recorded, and says what a reviewer needs per exchange and frame."""

from journeys.evidence import TRANSCRIPT_HEADING, Evidence, frame_kind
from journeys.secrets import registry


def test_http_exchange_shows_method_url_status_time_headers_and_bodies_with_secrets_masked():
    registry.add("Sc4n-known-bypass-key")
    evidence = Evidence()
    evidence.http("POST", "http://x/auth/e2e/test-auth", 200, 0.0123,
                  {"X-E2E-Bypass-Key": "Sc4n-known-bypass-key", "Authorization": "Bearer opaque-1",
                   "Content-Type": "application/json"},
                  '{"email": "sam@example.com"}', '{"access_token": "opaque-2", "token_type": "Bearer"}',
                  {"set-cookie": "session=opaque-3", "content-type": "application/json"})
    text = evidence.take_new()["HTTP exchanges"]
    assert text.startswith("POST http://x/auth/e2e/test-auth -> 200 in 12 ms")
    assert "X-E2E-Bypass-Key: ***" in text and "Authorization: Bearer ***" in text
    assert "set-cookie: ***" in text and "content-type: application/json" in text
    assert "sam@example.com" in text and '"token_type": "Bearer"' in text
    for secret in ("Sc4n-known-bypass-key", "opaque-1", "opaque-2", "opaque-3"):
        assert secret not in text


def test_a_frame_line_has_time_direction_kind_and_body():
    evidence = Evidence()
    evidence.frame("Sam", "sent", 0.0, '{"type": "user_message", "payload": {"content": "hi"}}')
    evidence.frame("Sam", "received", 12.34,
                   '{"type": "agent_progress", "data": {"event": "agent_started", "run_id": "r1"}}')
    evidence.frame("Sam", "received", None, "close 1008 'policy violation'")
    lines = evidence.lines("Sam's chat transcript")
    assert lines[0].split()[:4] == ["+", "0.0", "ms", "sent"] and "user_message" in lines[0]
    assert "+    12.3 ms  received  agent_started" in lines[1]
    assert "close" in lines[2].split() and "1008" in lines[2]
    assert evidence.lines("Sam's chat transcript", direction="received") == lines[1:]


def test_the_transcript_heading_names_each_column_where_the_lines_have_it():
    evidence = Evidence()
    evidence.frame("Sam", "received", 12.34,
                   '{"type": "agent_progress", "data": {"event": "agent_started", "run_id": "r1"}}')
    line = evidence.lines("Sam's chat transcript")[0]
    columns = {"since sent": "+", "direction": "received", "event kind": "agent_started",
               "frame": '{"type"'}
    for title, value in columns.items():
        assert TRANSCRIPT_HEADING.find(title) == line.find(value), \
            f"column {title!r} is at {TRANSCRIPT_HEADING.find(title)} in the heading, its value {value!r} " \
            f"at {line.find(value)} in the line\n{TRANSCRIPT_HEADING}\n{line}"


def test_frame_kind_never_raises():
    assert frame_kind("not json") == "(not an event)"
    assert frame_kind("[1, 2]") == "(not an object)"
    assert frame_kind('{"data": {}}') == "(no type)"
    assert frame_kind('{"type": "pong"}') == "pong"


def test_measurements_are_taken_once_per_step():
    evidence = Evidence()
    evidence.measure("time to the answer", [0.1, 0.2], 2.0)
    first = evidence.take_new_measurements()
    assert [m.title for m in first] == ["time to the answer"] and first[0].values_s == (0.1, 0.2)
    assert evidence.take_new_measurements() == []
    assert len(evidence.measurements) == 1


def test_take_new_gives_each_record_once_and_as_text_gives_them_all():
    evidence = Evidence()
    evidence.note("one")
    assert evidence.take_new() == {"notes": "one"}
    evidence.note("two")
    assert evidence.take_new() == {"notes": "two"}
    assert evidence.as_text() == "== notes\none\ntwo\n\n"
