"""SIGTERM means what Ctrl-C means: stop, clean up, keep what was written.

CI systems and ``timeout`` stop a run with SIGTERM, which by default ends
Python at once, without behave's clean-up or our ``after_all`` (so the
reference platform and its temporary folder would outlive the run). Raising
``KeyboardInterrupt`` instead lets behave abort the way it does for Ctrl-C:
the current scenario stops, ``after_all`` runs, the reports are closed.
"""

from __future__ import annotations

import signal
import threading


def treat_sigterm_as_interrupt() -> None:
    if threading.current_thread() is not threading.main_thread():
        return
    signal.signal(signal.SIGTERM, _interrupt)


def _interrupt(signum, frame) -> None:
    signal.signal(signal.SIGTERM, signal.SIG_DFL)   # a second SIGTERM ends the run at once
    raise KeyboardInterrupt(f"stopped by signal {signum}")
