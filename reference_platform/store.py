"""The platform's memory: one SQLite file.

A real file (not ``:memory:``) so that a restart on the same ``--db`` finds the
same users and conversations, which is what a persistence journey checks. WAL mode
keeps reads cheap while a run writes. Every call happens on the one event loop
thread, so a single connection is enough and no locking is needed.
"""

from __future__ import annotations

import json
import os
import secrets
import sqlite3
import tempfile
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from .clock import now

_SCHEMA = """
CREATE TABLE IF NOT EXISTS users (
    id TEXT PRIMARY KEY, email TEXT UNIQUE, name TEXT, password_hash TEXT,
    permissions TEXT NOT NULL, created_at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS threads (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT UNIQUE NOT NULL, user_id TEXT NOT NULL,
    title TEXT, metadata TEXT NOT NULL, created_at REAL NOT NULL, updated_at REAL NOT NULL);
CREATE INDEX IF NOT EXISTS threads_by_user ON threads(user_id, created_at);
CREATE TABLE IF NOT EXISTS messages (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT UNIQUE NOT NULL, thread_id TEXT NOT NULL,
    role TEXT NOT NULL, content TEXT NOT NULL, metadata TEXT NOT NULL, created_at REAL NOT NULL);
CREATE INDEX IF NOT EXISTS messages_by_thread ON messages(thread_id, seq);
CREATE TABLE IF NOT EXISTS used_refresh_tokens (jti TEXT PRIMARY KEY, used_at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS revoked_tokens (jti TEXT PRIMARY KEY, expires_at REAL NOT NULL);
"""


@dataclass(frozen=True)
class User:
    id: str
    email: str | None
    name: str | None
    permissions: list[str]
    password_hash: str | None = field(default=None, repr=False)


@dataclass(frozen=True)
class Thread:
    id: str
    user_id: str
    title: str | None
    metadata: dict
    created_at: float
    updated_at: float
    message_count: int


@dataclass(frozen=True)
class Message:
    id: str
    thread_id: str
    role: str
    content: str
    metadata: dict
    created_at: float


