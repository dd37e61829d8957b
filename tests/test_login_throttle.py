"""Someone guessing a password sends many attempts at once: however many arrive together, at
most the limit of passwords (or client secrets) is checked in a window, the callers turned
away learn when to try again, and the right password is refused until the window has passed.
An organisation that does not exist answers as slowly as one that does, so timing does not
tell which organisations exist."""

from __future__ import annotations

import asyncio
import statistics
import time
import uuid
from collections.abc import Awaitable, Callable, Iterator
from typing import Any, TypeVar

import httpx
import pytest

from tests.support.api_clients import create_client
from tests.support.customers import unique_email
from tests.support.graphql import GraphQLClient, TenantSession, client_address, codes_of, sign_up
from tests.support.portal import SET_PASSWORD, portal_customer, sign_in_by_link
from tests.support.stack import Mailbox, Stack, run_async

T = TypeVar("T")
Send = Callable[[httpx.AsyncClient, str], Awaitable[T]]

LOG_IN = """mutation LogIn($input: LogInInput!) { logIn(input: $input) {
  accessToken retryAfterSeconds userErrors { code } } }"""
PORTAL_LOG_IN = """mutation PortalLogIn($input: PortalLogInInput!) { portalLogIn(input: $input) {
  accessToken retryAfterSeconds userErrors { code } } }"""
REQUEST_LINK = """mutation RequestLink($input: RequestPortalMagicLinkInput!) {
  requestPortalMagicLink(input: $input) { accepted retryAfterSeconds userErrors { code } } }"""
PORTAL_PASSWORD = "portal-Test-passphrase-77"
BURST = 40
WINDOW_SECONDS = 4
ADDRESSES_PER_CLIENT_BUDGET = 3  # docs/graphql.md: a client's budget is three addresses' wide


def account_limit(stack: Stack) -> int:
    return int(stack.env.get("ORBIT_LOGIN_MAX_FAILURES_PER_ACCOUNT", "5"))


def address_limit(stack: Stack) -> int:
    return int(stack.env.get("ORBIT_LOGIN_MAX_FAILURES_PER_IP", "30"))


def wrong_secrets(count: int) -> list[str]:
    return [f"wrong-passphrase-{n}-{uuid.uuid4().hex[:6]}" for n in range(count)]


async def burst(send: Send[T], wrong: list[str], right: str, limit: int) -> tuple[list[T], T]:
    """Send every wrong secret at once, and the right one in the middle of the burst as soon
    as `limit` answers are back (so the budget is spent by then, whatever the order in which
    the server took the others); all the answers, the right one's apart."""
    async with httpx.AsyncClient(timeout=60) as client:
        tasks = [asyncio.create_task(send(client, secret)) for secret in wrong]
        try:
            for answered, next_answer in enumerate(asyncio.as_completed(tasks), start=1):
                await next_answer
                if answered == limit:
                    break
            right_answer = await send(client, right)
        finally:
            answers = await asyncio.gather(*tasks, return_exceptions=True)
    failed = [a for a in answers if isinstance(a, BaseException)]
    if failed:
        raise failed[0]
    return [a for a in answers if not isinstance(a, BaseException)], right_answer


def send_once(send: Send[T], secret: str) -> T:
    async def once() -> T:
        async with httpx.AsyncClient(timeout=60) as client:
            return await send(client, secret)

    return run_async(once())


def graphql_sender(
    api: GraphQLClient,
    query: str,
    field: str,
    variables: Callable[[str], dict[str, Any]],
    headers: dict[str, str],
) -> Send[dict[str, Any]]:
    async def send(client: httpx.AsyncClient, secret: str) -> dict[str, Any]:
        response = await client.post(
            f"{api.base_url}/graphql",
            headers=headers,
            json={"query": query, "variables": {"input": variables(secret)}},
        )
        body = response.json()
        if body.get("errors"):
            raise AssertionError(body["errors"][0]["message"])
        payload: dict[str, Any] = body["data"][field]
        return payload

    return send


