"""The platform under test for this run: chosen, configured, started, checked.

``open_target`` does everything that must happen before the first scenario:
read and validate settings (every problem at once), start the reference
platform for ``local``, and check that both services answer as healthy. A
target that is unreachable or unhealthy is ``EnvironmentDown``: its own
outcome, never a skip and never a pass: the run stops with ``ENVIRONMENT DOWN``
and ``reports/outcome.json`` says so, which ``tasks.py journeys`` turns into its
own exit status (3). A target that goes down *during* the run is found the same
way: after a failed scenario the target's health is checked again, and if it is
down the run stops there instead of producing a wall of failures. A platform
busy with one slow request (hashing passwords, say) may miss one probe, so that
check is retried: up to ``HEALTH_PROBES`` probes, ``HEALTH_RETRY_PAUSE_S``
apart (about 15 s in all when every probe fails fast, at most about 20 s when
each waits out its 5 s), each one printed and listed in the verdict; only
when every probe fails is the environment down.

What the platform says about itself (its versions, on its health endpoints) is
recorded here, once, as the target is opened (``Target.versions``): the report
renders it and asks the platform nothing.

Also per scenario: which scenarios this target may run at all (``@local-only``
needs the reference platform; production runs only ``@read-only``), and the
honesty checks that follow a scenario (a write on production is a suite
defect; the report marks a scenario whose connections were retried flaky).
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass, field, replace

from . import outcome
from ..wire import production
from ..wire.api import BackendClient
from ..wire.auth import AuthClient
from ..errors import EnvironmentDown
from ..evidence import Evidence
from ..wire.http import RecordedHttp, Reply
from ..wire.replies import says_healthy
from .local_platform import LocalPlatform
from .shared_platform import from_environment as shared_platform
from ..config.policy import OPEN
from ..config.settings import Settings, choose_target, load_settings

HEALTH_DEADLINE_S = 5.0
HEALTH_PROBES = 3              # mid-run: probes before the environment is called down
HEALTH_RETRY_PAUSE_S = 2.5     # between them: a busy platform gets about 15 s to answer
VERSION_WORDS = ("version", "build", "commit", "revision", "sha", "service", "environment")


@dataclass
class Target:
    settings: Settings
    platform: LocalPlatform | None = None
    health: dict[str, Reply] = field(default_factory=dict)
    """What the services answered on their health endpoints when the target was opened: read
    once (``check_up``)."""
    versions: dict[str, str] = field(default_factory=dict)
    """What the platform says about itself, by ``platform.<service>[.<field>]``, recorded once as
    the target was opened (``platform_versions``): the report's environment renders it."""

    def close(self) -> None:
        if self.platform is not None:
            self.platform.stop()

    def skip_reason(self, tags) -> str | None:
        """Why this target must not run a scenario with ``tags``; None when it may."""
        if "local-only" in tags and not self.settings.is_local:
            return f"needs the reference platform; target is '{self.settings.target}'"
        return production.skip_reason(self.settings.policy, tags)


def target_settings(userdata: dict | None = None, environ: dict | None = None) -> Settings:
    """The run's settings as far as they can be read before the target is opened (a local
    platform's URLs come only once it runs); ``ConfigError`` when they are wrong."""
    return load_settings(choose_target(userdata, environ), environ)


def open_target(userdata: dict | None = None, environ: dict | None = None,
                settings: Settings | None = None) -> Target:
    """``settings``: the run's (``target_settings``), when the caller has read them already."""
    outcome.clear()
    try:
        return _open_target(settings or target_settings(userdata, environ), environ)
    except EnvironmentDown as down:
        error = EnvironmentDown(f"{down.detail} The journeys were not run; fix or wait for the "
                                f"environment, then run them again.")
        record_outcome(error)
        raise error from None


def _open_target(settings: Settings, environ: dict | None) -> Target:
    platform = shared_platform(environ) if settings.is_local else None
    if platform is not None:   # a parallel run's workers share the platform the runner started
        urls = platform.urls
        settings = settings.for_local_platform(urls.auth_url, urls.backend_url, urls.websocket_url,
                                               platform.jwt_secret, platform.bypass_key)
    elif settings.is_local:
        platform = LocalPlatform(settings.local)
        try:
            urls = platform.start()
        except BaseException:
            platform.stop()
            raise
        settings = settings.for_local_platform(urls.auth_url, urls.backend_url, urls.websocket_url,
                                               platform.jwt_secret, platform.bypass_key)
    target = Target(settings, platform)
    try:
        target.health = check_up(settings)
        target.versions = platform_versions(settings, target.health)
    except BaseException:
        target.close()
        raise
    return target


def check_up(settings: Settings, evidence: Evidence | None = None) -> dict[str, Reply]:
    """Both services reachable and healthy within seconds, or ``EnvironmentDown``; their
    answers by service ("auth", "backend")."""
    evidence = evidence or Evidence()
    within = replace(OPEN, wait_s=HEALTH_DEADLINE_S)
    auth = AuthClient(RecordedHttp(settings.auth_url, evidence, within))
    backend = BackendClient(RecordedHttp(settings.backend_url, evidence, within))
    answers: dict[str, Reply] = {}
    try:
        for name, service, reply in (("auth", "auth service", _ask(auth.health, settings.auth_url)),
                                     ("backend", "backend", _ask(backend.health, settings.backend_url))):
            if not says_healthy(reply):
                raise EnvironmentDown(
                    f"the {service} of target '{settings.target}' is not healthy: "
                    f"{reply.describe()}.")
            answers[name] = reply
        return answers
    finally:
        auth.http.close()
        backend.http.close()


