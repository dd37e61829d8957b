"""A role or permission change made through one API process is enforced by every other API
process, and heard by every worker, within a second; also after a watcher lost Redis."""

from __future__ import annotations

import asyncio
import threading
import time
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
import redis
from prometheus_client import REGISTRY
from redis.asyncio import Redis

from core.db import Database
from core.tenancy import Principal, PrincipalKind
from rbac.enforcer import EnforcerCache
from tests.support.database import app_dsn
from tests.support.graphql import GraphQLClient, TenantSession, invite_and_join, row_uuid, sign_up
from tests.support.rbac import permission_list
from tests.support.stack import Mailbox, Stack, free_port

PROPAGATION_LIMIT = 1.0
USERS = "query Users { users(first: 1) { edges { node { id } } } }"
AUDIT = "query Audit { auditLog(first: 1) { edges { node { action } } } }"
VIEWER = "query Viewer { viewer { roles user { id } } }"
ROLES = "query Roles { roles { id key permissions { resource action } } }"
UPDATE_ROLE = """mutation Update($input: UpdateRoleInput!) { updateRole(input: $input) {
    role { key } userErrors { code } } }"""
ASSIGN = """mutation Assign($input: AssignRolesInput!) { assignRoles(input: $input) {
    roleKeys userErrors { code } } }"""


@dataclass
class Seller:
    """A sales user signed in to both API processes, and the owner who edits their role."""

    owner: TenantSession
    on_first: GraphQLClient
    on_second: GraphQLClient
    sales_role: dict[str, Any]

    def set_sales_permissions(self, *labels: str) -> None:
        payload = self.owner.client.data(
            UPDATE_ROLE,
            {"input": {"roleId": self.sales_role["id"], "permissions": permission_list(*labels)}},
        )["updateRole"]
        assert payload["userErrors"] == []


@pytest.fixture(scope="module")
def second_api(stack: Stack) -> Iterator[GraphQLClient]:
    with stack.another_api("api2") as url:
        yield GraphQLClient(url)


@pytest.fixture
def seller(api: GraphQLClient, second_api: GraphQLClient, mailbox: Mailbox) -> Seller:
    owner = sign_up(api)
    joined = invite_and_join(owner, mailbox, f"seller@{owner.slug}.example.com", "sales")
    roles = {r["key"]: r for r in owner.client.data(ROLES)["roles"]}
    seller = Seller(owner, joined.client, second_api.as_(joined.access_token), roles["sales"])
    # Both processes load and cache the tenant's policy before anything changes.
    for client in (seller.on_first, seller.on_second):
        assert client.data(USERS)["users"]["edges"]
        assert client.error_codes(AUDIT) == ["FORBIDDEN"]
    return seller


def seconds_until(condition: Callable[[], bool], since: float, give_up: float = 10.0) -> float:
    """Seconds from `since` until `condition` first holds (polled as fast as requests go)."""
    while not condition():
        if time.monotonic() - since > give_up:
            raise AssertionError(f"still not true after {give_up} s")
        time.sleep(0.005)
    return time.monotonic() - since


def change_sales_permissions(seller: Seller, *labels: str) -> float:
    """Replace the sales role's permissions through the first process; when it was sent."""
    started = time.monotonic()
    seller.set_sales_permissions(*labels)
    return started


def test_a_revoked_permission_is_enforced_by_the_other_process(seller: Seller) -> None:
    started = change_sales_permissions(seller, "customers:read", "settings:read")

    elapsed = seconds_until(lambda: seller.on_second.error_codes(USERS) == ["FORBIDDEN"], started)
    assert elapsed < PROPAGATION_LIMIT
    assert seller.on_first.error_codes(USERS) == ["FORBIDDEN"]


def test_a_granted_permission_is_enforced_by_the_other_process(seller: Seller) -> None:
    started = change_sales_permissions(seller, "users:read", "audit:read")

    elapsed = seconds_until(lambda: not seller.on_second.execute(AUDIT).get("errors"), started)
    assert elapsed < PROPAGATION_LIMIT
    assert seller.on_second.data(AUDIT)["auditLog"]["edges"]


