"""The two formatters behave.ini names: the console, and Allure results.

- ``Console``: behave's plain formatter, always on standard output, through a
  stream that masks every known secret and token shape. behave.ini names it
  as ``default_format``: behave adds that one, on standard output, to the
  formatters of its configuration file unless the command line names others.
- ``AllureResults``: allure-behave's formatter, with six changes.

  * It writes to ``<E2E_REPORTS_DIR>/allure-results`` when that is set (so
    parallel runs, such as the meta-tests, keep apart).
  * It reports scenarios inside a ``Rule:``: allure-behave 2.16 wraps only
    ``feature.scenarios``, so those got no result and an attachment made in
    one failed with ``KeyError: None`` (allure-python issue #886).
  * Labels come from ``journeys.report.labels``: epic (capability), feature, story
    (the Rule), severity, owner, issue and tms links, with the tags of the Rule
    included (allure-behave reads only feature and scenario tags); the
    description is the feature's "why this matters" (then the Rule's and the
    scenario's words), where allure-behave shows only the scenario's own.
  * A skipped scenario's reason is its status message (allure-behave drops it),
    so the report says why, e.g. why a ``@local-only`` journey cannot run here.
    The reason has one home, behave's own ``scenario.skip_reason``, which JUnit
    reads too (``journeys.report.skip_reasons``).
  * ``allure.dynamic.parameter`` works (each person's sign-in mode and chat
    carrier), and so does ``allure.dynamic.tag`` (a scenario marked flaky).
  * Every file it writes (results, attachments) passes through the secret
    registry's mask: a last net under the masking done where evidence is recorded.
  * A scenario that passed after a connection retry carries Allure's own flaky
    flag (``journeys.report.flaky_marks``).
  * A failed scenario's message is its headline, category and cause, so the
    Categories tab groups failures by cause (``by_cause``): the headline is the
    one the failing step's error carries (``SuiteError.headline``).

The skip reason and the headline are written onto allure-behave's result as it
is closed (``JourneyListener.report_result``), read from the behave scenario
being stopped and its failing step's error: nothing is kept between scenarios.

Both give a suite defect raised in a step its sentence without a traceback
(``suite_error_without_traceback``), on the console and in JUnit.
"""

from __future__ import annotations

import html
import json
import os
import sys
import uuid

import allure_commons
from allure_behave.formatter import AllureFormatter
from allure_behave.listener import AllureListener
from allure_behave.utils import step_status
from allure_commons.logger import AllureFileLogger
from allure_commons.model2 import Label, Link, Parameter, StatusDetails, TestResult
from allure_commons.utils import get_testplan
from attr import asdict
from behave.formatter.base import Formatter, StreamOpener
from behave.formatter.plain import PlainFormatter

from .flaky_marks import flag_in_allure
from .labels import description_of, label_scenario, link_patterns
from ..errors import SuiteError, headline_of, without_class_name
from ..config.paths import results_dir
from ..secrets import registry

REPLACED_LABELS = ("severity", "feature", "tag", "epic", "story", "suite", "parentSuite", "subSuite")


class MaskedStream:
    """A text stream that masks what is written to it; everything else is the wrapped stream's."""

    def __init__(self, stream) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        return self._stream.write(registry.mask(text))

    def writelines(self, lines) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str):
        return getattr(self._stream, name)


class Console(PlainFormatter):
    """behave's plain formatter: one line per step with its result and time.

    Not the pretty formatter: without a terminal (CI logs, a pipe, --no-color)
    it prints every step twice, once before and once after running it.
    """

    name = "console"
    description = "behave's plain formatter, on standard output, secrets masked"

    def __init__(self, stream_opener, config):
        super().__init__(StreamOpener(stream=MaskedStream(sys.stdout)), config)

    def result(self, step):
        suite_error_without_traceback(step)
        super().result(step)


class JourneyListener(AllureListener):
    """allure-behave's listener, with the suite's labels and links on every scenario."""

    def __init__(self, behave_config) -> None:
        super().__init__(behave_config)
        self.patterns = link_patterns(behave_config.userdata)

    def start_scenario(self, scenario) -> None:
        super().start_scenario(scenario)
        result = self.logger.get_test(self.current_scenario_uuid)
        ours = label_scenario(scenario, self.patterns)
        dropped = REPLACED_LABELS + (("owner",) if ours.owner else ())
        result.labels = [label for label in result.labels if label.name not in dropped]
        result.labels.extend(Label(name=name, value=value) for name, value in ours.as_pairs())
        known = {link.url for link in result.links}
        result.links.extend(Link(type=kind, name=name, url=url)
                            for kind, name, url in ours.links if url not in known)
        why = description_of(scenario)
        if why:   # Allure 3's allure2 pages show only the HTML form, Allure 2 either
            result.description = why
            result.descriptionHtml = "".join(f"<p>{html.escape(part)}</p>" for part in why.split("\n\n"))

    def stop_scenario(self, scenario) -> None:
        """allure-behave closes (and so writes) the scenario's result in here: ``report_result``
        reads the scenario being stopped."""
        self.stopping = scenario
        try:
            super().stop_scenario(scenario)
        finally:
            self.stopping = None

    @allure_commons.hookimpl(tryfirst=True)
    def report_result(self, result) -> None:
        """Before the file logger writes a scenario's result: its skip reason, its headline, and
        Allure's flaky flag when it passed after a connection retry."""
        scenario = getattr(self, "stopping", None)
        if scenario is None or not isinstance(result, TestResult) or result.uuid != self.current_scenario_uuid:
            return
        reason = getattr(scenario, "skip_reason", None)
        with_skip_reason(result, registry.mask(str(reason)) if reason else None)
        by_cause(result, failing_error(scenario))
        flag_in_allure(result, scenario)

    @allure_commons.hookimpl
    def add_label(self, label_type, labels) -> None:
        """allure-behave 2.16 drops ``allure.dynamic.tag``; a scenario marked flaky needs it."""
        result = self.logger.get_test(self.current_scenario_uuid)
        if result is not None:
            result.labels.extend(Label(name=str(getattr(label_type, "value", label_type)), value=value)
                                 for value in labels)

    @allure_commons.hookimpl
    def add_parameter(self, name, value, excluded, mode) -> None:
        """allure-behave 2.16 drops ``allure.dynamic.parameter``; the sign-in evidence needs it."""
        result = self.logger.get_test(self.current_scenario_uuid)
        if result is not None:
            result.parameters = [*(result.parameters or []),
                                 Parameter(name=name, value=registry.mask(str(value)),
                                           excluded=excluded, mode=mode)]