def assert_only_the_limit_was_checked(
    answers: list[dict[str, Any]], limit: int, checked_code: str = "INVALID_CREDENTIALS"
) -> None:
    answer_codes = [codes_of(a) for a in answers]
    assert answer_codes.count([checked_code]) == limit, answer_codes
    refused = [a for a in answers if codes_of(a) != [checked_code]]
    assert [codes_of(a) for a in refused] == [["TOO_MANY_ATTEMPTS"]] * (len(answers) - limit)
    assert all(a["retryAfterSeconds"] > 0 for a in refused)
    assert all(a["retryAfterSeconds"] is None for a in answers if a not in refused)


# --- staff log-in ---------------------------------------------------------------------------


def test_a_burst_of_staff_log_ins_checks_only_the_limit_and_refuses_the_right_password(
    api: GraphQLClient, stack: Stack, tenant: TenantSession
) -> None:
    limit = account_limit(stack)
    send = graphql_sender(
        api,
        LOG_IN,
        "logIn",
        lambda password: {"tenantSlug": tenant.slug, "email": tenant.email, "password": password},
        client_address(),
    )

    wrong, right = run_async(burst(send, wrong_secrets(BURST - 1), tenant.password, limit))

    assert_only_the_limit_was_checked(wrong, limit)
    assert codes_of(right) == ["TOO_MANY_ATTEMPTS"] and right["accessToken"] is None
    assert right["retryAfterSeconds"] > 0
    afterwards = send_once(send, tenant.password)
    assert codes_of(afterwards) == ["TOO_MANY_ATTEMPTS"]


def test_a_burst_from_one_address_across_accounts_checks_only_the_address_limit(
    api: GraphQLClient, stack: Stack, tenant: TenantSession
) -> None:
    limit = address_limit(stack)
    headers = client_address()
    accounts = [unique_email("sprayed") for _ in range(BURST - 1)]
    send = graphql_sender(
        api,
        LOG_IN,
        "logIn",
        lambda email: {
            "tenantSlug": tenant.slug,
            "email": email,
            "password": "a-guessed-passphrase-1",
        },
        headers,
    )

    sprayed, owner = run_async(burst(send, accounts, tenant.email, limit))

    assert_only_the_limit_was_checked(sprayed, limit)
    assert codes_of(owner) == ["TOO_MANY_ATTEMPTS"]
    elsewhere = api.data(
        LOG_IN,
        {"input": {"tenantSlug": tenant.slug, "email": tenant.email, "password": tenant.password}},
        headers=client_address(),
    )["logIn"]
    assert elsewhere["userErrors"] == [] and elsewhere["accessToken"]


# --- the portal -----------------------------------------------------------------------------


def portal_contact_with_password(
    api: GraphQLClient,
    tenant: TenantSession,
    mailbox: Mailbox,
    password_api: GraphQLClient | None = None,
) -> str:
    """A contact with portal access who chose PORTAL_PASSWORD (hashed by `password_api`)."""
    customer = portal_customer(tenant)
    session = sign_in_by_link(api, mailbox, tenant.slug, customer.email)
    chosen = (password_api or api).data(
        SET_PASSWORD, {"password": PORTAL_PASSWORD}, token=session["accessToken"]
    )["setPortalPassword"]
    assert chosen["userErrors"] == [], chosen["userErrors"]
    return customer.email


def test_a_burst_of_portal_log_ins_checks_only_the_limit_and_refuses_the_right_password(
    api: GraphQLClient, stack: Stack, tenant: TenantSession, mailbox: Mailbox
) -> None:
    limit = account_limit(stack)
    email = portal_contact_with_password(api, tenant, mailbox)
    send = graphql_sender(
        api,
        PORTAL_LOG_IN,
        "portalLogIn",
        lambda password: {"tenantSlug": tenant.slug, "email": email, "password": password},
        client_address(),
    )

    wrong, right = run_async(burst(send, wrong_secrets(BURST - 1), PORTAL_PASSWORD, limit))

    assert_only_the_limit_was_checked(wrong, limit)
    assert codes_of(right) == ["TOO_MANY_ATTEMPTS"] and right["retryAfterSeconds"] > 0
    afterwards = send_once(send, PORTAL_PASSWORD)
    assert codes_of(afterwards) == ["TOO_MANY_ATTEMPTS"] and afterwards["accessToken"] is None


