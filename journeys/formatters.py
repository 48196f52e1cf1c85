"""The two formatters behave.ini names: the console, and Allure results.

- ``Console``: behave's pretty formatter, always on standard output. In
  behave.ini every formatter is paired with an outfile, and ``-`` is read
  there as a file name, so the pairing alone cannot say "the console".
- ``AllureResults``: allure-behave's formatter, with two changes. It writes
  to ``<E2E_REPORTS_DIR>/allure-results`` when that is set (so parallel runs,
  such as the meta-tests, keep apart), and it reports scenarios inside a
  ``Rule:``: allure-behave 2.16 wraps only ``feature.scenarios``, so those got
  no result and an attachment made in one failed with ``KeyError: None``
  (allure-python issue #886).
"""

from __future__ import annotations

import sys

from allure_behave.formatter import AllureFormatter
from behave.formatter.base import StreamOpener
from behave.formatter.pretty import PrettyFormatter

from .report import REPORTS


class Console(PrettyFormatter):
    name = "console"
    description = "behave's pretty formatter, on standard output"

    def __init__(self, stream_opener, config):
        super().__init__(StreamOpener(stream=sys.stdout), config)


class AllureResults(AllureFormatter):
    name = "allure"
    description = "Allure results, Rules included"

    def __init__(self, stream_opener, config):
        super().__init__(StreamOpener(filename=str(REPORTS / "allure-results")), config)

    def feature(self, feature):
        super().feature(feature)
        for rule in getattr(feature, "rules", []):
            self._wrap_scenario(rule.scenarios)