def test_an_assigned_role_is_enforced_by_the_other_process(seller: Seller) -> None:
    seller_id = seller.on_first.data(VIEWER)["viewer"]["user"]["id"]
    started = time.monotonic()
    assigned = seller.owner.client.data(
        ASSIGN, {"input": {"subjectId": seller_id, "roleKeys": ["finance"]}}
    )["assignRoles"]
    assert assigned["userErrors"] == []

    elapsed = seconds_until(
        lambda: seller.on_second.data(VIEWER)["viewer"]["roles"] == ["finance"], started
    )
    assert elapsed < PROPAGATION_LIMIT
    assert seller.on_second.data(AUDIT)["auditLog"]["edges"]


# --- the watcher losing Redis ------------------------------------------------------------


def redis_client(stack: Stack) -> redis.Redis:
    return redis.Redis.from_url(stack.env["ORBIT_REDIS_URL"], decode_responses=True)


def watcher_name(stack: Stack, process: str) -> str:
    namespace = stack.env["ORBIT_REDIS_NAMESPACE"]
    return f"{namespace}:rbac:changed:watcher:{stack.processes[process].pid}"


def watcher_connection(
    stack: Stack, process: str, subscribed: bool = True
) -> dict[str, Any] | None:
    """The process's watcher connection as Redis lists it (CLIENT LIST), if it has one."""
    name = watcher_name(stack, process)
    with redis_client(stack) as client:
        clients: list[dict[str, Any]] = client.client_list()
    return next(
        (c for c in clients if c["name"] == name and (c["sub"] == "1" or not subscribed)), None
    )


class WatcherOutage:
    """Cuts one process's watcher off Redis for a while: every connection it makes is killed
    at once, so whatever is published meanwhile never reaches it."""

    def __init__(self, stack: Stack, process: str, seconds: float) -> None:
        self.stack, self.process, self.seconds = stack, process, seconds
        self.kills = 0
        self.first_kill = threading.Event()
        self.thread = threading.Thread(target=self._cut_off, daemon=True)

    def _cut_off(self) -> None:
        deadline = time.monotonic() + self.seconds
        with redis_client(self.stack) as client:
            while time.monotonic() < deadline:
                connection = watcher_connection(self.stack, self.process, subscribed=False)
                if connection is not None:
                    client.client_kill_filter(_id=connection["id"])
                    self.kills += 1
                    self.first_kill.set()

    def __enter__(self) -> WatcherOutage:
        self.thread.start()
        assert self.first_kill.wait(5), "the watcher had no connection to cut"
        return self

    def __exit__(self, *_: object) -> None:
        self.thread.join()


def test_a_watcher_cut_off_from_redis_catches_up(stack: Stack, seller: Seller) -> None:
    with WatcherOutage(stack, "api2", seconds=0.5) as outage:
        # Rules read while the watcher is deaf must not outlive the changes it missed.
        assert seller.on_second.data(USERS)["users"]["edges"]
        change_sales_permissions(seller, "customers:read")
    back = time.monotonic()

    elapsed = seconds_until(lambda: seller.on_second.error_codes(USERS) == ["FORBIDDEN"], back)
    assert elapsed < PROPAGATION_LIMIT
    assert outage.kills >= 1
    seconds_until(lambda: watcher_connection(stack, "api2") is not None, time.monotonic())

    assert seller.on_second.error_codes(AUDIT) == ["FORBIDDEN"]
    started = change_sales_permissions(seller, "audit:read")
    elapsed = seconds_until(lambda: not seller.on_second.execute(AUDIT).get("errors"), started)
    assert elapsed < PROPAGATION_LIMIT


# --- the worker --------------------------------------------------------------------------


def metric(url: str, name: str) -> float:
    for line in httpx.get(url, timeout=5).text.splitlines():
        if line.startswith(f"{name} "):
            return float(line.split()[1])
    raise AssertionError(f"{name} not exported at {url}")


