"""Secrets never leave: the scanner finds every planted form, and a whole run leaves none.

The whole-catalogue run uses known, distinctive secrets (E2E_LOCAL_JWT_SECRET,
E2E_LOCAL_BYPASS_KEY, read by journeys/run/local_platform.py) and scans every file
under its reports folder and its console output; issued tokens (all JWTs) and
the test people's passwords are found by shape.
"""

import base64
import json
import urllib.parse

import pytest

from journeys.report.secret_scan import scan_file, scan_text, scan_tree

JWT_SECRET = "Sc4n-JWT/secret+Zq7=Vx9-ReportLeakCheck"
BYPASS_KEY = "Sc4n-Bypass/key+Wm3=Ty8-ReportLeakCheck"
KNOWN = [JWT_SECRET, BYPASS_KEY]
A_JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJzYW0ifQ.c2lnbmF0dXJlLXZhbHVl"


@pytest.mark.parametrize("planted", [
    JWT_SECRET, urllib.parse.quote(JWT_SECRET, safe=""), urllib.parse.quote_plus(BYPASS_KEY),
    base64.b64encode(JWT_SECRET.encode()).decode(), base64.urlsafe_b64encode(BYPASS_KEY.encode()).decode(),
    base64.b64encode(b'{"x": "' + BYPASS_KEY.encode() + b'"}').decode(),
    A_JWT, "Authorization: Bearer opaque-token-1", "jwt.ZXlKaGJHY2lPaUpJVXpJMU5pSjk",
    '{"password": "hunter2-hunter2"}', '{\\"refresh_token\\": \\"abc-def\\"}',
    "the password was Abc_def-GHIjkl01-Aa1 here",
    '{"ticket_id": "Tk9-abcdefghijkl"}', "wss://h/ws?ticket=Tk9-abcdefghijkl",
], ids=["plain", "url", "url-plus", "base64", "base64url", "base64-shifted", "jwt", "bearer",
        "subprotocol", "field", "escaped-field", "person-password", "ticket-field", "ticket-url"])
def test_the_scanner_finds_every_planted_form(planted):
    assert scan_text(f"before {planted} after", "t", KNOWN), planted


def test_masked_text_is_clean():
    text = ('POST /auth/login {"email": "sam@x", "password": "***"} Authorization: Bearer *** '
            '"token_type": "Bearer" jwt.*** {\\"access_token\\": \\"***\\"}')
    assert scan_text(text, "t", KNOWN) == []


def test_the_single_file_reports_embedded_files_are_decoded(tmp_path):
    inner = base64.b64encode(json.dumps({"message": f"leak {A_JWT}"}).encode()).decode()
    page = tmp_path / "index.html"
    page.write_text(f"<script>d('data/test-cases/1.json','{inner}')</script>")
    findings = scan_file(page, KNOWN)
    assert [f.where for f in findings] == [f"{page} [data/test-cases/1.json]"]
    assert A_JWT not in str(findings[0])


@pytest.mark.meta
@pytest.mark.slow   # the whole catalogue: python3 tasks.py tests -m "slow or load"
def test_a_whole_run_leaves_no_secret_in_reports_or_console(report_run):
    """The whole catalogue, failures included (a defect makes the refusal paths speak)."""
    known = {"E2E_LOCAL_JWT_SECRET": JWT_SECRET, "E2E_LOCAL_BYPASS_KEY": BYPASS_KEY}
    runs = [report_run(env=known),
            report_run("features/login_to_answer.feature", "features/session_security.feature",
                       folder="second",
                       env={**known, "E2E_AUTH_MODE": "test-auth", "E2E_WS_AUTH": "subprotocol",
                            "E2E_LOCAL_DEFECTS": "logout-not-revoking,renamed-field"}),
            report_run("features/login_to_answer.feature", folder="third",
                       env={**known, "E2E_AUTH_MODE": "mint", "E2E_LOCAL_DEFECTS": "echo-answer"}),
            # every connection by chat ticket, and a ticket defect so the refusals speak too
            report_run("features/login_to_answer.feature", "features/session_security.feature",
                       folder="fourth",
                       env={**known, "E2E_WS_AUTH": "ticket", "E2E_LOCAL_DEFECTS": "ticket-reusable"})]
    assert runs[0].exit_code == 0, runs[0].explain()
    assert len(runs[0].results) > 20, runs[0].explain()
    assert all(run.exit_code != 0 and run.results for run in runs[1:]), [r.explain() for r in runs[1:]]
    for run in runs:
        findings = scan_tree(run.reports, KNOWN) + scan_text(run.console, "console", KNOWN)
        assert not findings, "\n".join(map(str, findings[:20]))

