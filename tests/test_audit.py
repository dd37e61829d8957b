"""The audit log: every mutation leaves one entry naming who did what to which record, the
fields it changed and the request that did it; administrators (and roles granted
audit:read) list it with filters, page by page; it never holds a secret."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from typing import Any

import pytest

from tests.support.customers import contact, create_customer, unique_email
from tests.support.database import owner_sql
from tests.support.graphql import (
    ACCEPT,
    INVITE,
    LOG_IN,
    SIGN_UP,
    STRONG_PASSWORD,
    GraphQLClient,
    TenantSession,
    invitation_token,
    invite_and_join,
    row_id,
    unique_slug,
)
from tests.support.metrics import statements_so_far
from tests.support.orders import Shop, confirmed_order, open_shop
from tests.support.rbac import create_role
from tests.support.stack import Mailbox, Stack

AUDIT = """query Audit($first: Int, $after: String, $filter: AuditLogFilter) {
  auditLog(first: $first, after: $after, filter: $filter) {
    edges { cursor node { id actorKind actorId actorLabel action targetType targetId changes
                          requestId createdAt } }
    pageInfo { hasNextPage endCursor }
  }
}"""
REFRESH = """mutation Refresh($token: String!) {
  refreshToken(refreshToken: $token) { accessToken refreshToken userErrors { code } } }"""
LOG_OUT = """mutation LogOut($token: String!) {
  logOut(refreshToken: $token) { userErrors { code } } }"""
RESEND = """mutation Resend($id: ID!) { resendInvitation(userId: $id) { userErrors { code } } }"""
UPDATE_USER = """mutation UpdateUser($input: UpdateUserInput!) {
  updateUser(input: $input) { userErrors { code } } }"""
DEACTIVATE = """mutation Deactivate($id: ID!) {
  deactivateUser(userId: $id) { userErrors { code } } }"""
REACTIVATE = """mutation Reactivate($id: ID!) {
  reactivateUser(userId: $id) { userErrors { code } } }"""
SET_LOCALE = """mutation Locale($locale: String!) { setMyLocale(locale: $locale) {
  userErrors { code } } }"""
SETTINGS = """mutation Settings($input: UpdateTenantSettingsInput!) {
  updateTenantSettings(input: $input) { userErrors { code } } }"""
IDS = "query Ids { tenant { id } viewer { user { id } } }"
DANA_PASSWORD = "dana-Finance-passphrase-7"


@dataclass
class Expected:
    action: str
    actor: str  # "owner" or "dana"
    target_type: str
    target: str  # "owner", "dana" or "tenant"
    changes: dict[str, Any] | None = None  # None: not checked


@dataclass
class Story:
    """A tenant's first day, every step sent with its own X-Request-ID."""

    owner: TenantSession
    ids: dict[str, str]  # owner, dana, tenant (row ids), ownerGlobal, danaGlobal
    emails: dict[str, str]
    requests: dict[str, str]  # step -> request id
    secrets: list[str]


def send(
    api: GraphQLClient,
    requests: dict[str, str],
    step: str,
    query: str,
    variables: dict[str, Any],
    token: str | None = None,
) -> dict[str, Any]:
    request_id = f"audit-{step}-{uuid.uuid4().hex[:12]}"
    requests[step] = request_id
    response = api.raw(query, variables, token=token, headers={"X-Request-ID": request_id})
    body: dict[str, Any] = response.json()
    assert not body.get("errors"), (step, body)
    payload: dict[str, Any] = next(iter(body["data"].values()))
    assert payload["userErrors"] == [], (step, payload)
    return payload


