"""Load never writes to production: the load mode and Locust refuse a production target
outright, before a single connection is made to it (issue "One way through the code")."""

from __future__ import annotations

import socket
import threading

import pytest

from load_commands import run_command


@pytest.fixture
def listener():
    """A loopback port standing in for production; counts every connection made to it."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    server.settimeout(0.2)
    accepted: list[tuple] = []
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                connection, peer = server.accept()
            except OSError:
                continue
            accepted.append(peer)
            connection.close()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.getsockname()[1]}", accepted
    stop.set()
    thread.join(timeout=2)
    server.close()


def production_env(url: str) -> dict:
    return {"E2E_TARGET": "production", "E2E_ALLOW_PRODUCTION": "true",
            "AUTH_SERVICE_URL": url, "BACKEND_URL": url}


def test_the_load_mode_refuses_production_and_sends_nothing(listener):
    url, accepted = listener
    run = run_command(["-m", "journeys.load", "--people", "2", "--quiet"], production_env(url))
    assert run.exit_code != 0, run.explain()
    assert "refuses target 'production'" in run.output, run.explain()
    assert "Traceback" not in run.output, run.explain()
    assert accepted == [], f"the load mode connected to production: {accepted}\n{run.explain()}"


def test_locust_refuses_production_and_sends_nothing(listener):
    url, accepted = listener
    run = run_command(["-m", "locust", "-f", "locustfile.py", "--headless", "-u", "2", "-r", "2",
                       "-t", "5s"], production_env(url))
    assert run.exit_code != 0, run.explain()
    assert "Locust refuses target 'production'" in run.output, run.explain()
    assert "Traceback" not in run.output, run.explain()
    assert accepted == [], f"Locust connected to production: {accepted}\n{run.explain()}"
