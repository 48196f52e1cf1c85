"""What behave's console says that is not true of the run, put right in ``before_all``.

- Its summary ends with "Took 0min 0.000s" for a one-feature run: behave 1.3
  starts the summary's clock when the first feature *ends*. The clock is
  started here, at the start of the run, so the figure is the run's real duration.
- On a failure behave prints the captured log, and httpx logs every request at
  INFO ("HTTP Request: POST ... 200 OK"): noise beside the failure's own
  message, while the step's "HTTP exchanges" attachment already holds each
  request with its timing. httpx logs only warnings and errors here.
"""

from __future__ import annotations

import logging

from behave.reporter.summary import AbstractSummaryReporter

QUIET_LOGGERS = ("httpx", "httpcore")


def quiet_console(config) -> None:
    for reporter in getattr(config, "reporters", []):
        if isinstance(reporter, AbstractSummaryReporter):
            reporter.testrun_started()
    for name in QUIET_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)
