"""The worker relays outbox events to their handlers at least once, with effects exactly
once: failed handlers retry with back-off and end in a visible dead-letter list an admin
can retry from; a worker killed mid-job is replaced and the work completes once; a lost
job is found again by the sweep; in development, mail is caught locally and viewable."""

from __future__ import annotations

import asyncio
import email
import email.policy
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest
import redis
from aiosmtpd.controller import Controller
from arq.constants import job_key_prefix

from tests.support.database import owner_dsn, owner_sql, owner_value, tenant_id_of
from tests.support.graphql import (
    ACCEPT,
    INVITE,
    STRONG_PASSWORD,
    GraphQLClient,
    TenantSession,
    invitation_token,
    invite_and_join,
    row_id,
    sign_up,
    staff_email,
)
from tests.support.orders import confirmed_order, open_shop
from tests.support.stack import Mailbox, Stack, body_text, free_port
from tests.support.waiting import wait_until

INVITATION_EMAIL = "notifications.invitation_email"
MEMBER_JOINED = "notifications.member_joined"
DELIVERIES = """query Deliveries($filter: EventDeliveryFilter) {
  eventDeliveries(filter: $filter) {
    edges { node { id eventId eventType handler status attempts lastError payload } }
  }
}"""
RETRY = """mutation Retry($id: ID!) {
  retryEventDelivery(id: $id) {
    delivery { id status attempts } userErrors { code }
  }
}"""
NOTIFICATIONS = "query { notifications { edges { node { title } } } }"


class ControlledSmtp:
    """An SMTP server the test steers: it accepts mail, rejects it with 550, or hangs
    after the recipient (as a stuck mail server does) until released."""

    def __init__(self) -> None:
        self.mode = "accept"
        self.attempts: list[tuple[float, list[str]]] = []
        self.accepted: list[EmailMessage] = []
        self.hanging = threading.Event()
        self.released = threading.Event()

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, rcpt_options: list[str]
    ) -> str:
        if self.mode == "hang":
            self.hanging.set()
            await asyncio.to_thread(self.released.wait, 120)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.attempts.append((time.monotonic(), list(envelope.rcpt_tos)))
        if self.mode == "reject":
            return "550 5.7.1 Mailbox unavailable (the test server refuses all mail)"
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.accepted.append(message)  # type: ignore[arg-type]
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.accepted if address in str(m["To"])]

    def attempt_times(self, address: str) -> list[float]:
        return [at for at, recipients in self.attempts if address in recipients]


