"""A real Orbit stack for the tests: its own database, the API and a worker as separate
processes, an SMTP server (aiosmtpd) that keeps what it receives, and localstripe, a
Stripe-compatible API server the official SDK is pointed at."""

from __future__ import annotations

import asyncio
import email
import email.policy
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path
from typing import Any, TypeVar

import asyncpg
import httpx
from aiosmtpd.controller import Controller
from sqlalchemy.engine import make_url

REPO = Path(__file__).resolve().parents[2]
ORBIT = str(Path(sys.executable).with_name("orbit"))
LOCALSTRIPE = str(Path(sys.executable).with_name("localstripe"))
T = TypeVar("T")
# ORBIT_TEST_FRONTEND_DIST lets parallel work test its own build of the front end.
FRONTEND_DIST = Path(os.environ.get("ORBIT_TEST_FRONTEND_DIST") or REPO / "frontend" / "dist")


# Under pytest-xdist each worker runs a stack of its own; its processes log to a folder of
# their own (test-artifacts/gw0/api.log…), so a test reading its API's log reads only its own.
STACK_LOGS = REPO / "test-artifacts" / os.environ.get("PYTEST_XDIST_WORKER", "")


INBOUND_MAIL_DOMAIN = "support.orbit.test"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


HELD_REPLY_LIMIT = 20.0  # seconds; below the sender's SMTP timeout


