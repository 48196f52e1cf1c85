"""Fixtures shared by every test folder: behave runs (``tests/meta/journey_runs.py``) and free ports."""

from __future__ import annotations

import socket
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent / "meta"))
from journey_runs import run_journeys  # noqa: E402  (the harness lives beside the meta-tests)


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
