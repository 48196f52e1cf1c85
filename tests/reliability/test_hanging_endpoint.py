"""A hanging endpoint of a healthy service is the product failing, not the environment down.

Seen on beta-17: the auth service's ``/auth/me`` leaks a database connection per call, so after
about 15 calls it answers nothing for 30 s while ``/health`` answers healthy in milliseconds.
The suite called that "environment down" and the run exit 3. Here a scripted loopback service
answers its ``/health`` and lets ``/auth/me`` hang; a second one hangs on both.
"""

from __future__ import annotations

import time
from dataclasses import replace

import pytest

from journeys.config.policy import OPEN
from journeys.errors import ENVIRONMENT_DOWN, PRODUCT_DEFECT, EnvironmentDown, PlatformError, category_of
from journeys.evidence import Evidence
from journeys.wire.http import HEALTH_CHECK_S, RecordedHttp
from loopback_http import LoopbackJson

HANG_S = HEALTH_CHECK_S + 1.0   # longer than the health may take to count as an answer


class Hanging(LoopbackJson):
    """``/auth/me`` (and ``/health`` too when ``health_hangs``) waits ``HANG_S`` before answering."""

    def __init__(self, health_hangs: bool) -> None:
        super().__init__()
        self.health_hangs = health_hangs

    def answer(self, path: str) -> tuple[int, dict]:
        if path != "/health" or self.health_hangs:
            time.sleep(HANG_S)
        return 200, {"status": "healthy"}


@pytest.fixture
def service():
    servers = []

    def start(health_hangs: bool) -> Hanging:
        server = Hanging(health_hangs).start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()


def ask_me(url: str, evidence: Evidence, wait_s: float = 0.5) -> BaseException:
    http = RecordedHttp(url, evidence, replace(OPEN, wait_s=wait_s))
    try:
        with pytest.raises((EnvironmentDown, PlatformError)) as raised:
            http.call("GET", "/auth/me", token="not-a-real-pass")
        return raised.value
    finally:
        http.close()


def test_an_endpoint_that_hangs_while_health_answers_is_a_product_defect(service):
    server = service(health_hangs=False)
    evidence = Evidence()
    error = ask_me(server.url, evidence)
    message = str(error)
    assert isinstance(error, PlatformError), f"expected a product defect, got: {message}"
    assert category_of(message) == PRODUCT_DEFECT, message
    assert message.startswith(f"product defect: GET {server.url}/auth/me gave no answer within 0.5 s"), message
    assert f"(GET {server.url}/health answered 200 'healthy' in " in message, message
    assert "not-a-real-pass" not in message
    assert error.headline == "product defect: an endpoint of a healthy service gave no answer"


def test_an_endpoint_that_hangs_with_its_health_is_the_environment_down(service):
    server = service(health_hangs=True)
    started = time.monotonic()
    error = ask_me(server.url, Evidence(), wait_s=0.5)
    assert isinstance(error, EnvironmentDown), f"expected environment down, got: {error}"
    assert category_of(str(error)) == ENVIRONMENT_DOWN, str(error)
    assert "GET " + server.url + "/auth/me got no answer after 0.5 s" in str(error), str(error)
    assert time.monotonic() - started < HEALTH_CHECK_S + 2, "the health probe waited past its deadline"


def test_a_refused_connection_is_the_environment_down_without_a_health_probe(free_port):
    error = ask_me(f"http://127.0.0.1:{free_port}", Evidence())
    assert isinstance(error, EnvironmentDown), str(error)
    assert "ConnectError" in str(error), str(error)