def test_a_burst_of_sign_in_link_requests_takes_only_the_limit(
    api: GraphQLClient, tenant: TenantSession
) -> None:
    per_email = 5  # portal.services.MAGIC_LINKS_PER_EMAIL
    email = unique_email("nobody")
    send = graphql_sender(
        api,
        REQUEST_LINK,
        "requestPortalMagicLink",
        lambda slug: {"tenantSlug": slug, "email": email},
        client_address(),
    )

    answers, last = run_async(burst(send, [tenant.slug] * (BURST - 1), tenant.slug, per_email))

    assert [a["accepted"] for a in answers].count(True) == per_email
    refused = [a for a in [*answers, last] if not a["accepted"]]
    assert [codes_of(a) for a in refused] == [["TOO_MANY_ATTEMPTS"]] * (BURST - per_email)
    assert all(a["retryAfterSeconds"] > 0 for a in refused)


# --- the OAuth token endpoint ---------------------------------------------------------------


def token_sender(
    api: GraphQLClient, client_id: str, headers: Callable[[], dict[str, str]]
) -> Send[httpx.Response]:
    async def send(client: httpx.AsyncClient, secret: str) -> httpx.Response:
        return await client.post(
            f"{api.base_url}/oauth/token",
            auth=(client_id, secret),
            data={"grant_type": "client_credentials"},
            headers=headers(),
        )

    return send


def assert_only_the_limit_of_secrets_was_checked(answers: list[httpx.Response], limit: int) -> None:
    statuses = [a.status_code for a in answers]
    assert statuses.count(401) == limit, statuses
    refused = [a for a in answers if a.status_code != 401]
    assert [a.status_code for a in refused] == [429] * (len(answers) - limit)
    assert {a.json()["error"] for a in refused} == {"temporarily_unavailable"}
    assert all(int(a.headers["retry-after"]) > 0 for a in refused)


def test_a_burst_of_client_authentications_from_one_address_checks_only_its_limit(
    api: GraphQLClient, stack: Stack, tenant: TenantSession
) -> None:
    client = create_client(tenant, ["sales"])
    limit = address_limit(stack)
    attacker = client_address()
    send = token_sender(api, client.client_id, lambda: attacker)

    wrong, right = run_async(burst(send, wrong_secrets(BURST - 1), client.secret, limit))

    assert_only_the_limit_of_secrets_was_checked(wrong, limit)
    assert right.status_code == 429 and int(right.headers["retry-after"]) > 0
    afterwards = send_once(send, client.secret)
    assert afterwards.status_code == 429


def test_a_burst_of_client_authentications_from_many_addresses_checks_only_the_client_limit(
    api: GraphQLClient, stack: Stack, tenant: TenantSession
) -> None:
    client = create_client(tenant, ["sales"])
    limit = ADDRESSES_PER_CLIENT_BUDGET * address_limit(stack)
    send = token_sender(api, client.client_id, client_address)

    wrong, right = run_async(burst(send, wrong_secrets(limit + 9), client.secret, limit))

    assert_only_the_limit_of_secrets_was_checked(wrong, limit)
    assert right.status_code == 429 and int(right.headers["retry-after"]) > 0


# --- the window passes ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def short_window_api(stack: Stack) -> Iterator[GraphQLClient]:
    """An API whose throttling windows last WINDOW_SECONDS."""
    window = {"ORBIT_LOGIN_FAILURE_WINDOW_SECONDS": str(WINDOW_SECONDS)}
    with stack.another_api("api-short-login-window", window) as url:
        yield GraphQLClient(url)


