"""One reference platform for a whole parallel run, shared by its behave workers.

``python3 tasks.py journeys`` (``journeys.parallel.runner``) starts the local platform
once and hands it to every worker through the environment: the URLs in
``E2E_SHARED_PLATFORM`` (JSON), the secrets in ``E2E_LOCAL_JWT_SECRET`` and
``E2E_LOCAL_BYPASS_KEY`` (never on a command line). A worker's ``local``
target then uses that platform instead of starting its own, and never stops it.

A scenario that arms a fault or restarts the platform would hit every other
worker's scenarios, so on a shared platform it is refused as a suite defect:
such scenarios are tagged ``@own-platform`` and the runner gives each of them
a platform of its own.
"""

from __future__ import annotations

import json
import os

from ..errors import SuiteError
from .local_platform import LocalPlatform, PlatformUrls
from ..secrets import Secret, registry

SHARED_PLATFORM_ENV = "E2E_SHARED_PLATFORM"


class SharedPlatform:
    """A platform this process did not start and must not change for everyone."""

    shared = True

    def __init__(self, urls: PlatformUrls, jwt_secret: Secret, bypass_key: Secret) -> None:
        self.urls, self.jwt_secret, self.bypass_key = urls, jwt_secret, bypass_key
        registry.add(jwt_secret)
        registry.add(bypass_key)

    def stop(self) -> None:
        """The runner that started it stops it."""

    def restart(self) -> PlatformUrls:
        raise refuse("restart the platform")

    def log_tail(self, lines: int = 20) -> str:
        return "(the shared platform's log is kept by the run that started it)"


def refuse(action: str) -> SuiteError:
    return SuiteError(f"cannot {action}: the reference platform is shared by this run's parallel "
                      f"workers, and every other scenario would feel it; tag the scenario "
                      f"@own-platform (features/README.md) so it gets a platform of its own")


def environment_for_workers(platform: LocalPlatform) -> dict[str, str]:
    """What a worker needs to use ``platform`` (secrets included: give it only to the worker)."""
    urls = platform.urls
    return {SHARED_PLATFORM_ENV: json.dumps({"auth_url": urls.auth_url, "backend_url": urls.backend_url,
                                             "websocket_url": urls.websocket_url}),
            "E2E_LOCAL_JWT_SECRET": platform.jwt_secret.reveal(),
            "E2E_LOCAL_BYPASS_KEY": platform.bypass_key.reveal()}


def from_environment(environ=None) -> SharedPlatform | None:
    """The platform handed over by the runner, or None when this process should start its own."""
    environ = os.environ if environ is None else environ
    raw = environ.get(SHARED_PLATFORM_ENV)
    if not raw:
        return None
    try:
        info = json.loads(raw)
        urls = PlatformUrls(info["auth_url"], info["backend_url"], info["websocket_url"])
        jwt, bypass = environ["E2E_LOCAL_JWT_SECRET"], environ["E2E_LOCAL_BYPASS_KEY"]
    except (ValueError, KeyError, TypeError) as error:
        raise SuiteError(f"{SHARED_PLATFORM_ENV} is set but incomplete ({error!r}); it is set by "
                         f"'python3 tasks.py journeys' for its workers, not by hand: unset it") from None
    return SharedPlatform(urls, Secret(jwt), Secret(bypass))