class MaskedFileLogger(AllureFileLogger):
    """Writes Allure's files with every known secret and token shape masked."""

    def _report_item(self, item) -> None:
        data = asdict(item, filter=lambda _, v: v or v is False)
        text = registry.mask(json.dumps(data, ensure_ascii=False))
        write_atomically(self._report_dir / item.file_pattern.format(prefix=uuid.uuid4()),
                         text.encode("utf-8"))

    @allure_commons.hookimpl
    def report_attached_data(self, body, file_name) -> None:
        write_atomically(self._report_dir / file_name, masked_bytes(body))

    @allure_commons.hookimpl
    def report_attached_file(self, source, file_name) -> None:
        with open(source, "rb") as attached:
            write_atomically(self._report_dir / file_name, masked_bytes(attached.read()))


class AllureResults(AllureFormatter):
    name = "allure"
    description = "Allure results: Rules included, the suite's labels, secrets masked"

    def __init__(self, stream_opener, config):
        # AllureFormatter.__init__ with our listener and file logger (allure-behave 2.16.2).
        Formatter.__init__(self, StreamOpener(filename=str(results_dir())), config)
        self.listener = JourneyListener(config)
        self.file_logger = MaskedFileLogger(self.stream_opener.name)
        allure_commons.plugin_manager.register(self.listener)
        allure_commons.plugin_manager.register(self.file_logger)
        self.testplan = get_testplan()

    def feature(self, feature):
        super().feature(feature)
        for rule in getattr(feature, "rules", []):
            self._wrap_scenario(rule.scenarios)

    def result(self, step):
        suite_error_without_traceback(step)
        super().result(step)


def suite_error_without_traceback(step) -> None:
    """A suite defect raised in a step (a wrong secret, a step that cannot run on this target)
    is a sentence the suite wrote for a person: behave would print it under a traceback, on the
    console and in JUnit. The step keeps its status (error: the suite's, not the product's) and
    Allure its trace; the message becomes the sentence alone. Any other exception keeps its
    traceback: that is a bug in the suite, and the traceback is what fixes it."""
    error = getattr(step, "exception", None)
    if step.status == "error" and isinstance(error, SuiteError) and not isinstance(error, AssertionError):
        step.error_message = registry.mask(str(error))


def failing_error(scenario) -> BaseException | None:
    """The error of the step allure-behave takes the scenario's status from (the first that did
    not pass, ``scenario_status_details``), if it raised one."""
    failing = next((step for step in scenario.all_steps if step_status(step) != "passed"), None)
    return getattr(failing, "exception", None)


def by_cause(result: TestResult, error: BaseException | None) -> None:
    """Allure's Categories tab groups a category's failures by message: a scenario's message
    becomes its headline, category and cause ("product defect: the answer is a placeholder"),
    the one ``error`` (the failing step's) carries, so failures group by cause, not one group per
    message. The whole message (without a Python class name) leads the trace; steps keep it as
    their message."""
    if result.status not in ("failed", "broken"):
        return   # a passed or skipped scenario's message (a skip's reason) stays as it is
    details = result.statusDetails
    if details is not None and details.message and result.steps:
        message = without_class_name(details.message)
        details.message = headline_of(error, details.message)
        details.trace = message + ("\n\n" + details.trace if details.trace else "")
    for step in result.steps:
        if step.statusDetails is not None and step.statusDetails.message:
            step.statusDetails.message = without_class_name(step.statusDetails.message)


def with_skip_reason(result: TestResult, reason: str | None) -> None:
    """A skipped scenario says why (behave's reason), unless a step already did."""
    if reason and result.status == "skipped":
        if result.statusDetails is None:
            result.statusDetails = StatusDetails()
        if not result.statusDetails.message:
            result.statusDetails.message = reason


def masked_bytes(body: str | bytes) -> bytes:
    """Text is masked; bytes that are not UTF-8 text (an image) pass as they are."""
    if isinstance(body, str):
        return registry.mask(body).encode("utf-8")
    try:
        return registry.mask(body.decode("utf-8")).encode("utf-8")
    except UnicodeDecodeError:
        return body


def write_atomically(path, data: bytes) -> None:
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_bytes(data)
    os.replace(temporary, path)