class Store:
    """Users, threads, messages and token bookkeeping in one SQLite file."""

    def __init__(self, path: str | None = None) -> None:
        self.temporary = path is None
        if path is None:
            fd, path = tempfile.mkstemp(prefix="refplatform-", suffix=".db")
            os.close(fd)
        self.path = str(Path(path).resolve())
        self._db = sqlite3.connect(self.path, isolation_level=None)
        self._db.row_factory = sqlite3.Row
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(_SCHEMA)

    def close(self) -> None:
        """Close; a temporary database is removed with its WAL files, a named one is kept."""
        self._db.close()
        if self.temporary:
            for suffix in ("", "-wal", "-shm"):
                Path(self.path + suffix).unlink(missing_ok=True)

    def ping(self) -> bool:
        return self._db.execute("SELECT 1").fetchone()[0] == 1

    # users -----------------------------------------------------------------

    def user_by_email(self, email: str) -> User | None:
        row = self._db.execute("SELECT * FROM users WHERE email = ?", (email,)).fetchone()
        return _user(row) if row else None

    def user_by_id(self, user_id: str) -> User | None:
        row = self._db.execute("SELECT * FROM users WHERE id = ?", (user_id,)).fetchone()
        return _user(row) if row else None

    def create_user(self, email: str, name: str | None, password_hash: str | None,
                    permissions: list[str]) -> User:
        """Raises ``sqlite3.IntegrityError`` when the email is taken."""
        user_id = str(uuid.uuid4())
        self._db.execute(
            "INSERT INTO users (id, email, name, password_hash, permissions, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (user_id, email, name, password_hash, json.dumps(permissions), now()))
        return User(user_id, email, name, permissions, password_hash)

    def overwrite_user(self, user_id: str, name: str | None, password_hash: str | None) -> User:
        """Only for the duplicate-email-accepted defect: a second sign-up 'succeeds'."""
        self._db.execute("UPDATE users SET name = ?, password_hash = ? WHERE id = ?",
                         (name, password_hash, user_id))
        found = self.user_by_id(user_id)
        assert found is not None
        return found

    def ensure_user(self, user_id: str, email: str | None, permissions: list[str]) -> None:
        """A valid token for an unseen user creates that user, as the real platform does."""
        self._db.execute(
            "INSERT OR IGNORE INTO users (id, email, name, password_hash, permissions, created_at) "
            "VALUES (?, ?, NULL, NULL, ?, ?)",
            (user_id, email, json.dumps(permissions), now()))

    # threads ---------------------------------------------------------------

    def create_thread(self, user_id: str, title: str | None, metadata: dict) -> Thread:
        thread_id = "thread_" + secrets.token_hex(12)
        at = now()
        self._db.execute(
            "INSERT INTO threads (id, user_id, title, metadata, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (thread_id, user_id, title, json.dumps(metadata), at, at))
        return Thread(thread_id, user_id, title, metadata, at, at, 0)

    def thread(self, thread_id: str) -> Thread | None:
        row = self._db.execute(_THREAD_SELECT + " WHERE t.id = ?", (thread_id,)).fetchone()
        return _thread(row) if row else None

    def threads_of(self, user_id: str, newest_first: bool = True) -> list[Thread]:
        """Newest ``created_at`` first; equal times fall back to insertion order."""
        order = "DESC" if newest_first else "ASC"
        rows = self._db.execute(
            _THREAD_SELECT + f" WHERE t.user_id = ? ORDER BY t.created_at {order}, t.seq {order}",
            (user_id,)).fetchall()
        return [_thread(row) for row in rows]

    # messages --------------------------------------------------------------

    def add_message(self, thread_id: str, role: str, content: str,
                    metadata: dict | None = None) -> Message:
        message_id = "msg_" + secrets.token_hex(12)
        at = now()
        meta = metadata or {}
        self._db.execute(
            "INSERT INTO messages (id, thread_id, role, content, metadata, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (message_id, thread_id, role, content, json.dumps(meta), at))
        self._db.execute("UPDATE threads SET updated_at = ? WHERE id = ?", (at, thread_id))
        return Message(message_id, thread_id, role, content, meta, at)

    def messages(self, thread_id: str, limit: int, offset: int) -> tuple[list[Message], int]:
        """One page, oldest first, and the thread's total."""
        rows = self._db.execute(
            "SELECT * FROM messages WHERE thread_id = ? ORDER BY seq ASC LIMIT ? OFFSET ?",
            (thread_id, limit, offset)).fetchall()
        total = self._db.execute("SELECT COUNT(*) FROM messages WHERE thread_id = ?",
                                 (thread_id,)).fetchone()[0]
        return [_message(row) for row in rows], total

    # token bookkeeping -----------------------------------------------------

    def use_refresh_token(self, jti: str) -> bool:
        """Record a refresh; False when that token was already used."""
        cursor = self._db.execute(
            "INSERT OR IGNORE INTO used_refresh_tokens (jti, used_at) VALUES (?, ?)", (jti, now()))
        return cursor.rowcount == 1

    def revoke(self, jti: str, expires_at: float) -> None:
        self._db.execute("INSERT OR IGNORE INTO revoked_tokens (jti, expires_at) VALUES (?, ?)",
                         (jti, expires_at))

    def is_revoked(self, jti: str) -> bool:
        return self._db.execute("SELECT 1 FROM revoked_tokens WHERE jti = ?",
                                (jti,)).fetchone() is not None


_THREAD_SELECT = (
    "SELECT t.*, (SELECT COUNT(*) FROM messages m WHERE m.thread_id = t.id) AS message_count "
    "FROM threads t")


def _user(row: sqlite3.Row) -> User:
    return User(row["id"], row["email"], row["name"], json.loads(row["permissions"]),
                row["password_hash"])


def _thread(row: sqlite3.Row) -> Thread:
    return Thread(row["id"], row["user_id"], row["title"], json.loads(row["metadata"]),
                  row["created_at"], row["updated_at"], row["message_count"])


def _message(row: sqlite3.Row) -> Message:
    return Message(row["id"], row["thread_id"], row["role"], row["content"],
                   json.loads(row["metadata"]), row["created_at"])
