"""Which parallel worker runs a scenario: the first to claim it (``journeys.parallel.runner``).

Every worker on the shared platform walks the whole selection; before each
scenario it tries to create the scenario's claim file in ``E2E_PARALLEL_CLAIMS``
(atomic: exactly one worker succeeds). The others skip it silently, and the
runner's report merge drops their skipped copies. So work is shared out as it
goes, and a worker stuck on a slow scenario holds nobody up. A claim file holds
its worker's process id: the runner sees which workers have been on one scenario
for a while (waiting on answers) and lends their CPU to one more worker.
Outside a parallel run (the variable unset) every scenario is this process's.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

CLAIMS_ENV = "E2E_PARALLEL_CLAIMS"


def claim_path(folder: Path, location: str) -> Path:
    return folder / re.sub(r"[^A-Za-z0-9.]+", "_", location)


def claim(folder: Path, location: str) -> bool:
    """True when this process got ``location`` (a scenario's ``file:line``); the claim file
    holds the process id, so the runner can tell what each worker is on (``latest_claims``)."""
    try:
        handle = os.open(claim_path(folder, location), os.O_CREAT | os.O_EXCL | os.O_WRONLY)
    except FileExistsError:
        return False
    try:
        os.write(handle, str(os.getpid()).encode())
    finally:
        os.close(handle)
    return True


def latest_claims(folder: Path) -> dict[int, float]:
    """Each claiming process id and when it took its latest scenario (a file's modification time)."""
    latest: dict[int, float] = {}
    with os.scandir(folder) as entries:
        for entry in entries:
            try:
                with open(entry.path, "rb") as handle:
                    pid = int(handle.read())
                taken = entry.stat().st_mtime
            except (OSError, ValueError):
                continue      # being written (still empty): its worker counts as just started
            latest[pid] = max(taken, latest.get(pid, 0.0))
    return latest


def run_elsewhere(scenario) -> bool:
    """True when another worker of this parallel run has the scenario (this one must skip it)."""
    folder = os.environ.get(CLAIMS_ENV)
    return bool(folder) and not claim(Path(folder), str(scenario.location))
