"""Retries only where honest: bounded, recorded, flaky in the report (JUnit, Allure, the summary), never
after connecting."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest

from journeys.wire.chat import ChatStream
from journeys.errors import ConfigError, EnvironmentDown, StreamClosed
from journeys.evidence import Evidence
from journeys.config.policy import RunPolicy
from journeys.config.settings import load_settings
from project_root import ROOT
from scripted_chat import established, run_event

QUESTION = "How much would 2 million GPT-4o tokens a month cost?"


def answering(ws, n):
    established(ws)
    ws.recv()
    ws.send(run_event("agent_started", agent_name="cost-agent"))
    ws.send(run_event("agent_thinking", reasoning="Looking up prices."))
    ws.send(run_event("agent_completed", final_response="It would cost about $10 a month.",
                      status="completed"))
    ws.recv()


def closing_before_established(ws, n):
    ws.close(1000, "main cleanup")


def open_stream(url: str, evidence: Evidence, retries: int = 0) -> ChatStream:
    policy = RunPolicy(wait_s=2.0, turn_s=4.0, connect_retries=retries)
    return ChatStream("Sam", url, "a-pass", evidence, policy)


def test_retries_are_off_by_default_and_a_cold_start_is_environment_down(scripted_chat):
    assert load_settings("local", environ={}).connect_retries == 0
    chat = scripted_chat(answering)
    chat.refuse_first = 1
    evidence = Evidence()
    with pytest.raises(EnvironmentDown) as caught:
        open_stream(chat.url, evidence)
    assert "HTTP 503" in str(caught.value) and "retr" not in str(caught.value)
    assert chat.knocks == 1 and evidence.retries == []


def test_a_cold_start_is_retried_within_the_bound_and_each_retry_is_recorded(scripted_chat):
    chat = scripted_chat(answering)
    chat.refuse_first = 2
    evidence = Evidence()
    stream = open_stream(chat.url, evidence, retries=3)
    turn = stream.ask(QUESTION)
    stream.close()
    assert turn.answer and chat.knocks == 3
    made = evidence.retries
    assert [r.attempt for r in made] == [1, 2] and all("HTTP 503" in r.failure for r in made)
    notes = evidence.lines("notes")
    assert len(notes) == 2 and all(note.startswith("flaky: Sam's chat connection, retry") for note in notes)


def test_retries_are_bounded_and_the_last_failure_says_how_many(scripted_chat):
    chat = scripted_chat(answering)
    chat.refuse_first = 10
    evidence = Evidence()
    with pytest.raises(EnvironmentDown) as caught:
        open_stream(chat.url, evidence, retries=2)
    assert chat.knocks == 3 and "after 2 connection retries" in str(caught.value)
    assert len(evidence.retries) == 2


def test_nothing_after_a_successful_connection_is_retried(scripted_chat):
    chat = scripted_chat(closing_before_established)
    evidence = Evidence()
    with pytest.raises(StreamClosed) as caught:
        open_stream(chat.url, evidence, retries=3)
    assert "before connection_established" in str(caught.value)
    assert chat.knocks == 1 and evidence.retries == []


def test_more_than_five_retries_is_refused_as_a_setting():
    with pytest.raises(ConfigError) as caught:
        load_settings("local", environ={"E2E_CONNECT_RETRIES": "9"})
    assert "E2E_CONNECT_RETRIES is 9; at most 5" in str(caught.value)


def test_a_retried_scenario_passes_and_is_marked_flaky_in_the_report(journeys, hand_started):
    """A gateway that answers 503 to the first chat connection of the run, then forwards."""
    platform = hand_started()
    gateway = ColdGateway(platform.info["websocket_url"], refusals=1)
    try:
        run = journeys("features/login_to_answer.feature", userdata={"target": "coldstart"},
                       tags="not @local-only",
                       env={"AUTH_SERVICE_URL": platform.info["auth_url"],
                            "BACKEND_URL": platform.info["backend_url"],
                            "WEBSOCKET_URL": gateway.url, "E2E_CONNECT_RETRIES": "2",
                            "E2E_WAIT_S": "5"})
    finally:
        gateway.close()
    assert run.exit_code == 0, run.explain()
    flaky = re.findall(r"FLAKY: scenario '([^']+)' needed 1 connection retry", run.console)
    assert len(flaky) == 1 and gateway.refused == 1, run.explain()
    assert "HTTP 503" in run.console, run.explain()
    assert run.named(flaky[0]).status == "passed", run.explain()


def cold_start_env(platform, gateway, reports) -> dict:
    """A run against the reference platform behind ``gateway``, reporting into ``reports``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("E2E_", "JWT_SECRET"))}
    env.update(E2E_REPORTS_DIR=str(reports), AUTH_SERVICE_URL=platform.info["auth_url"],
               BACKEND_URL=platform.info["backend_url"], WEBSOCKET_URL=gateway.url,
               E2E_CONNECT_RETRIES="1", E2E_WAIT_S="5", E2E_HISTORY_DIR=str(reports / "history"))
    return env