def _ask(call, url: str) -> Reply:
    try:
        return call()
    except EnvironmentDown as down:
        raise EnvironmentDown(
            f"{down.detail} The target at {url} is down or unreachable, which says nothing "
            f"about the product either way.") from None


def platform_versions(settings: Settings, health: dict[str, Reply]) -> dict[str, str]:
    """What the platform says about itself (best effort, never raises): the auth service's and
    the backend's ``health`` answers as ``check_up`` read them, and the backend's API health,
    asked once here under the same deadline."""
    found: dict[str, str] = {}
    answers: dict[str, Reply | str] = dict(health)
    http = RecordedHttp(settings.backend_url, Evidence(), replace(OPEN, wait_s=HEALTH_DEADLINE_S))
    try:
        answers["backend.api"] = BackendClient(http, settings.dialect).api_health()
    except Exception as error:  # the run goes on; the report says what happened
        answers["backend.api"] = f"unknown ({str(error).splitlines()[0][:160]})"
    finally:
        http.close()
    for name in ("auth", "backend", "backend.api"):
        reply = answers.get(name, "unknown (not asked)")
        if isinstance(reply, str):
            found[f"platform.{name}"] = reply
            continue
        facts = health_facts(reply.body) if reply.ok else {}
        if not reply.ok:
            found[f"platform.{name}"] = f"health answered {reply.status}"
        found.update({f"platform.{name}.{key}": value for key, value in facts.items()})
        if reply.ok and not facts:
            found[f"platform.{name}"] = "healthy; reports no version"
    return found


def health_facts(body: object) -> dict[str, str]:
    """Scalar fields of a health body whose names say version, build, service, ..."""
    if not isinstance(body, dict):
        return {}
    return {str(key): str(value)[:100] for key, value in body.items()
            if isinstance(value, (str, int, float)) and not isinstance(value, bool)
            and any(word in str(key).lower() for word in VERSION_WORDS)}


def end_scenario(context, scenario) -> None:
    """After each scenario: a failure asks whether the target went down; a write on production
    is a suite defect (raised last, so the rest still happens)."""
    status = getattr(scenario.status, "name", str(scenario.status))
    if status in ("failed", "error") and not getattr(context, "run_stopped_by", None):
        down = _went_down_unless_stopped(context, scenario.name)
        if down is not None:
            # The real stderr: behave captures hook output and shows it only for failures.
            print(f"\nENVIRONMENT DOWN: {down.detail}\n", file=sys.__stderr__, flush=True)
            context.run_stopped_by = down
            context.abort(reason="ENVIRONMENT DOWN")
    production.check_read_only(context.settings.policy, scenario.name, context.evidence)


def _went_down_unless_stopped(context, scenario_name: str) -> EnvironmentDown | None:
    """``went_down``; a run stopped while it probes (Ctrl-C, SIGTERM: a parallel runner stopping
    its workers once another found the environment down) stops here, and the scenario keeps
    the verdict of its own failed step instead of an interrupted hook's "suite defect"."""
    try:
        return went_down(context.settings, scenario_name)
    except KeyboardInterrupt:
        context.abort(reason="interrupted while checking the target's health")
        return None


def went_down(settings: Settings, scenario_name: str, probes: int = HEALTH_PROBES,
              pause_s: float = HEALTH_RETRY_PAUSE_S) -> EnvironmentDown | None:
    """The target's health again, after a failure: ``EnvironmentDown`` (recorded) only when
    ``probes`` probes ``pause_s`` apart all fail; one healthy answer means it is up."""
    failed = probe_health(settings, probes, pause_s)
    if failed is None:
        return None
    error = EnvironmentDown(
        f"the target stopped answering during scenario '{scenario_name}': {failed} It is down "
        f"or unreachable, which says nothing about the product either way. The remaining "
        f"journeys were not run; that scenario's failure may be the outage, not the product")
    record_outcome(error)
    return error


def probe_health(settings: Settings, probes: int, pause_s: float) -> str | None:
    """None as soon as one probe finds both services healthy; else what every probe met, in
    order (each also printed as it fails, so a slow recovery is visible while it happens)."""
    seen: list[str] = []
    started = time.monotonic()
    for number in range(1, probes + 1):
        at = time.monotonic() - started
        try:
            check_up(settings)
            return None
        except EnvironmentDown as down:
            said = down.detail.split(" The target at ")[0]   # the rest is said once, below
            seen.append(f"probe {number} of {probes} at +{at:.1f} s: {said}")
            print(f"health probe {number} of {probes} failed: {said}", file=sys.__stderr__, flush=True)
        if number < probes:
            time.sleep(pause_s)
    return " ".join(seen)


def record_outcome(error: EnvironmentDown) -> None:
    """``outcome.json``: what ``tasks.py journeys`` reads to exit 3 (``journeys/run/outcome.py``)."""
    outcome.record_stop(error.category, str(error))
