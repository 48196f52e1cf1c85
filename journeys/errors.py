"""The suite's one error tree.

Every failure a journey can report is one of these, and its message is written
for the person reading the report: who, what was expected, what was observed,
how long we waited, and where the evidence is. The first word of every message
is its *category*, so the same sorting shows on the console, in JUnit and in
Allure (see ``reports/categories``)::

    SuiteError                      suite defect: the suite itself is wrong or misconfigured
    ├── ConfigError                 settings missing or malformed (raised before any scenario)
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

from .secrets import registry

PRODUCT_DEFECT = "product defect"
CONTRACT_VIOLATION = "contract violation"
SERVICE_LEVEL_BREACH = "service-level breach"
ENVIRONMENT_DOWN = "environment down"
SUITE_DEFECT = "suite defect"

CATEGORIES = (PRODUCT_DEFECT, CONTRACT_VIOLATION, SERVICE_LEVEL_BREACH, ENVIRONMENT_DOWN, SUITE_DEFECT)


class SuiteError(Exception):
    """Base of the tree; its message starts with the category word and is masked."""

    category = SUITE_DEFECT

    def __init__(self, message: str, *, evidence: str | None = None) -> None:
        self.detail = message
        self.evidence = evidence
        text = f"{self.category}: {message}"
        if evidence:
            text += f" (evidence: {evidence})"
        super().__init__(registry.mask(text))


class ConfigError(SuiteError):
    """Settings are missing or malformed; lists every problem at once."""

    def __init__(self, problems: list[str], target: str) -> None:
        self.problems = list(problems)
        lines = "\n".join(f"  - {p}" for p in problems)
        super().__init__(
            f"target '{target}' is not configured correctly:\n{lines}\n"
            f"Set these in the environment or in config/{target}.env "
            f"(see config/staging.env.example and the settings table in README.md)."
        )


class EnvironmentDown(SuiteError):
    category = ENVIRONMENT_DOWN


class PlatformError(SuiteError, AssertionError):
    category = PRODUCT_DEFECT


class ApiError(PlatformError):
    def __init__(self, message: str, *, status: int | None = None, evidence: str | None = None) -> None:
        self.status = status
        super().__init__(message, evidence=evidence)


class AuthRefused(ApiError):
    pass


class SecurityBreach(PlatformError):
    pass


class StreamClosed(PlatformError):
    def __init__(self, message: str, *, code: int | None = None, reason: str = "",
                 evidence: str | None = None) -> None:
        self.code = code
        self.reason = reason
        super().__init__(message, evidence=evidence)


class StreamTimeout(PlatformError):
    pass


class ProtocolViolation(PlatformError):
    pass


class AnswerNotMeaningful(PlatformError):
    pass


class ContractViolation(PlatformError):
    category = CONTRACT_VIOLATION


class ServiceLevelBreach(PlatformError):
    category = SERVICE_LEVEL_BREACH