class Mailbox:
    """aiosmtpd handler: every message delivered to the test SMTP server lands here."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self._lock = threading.Condition()
        self._held: dict[str, threading.Event] = {}

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self._lock:
            self.messages.append(message)  # type: ignore[arg-type]
            self._lock.notify_all()
            releases = [self._held.get(to.lower()) for to in envelope.rcpt_tos]
        for release in releases:
            if release is not None:
                await asyncio.get_running_loop().run_in_executor(
                    None, release.wait, HELD_REPLY_LIMIT
                )
        return "250 Message accepted for delivery"

    @contextmanager
    def holding_replies(self, to: str) -> Iterator[None]:
        """Within the block a message to `to` reaches the test at once, but the sender's
        SMTP reply waits until the block ends: whatever the sender does once its send
        returns (e.g. commit) has not happened yet while the test acts on the message."""
        release = threading.Event()
        with self._lock:
            self._held[to.lower()] = release
        try:
            yield
        finally:
            release.set()
            with self._lock:
                self._held.pop(to.lower(), None)

    def wait_for(
        self, to: str, subject_contains: str = "", timeout: float = 20.0, count: int = 1
    ) -> list[EmailMessage]:
        deadline = time.monotonic() + timeout
        with self._lock:
            while True:
                found = self.matching(to, subject_contains)
                if len(found) >= count:
                    return found
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(
                        f"no mail to {to!r} about {subject_contains!r} within "
                        f"{timeout}s; got {[m['To'] for m in self.messages]}"
                    )
                self._lock.wait(remaining)

    def matching(self, to: str, subject_contains: str = "") -> list[EmailMessage]:
        return [
            m
            for m in self.messages
            if to.lower() in str(m["To"]).lower() and subject_contains in str(m["Subject"])
        ]


def body_text(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain", "html"))
    assert part is not None
    return str(part.get_content())


@dataclass
class Stack:
    env: dict[str, str]
    base_url: str
    owner_url: str
    mailbox: Mailbox
    processes: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)
    logs: Path = STACK_LOGS

    def start(
        self, name: str, *args: str, extra_env: dict[str, str] | None = None, program: str = ORBIT
    ) -> subprocess.Popen[bytes]:
        self.logs.mkdir(parents=True, exist_ok=True)
        log = (self.logs / f"{name}.log").open("ab")
        process = subprocess.Popen(
            [program, *args],
            env={**self.env, **(extra_env or {})},
            stdout=log,
            stderr=subprocess.STDOUT,
            cwd=REPO,
        )
        self.processes[name] = process
        return process

    def stop(self, name: str, kill: bool = False) -> None:
        process = self.processes.pop(name, None)
        if process is None:
            return
        if kill:
            process.kill()
        else:
            process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

    def start_api(self, name: str, port: int, extra_env: dict[str, str] | None = None) -> str:
        self.start(name, "serve", "--host", "127.0.0.1", "--port", str(port), extra_env=extra_env)
        url = f"http://127.0.0.1:{port}"
        wait_ready(url, self.processes[name], self.logs / f"{name}.log")
        return url

    @contextmanager
    def another_api(self, name: str, extra_env: dict[str, str] | None = None) -> Iterator[str]:
        """An API process beside the session's, configured by `extra_env`, stopped when the
        block ends; its URL."""
        try:
            yield self.start_api(name, free_port(), extra_env=extra_env)
        finally:
            self.stop(name)

    def stop_all(self) -> None:
        for name in list(self.processes):
            self.stop(name)


def wait_ready(url: str, process: subprocess.Popen[bytes], log: Path, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{url} exited early:\n{log.read_text()[-3000:]}")
        try:
            if httpx.get(f"{url}/health/ready", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{url} not ready in {timeout}s:\n{log.read_text()[-3000:]}")


def localstripe_args(port: int) -> list[str]:
    """localstripe keeps its data in one file for every instance (/tmp/localstripe.pickle)
    and reads it at start: a stack's own starts empty, so a stack starting while another
    writes that file (pytest-xdist workers) does not read it half-written."""
    return ["--port", str(port), "--from-scratch"]


def wait_listening(
    port: int, process: subprocess.Popen[bytes], log: Path, timeout: float = 60
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"port {port}: process exited early:\n{log.read_text()[-3000:]}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nothing listens on {port} after {timeout}s:\n{log.read_text()[-3000:]}")


def base_database_url() -> str:
    return os.environ.get("ORBIT_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/postgres")


def create_stack(overrides: dict[str, str] | None = None) -> Stack:
    """Migrate a fresh database, start SMTP, the API and one worker."""
    owner = make_url(base_database_url()).set(database=f"orbit_test_{uuid.uuid4().hex[:10]}")
    owner_url = owner.render_as_string(hide_password=False)
    mailbox = Mailbox()
    smtp_port = free_port()
    controller = Controller(mailbox, hostname="127.0.0.1", port=smtp_port)
    controller.start()
    redis_url = os.environ.get("ORBIT_REDIS_URL", "redis://127.0.0.1:6379/0")
    api_port = free_port()
    stripe_port = free_port()
    env = {
        **os.environ,
        "ORBIT_DATABASE_URL": owner_url,
        "ORBIT_REDIS_URL": redis_url,
        "ORBIT_REDIS_NAMESPACE": f"orbit-test-{uuid.uuid4().hex[:8]}",
        "ORBIT_ENVIRONMENT": "test",
        "ORBIT_SMTP_HOST": "127.0.0.1",
        "ORBIT_SMTP_PORT": str(smtp_port),
        "ORBIT_PUBLIC_URL": f"http://127.0.0.1:{api_port}",
        # One API process per stack keeps start-up quick on small machines; the
        # several-process mode has its own test (tests/test_api_processes.py).
        "ORBIT_API_WORKERS": "1",
        "ORBIT_JOB_TIMEOUT_SECONDS": "5",
        "ORBIT_EVENT_RETRY_BASE_SECONDS": "0.2",
        "ORBIT_EVENT_MAX_ATTEMPTS": "3",
        "ORBIT_JWT_SECRET": "test-secret-0123456789-0123456789-abcdef",
        # Every anonymous test request comes from 127.0.0.1: one shared budget otherwise.
        "ORBIT_TENANT_RATE_LIMIT_PER_MINUTE": "100000",
        # Cheap argon2 for test users; production keeps the default cost.
        "ORBIT_PASSWORD_HASH_TIME_COST": "1",
        "ORBIT_PASSWORD_HASH_MEMORY_KIB": "1024",
        "ORBIT_LOG_LEVEL": "INFO",
        "ORBIT_STRIPE_API_BASE": f"http://127.0.0.1:{stripe_port}",
        "ORBIT_STRIPE_JS_URL": f"http://127.0.0.1:{stripe_port}/js.stripe.com/v3/",
        "ORBIT_SECRETS_KEYS": "dGVzdC1vbmx5LXNlY3JldHMta2V5LTAxMjM0NTY3ODk=",
        # Support mail for <slug>@support.orbit.test; the inbound server runs where a test
        # starts it (tests/test_ticket_inbound_mail.py).
        "ORBIT_INBOUND_MAIL_DOMAIN": INBOUND_MAIL_DOMAIN,
        "ORBIT_FILES_DIR": tempfile.mkdtemp(prefix="orbit-test-files-"),
    }
    env.update(overrides or {})
    env.pop("ORBIT_APP_DATABASE_URL", None)
    if (FRONTEND_DIST / "index.html").is_file():
        env["ORBIT_FRONTEND_DIST"] = str(FRONTEND_DIST)
    migrated = subprocess.run(
        [ORBIT, "migrate"], env=env, check=False, cwd=REPO, capture_output=True, text=True
    )
    if migrated.returncode != 0:
        raise RuntimeError(f"orbit migrate failed:\n{migrated.stderr}")
    stack = Stack(env=env, base_url="", owner_url=owner_url, mailbox=mailbox)
    stack.controller = controller  # type: ignore[attr-defined]
    localstripe = stack.start("localstripe", *localstripe_args(stripe_port), program=LOCALSTRIPE)
    wait_listening(stripe_port, localstripe, stack.logs / "localstripe.log")
    stack.base_url = stack.start_api("api", api_port)
    stack.start("worker", "worker")
    return stack


def destroy_stack(stack: Stack) -> None:
    stack.stop_all()
    stack.controller.stop()  # type: ignore[attr-defined]
    shutil.rmtree(stack.env["ORBIT_FILES_DIR"], ignore_errors=True)
    name = make_url(stack.owner_url).database
    admin = make_url(stack.owner_url).set(database="postgres").set(drivername="postgresql")

    async def drop() -> None:
        conn = await asyncpg.connect(admin.render_as_string(hide_password=False))
        try:
            await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            await conn.close()

    run_async(drop())


def run_async(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run a coroutine from synchronous test code, on a thread of its own: the main thread
    may already be running an event loop (Playwright's sync API keeps one for the session)."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()
