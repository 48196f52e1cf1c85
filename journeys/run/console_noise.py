"""What behave's console says that is not true of the run, put right in ``before_all``.

- Its summary's "Took ..." is not the run's duration: behave 1.3 reads its
  clock when the first feature *ends* and then adds each later feature's step
  times ("Took 0min 0.000s" for one feature; 2 s for a 65 s catalogue). The
  summary's duration line is written here from a clock started in
  ``before_all``, so the figure is the run's real wall time.
- On a failure behave prints the captured log, and httpx logs every request at
  INFO ("HTTP Request: POST ... 200 OK"): noise beside the failure's own
  message, while the step's "HTTP exchanges" attachment already holds each
  request with its timing. httpx logs only warnings and errors here.
"""

from __future__ import annotations

import logging
import time
from functools import partial

from behave.reporter.summary import AbstractSummaryReporter

QUIET_LOGGERS = ("httpx", "httpcore")


def quiet_console(config) -> None:
    started = time.monotonic()
    for reporter in getattr(config, "reporters", []):
        if isinstance(reporter, AbstractSummaryReporter):
            reporter.print_duration = partial(_print_wall_time, reporter, started)
    for name in QUIET_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)


def _print_wall_time(reporter, started: float, stream=None) -> None:
    elapsed = time.monotonic() - started
    (stream or reporter.stream).write(f"Took {int(elapsed // 60)}min {elapsed % 60:.3f}s\n")
