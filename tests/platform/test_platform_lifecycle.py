"""The CLI, the ready file, and stopping: what a launcher and a person at a terminal rely on."""

from __future__ import annotations

import json
import signal
import socket
import stat
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from reference_platform.switches import DEFECTS, VARIANTS
from project_root import ROOT
from refplatform_harness import COST_QUESTION, RunningPlatform, closed_with, recv_json


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "reference_platform", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=20)


def test_list_defects_names_and_describes_every_switch():
    result = cli("--list-defects")
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert len(lines) == len(DEFECTS)
    for name, description in DEFECTS.items():
        assert any(line.split()[0] == name and description in line for line in lines)


@pytest.mark.parametrize("flag,valid", [("--defect", DEFECTS), ("--variant", VARIANTS)])
def test_unknown_switch_name_is_one_clear_line_and_exit_2(flag, valid):
    result = cli(flag, "no-such-thing")
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert "no-such-thing" in result.stderr and all(name in result.stderr for name in valid)


def test_ready_file_has_urls_and_no_secrets(start_platform):
    p = start_platform()
    assert set(p.info) == {"auth_url", "backend_url", "websocket_url", "pid", "db_path"}
    assert p.info["pid"] == p.process.pid
    assert p.info["websocket_url"] == p.info["backend_url"].replace("http://", "ws://") + "/ws"
    assert stat.S_IMODE(p.ready_path.stat().st_mode) == 0o600
    text = p.ready_path.read_text() + p.stdout() + p.stderr()
    assert p.jwt_secret not in text and p.bypass_key not in text
    assert len(p.stdout().strip().splitlines()) == 1


def test_sigterm_closes_sockets_with_1001_and_cleans_up(start_platform):
    p = start_platform(pause_ms=200)
    db = Path(p.info["db_path"])
    assert db.exists()
    chat = p.chat(p.sign_up().access)
    chat.ask(COST_QUESTION)
    assert recv_json(chat.ws, 3)["type"] == "agent_started"      # a run is in flight
    code = p.stop()
    assert chat.ws.close_code == 1001 or closed_with(chat.ws, 1)[0] == 1001
    assert code == 0
    assert "Traceback" not in p.stderr(), p.stderr()
    assert not any(Path(str(db) + suffix).exists() for suffix in ("", "-wal", "-shm"))
    assert not p.ready_path.exists()
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"{p.backend}/health", timeout=2)


def test_a_named_database_survives_a_restart_on_the_same_ports(start_platform, tmp_path):
    db = tmp_path / "kept.db"
    first = start_platform("--db", str(db))
    account = first.sign_up()
    chat = first.chat(account.access)
    answer = chat.run().final
    chat.close()
    ports = [first.auth.rsplit(":", 1)[1], first.backend.rsplit(":", 1)[1]]
    assert first.stop() == 0 and db.exists()
    second = start_platform("--db", str(db), "--auth-port", ports[0], "--backend-port", ports[1],
                            env={"REFPLATFORM_JWT_SECRET": first.jwt_secret,
                                 "REFPLATFORM_BYPASS_KEY": first.bypass_key})
    second.jwt_secret = first.jwt_secret
    assert (second.auth, second.backend) == (first.auth, first.backend)
    login = second.http.post(f"{second.auth}/auth/login",
                             json={"email": account.email, "password": account.password})
    assert login.status_code == 200
    token = login.json()["access_token"]
    page = second.api("GET", f"/api/threads/{answer['thread_id']}/messages", token).json()
    assert [m["content"] for m in page["messages"]][1] == answer["final_response"]
    assert second.api("GET", "/api/threads", account.access).status_code == 200   # same secret


def test_run_by_hand_prints_a_paste_block_with_generated_secrets(start_platform):
    p = start_platform(ready_file=False, env={})
    deadline = time.monotonic() + 10
    while "E2E_OAUTH_SIMULATION_KEY=" not in p.stdout():
        assert time.monotonic() < deadline and p.process.poll() is None, p.stderr()
        time.sleep(0.02)
    lines = p.stdout().splitlines()
    assert lines[0] == "Reference platform running (Ctrl-C to stop). Paste into config/<name>.env:"
    settings = dict(line.split("=", 1) for line in lines[1:] if "=" in line)
    assert set(settings) == {"AUTH_SERVICE_URL", "BACKEND_URL", "WEBSOCKET_URL", "E2E_REMOTE",
                             "JWT_SECRET_KEY", "E2E_OAUTH_SIMULATION_KEY"}
    assert settings["E2E_REMOTE"] == "false"
    p.info = {"auth_url": settings["AUTH_SERVICE_URL"], "backend_url": settings["BACKEND_URL"],
              "websocket_url": settings["WEBSOCKET_URL"]}
    p.jwt_secret, p.bypass_key = settings["JWT_SECRET_KEY"], settings["E2E_OAUTH_SIMULATION_KEY"]
    assert p.api("GET", "/api/threads", p.mint()).status_code == 200     # the printed secret works
    assert p.faults(clear=True).status_code == 200                        # and so does the key
    assert p.stop(signal.SIGINT) == 0
    assert "Traceback" not in p.stderr() and "KeyboardInterrupt" not in p.stderr()


def test_run_by_hand_with_secrets_in_the_environment_prints_none(start_platform):
    p = start_platform(ready_file=False)
    deadline = time.monotonic() + 10
    while "E2E_REMOTE=false" not in p.stdout():
        assert time.monotonic() < deadline and p.process.poll() is None, p.stderr()
        time.sleep(0.02)
    assert "JWT_SECRET_KEY" not in p.stdout() and p.jwt_secret not in p.stdout()


def test_a_busy_port_is_a_one_line_error(tmp_path):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        result = cli("--auth-port", str(busy.getsockname()[1]), "--ready-file", str(tmp_path / "ready.json"))
    assert result.returncode == 1
    assert "cannot bind the auth service" in result.stderr and "Traceback" not in result.stderr
