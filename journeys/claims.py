"""Which parallel worker runs a scenario: the first to claim it (``journeys.parallel``).

Every worker on the shared platform walks the whole selection; before each
scenario it tries to create the scenario's claim file in ``E2E_PARALLEL_CLAIMS``
(atomic: exactly one worker succeeds). The others skip it silently, and the
runner's report merge drops their skipped copies. So work is shared out as it
goes, and a worker stuck on a slow scenario holds nobody up.
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
    """True when this process got ``location`` (a scenario's ``file:line``)."""
    try:
        os.close(os.open(claim_path(folder, location), os.O_CREAT | os.O_EXCL | os.O_WRONLY))
    except FileExistsError:
        return False
    return True


def run_elsewhere(scenario) -> bool:
    """True when another worker of this parallel run has the scenario (this one must skip it)."""
    folder = os.environ.get(CLAIMS_ENV)
    return bool(folder) and not claim(Path(folder), str(scenario.location))
