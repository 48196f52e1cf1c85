"""The platform under test for this run: chosen, configured, started, checked.

``open_target`` does everything that must happen before the first scenario:
read and validate settings (every problem at once), start the reference
platform for ``local``, and check that both services answer as healthy. A
target that is unreachable or unhealthy is ``EnvironmentDown``: its own
outcome, never a skip and never a pass.
"""

from __future__ import annotations

from dataclasses import dataclass

from .api import BackendClient
from .auth import AuthClient
from .errors import EnvironmentDown
from .evidence import Evidence
from .http import RecordedHttp, Reply
from .local_platform import LocalPlatform
from .settings import Settings, choose_target, load_settings

HEALTH_DEADLINE_S = 5.0
HEALTHY_WORDS = ("healthy", "ok")


@dataclass
class Target:
    settings: Settings
    platform: LocalPlatform | None = None

    def close(self) -> None:
        if self.platform is not None:
            self.platform.stop()


def open_target(userdata: dict | None = None, environ: dict | None = None) -> Target:
    settings = load_settings(choose_target(userdata, environ), environ)
    platform = None
    if settings.is_local:
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
        check_up(settings)
    except BaseException:
        target.close()
        raise
    return target


def check_up(settings: Settings, evidence: Evidence | None = None) -> None:
    """Both services reachable and healthy within seconds, or ``EnvironmentDown``."""
    evidence = evidence or Evidence()
    auth = AuthClient(RecordedHttp(settings.auth_url, evidence, HEALTH_DEADLINE_S))
    backend = BackendClient(RecordedHttp(settings.backend_url, evidence, HEALTH_DEADLINE_S))
    try:
        for service, reply in (("auth service", _ask(auth.health, settings.auth_url)),
                               ("backend", _ask(backend.health, settings.backend_url))):
            status = reply.body.get("status") if isinstance(reply.body, dict) else None
            if not reply.ok or status not in HEALTHY_WORDS:
                raise EnvironmentDown(
                    f"the {service} of target '{settings.target}' is not healthy: "
                    f"{reply.describe()}. The journeys were not run; fix or wait for the "
                    f"environment, then run them again")
    finally:
        auth.http.close()
        backend.http.close()


def _ask(call, url: str) -> Reply:
    try:
        return call()
    except EnvironmentDown as down:
        raise EnvironmentDown(
            f"{down.detail} The journeys were not run: the target at {url} is down or "
            f"unreachable, which says nothing about the product either way") from None
