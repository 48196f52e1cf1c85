"""The backend HTTP API, call by call (CONTRACT section 4).

Like ``auth.py`` it returns raw ``Reply`` objects; the expectations decide
what a reply means for a journey. The target's accepted differences
(``journeys.config.dialect``) are applied here, once: the path of the health report,
the agent type a complete answer needs, and each body translated into the
contract's terms (the recorded exchange keeps what was really received).
"""

from __future__ import annotations

from ..config.dialect import STRICT, Dialect
from .http import RecordedHttp, Reply


class BackendClient:
    def __init__(self, http: RecordedHttp, dialect: Dialect = STRICT) -> None:
        self.http = http
        self.dialect = dialect

    def _read(self, kind: str, reply: Reply) -> Reply:
        return reply.read(kind, self.dialect)

    def health(self) -> Reply:
        return self.http.call("GET", "/health")

    def api_health(self) -> Reply:
        return self._read("backend.api_health", self.http.call("GET", self.dialect.health_report_path))

    def discovery(self) -> Reply:
        return self._read("backend.discovery", self.http.call("GET", "/api/discovery/services"))

    def mcp_servers(self) -> Reply:
        return self._read("backend.mcp_servers", self.http.call("GET", "/api/mcp/servers"))

    def mcp_config(self) -> Reply:
        return self.http.call("GET", "/api/mcp/config")

    def threads(self, token: str) -> Reply:
        return self._read("backend.thread_list", self.http.call("GET", "/api/threads", token=token))

    def create_thread(self, token: str, title: str | None = None) -> Reply:
        body = {"title": title} if title else {}
        return self._read("backend.thread",
                          self.http.call("POST", "/api/threads", json_body=body, token=token))

    def thread(self, token: str, thread_id: str) -> Reply:
        return self._read("backend.thread",
                          self.http.call("GET", f"/api/threads/{thread_id}", token=token))

    def messages(self, token: str, thread_id: str, limit: int | None = None,
                 offset: int | None = None) -> Reply:
        params = {k: v for k, v in (("limit", limit), ("offset", offset)) if v is not None}
        return self._read("backend.messages", self.http.call(
            "GET", f"/api/threads/{thread_id}/messages", token=token, params=params or None))

    def execute(self, token: str, message: str, thread_id: str | None = None) -> Reply:
        body = self.dialect.execute_request(message, thread_id)
        return self._read("backend.execute",
                          self.http.call("POST", "/api/agents/execute", json_body=body, token=token))

    def reference_faults(self, bypass_key: str, faults: dict) -> Reply:
        """The reference platform's fault control; only ``@local-only`` journeys use it."""
        return self.http.call("POST", "/_reference/faults", json_body=faults,
                              headers={"X-E2E-Bypass-Key": bypass_key})

    def send_raw(self, path: str, raw_body: str, token: str | None = None) -> Reply:
        return self.http.call("POST", path, raw_body=raw_body, token=token)