@pytest.fixture(scope="module")
def story(api: GraphQLClient, mailbox: Mailbox) -> Story:
    slug = unique_slug("audit")
    emails = {"owner": f"owner@{slug}.example.com", "dana": f"dana@{slug}.example.com"}
    requests: dict[str, str] = {}
    signed = send(
        api,
        requests,
        "signUp",
        SIGN_UP,
        {
            "input": {
                "organizationName": "Audit Works",
                "slug": slug,
                "ownerName": "Olga Owner",
                "email": emails["owner"],
                "password": STRONG_PASSWORD,
            }
        },
    )
    ids_found = api.data(IDS, token=signed["accessToken"])
    ids = {
        "tenant": ids_found["tenant"]["id"],
        "owner": row_id(ids_found["viewer"]["user"]["id"]),
        "ownerGlobal": ids_found["viewer"]["user"]["id"],
    }

    login = send(
        api,
        requests,
        "logIn",
        LOG_IN,
        {"input": {"tenantSlug": slug, "email": emails["owner"], "password": STRONG_PASSWORD}},
    )
    refreshed = send(api, requests, "refreshToken", REFRESH, {"token": login["refreshToken"]})
    token = refreshed["accessToken"]
    invited = send(
        api,
        requests,
        "inviteUser",
        INVITE,
        {"input": {"email": emails["dana"], "name": "Dana", "departmentKey": "finance"}},
        token,
    )
    ids |= {"dana": row_id(invited["user"]["id"]), "danaGlobal": invited["user"]["id"]}
    first_invitation = invitation_token(mailbox, emails["dana"])
    send(api, requests, "resendInvitation", RESEND, {"id": ids["danaGlobal"]}, token)
    mailbox.wait_for(emails["dana"], "invit", count=2)
    invitation = invitation_token(mailbox, emails["dana"])  # the resent one
    accepted = send(
        api,
        requests,
        "acceptInvitation",
        ACCEPT,
        {"input": {"token": invitation, "password": DANA_PASSWORD}},
    )
    send(
        api,
        requests,
        "updateUser",
        UPDATE_USER,
        {
            "input": {
                "userId": ids["danaGlobal"],
                "name": "Dana Finance",
                "departmentKey": "finance",
            }
        },
        token,
    )
    send(api, requests, "deactivateUser", DEACTIVATE, {"id": ids["danaGlobal"]}, token)
    send(api, requests, "reactivateUser", REACTIVATE, {"id": ids["danaGlobal"]}, token)
    send(api, requests, "setMyLocale", SET_LOCALE, {"locale": "zh-CN"}, token)
    send(
        api,
        requests,
        "updateTenantSettings",
        SETTINGS,
        {"input": {"timeZone": "Asia/Shanghai", "currency": "USD"}},
        token,
    )
    send(api, requests, "logOut", LOG_OUT, {"token": refreshed["refreshToken"]})
    owner = TenantSession(
        slug, emails["owner"], STRONG_PASSWORD, token, refreshed["refreshToken"], api.as_(token)
    )
    secrets = [STRONG_PASSWORD, DANA_PASSWORD, first_invitation, invitation]
    secrets += [
        s[key]
        for s in (signed, login, refreshed, accepted)
        for key in ("accessToken", "refreshToken")
    ]
    return Story(owner, ids, emails, requests, secrets)


EXPECTED = {
    "signUp": Expected(
        "tenants.sign_up",
        "owner",
        "tenant",
        "tenant",
        {"slug": {"from": None, "to": "<slug>"}, "name": {"from": None, "to": "Audit Works"}},
    ),
    "logIn": Expected("auth.log_in", "owner", "user", "owner", {}),
    "refreshToken": Expected("auth.refresh", "owner", "user", "owner"),
    "inviteUser": Expected("users.invite", "owner", "user", "dana"),
    "resendInvitation": Expected("users.resend_invitation", "owner", "user", "dana", {}),
    "acceptInvitation": Expected(
        "users.accept_invitation",
        "dana",
        "user",
        "dana",
        {"status": {"from": "invited", "to": "active"}},
    ),
    "updateUser": Expected(
        "users.update", "owner", "user", "dana", {"name": {"from": "Dana", "to": "Dana Finance"}}
    ),
    "deactivateUser": Expected(
        "users.deactivate",
        "owner",
        "user",
        "dana",
        {"status": {"from": "active", "to": "deactivated"}},
    ),
    "reactivateUser": Expected(
        "users.reactivate",
        "owner",
        "user",
        "dana",
        {"status": {"from": "deactivated", "to": "active"}},
    ),
    "setMyLocale": Expected(
        "users.set_locale", "owner", "user", "owner", {"locale": {"from": None, "to": "zh-CN"}}
    ),
    "updateTenantSettings": Expected(
        "settings.update",
        "owner",
        "tenant",
        "tenant",
        {"timeZone": {"from": "UTC", "to": "Asia/Shanghai"}},
    ),
    "logOut": Expected("auth.log_out", "owner", "user", "owner"),
}


def all_entries(client: GraphQLClient, **filters: Any) -> list[dict[str, Any]]:
    variables: dict[str, Any] = {"first": 100}
    if filters:
        variables["filter"] = filters
    log = client.data(AUDIT, variables)["auditLog"]
    assert log["pageInfo"]["hasNextPage"] is False
    return [edge["node"] for edge in log["edges"]]


def describe(entry: dict[str, Any]) -> dict[str, Any]:
    return {
        k: entry[k]
        for k in (
            "action",
            "actorKind",
            "actorId",
            "actorLabel",
            "targetType",
            "targetId",
            "changes",
        )
    }


