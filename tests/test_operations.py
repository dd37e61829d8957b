"""What an operator relies on: health probes, Prometheus metrics, request ids in responses
and JSON logs, a clean exit on SIGTERM, client addresses taken from trusted proxies only,
and a worker metrics server this machine alone can reach."""

from __future__ import annotations

import json
import signal
import socket
import subprocess
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from ipaddress import ip_address
from pathlib import Path

import asyncpg
import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy.engine import make_url

from tests.support.database import owner_dsn, run_async
from tests.support.graphql import LOG_IN, GraphQLClient, TenantSession
from tests.support.stack import Stack, free_port

TENANT = "query OperationsTenant { tenant { id slug } }"


def test_liveness_answers_without_dependencies(api: GraphQLClient) -> None:
    response = httpx.get(f"{api.base_url}/health/live")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_readiness_checks_postgres_redis_and_migrations(api: GraphQLClient) -> None:
    response = httpx.get(f"{api.base_url}/health/ready")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"postgres": "ok", "migrations": "ok", "redis": "ok"},
    }


@pytest.fixture
def empty_database(stack: Stack) -> Iterator[str]:
    """A database of our own that was never migrated; dropped afterwards."""
    name = f"orbit_ops_{uuid.uuid4().hex[:10]}"

    async def run(sql: str) -> None:
        conn = await asyncpg.connect(owner_dsn(stack, "postgres"))
        try:
            await conn.execute(sql)
        finally:
            await conn.close()

    run_async(run(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(stack.owner_url).set(database=name).render_as_string(hide_password=False)
    finally:
        run_async(run(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def wait_for_status(
    url: str, process: subprocess.Popen[bytes], timeout: float = 40
) -> httpx.Response:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, "the API exited instead of reporting not ready"
        try:
            return httpx.get(url, timeout=5)
        except httpx.TransportError:
            time.sleep(0.2)
    raise AssertionError(f"{url} never answered")


def test_readiness_fails_and_names_migrations_when_the_schema_is_behind(
    stack: Stack, empty_database: str
) -> None:
    name, port = "api-unmigrated", free_port()
    process = stack.start(
        name,
        "serve",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        extra_env={"ORBIT_DATABASE_URL": empty_database},
    )
    try:
        response = wait_for_status(f"http://127.0.0.1:{port}/health/ready", process)
        live = httpx.get(f"http://127.0.0.1:{port}/health/live", timeout=5)
    finally:
        stack.stop(name)
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"]["postgres"] == "ok" and body["checks"]["redis"] == "ok"
    assert body["checks"]["migrations"] != "ok"
    assert "orbit migrate" in body["checks"]["migrations"]
    assert live.status_code == 200


def metric_samples(api: GraphQLClient) -> list[tuple[str, dict[str, str], float]]:
    response = httpx.get(f"{api.base_url}/metrics")
    assert response.status_code == 200
    content_type = response.headers["content-type"]
    assert content_type.startswith("text/plain") and content_type.count("charset=") == 1
    return [
        (s.name, s.labels, s.value)
        for family in text_string_to_metric_families(response.text)
        for s in family.samples
    ]


def test_metrics_count_requests_and_time_operations_by_name(
    api: GraphQLClient, tenant: TenantSession
) -> None:
    operation = f"OperationsProbe{uuid.uuid4().hex[:8]}"
    for _ in range(3):
        tenant.client.data(f"query {operation} {{ tenant {{ slug }} }}")
    samples = metric_samples(api)

    requests = [
        (labels, value)
        for name, labels, value in samples
        if name == "orbit_http_requests_total" and labels["route"] == "/graphql"
    ]
    assert any(
        labels["method"] == "POST" and labels["status"] == "200" and value >= 3
        for labels, value in requests
    )
    timings = {
        name: value
        for name, labels, value in samples
        if name.startswith("orbit_graphql_operation_seconds")
        and labels.get("operation") == operation
        and labels.get("type") == "query"
    }
    assert timings["orbit_graphql_operation_seconds_count"] == 3
    assert timings["orbit_graphql_operation_seconds_sum"] > 0
    statements = [
        value
        for name, labels, value in samples
        if name == "orbit_db_statements_total" and labels["operation"] == operation
    ]
    assert statements and statements[0] > 0


def test_request_ids_are_kept_or_generated(api: GraphQLClient) -> None:
    mine = f"ops-{uuid.uuid4().hex}"
    given = httpx.get(f"{api.base_url}/health/live", headers={"X-Request-ID": mine})
    assert given.headers["x-request-id"] == mine
    first = httpx.get(f"{api.base_url}/health/live").headers["x-request-id"]
    second = httpx.post(f"{api.base_url}/graphql", json={"query": "{ __typename }"})
    assert first and second.headers["x-request-id"] and first != second.headers["x-request-id"]
    oversized = httpx.get(f"{api.base_url}/health/live", headers={"X-Request-ID": "r" * 500})
    assert 0 < len(oversized.headers["x-request-id"]) <= 64


def log_entries(stack: Stack, name: str, offset: int = 0) -> list[dict[str, object]]:
    """The process's log from `offset` on; every line must be one JSON object."""
    with (stack.logs / f"{name}.log").open("rb") as log:
        log.seek(offset)
        lines = log.read().decode().splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def test_logs_are_json_lines_with_request_and_tenant_ids(
    stack: Stack, tenant: TenantSession
) -> None:
    offset = (stack.logs / "api.log").stat().st_size
    request_id = f"ops-log-{uuid.uuid4().hex}"
    response = tenant.client.raw(TENANT, headers={"X-Request-ID": request_id})
    tenant_id = response.json()["data"]["tenant"]["id"]
    deadline = time.monotonic() + 10
    while True:
        mine = [e for e in log_entries(stack, "api", offset) if e.get("request_id") == request_id]
        if mine or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert mine, "no log line carries the request id"
    request_line = [e for e in mine if e.get("event") == "http.request"]
    assert request_line and request_line[0]["tenant_id"] == tenant_id
    assert {"level", "timestamp", "status", "duration_ms"} <= set(request_line[0])


def exit_code_after_sigterm(process: subprocess.Popen[bytes], timeout: float) -> int:
    """SIGTERM, then the exit status; the process is killed if it outlives `timeout`."""
    process.send_signal(signal.SIGTERM)
    try:
        return process.wait(timeout=timeout)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def test_api_exits_cleanly_on_sigterm(stack: Stack) -> None:
    name = "api-shutdown"
    log = stack.logs / f"{name}.log"
    offset = log.stat().st_size if log.exists() else 0
    url = stack.start_api(name, free_port())
    process = stack.processes.pop(name)
    assert httpx.get(f"{url}/health/live").status_code == 200
    started = time.monotonic()
    code = exit_code_after_sigterm(process, timeout=15)
    # uvicorn re-raises the signal once it has shut down gracefully, so the exit status
    # says "ended by SIGTERM" (what Kubernetes and systemd expect); anything else is a crash.
    assert code in (0, -signal.SIGTERM)
    assert time.monotonic() - started < 10
    events = [e.get("event") for e in log_entries(stack, name, offset)]
    assert events[-3:] == [
        "Waiting for application shutdown.",
        "Application shutdown complete.",
        events[-1],
    ]
    assert str(events[-1]).startswith("Finished server process")


def test_worker_exits_cleanly_on_sigterm(stack: Stack) -> None:
    name = "worker-shutdown"
    log = stack.logs / f"{name}.log"
    offset = log.stat().st_size if log.exists() else 0
    process = stack.start(name, "worker")
    stack.processes.pop(name)
    deadline = time.monotonic() + 30
    while not any(e.get("event") == "worker.started" for e in log_entries(stack, name, offset)):
        assert process.poll() is None, (stack.logs / f"{name}.log").read_text()[-2000:]
        assert time.monotonic() < deadline, "the worker did not start within 30 s"
        time.sleep(0.2)
    started = time.monotonic()
    code = exit_code_after_sigterm(process, timeout=20)
    assert code in (0, -signal.SIGTERM), (stack.logs / f"{name}.log").read_text()[-2000:]
    assert time.monotonic() - started < 15
    events = [str(e.get("event")) for e in log_entries(stack, name, offset)]
    assert any(event.startswith("shutdown on SIGTERM") for event in events)


# --- the client address behind a proxy ---------------------------------------------------

FAILED_LOGINS_PER_ADDRESS = 3


@contextmanager
def api_behind(stack: Stack, name: str, trusted_proxies: str) -> Iterator[GraphQLClient]:
    """An API trusting X-Forwarded-For from `trusted_proxies`, blocking an address after a
    few failed log-ins, with counters of its own."""
    settings = {
        "ORBIT_FORWARDED_ALLOW_IPS": trusted_proxies,
        "ORBIT_LOGIN_MAX_FAILURES_PER_IP": str(FAILED_LOGINS_PER_ADDRESS),
        "ORBIT_REDIS_NAMESPACE": f"orbit-proxy-{uuid.uuid4().hex[:8]}",
    }
    with stack.another_api(name, settings) as url:
        yield GraphQLClient(url)


@pytest.fixture(scope="module")
def proxied_api(stack: Stack) -> Iterator[GraphQLClient]:
    """Behind a proxy on this machine (the tests' own requests come from 127.0.0.1)."""
    with api_behind(stack, "api-behind-local-proxy", "127.0.0.1") as proxied:
        yield proxied


@pytest.fixture(scope="module")
def api_behind_another_proxy(stack: Stack) -> Iterator[GraphQLClient]:
    """Trusting only a proxy at another address: nothing the tests send comes from it."""
    with api_behind(stack, "api-behind-other-proxy", "10.255.255.1") as proxied:
        yield proxied


def failed_login_code(api: GraphQLClient, forwarded_for: str | None = None) -> str:
    """The error code of a log-in with a wrong password for an account nobody has (a new one
    each time, so that only the per-address counter adds up)."""
    headers = {"X-Forwarded-For": forwarded_for} if forwarded_for else {}
    payload = api.data(
        LOG_IN,
        {
            "input": {
                "tenantSlug": f"nobody-{uuid.uuid4().hex[:8]}",
                "email": "nobody@example.com",
                "password": "not-the-password",
            }
        },
        headers=headers,
    )["logIn"]
    (error,) = payload["userErrors"]
    return str(error["code"])


def test_each_forwarded_client_address_has_its_own_log_in_budget(
    proxied_api: GraphQLClient,
) -> None:
    client, neighbour = "203.0.113.7", "203.0.113.8"
    for _ in range(FAILED_LOGINS_PER_ADDRESS):
        assert failed_login_code(proxied_api, client) == "INVALID_CREDENTIALS"
    assert failed_login_code(proxied_api, client) == "TOO_MANY_ATTEMPTS"
    # The proxy puts the client last in a chain that came in with a forged address first.
    assert failed_login_code(proxied_api, f"198.51.100.1, {client}") == "TOO_MANY_ATTEMPTS"
    assert failed_login_code(proxied_api, neighbour) == "INVALID_CREDENTIALS"
    assert failed_login_code(proxied_api) == "INVALID_CREDENTIALS"  # the proxy's own address


def test_x_forwarded_for_from_an_untrusted_peer_is_ignored(
    api_behind_another_proxy: GraphQLClient,
) -> None:
    for client in ("203.0.113.7", "203.0.113.8", "203.0.113.9"):
        assert failed_login_code(api_behind_another_proxy, client) == "INVALID_CREDENTIALS"
    # All three counted against the real peer, 127.0.0.1, whatever the header claimed.
    assert failed_login_code(api_behind_another_proxy, "203.0.113.10") == "TOO_MANY_ATTEMPTS"
    assert failed_login_code(api_behind_another_proxy) == "TOO_MANY_ATTEMPTS"


# --- the worker's metrics server -----------------------------------------------------------

LISTEN = "0A"


def listening_addresses(port: int) -> set[str]:
    """The addresses TCP sockets listen on at `port`, read from the kernel's tables
    (addresses there are 32-bit words in host byte order)."""
    addresses = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            address, port_hex = fields[1].split(":")
            if fields[3] == LISTEN and int(port_hex, 16) == port:
                raw = bytes.fromhex(address)
                words = b"".join(raw[i : i + 4][::-1] for i in range(0, len(raw), 4))
                addresses.add(str(ip_address(words)))
    return addresses


def test_the_worker_serves_its_metrics_to_this_machine_only(stack: Stack) -> None:
    name, port = "worker-local-metrics", free_port()
    process = stack.start(name, "worker", extra_env={"ORBIT_WORKER_METRICS_PORT": str(port)})
    try:
        deadline = time.monotonic() + 30
        while not listening_addresses(port):
            assert process.poll() is None, (stack.logs / f"{name}.log").read_text()[-2000:]
            assert time.monotonic() < deadline, "the worker's metrics server did not start"
            time.sleep(0.2)
        assert listening_addresses(port) == {"127.0.0.1"}
        assert httpx.get(f"http://127.0.0.1:{port}/metrics").status_code == 200
    finally:
        stack.stop(name)


def test_a_client_that_hangs_up_mid_request_is_logged_as_cancelled_not_as_a_server_error(
    stack: Stack,
) -> None:
    """A request whose client goes away before the answer is the client's doing: the access
    log says 499 (cancelled), and the request counts as no server error."""
    offset = (stack.logs / "api.log").stat().st_size
    request_id = f"ops-hangup-{uuid.uuid4().hex}"
    host, port = stack.base_url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as connection:
        connection.sendall(
            (
                "POST /graphql HTTP/1.1\r\n"
                f"Host: {host}\r\n"
                "Content-Type: application/json\r\n"
                "Content-Length: 1000\r\n"
                f"X-Request-ID: {request_id}\r\n\r\n"
                '{"query": "{ __typename'
            ).encode()
        )
        time.sleep(0.5)  # the server is now reading a body that never completes
    deadline = time.monotonic() + 15
    while True:
        mine = [
            e
            for e in log_entries(stack, "api", offset)
            if e.get("request_id") == request_id and e.get("event") == "http.request"
        ]
        if mine or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert [(e["status"], e.get("cancelled")) for e in mine] == [(499, True)]
