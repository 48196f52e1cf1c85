"""Processes as /proc sees them: a process's children, and whether one is still alive; and
``hear_ctrl_c`` for a child that a test will stop with SIGINT."""

from __future__ import annotations

import signal
from pathlib import Path


def hear_ctrl_c() -> None:
    """In the child (``preexec_fn``): Ctrl-C as a person's shell delivers it, even when the tests
    run where SIGINT is ignored (a background job, some CI runners): Python would then not turn it
    into KeyboardInterrupt, and the child would never hear the test's SIGINT."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def children_of(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"