def assert_marked_flaky_everywhere(reports: Path, output: str) -> None:
    """One scenario, passed after one retry: a JUnit property, Allure's own flag and tag, the summary."""
    junit = [case for path in (reports / "junit").glob("*.xml")
             for case in ElementTree.parse(path).getroot().iter("testcase")]
    marked = [(case.get("name"), {p.get("name"): p.get("value") for p in case.iter("property")})
              for case in junit if case.find("properties") is not None]
    assert len(marked) == 1, f"expected one JUnit test case with properties, found {marked}\n{output[-3000:]}"
    name, properties = marked[0]
    assert properties.get("connection retries") == "1", properties
    assert properties.get("flaky", "").startswith("passed after 1 connection retry: Sam's chat connection, "
                                                  "retry 1"), properties
    assert "HTTP 503" in properties["flaky"], properties
    results = [json.loads(p.read_text()) for p in (reports / "allure-results").glob("*-result.json")]
    flagged = [r["name"] for r in results if (r.get("statusDetails") or {}).get("flaky") is True]
    tagged = [r["name"] for r in results if {"name": "tag", "value": "flaky"} in r.get("labels", [])]
    assert flagged == [name] and tagged == [name], [(r["name"], r.get("statusDetails"), r.get("labels"))
                                                   for r in results]
    assert all(r["status"] == "passed" for r in results if r["name"] == name), results
    summary = (reports / "summary.md").read_text()
    assert f"Flaky: {name} passed after 1 connection retry" in summary, summary
    assert summary.count("Flaky: ") == 1, summary


def test_the_flaky_mark_reaches_junit_allure_and_the_summary(tmp_path, hand_started):
    platform = hand_started()
    gateway = ColdGateway(platform.info["websocket_url"], refusals=1)
    try:
        done = subprocess.run([sys.executable, "-m", "behave", "--no-color", "-D", "target=coldstart",
                               "--tags", "not @local-only", "--junit-directory", str(tmp_path / "junit"),
                               "features/login_to_answer.feature"],
                              cwd=ROOT, env=cold_start_env(platform, gateway, tmp_path),
                              capture_output=True, text=True, timeout=180)
    finally:
        gateway.close()
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert_marked_flaky_everywhere(tmp_path, done.stdout + done.stderr)


def test_a_parallel_run_keeps_the_flaky_mark_through_the_merge(tmp_path, hand_started):
    platform = hand_started()
    gateway = ColdGateway(platform.info["websocket_url"], refusals=1)
    env = cold_start_env(platform, gateway, tmp_path)
    env["E2E_WORKERS"] = "2"
    try:
        done = subprocess.run([sys.executable, "-m", "journeys.parallel.runner", "--no-color",
                               "-D", "target=coldstart", "--tags", "not @local-only",
                               "--junit-directory", str(tmp_path / "junit"), "features/login_to_answer.feature"],
                              cwd=ROOT, env=env, capture_output=True, text=True, timeout=240)
    finally:
        gateway.close()
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "with 2 parallel workers" in done.stdout, done.stdout[-3000:]
    assert_marked_flaky_everywhere(tmp_path, done.stdout + done.stderr)


class ColdGateway:
    """A TCP forwarder in front of the chat that answers 503 to its first ``refusals`` connections."""

    def __init__(self, upstream_ws_url: str, refusals: int) -> None:
        import socket
        import threading
        host_port = upstream_ws_url.split("//", 1)[1].split("/", 1)[0]
        self.upstream = (host_port.rsplit(":", 1)[0], int(host_port.rsplit(":", 1)[1]))
        self.refusals, self.refused = refusals, 0
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(16)
        self.url = f"ws://127.0.0.1:{self.listener.getsockname()[1]}/ws"
        self.closed = False
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        import socket
        import threading
        while not self.closed:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            if self.refused < self.refusals:
                self.refused += 1
                client.recv(65536)
                client.sendall(b"HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n"
                               b"Connection: close\r\n\r\n")
                client.close()
                continue
            upstream = socket.create_connection(self.upstream)
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=_pipe, args=(a, b), daemon=True).start()

    def close(self) -> None:
        self.closed = True
        self.listener.close()


def _pipe(source, sink) -> None:
    try:
        while data := source.recv(65536):
            sink.sendall(data)
    except OSError:
        pass
    finally:
        for end in (source, sink):
            try:
                end.shutdown(2)
            except OSError:
                pass