def test_every_mutation_records_who_did_what_to_which_record(story: Story) -> None:
    entries = all_entries(story.owner.client)
    assert set(story.requests) == set(EXPECTED), "a step of the story has no expectation"
    problems: list[str] = []
    for step, request_id in story.requests.items():
        expected = EXPECTED[step]
        found = [e for e in entries if e["requestId"] == request_id]
        want = {
            "action": expected.action,
            "actorKind": "staff",
            "actorId": story.ids[f"{expected.actor}Global"],
            "actorLabel": story.emails[expected.actor],
            "targetType": expected.target_type,
            "targetId": story.ids[expected.target],
            "changes": expected.changes,
        }
        if expected.changes is not None and "slug" in expected.changes:
            want["changes"] = {**expected.changes, "slug": {"from": None, "to": story.owner.slug}}
        got = [
            describe(e) | ({} if expected.changes is not None else {"changes": None}) for e in found
        ]
        if len(got) != 1:
            problems.append(f"{step}: {len(got)} entries with its request id")
            continue
        problems += [
            f"{step}: {key} is {got[0][key]!r}, expected {value!r}"
            for key, value in want.items()
            if got[0][key] != value
        ]
    assert problems == [], "\n".join(problems)


def test_an_invitation_entry_summarises_the_new_user(story: Story) -> None:
    [entry] = all_entries(story.owner.client, action="users.invite")
    assert entry["changes"] == {
        "email": {"from": None, "to": story.emails["dana"]},
        "name": {"from": None, "to": "Dana"},
        "status": {"from": None, "to": "invited"},
        "departmentId": {"from": None, "to": entry["changes"]["departmentId"]["to"]},
        "roles": {"from": None, "to": ["finance"]},
    }


def test_filters_narrow_the_log(story: Story) -> None:
    client = story.owner.client
    by_action = all_entries(client, action="users.update")
    assert [e["requestId"] for e in by_action] == [story.requests["updateUser"]]
    by_actor = all_entries(client, actorId=story.ids["danaGlobal"])
    assert [e["requestId"] for e in by_actor] == [story.requests["acceptInvitation"]]
    by_target = all_entries(client, targetType="tenant")
    assert {e["action"] for e in by_target} == {"tenants.sign_up", "settings.update"}
    assert all_entries(client, action="no.such.action") == []

    newest_first = all_entries(client)
    middle = next(e for e in newest_first if e["requestId"] == story.requests["updateUser"])
    since = all_entries(client, since=middle["createdAt"])
    until = all_entries(client, until=middle["createdAt"])
    assert middle in since and middle not in until
    assert {e["id"] for e in since} | {e["id"] for e in until} == {e["id"] for e in newest_first}
    assert all(e["createdAt"] >= middle["createdAt"] for e in since)
    assert all(e["createdAt"] < middle["createdAt"] for e in until)
    both = all_entries(client, since=middle["createdAt"], action="users.deactivate")
    assert [e["requestId"] for e in both] == [story.requests["deactivateUser"]]