def test_the_right_password_works_once_the_window_has_passed_however_often_it_was_refused(
    short_window_api: GraphQLClient, stack: Stack, api: GraphQLClient
) -> None:
    owner = sign_up(api)
    headers = client_address()

    def log_in(password: str) -> dict[str, Any]:
        payload: dict[str, Any] = short_window_api.data(
            LOG_IN,
            {"input": {"tenantSlug": owner.slug, "email": owner.email, "password": password}},
            headers=headers,
        )["logIn"]
        return payload

    for password in wrong_secrets(account_limit(stack)):
        assert codes_of(log_in(password)) == ["INVALID_CREDENTIALS"]
    refused = log_in(owner.password)
    assert codes_of(refused) == ["TOO_MANY_ATTEMPTS"]
    assert 0 < refused["retryAfterSeconds"] <= WINDOW_SECONDS
    # Refused attempts check nothing and do not push the end of the window back.
    deadline = time.monotonic() + WINDOW_SECONDS + 3
    while codes_of(answer := log_in(owner.password)) == ["TOO_MANY_ATTEMPTS"]:
        assert time.monotonic() < deadline, "still refused after the window"
        time.sleep(0.1)
    assert answer["userErrors"] == [] and answer["accessToken"]


# --- an unknown organisation answers as slowly as a known one ---------------------------------


@pytest.fixture(scope="module")
def costly_hash_api(stack: Stack) -> Iterator[GraphQLClient]:
    """An API with the production argon2 cost (the test stack's is cheap, so hashing would not
    show in the timing) and a per-account limit the timing runs stay under."""
    production_cost = {
        "ORBIT_PASSWORD_HASH_TIME_COST": "3",
        "ORBIT_PASSWORD_HASH_MEMORY_KIB": "65536",
        "ORBIT_LOGIN_MAX_FAILURES_PER_ACCOUNT": "100",
        "ORBIT_LOGIN_MAX_FAILURES_PER_IP": "100",
    }
    with stack.another_api("api-production-argon2", production_cost) as url:
        yield GraphQLClient(url)


def median_answer_times(
    api: GraphQLClient, query: str, inputs: dict[str, dict[str, str]], tries: int = 10
) -> dict[str, float]:
    """The median seconds each input takes to be answered, the inputs taking turns."""
    times: dict[str, list[float]] = {name: [] for name in inputs}
    headers = client_address()
    with httpx.Client(timeout=60) as client:
        for _ in range(tries):
            for name, variables in inputs.items():
                started = time.perf_counter()
                body = client.post(
                    f"{api.base_url}/graphql",
                    headers=headers,
                    json={"query": query, "variables": {"input": variables}},
                ).json()
                times[name].append(time.perf_counter() - started)
                assert not body.get("errors"), body["errors"]
                assert codes_of(next(iter(body["data"].values()))) == ["INVALID_CREDENTIALS"]
    return {name: statistics.median(spent) for name, spent in times.items()}


def test_staff_log_in_to_an_unknown_organisation_takes_as_long_as_to_a_real_one(
    costly_hash_api: GraphQLClient,
) -> None:
    owner = sign_up(costly_hash_api)
    medians = median_answer_times(
        costly_hash_api,
        LOG_IN,
        {
            "unknown": {
                "tenantSlug": f"no-such-{uuid.uuid4().hex[:8]}",
                "email": owner.email,
                "password": "wrong-passphrase-1",
            },
            "real": {
                "tenantSlug": owner.slug,
                "email": owner.email,
                "password": "wrong-passphrase-1",
            },
        },
    )

    assert medians["unknown"] >= medians["real"] / 2, medians


def test_portal_log_in_to_an_unknown_organisation_takes_as_long_as_to_a_real_one(
    costly_hash_api: GraphQLClient, api: GraphQLClient, tenant: TenantSession, mailbox: Mailbox
) -> None:
    email = portal_contact_with_password(api, tenant, mailbox, password_api=costly_hash_api)
    medians = median_answer_times(
        costly_hash_api,
        PORTAL_LOG_IN,
        {
            "unknown": {
                "tenantSlug": f"no-such-{uuid.uuid4().hex[:8]}",
                "email": email,
                "password": "wrong-passphrase-1",
            },
            "real": {"tenantSlug": tenant.slug, "email": email, "password": "wrong-passphrase-1"},
        },
    )

    assert medians["unknown"] >= medians["real"] / 2, medians
