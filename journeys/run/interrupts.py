"""SIGTERM, and the run's deadline, mean what Ctrl-C means: stop, clean up, keep what was written.

CI systems and ``timeout`` stop a run with SIGTERM, which by default ends
Python at once, without behave's clean-up or our ``after_all`` (so the
reference platform and its temporary folder would outlive the run). Raising
``KeyboardInterrupt`` instead lets behave abort the way it does for Ctrl-C:
the current scenario stops, ``after_all`` runs, the reports are closed.

Every single wait has its own deadline (``E2E_WAIT_S``, ``E2E_TURN_S``); the
run as a whole has one more, ``E2E_RUN_DEADLINE_S``, counted from when behave
loaded the hooks. When it passes, the run stops the same way, after saying so.
"""

from __future__ import annotations

import signal
import sys
import threading
import time

RUN_STARTED = time.monotonic()   # this module is imported as behave loads environment.py


def treat_sigterm_as_interrupt() -> None:
    if threading.current_thread() is not threading.main_thread():
        return
    signal.signal(signal.SIGTERM, _interrupt)


def _interrupt(signum, frame) -> None:
    signal.signal(signal.SIGTERM, signal.SIG_DFL)   # a second SIGTERM ends the run at once
    raise KeyboardInterrupt(f"stopped by signal {signum}")


def stop_at_deadline(seconds: float) -> None:
    """Interrupt the run ``seconds`` after it started (SIGALRM; main thread, POSIX only)."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        return
    remaining = max(0.01, seconds - (time.monotonic() - RUN_STARTED))

    def passed(signum, frame) -> None:
        print(f"\nRUN DEADLINE: the run has taken {time.monotonic() - RUN_STARTED:.0f} s, past "
              f"E2E_RUN_DEADLINE_S={seconds:g}; stopping it like Ctrl-C. The scenario in progress "
              f"is reported as interrupted, the results written so far are kept.\n",
              file=sys.__stderr__, flush=True)   # not behave's capture: it must be seen
        raise KeyboardInterrupt(f"run deadline of {seconds:g} s passed")

    signal.signal(signal.SIGALRM, passed)
    signal.setitimer(signal.ITIMER_REAL, remaining)


def cancel_deadline() -> None:
    """Clean-up must not be interrupted by the deadline it is cleaning up after."""
    if threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer"):
        signal.setitimer(signal.ITIMER_REAL, 0)
