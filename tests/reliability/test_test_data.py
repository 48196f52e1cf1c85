"""Test data: people unique per run in a documented test domain, no account that must pre-exist."""

from __future__ import annotations

import re
import subprocess
import sys

import httpx
import pytest

from journeys.errors import ConfigError
from journeys.evidence import Evidence
from journeys.capabilities.people import RUN_ID, Cast
from journeys.config.settings import load_settings
from project_root import ROOT, feature_files

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")


def test_people_are_unique_per_scenario_and_per_run_in_the_test_domain():
    settings = load_settings("local", environ={"E2E_EMAIL_DOMAIN": "qa.example.org"})
    first, second = Cast(settings, Evidence()), Cast(settings, Evidence())
    addresses = [first["Priya"].email, first["Sam"].email, second["Priya"].email]
    assert len(set(addresses)) == 3, addresses
    for address in addresses:
        assert re.fullmatch(rf"[a-z]+\.{RUN_ID}\.[0-9a-f]{{8}}@qa\.example\.org", address), address
    first.close()
    second.close()


def test_two_runs_never_share_a_run_id():
    code = "from journeys.capabilities.people import RUN_ID; print(RUN_ID)"
    ids = {subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                          check=True).stdout.strip() for _ in range(2)}
    assert len(ids) == 2 and RUN_ID not in ids, ids


def test_the_default_domain_is_reserved_for_documentation_and_a_bad_one_is_refused():
    # RFC 2606: example.com can never be anyone's mailbox, so no test mail reaches a real person.
    assert load_settings("local", environ={}).email_domain.endswith(".example.com")
    with pytest.raises(ConfigError) as caught:
        load_settings("local", environ={"E2E_EMAIL_DOMAIN": "not a domain"})
    assert "E2E_EMAIL_DOMAIN is 'not a domain'" in str(caught.value)


def test_no_journey_names_an_account_that_must_already_exist():
    for feature in feature_files():
        found = [m.group(0) for m in EMAIL.finditer(feature.read_text())]
        assert not found, f"{feature.name} names fixed addresses {found}: people must be made per run"


def test_every_local_run_starts_from_an_empty_database():
    """An address one local run signed up is unknown to the next: the first refuses it a second
    time (so a kept database would show), the second takes it as new."""
    from journeys.config.local_options import LocalPlatformOptions
    from journeys.run.local_platform import LocalPlatform
    account = {"email": f"priya.{RUN_ID}@journeys.example.com", "password": "correct horse battery",
               "name": "Priya"}
    answers = []
    for _ in range(2):
        platform = LocalPlatform(LocalPlatformOptions())
        try:
            register = f"{platform.start().auth_url}/auth/register"
            with httpx.Client(timeout=10) as http:
                answers += [http.post(register, json=account).status_code for _ in range(2)]
        finally:
            platform.stop()
    first_run, second_run = answers[:2], answers[2:]
    assert first_run[0] in (200, 201) and first_run[1] == 409, \
        f"the first run should take the address, then refuse it again: it answered {first_run}"
    assert second_run[0] in (200, 201), \
        f"the second run answered {second_run[0]} to the address the first run signed up: its " \
        f"database was not empty"
