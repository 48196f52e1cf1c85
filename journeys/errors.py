"""The suite's one error tree.

Every failure a journey can report is one of these, and its message is written
for the person reading the report: who, what was expected, what was observed,
how long we waited, and where the evidence is. The first word of every message
is its *category*, so the same sorting shows on the console, in JUnit and in
Allure (see ``reports/categories``)::

    SuiteError                      suite defect: the suite itself is wrong or misconfigured
    ├── ConfigError                 settings error: a setting, the target's name, a defect or
    │                               variant name is missing or wrong (raised before any scenario)
    ├── EnvironmentDown             environment down: target unreachable or unhealthy
    └── PlatformError               the platform did something the contract rules out
        ├── ApiError                product defect: an HTTP call answered wrongly
        ├── AuthRefused             product defect: a sign-in or a token we expected to work was refused
        ├── SecurityBreach          product defect: something that must be refused was accepted
        ├── StreamClosed            product defect: the WebSocket closed when it should not have
        ├── StreamTimeout           product defect: an awaited frame did not come before its deadline
        ├── ProtocolViolation       product defect: events out of order, missing, duplicated, misrouted
        ├── AnswerNotMeaningful     product defect: the answer is empty, a placeholder or lacks figures
        ├── ContractViolation       contract violation: a body or an event does not match CONTRACT.md
        └── ServiceLevelBreach      service-level breach: measured figures miss an objective

``PlatformError`` is also an ``AssertionError``: behave reports it as a failed
scenario and Allure as "failed". ``EnvironmentDown`` and the suite's own
defects are not: behave reports them as errors and Allure as "broken", because
they say nothing about the product. ``EnvironmentDown`` is its own outcome,
never turned into a skip or a pass.
"""

from __future__ import annotations

import re

from .secrets import registry

PRODUCT_DEFECT = "product defect"
CONTRACT_VIOLATION = "contract violation"
SERVICE_LEVEL_BREACH = "service-level breach"
ENVIRONMENT_DOWN = "environment down"
SUITE_DEFECT = "suite defect"
SETTINGS_ERROR = "settings error"

CATEGORIES = (PRODUCT_DEFECT, CONTRACT_VIOLATION, SERVICE_LEVEL_BREACH, ENVIRONMENT_DOWN, SETTINGS_ERROR,
              SUITE_DEFECT)


KNOWN_DEFECT_PREFIX = "known defect "   # "known defect <id> (<link>): " before a known failure's message


def category_of(message: str) -> str:
    """The category a reported message names: the words before its first ':' when they are one;
    else a suite defect (a message with no category word is the suite's own failure). A known
    defect keeps the category of its own message."""
    words = without_known_prefix(message).strip().split(":", 1)[0].strip().lower()
    return words if words in CATEGORIES else SUITE_DEFECT


def without_known_prefix(message: str) -> str:
    """The failure's own message, without the known-defect words in front (for its category)."""
    text = message.lstrip()
    if text.startswith(KNOWN_DEFECT_PREFIX) and "): " in text:
        return text.split("): ", 1)[1]
    return message


class SuiteError(Exception):
    """Base of the tree; its message starts with the category word and is masked.

    ``cause`` is the defect's short name ("the answer is a placeholder"): the
    reports group failures by ``headline`` (category and cause), not by message.
    """

    category = SUITE_DEFECT
    cause = "the suite failed"

    def __init__(self, message: str, *, evidence: str | None = None, cause: str | None = None) -> None:
        self.detail = message
        self.evidence = evidence
        if cause:
            self.cause = cause
        text = f"{self.category}: {message}"
        if evidence:
            text += f" (evidence: {evidence})"
        super().__init__(registry.mask(text))

    @property
    def headline(self) -> str:
        return f"{self.category}: {self.cause}"


def headline_of(error: BaseException | None, message: str = "") -> str:
    """The headline a reported failure is filed under: its category and cause. The error carries
    its own (``SuiteError.headline``); another error whose ``message`` (or text) starts with a
    category word is filed under that category; anything else is a suite defect without one."""
    headline = getattr(error, "headline", None)
    if isinstance(headline, str) and headline:
        return headline
    text = without_class_name(message or ("" if error is None else str(error)))
    category = next((c for c in CATEGORIES if text.startswith(c + ":")), None)
    if category is None:   # an uncategorised error: its type is the only clue there is
        return f"{SUITE_DEFECT}: failed without a category"
    return f"{category}: see the message"


def without_class_name(message: str) -> str:
    """A reported message without the Python class name allure-python puts in front
    ("StreamTimeout: "), when what follows starts with a category word; an uncategorised
    message keeps its class name, the only clue there is ("KeyError: 'user'")."""
    head, colon, rest = message.partition(": ")
    if colon and re.fullmatch(r"[\w.]+", head) and any(rest.startswith(c + ":") for c in CATEGORIES):
        return rest
    return message


class ConfigError(SuiteError):
    cause = "a setting is wrong"
    """Settings are missing or malformed; lists every problem at once."""

    category = SETTINGS_ERROR

    def __init__(self, problems: list[str], target: str) -> None:
        self.problems = list(problems)
        lines = "\n".join(f"  - {p}" for p in problems)
        super().__init__(
            f"target '{target}' is not configured correctly:\n{lines}\n"
            f"Set these in the environment or in config/{target}.env "
            f"(see config/staging.env.example and the settings table in README.md)."
        )


class EnvironmentDown(SuiteError):
    cause = "the target is down or unhealthy"
    category = ENVIRONMENT_DOWN


class PlatformError(SuiteError, AssertionError):
    cause = "the platform misbehaved"
    category = PRODUCT_DEFECT


class ApiError(PlatformError):
    cause = "a request was answered wrongly"

    def __init__(self, message: str, *, status: int | None = None, evidence: str | None = None,
                 cause: str | None = None) -> None:
        self.status = status
        super().__init__(message, evidence=evidence, cause=cause)


class AuthRefused(ApiError):
    cause = "a sign-in or pass that should work was refused"


class SecurityBreach(PlatformError):
    cause = "something that must be refused was accepted"


class StreamClosed(PlatformError):
    cause = "the chat closed when it should not have"

    def __init__(self, message: str, *, code: int | None = None, reason: str = "",
                 evidence: str | None = None, cause: str | None = None) -> None:
        self.code = code
        self.reason = reason
        super().__init__(message, evidence=evidence, cause=cause)


class StreamTimeout(PlatformError):
    cause = "an awaited reply did not come in time"


class ProtocolViolation(PlatformError):
    cause = "the assistant's events are out of order, missing or misrouted"


class AnswerNotMeaningful(PlatformError):
    cause = "the answer is not meaningful"


class ContractViolation(PlatformError):
    cause = "a reply does not match the contract"
    category = CONTRACT_VIOLATION


class ServiceLevelBreach(PlatformError):
    cause = "a measured time misses its promise"
    category = SERVICE_LEVEL_BREACH
