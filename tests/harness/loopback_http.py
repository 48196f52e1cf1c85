"""A scripted JSON service on a free loopback port, for tests that need a target to misbehave in
one precise way (a health that fails once, an endpoint that hangs). A subclass says what each GET
answers; the handler, the port, the thread and the shutdown are here once."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class LoopbackJson(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _JsonHandler)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def answer(self, path: str) -> tuple[int, dict]:
        """(status, JSON body) for a GET of ``path``; it may take its time (a hang)."""
        raise NotImplementedError

    def start(self) -> LoopbackJson:
        threading.Thread(target=self.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        self.shutdown()
        self.server_close()


class _JsonHandler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        status, body = self.server.answer(self.path)
        data = json.dumps(body).encode()
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except OSError:
            pass            # the client gave up first

    def log_message(self, *args) -> None:
        pass