@pytest.fixture
def smtp() -> Iterator[tuple[ControlledSmtp, int]]:
    server = ControlledSmtp()
    port = free_port()
    controller = Controller(server, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield server, port
    finally:
        server.released.set()
        controller.stop()


@contextmanager
def worker_instead(stack: Stack, extra_env: dict[str, str]) -> Iterator[str]:
    """Replace the session's worker by one configured differently for the block; the
    usual worker is back afterwards, whatever happened (also if the test restarted it)."""
    name = "worker-under-test"
    stack.stop("worker")
    stack.start(name, "worker", extra_env=extra_env)
    try:
        yield name
    finally:
        stack.stop(name)
        if "worker" not in stack.processes:
            stack.start("worker", "worker")


def deliveries(client: GraphQLClient, **flt: str) -> list[dict[str, Any]]:
    data = client.data(DELIVERIES, {"filter": flt})
    return [edge["node"] for edge in data["eventDeliveries"]["edges"]]


def delivery_in(
    client: GraphQLClient, status: str, handler: str, timeout: float = 30.0
) -> dict[str, Any]:
    def probe() -> dict[str, Any] | None:
        found = [d for d in deliveries(client, status=status) if d["handler"] == handler]
        return found[0] if found else None

    return wait_until(probe, timeout, f"a {status} delivery of {handler}")


def invite(client: GraphQLClient, address: str) -> str:
    payload = client.data(
        INVITE, {"input": {"email": address, "name": "Ivy Invitee", "departmentKey": "support"}}
    )["inviteUser"]
    assert payload["userErrors"] == []
    user_id: str = payload["user"]["id"]
    return user_id


def accept_from(message: EmailMessage, api: GraphQLClient) -> dict[str, Any]:
    token = body_text(message).split("token=", 1)[1].split()[0]
    result: dict[str, Any] = api.data(
        ACCEPT, {"input": {"token": token, "password": STRONG_PASSWORD}}
    )
    return result["acceptInvitation"]


# --- retries, back-off and the dead-letter list --------------------------------------------


def test_a_failing_handler_backs_off_ends_dead_and_an_admin_retry_delivers_it(
    api: GraphQLClient,
    stack: Stack,
    mailbox: Mailbox,
    tenant: TenantSession,
    smtp: tuple[ControlledSmtp, int],
) -> None:
    server, port = smtp
    server.mode = "reject"
    invitee = staff_email(tenant, "bounce")
    with worker_instead(
        stack, {"ORBIT_SMTP_PORT": str(port), "ORBIT_EVENT_RETRY_BASE_SECONDS": "1"}
    ):
        invite(tenant.client, invitee)
        dead = delivery_in(tenant.client, "DEAD", INVITATION_EMAIL)

        assert dead["eventType"] == "user.invited"
        assert dead["attempts"] == int(stack.env["ORBIT_EVENT_MAX_ATTEMPTS"]) == 3
        assert "550" in dead["lastError"] and "Mailbox unavailable" in dead["lastError"]
        first, second, third = server.attempt_times(invitee)
        assert second - first >= 1.0 and third - second >= 2.0, "exponential back-off"
        assert server.accepted == [] and mailbox.matching(invitee) == []

        server.mode = "accept"
        retried = tenant.client.data(RETRY, {"id": dead["id"]})["retryEventDelivery"]
        assert retried["userErrors"] == []
        assert retried["delivery"]["status"] == "PENDING" and retried["delivery"]["attempts"] == 0

        message = wait_until(lambda: server.to(invitee)[-1:], what="the retried email")[0]
        done = delivery_in(tenant.client, "DONE", INVITATION_EMAIL)
        assert done["id"] == dead["id"] and done["attempts"] == 1
        assert deliveries(tenant.client, status="DEAD") == []
        assert accept_from(message, api)["userErrors"] == []

    again = tenant.client.data(RETRY, {"id": dead["id"]})["retryEventDelivery"]
    assert [e["code"] for e in again["userErrors"]] == ["DELIVERY_NOT_DEAD"]
    assert len(server.to(invitee)) == 1


def test_deliveries_need_permissions_and_stay_within_the_tenant(
    api: GraphQLClient, mailbox: Mailbox, tenant: TenantSession
) -> None:
    seller = invite_and_join(tenant, mailbox, staff_email(tenant, "seller"), "sales")
    done = delivery_in(tenant.client, "DONE", INVITATION_EMAIL)
    assert done["payload"]["userId"]

    assert seller.client.error_codes(DELIVERIES, {"filter": {}}) == ["FORBIDDEN"]
    assert seller.client.error_codes(RETRY, {"id": done["id"]}) == ["FORBIDDEN"]
    other = sign_up(api)
    assert deliveries(other.client) == []
    assert other.client.error_codes(RETRY, {"id": done["id"]}) == ["NOT_FOUND"]


# --- a worker killed in the middle of a job ------------------------------------------------


def in_progress_timeout(stack: Stack) -> float:
    """When arq itself hands a killed worker's job to another worker."""
    return float(stack.env["ORBIT_JOB_TIMEOUT_SECONDS"]) + 10


def test_a_worker_killed_while_sending_is_replaced_and_the_email_goes_out_once(
    api: GraphQLClient,
    stack: Stack,
    mailbox: Mailbox,
    tenant: TenantSession,
    smtp: tuple[ControlledSmtp, int],
) -> None:
    server, port = smtp
    server.mode = "hang"
    invitee = staff_email(tenant, "patient")
    with worker_instead(stack, {"ORBIT_SMTP_PORT": str(port)}) as stuck_worker:
        invite(tenant.client, invitee)
        assert server.hanging.wait(20), "the worker never reached the mail server"

        stack.stop(stuck_worker, kill=True)
        killed_at = time.monotonic()
        stack.start("worker", "worker")

        message = mailbox.wait_for(invitee, "invit", timeout=40)[0]
        done = delivery_in(tenant.client, "DONE", INVITATION_EMAIL)
        # Let arq re-run the killed job too, then check nothing happened twice.
        time.sleep(max(0.0, killed_at + in_progress_timeout(stack) + 2 - time.monotonic()))

    assert done["attempts"] == 1
    assert len(mailbox.matching(invitee)) == 1
    assert server.accepted == []
    assert deliveries(tenant.client, status="PENDING") == []
    assert accept_from(message, api)["userErrors"] == []


class HeldTableLock:
    """Holds a table lock from its own connection until released, as a long migration or a
    stuck batch job would."""

    def __init__(self, dsn: str, table: str, mode: str) -> None:
        self._sql = f"LOCK TABLE {table} IN {mode} MODE"
        self._dsn = dsn
        self._locked = threading.Event()
        self._release = threading.Event()
        self._thread = threading.Thread(target=lambda: asyncio.run(self._hold()), daemon=True)

    async def _hold(self) -> None:
        connection = await asyncpg.connect(self._dsn)
        try:
            async with connection.transaction():
                await connection.execute(self._sql)
                self._locked.set()
                await asyncio.to_thread(self._release.wait, 120)
        finally:
            await connection.close()

    def __enter__(self) -> HeldTableLock:
        self._thread.start()
        assert self._locked.wait(10)
        return self

    def release(self) -> None:
        self._release.set()
        self._thread.join(10)

    def __exit__(self, *_: object) -> None:
        self.release()


def blocked_notification_inserts(stack: Stack) -> int:
    return int(
        owner_value(
            stack,
            """
        SELECT count(*) FROM pg_stat_activity
        WHERE datname = current_database() AND wait_event_type = 'Lock'
          AND query ILIKE 'INSERT INTO notifications%'""",
        )
    )


def test_a_worker_killed_inside_a_database_handler_notifies_exactly_once(
    api: GraphQLClient, stack: Stack, mailbox: Mailbox, tenant: TenantSession
) -> None:
    invitee = staff_email(tenant, "joiner")
    invite(tenant.client, invitee)
    token = invitation_token(mailbox, invitee)
    try:
        with HeldTableLock(owner_dsn(stack), "notifications", "SHARE"):
            joined = api.data(ACCEPT, {"input": {"token": token, "password": STRONG_PASSWORD}})
            assert joined["acceptInvitation"]["userErrors"] == []
            wait_until(
                lambda: blocked_notification_inserts(stack),
                20,
                "the worker to wait inside the notification handler",
            )
            stack.stop("worker", kill=True)
    finally:
        if "worker" not in stack.processes:
            stack.start("worker", "worker")

    done = delivery_in(tenant.client, "DONE", MEMBER_JOINED, timeout=40)
    time.sleep(2)
    titles = [
        e["node"]["title"] for e in tenant.client.data(NOTIFICATIONS)["notifications"]["edges"]
    ]
    assert titles == ["Ivy Invitee joined"]
    assert done["attempts"] == 1
    assert [d for d in deliveries(tenant.client) if d["handler"] == MEMBER_JOINED] == [done]


# --- the outbox is the source of truth -----------------------------------------------------


def drop_queued_event_jobs(stack: Stack) -> int:
    """Lose the worker's queued event jobs, as a Redis restart without persistence would."""
    client = redis.Redis.from_url(stack.env["ORBIT_REDIS_URL"])
    queue = f"{stack.env['ORBIT_REDIS_NAMESPACE']}:jobs"
    try:
        jobs = [job for job in client.zrange(queue, 0, -1) if job.startswith(b"event:")]
        for job in jobs:
            client.zrem(queue, job)
            client.delete(job_key_prefix + job.decode())
        return len(jobs)
    finally:
        client.close()


def queued_event_jobs(stack: Stack) -> set[bytes]:
    client = redis.Redis.from_url(stack.env["ORBIT_REDIS_URL"])
    queue = f"{stack.env['ORBIT_REDIS_NAMESPACE']}:jobs"
    try:
        return {job for job in client.zrange(queue, 0, -1) if job.startswith(b"event:")}
    finally:
        client.close()


def test_one_transaction_nudges_the_worker_once_for_all_its_events(
    stack: Stack, api: GraphQLClient
) -> None:
    shop = open_shop(api)
    tenant_id = tenant_id_of(stack, shop.owner)
    stack.stop("worker")
    try:
        before = queued_event_jobs(stack)
        order = confirmed_order(shop.owner, shop)
        nudges = queued_event_jobs(stack) - before
        written = owner_sql(
            stack,
            "SELECT id FROM outbox_events WHERE tenant_id = $1 AND payload->>'orderId' = $2",
            uuid.UUID(tenant_id),
            row_id(order["id"]),
        )
    finally:
        stack.start("worker", "worker")

    assert len(written) >= 3, "creating and submitting an order writes several events"
    assert len(nudges) == 1
    wait_until(
        lambda: (
            not owner_sql(
                stack,
                "SELECT 1 FROM event_queue WHERE event_id = ANY($1::uuid[])",
                [row["id"] for row in written],
            )
        ),
        30,
        "every event of the order to be relayed",
    )


def test_a_handler_gets_only_the_status_changes_it_acts_on(
    stack: Stack, api: GraphQLClient
) -> None:
    """Every handler of order.status_changed used to get a delivery (a row and a savepoint)
    for every change; those that act on some statuses only now get only those."""
    shop = open_shop(api)
    confirmed_order(shop.owner, shop)
    client = shop.owner.client
    delivery_in(client, "DONE", "payments.follow_order")
    status_events = {
        d["eventId"] for d in deliveries(client) if d["eventType"] == "order.status_changed"
    }
    assert status_events, "the submission changed the order's status"
    wait_until(
        lambda: (
            not owner_sql(
                stack,
                "SELECT 1 FROM event_queue WHERE tenant_id = $1",
                uuid.UUID(tenant_id_of(stack, shop.owner)),
            )
        ),
        30,
        "every event of the tenant to be relayed",
    )
    handled = {
        (d["handler"], d["payload"]["to"])
        for d in deliveries(client)
        if d["eventType"] == "order.status_changed"
    }
    assert ("payments.follow_order", "confirmed") in handled
    assert "approvals.close_cancelled" not in {h for h, _ in handled}
    # No change request can be open before the order is confirmed, nor close on confirming.
    assert "order_changes.close_on_order_moved" not in {h for h, _ in handled}
    assert ("customer_notices.order_status", "confirmed") in handled
    only_confirmed = {"payments.follow_order", "customer_notices.order_status"}
    assert all(h not in only_confirmed or to == "confirmed" for h, to in handled)


def test_an_event_whose_job_was_lost_is_still_delivered(
    stack: Stack, mailbox: Mailbox, tenant: TenantSession
) -> None:
    invitee = staff_email(tenant, "lost")
    stack.stop("worker")
    try:
        invite(tenant.client, invitee)
        assert drop_queued_event_jobs(stack) >= 1
    finally:
        stack.start("worker", "worker")

    assert len(mailbox.wait_for(invitee, "invit", timeout=30)) == 1
    delivery_in(tenant.client, "DONE", INVITATION_EMAIL)


# --- development mail catcher --------------------------------------------------------------


def wait_for_port(port: int, timeout: float = 20.0) -> None:
    import socket

    def probe() -> bool:
        with socket.socket() as s:
            return s.connect_ex(("127.0.0.1", port)) == 0

    wait_until(probe, timeout, f"port {port}")


def test_in_development_mail_is_caught_locally_and_viewable(
    api: GraphQLClient, stack: Stack, tenant: TenantSession, tmp_path: Path
) -> None:
    data_dir = {"ORBIT_DATA_DIR": str(tmp_path)}
    port = free_port()
    stack.start("mailcatcher", "mailcatcher", "--port", str(port), extra_env=data_dir)
    try:
        wait_for_port(port)
        invitee = staff_email(tenant, "dev")
        with worker_instead(stack, {"ORBIT_SMTP_PORT": str(port)}):
            invite(tenant.client, invitee)
            caught = wait_until(
                lambda: list((tmp_path / "mail").glob("*.eml")), what="a caught message"
            )
        with stack.another_api("api-dev", {"ORBIT_ENVIRONMENT": "development", **data_dir}) as dev:
            index = httpx.get(f"{dev}/dev/mail", timeout=10)
            one = httpx.get(f"{dev}/dev/mail/{caught[0].name}", timeout=10)
            escape = httpx.get(f"{dev}/dev/mail/..%2Fsecret.eml", timeout=10)
    finally:
        stack.stop("mailcatcher")

    assert index.status_code == 200 and index.headers["content-type"].startswith("text/html")
    assert invitee in index.text and "invited to join Acme Trading" in index.text
    assert f'<a href="{stack.env["ORBIT_PUBLIC_URL"]}/accept-invitation?token=' in index.text
    assert one.status_code == 200 and invitee in one.text
    assert escape.status_code == 404
    assert httpx.get(f"{api.base_url}/dev/mail", timeout=10).status_code == 404


# --- worker metrics ------------------------------------------------------------------------


def metric(text: str, sample: str) -> float:
    """The value of one sample (name and labels) in Prometheus text format."""
    values = [
        float(line.rsplit(" ", 1)[1]) for line in text.splitlines() if line.startswith(sample + " ")
    ]
    return sum(values)


def test_the_worker_exports_job_counts_and_latency(stack: Stack) -> None:
    port = free_port()
    stack.start("worker-job-metrics", "worker", extra_env={"ORBIT_WORKER_METRICS_PORT": str(port)})
    url = f"http://127.0.0.1:{port}/metrics"

    def sweeps_counted() -> str | None:
        try:
            text = httpx.get(url, timeout=5).text
        except httpx.HTTPError:
            return None
        return (
            text
            if metric(text, 'orbit_jobs_total{job="sweep_event_queue",outcome="success"}') >= 2
            else None
        )

    try:
        text = wait_until(sweeps_counted, 40, "the worker's job metrics")
    finally:
        stack.stop("worker-job-metrics")
    assert metric(text, 'orbit_job_seconds_count{job="sweep_event_queue"}') >= 2