@pytest.fixture(scope="module")
def worker_metrics(stack: Stack) -> Iterator[str]:
    """A second worker exporting its metrics, so the test can see what it heard."""
    port = free_port()
    stack.start("worker-metrics", "worker", extra_env={"ORBIT_WORKER_METRICS_PORT": str(port)})
    url = f"http://127.0.0.1:{port}/metrics"
    try:
        seconds_until(
            lambda: _exported(url, "orbit_rbac_watcher_subscribed", 1.0),
            time.monotonic(),
            give_up=30.0,
        )
        yield url
    finally:
        stack.stop("worker-metrics")


def _exported(url: str, name: str, value: float) -> bool:
    try:
        return metric(url, name) == value
    except (httpx.HTTPError, AssertionError):
        return False


def test_the_worker_hears_a_change_within_a_second(
    stack: Stack, worker_metrics: str, seller: Seller
) -> None:
    assert watcher_connection(stack, "worker-metrics") is not None
    heard = metric(worker_metrics, "orbit_rbac_policy_changes_heard_total")
    started = change_sales_permissions(seller, "customers:read")

    elapsed = seconds_until(
        lambda: metric(worker_metrics, "orbit_rbac_policy_changes_heard_total") > heard, started
    )
    assert elapsed < PROPAGATION_LIMIT


# --- one process's cache under concurrency ----------------------------------------------


def owner_principal(api: GraphQLClient) -> Principal:
    owner = sign_up(api)
    data = owner.client.data("query Me { tenant { id } viewer { user { id } } }")
    return Principal(
        kind=PrincipalKind.STAFF,
        tenant_id=uuid.UUID(data["tenant"]["id"]),
        subject_id=row_uuid(data["viewer"]["user"]["id"]),
    )


@pytest.fixture
async def caches(stack: Stack) -> AsyncIterator[Callable[..., EnforcerCache]]:
    """EnforcerCaches as an API process builds them, on the stack's database and Redis."""
    db = Database(app_dsn(stack), pool_size=5)
    redis_async = Redis.from_url(stack.env["ORBIT_REDIS_URL"])

    def make(max_tenants: int = 2000) -> EnforcerCache:
        return EnforcerCache(
            db,
            redis_async,
            max_tenants=max_tenants,
            channel=f"{stack.env['ORBIT_REDIS_NAMESPACE']}:rbac-test",
        )

    try:
        yield make
    finally:
        await redis_async.aclose()
        await db.dispose()


def policy_loads() -> float:
    return REGISTRY.get_sample_value("orbit_rbac_policy_loads_total") or 0.0


async def test_concurrent_checks_of_one_tenant_share_one_load(
    api: GraphQLClient, caches: Callable[..., EnforcerCache]
) -> None:
    owner, cache = owner_principal(api), caches()
    loads = policy_loads()

    allowed = await asyncio.gather(*(cache.allows(owner, "roles", "write") for _ in range(20)))

    assert all(allowed)
    assert policy_loads() - loads == 1


async def test_a_load_overtaken_by_a_change_is_loaded_again_not_kept(
    api: GraphQLClient, caches: Callable[..., EnforcerCache]
) -> None:
    owner, cache = owner_principal(api), caches()
    loads = policy_loads()

    check = asyncio.create_task(cache.allows(owner, "roles", "write"))
    await asyncio.sleep(0)  # the check's load is now in flight
    cache.invalidate(owner.tenant_id)
    assert await check

    assert policy_loads() - loads == 2
    assert await cache.allows(owner, "roles", "write")
    assert policy_loads() - loads == 2


async def test_the_cache_holds_a_bounded_number_of_tenants(
    api: GraphQLClient, caches: Callable[..., EnforcerCache]
) -> None:
    first, second = owner_principal(api), owner_principal(api)
    roomy, tight = caches(max_tenants=2), caches(max_tenants=1)

    for cache in (roomy, tight):
        loads = policy_loads()
        for principal in (first, second, first):
            assert await cache.allows(principal, "users", "read")
        assert policy_loads() - loads == (2 if cache is roomy else 3)
