"""``tasks.py`` checks the Python version first and says what it needs (not "check the network")."""

from __future__ import annotations

import importlib.util

from project_root import ROOT


def load_tasks():
    spec = importlib.util.spec_from_file_location("tasks_under_test", ROOT / "tasks.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_python_3_10_is_told_it_needs_3_11():
    problem = load_tasks().python_problem((3, 10, 12))
    assert problem.startswith("settings error: this is Python 3.10.12; the suite needs Python 3.11")
    assert "network" not in problem


def test_python_3_11_and_newer_pass():
    tasks = load_tasks()
    assert tasks.python_problem((3, 11, 0)) is None and tasks.python_problem((3, 13, 1)) is None
