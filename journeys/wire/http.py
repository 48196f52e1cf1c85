"""One recorded HTTP session: every exchange lands in the scenario's evidence.

A transport failure (refused, reset, timed out before any answer) means the
target is not there: that is ``EnvironmentDown``, never a product verdict. One
exception: a request the service took and never answered (``ReadTimeout``) while
its ``/health``, asked at once, answers healthy within ``HEALTH_CHECK_S``: the
service is up and that endpoint hangs, a product defect (``EndpointHangs``).
"""

from __future__ import annotations

import functools
import json
import ssl
import time

import httpx

from ..evidence import SAFE_METHODS, Evidence, as_text
from ..config.policy import OPEN, RunPolicy
from .production import refuse_write
from .replies import HEALTH_PATH, Reply, hangs_while_healthy, json_or_none, no_answer, says_healthy

HEALTH_CHECK_S = 5.0     # how fast the health must answer for a silent endpoint to be the product's


class RecordedHttp:
    def __init__(self, base_url: str, evidence: Evidence, policy: RunPolicy = OPEN,
                 transport: httpx.BaseTransport | None = None) -> None:
        """Every call within the policy's ``wait_s``; a write refused when it guards production.
        A health check with a shorter deadline derives its policy:
        ``dataclasses.replace(OPEN, wait_s=HEALTH_DEADLINE_S)``."""
        self.base_url, self.policy = base_url, policy
        self.evidence = evidence
        self._client = httpx.Client(base_url=base_url, timeout=policy.wait_s, transport=transport,
                                    verify=_tls_context())

    def call(self, method: str, path: str, *, json_body: object = None, raw_body: str | None = None,
             token: str | None = None, headers: dict | None = None, params: dict | None = None) -> Reply:
        if method not in SAFE_METHODS:
            refuse_write(self.policy, "the suite", f"send {method} {path}")
        all_headers = dict(headers or {})
        if token is not None:
            all_headers["Authorization"] = f"Bearer {token}"
        content = raw_body
        if json_body is not None:
            content = json.dumps(json_body)
        if content is not None:
            all_headers.setdefault("Content-Type", "application/json")
        started = time.monotonic()
        try:
            response = self._client.request(method, path, content=content, headers=all_headers,
                                            params=params)
        except httpx.TransportError as error:
            elapsed = time.monotonic() - started
            self.evidence.http(method, self.base_url + path, type(error).__name__, elapsed,
                               all_headers, content, None)
            health = self._healthy_meanwhile(path, error)
            if health is not None:
                raise hangs_while_healthy(method, self.base_url + path, elapsed, error, health) from None
            raise no_answer("", method, self.base_url + path, elapsed, error) from None
        elapsed = time.monotonic() - started
        text = response.text
        self.evidence.http(method, str(response.url), response.status_code, elapsed,
                           all_headers, content, text, dict(response.headers))
        return Reply(method, str(response.url), response.status_code, json_or_none(text), text, elapsed)

    def _healthy_meanwhile(self, path: str, error: BaseException) -> Reply | None:
        """After ``path`` timed out waiting for its answer: the service's health, asked once,
        recorded, when it answers healthy within ``HEALTH_CHECK_S``; else None (the target is
        then down, as far as the suite can tell). A refused or reset connection is not asked."""
        if not isinstance(error, httpx.ReadTimeout) or path == HEALTH_PATH:
            return None
        started = time.monotonic()
        try:
            response = self._client.request("GET", HEALTH_PATH, timeout=HEALTH_CHECK_S)
        except httpx.TransportError as failed:
            self.evidence.http("GET", self.base_url + HEALTH_PATH, type(failed).__name__,
                               time.monotonic() - started, {}, None, None)
            return None
        elapsed = time.monotonic() - started
        self.evidence.http("GET", str(response.url), response.status_code, elapsed, {}, None,
                           response.text, dict(response.headers))
        reply = Reply("GET", str(response.url), response.status_code, json_or_none(response.text),
                      response.text, elapsed)
        return reply if says_healthy(reply) else None

    def close(self) -> None:
        self._client.close()


@functools.cache
def _tls_context() -> ssl.SSLContext:
    """One context for every client: loading the system certificates costs ~24 ms of CPU each time."""
    return ssl.create_default_context()


__all__ = ["RecordedHttp", "Reply", "as_text"]
