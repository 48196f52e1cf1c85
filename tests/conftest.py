"""Fixtures shared by every test folder: behave runs (``tests/harness/journey_runs.py``) and free ports.

The helpers live in ``tests/harness/`` (on the path by ``pytest.ini``), imported by their own names:
every test folder has a conftest.py, so ``from conftest import`` would find whichever came first.
"""

from __future__ import annotations

import socket

import pytest

from journey_runs import run_journeys


@pytest.fixture
def journeys(tmp_path):
    """Run behave against the reference platform in its own report folder; see ``run_journeys``."""
    def run(*paths, **kwargs):
        return run_journeys(tmp_path, *paths, **kwargs)
    return run


@pytest.fixture
def free_port() -> int:
    """A port nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