def test_the_log_pages_by_cursor_newest_first(story: Story) -> None:
    everything = [e["id"] for e in all_entries(story.owner.client)]
    walked: list[str] = []
    after = None
    while True:
        page = story.owner.client.data(AUDIT, {"first": 3, "after": after})["auditLog"]
        walked += [edge["node"]["id"] for edge in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert walked == everything and len(set(walked)) == len(walked) >= 10
    created = [e["createdAt"] for e in all_entries(story.owner.client)]
    assert created == sorted(created, reverse=True)


def test_reading_the_log_needs_audit_read(story: Story, mailbox: Mailbox) -> None:
    clerk = invite_and_join(
        story.owner, mailbox, f"wes@{story.owner.slug}.example.com", "warehouse"
    )
    result = clerk.client.execute(AUDIT, {"first": 5})
    assert [e["extensions"]["code"] for e in result["errors"]] == ["FORBIDDEN"]
    assert result["data"] is None


def test_another_tenant_sees_none_of_it(story: Story, tenant: TenantSession) -> None:
    theirs = all_entries(tenant.client)
    assert theirs and not {e["requestId"] for e in theirs} & set(story.requests.values())


def test_no_password_or_token_is_ever_recorded(stack: Stack, story: Story) -> None:
    listed = str(all_entries(story.owner.client))
    stored = str(
        [
            tuple(row)
            for row in owner_sql(
                stack,
                "SELECT actor_label, target_id, changes::text, request_id FROM audit_log "
                "WHERE tenant_id = $1",
                uuid.UUID(story.ids["tenant"]),
            )
        ]
    )
    for secret in story.secrets:
        assert secret not in listed and secret not in stored
        # Neither the secret part of an opaque tenant-prefixed token.
        assert secret.rsplit(".", 1)[-1] not in stored
    assert not re.search(r"password|secret|token_hash|\$argon2", stored, re.IGNORECASE)


# Names and links (issue 15): entries name the actor and the record, the way people do.

NAMED = """query AuditNamed($first: Int, $filter: AuditLogFilter) {
  auditLog(first: $first, filter: $filter) {
    edges { node { action actorKind actorName targetType routine
                   subject { label page pageId } } } } }"""
ACTIONS = "query AuditActions { auditActions { code routine } }"
ADD_CONTACT = """mutation AddContact($input: AddContactInput!) {
  addContact(input: $input) { userErrors { code } } }"""


@dataclass
class Shop360:
    shop: Shop
    orders: list[dict[str, Any]]
    buyer: dict[str, Any]


@pytest.fixture(scope="module")
def named(api: GraphQLClient) -> Shop360:
    shop = open_shop(api)
    orders = [confirmed_order(shop.owner, shop, quantity="1") for _ in range(3)]
    buyer = create_customer(shop.owner, "Lumen Optics")
    added = shop.owner.client.data(
        ADD_CONTACT,
        {"input": {"customerId": buyer["id"], **contact(unique_email("lumen"), name="Lin Wei")}},
    )
    assert added["addContact"]["userErrors"] == []
    refreshed = shop.owner.client.data(REFRESH, {"token": shop.owner.refresh_token})
    assert refreshed["refreshToken"]["userErrors"] == []
    return Shop360(shop, orders, buyer)


def named_entries(client: GraphQLClient, first: int = 100, **flt: Any) -> list[dict[str, Any]]:
    page = client.data(NAMED, {"first": first, "filter": flt})["auditLog"]
    return [edge["node"] for edge in page["edges"]]


def test_an_entry_names_its_actor_and_links_its_order(named: Shop360) -> None:
    entries = named_entries(named.shop.owner.client, action="orders.create")
    assert {e["actorName"] for e in entries} == {"Olivia Owner"}
    assert sorted((e["subject"]["label"], e["subject"]["pageId"]) for e in entries) == sorted(
        (o["number"], o["id"]) for o in named.orders
    )
    assert {e["subject"]["page"] for e in entries} == {"ORDER"}


def test_customer_and_contact_entries_open_the_customer(named: Shop360) -> None:
    client = named.shop.owner.client
    [created] = named_entries(client, action="customers.create", targetId=row_id(named.buyer["id"]))
    assert created["subject"] == {
        "label": "Lumen Optics",
        "page": "CUSTOMER",
        "pageId": named.buyer["id"],
    }
    contact_entries = named_entries(client, targetType="contact")
    assert [e["subject"] for e in contact_entries] == [
        {"label": "Lin Wei", "page": "CUSTOMER", "pageId": named.buyer["id"]}
    ]


def test_token_refreshes_stay_out_when_routine_entries_are_left_out(named: Shop360) -> None:
    client = named.shop.owner.client
    everything = {e["action"] for e in named_entries(client)}
    assert "auth.refresh" in everything
    business = named_entries(client, includeRoutine=False)
    assert business and not any(e["routine"] for e in business)
    assert {e["action"] for e in business} == everything - {"auth.refresh"}
    asked_for = named_entries(client, includeRoutine=False, action="auth.refresh")
    assert [e["routine"] for e in asked_for] == [True]


def test_the_action_filter_offers_the_actions_the_log_holds(named: Shop360) -> None:
    actions = named.shop.owner.client.data(ACTIONS)["auditActions"]
    codes = [a["code"] for a in actions]
    assert codes == sorted(codes)
    assert {"orders.create", "customers.create", "auth.refresh", "tenants.sign_up"} <= set(codes)
    assert {a["code"] for a in actions if a["routine"]} & set(codes) == {"auth.refresh"}


def test_naming_a_page_costs_the_same_statements_however_long_it_is(
    api: GraphQLClient, named: Shop360
) -> None:
    client = named.shop.owner.client
    flt = {"targetType": "order"}

    def cost(operation: str, first: int) -> float:
        query = NAMED.replace("AuditNamed", operation)
        before = statements_so_far(api, operation)
        assert len(client.data(query, {"first": first, "filter": flt})["auditLog"]["edges"]) == (
            first
        )
        return statements_so_far(api, operation) - before

    assert cost("AuditNamedOne", 1) == cost("AuditNamedThree", 3)


def test_an_auditor_who_cannot_read_orders_sees_the_type_not_the_number(
    named: Shop360, mailbox: Mailbox
) -> None:
    owner = named.shop.owner
    role = create_role(owner, "auditor", "audit:read")
    assert role["userErrors"] == []
    auditor = invite_and_join(
        owner, mailbox, f"ada@{owner.slug}.example.com", "finance", ["auditor"]
    )
    orders = named_entries(auditor.client, action="orders.create")
    assert len(orders) == 3
    assert [(e["targetType"], e["subject"]) for e in orders] == [("order", None)] * 3
    assert {e["actorName"] for e in orders} == {"Olivia Owner"}
