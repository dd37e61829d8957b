"""A customer's contact signs in to the portal with a one-time emailed link (or a password
they chose) and sees their own customer only, in their own tenant."""

from __future__ import annotations

import time
import uuid
from typing import Any

import pytest

from tests.support.customers import GRANT_PORTAL, unique_email
from tests.support.graphql import (
    STRONG_PASSWORD,
    GraphQLClient,
    TenantSession,
    client_address,
    sign_up,
)
from tests.support.portal import (
    PORTAL_VIEWER,
    REDEEM,
    REVOKE_PORTAL,
    SET_PASSWORD,
    link_tokens,
    portal_customer,
    request_link,
    sign_in_by_link,
)
from tests.support.stack import Mailbox, Stack

REFRESH = """mutation Refresh($token: String!) { refreshToken(refreshToken: $token) {
  accessToken refreshToken userErrors { code } } }"""
LOG_OUT = """mutation LogOut($token: String!) { logOut(refreshToken: $token) {
  userErrors { code } } }"""
PORTAL_LOG_IN = """mutation PortalLogIn($input: PortalLogInInput!) { portalLogIn(input: $input) {
  accessToken refreshToken userErrors { field code } } }"""
NODE = """query Node($id: ID!) { node(id: $id) { id
  ... on PortalCustomer { name } ... on Customer { name } ... on Contact { email } } }"""
CONTACT_STATE = """query Contact($id: ID!) { node(id: $id) {
  ... on Contact { portalEnabled lastPortalLoginAt } } }"""
AUDIT = """query Audit($action: String!) { auditLog(filter: {action: $action}) {
  edges { node { actorKind actorId actorLabel targetId } } } }"""
STAFF_QUERIES = [
    "query { users(first: 1) { edges { node { id } } } }",
    "query { customers(first: 1) { edges { node { id } } } }",
    "query { auditLog(first: 1) { edges { node { id } } } }",
    "query { roles { key } }",
    "query { departments { key } }",
]
CREATE_MINIMAL = """mutation { createCustomer(input: {name: "Sneaky"}) { userErrors { code } } }"""


def test_magic_link_signs_a_contact_in_until_access_is_revoked(
    api: GraphQLClient, tenant: TenantSession, mailbox: Mailbox
) -> None:
    customer = portal_customer(tenant)
    session = sign_in_by_link(api, mailbox, tenant.slug, customer.email.upper())

    view = api.data(PORTAL_VIEWER, token=session["accessToken"])["portalViewer"]
    assert view["contact"] == {"name": "Lucius Fox", "email": customer.email}
    assert view["customer"]["name"] == "Wayne Enterprises"
    assert view["tenant"] == {"name": "Acme Trading", "slug": tenant.slug}
    state = tenant.client.data(CONTACT_STATE, {"id": customer.contact_id})["node"]
    assert state["lastPortalLoginAt"] is not None
    log_in = tenant.client.data(AUDIT, {"action": "portal.log_in"})["auditLog"]["edges"]
    assert [(e["node"]["actorKind"], e["node"]["actorLabel"]) for e in log_in] == [
        ("portal", customer.email)
    ]

    refreshed = api.data(REFRESH, {"token": session["refreshToken"]})["refreshToken"]
    assert refreshed["userErrors"] == []
    assert (
        api.data(PORTAL_VIEWER, token=refreshed["accessToken"])["portalViewer"]["customer"]["id"]
        == view["customer"]["id"]
    )

    revoked = tenant.client.data(REVOKE_PORTAL, {"id": customer.contact_id})
    assert revoked["revokePortalAccess"]["contact"]["portalEnabled"] is False
    assert api.error_codes(PORTAL_VIEWER, token=refreshed["accessToken"]) == ["UNAUTHENTICATED"]
    after = api.data(REFRESH, {"token": refreshed["refreshToken"]})["refreshToken"]
    assert [e["code"] for e in after["userErrors"]] == ["INVALID_REFRESH_TOKEN"]
    revoke_audit = tenant.client.data(AUDIT, {"action": "customers.revoke_portal_access"})
    assert revoke_audit["auditLog"]["edges"][0]["node"]["actorKind"] == "staff"


def test_unknown_or_unauthorised_addresses_get_the_same_answer_and_no_email(
    api: GraphQLClient, tenant: TenantSession, mailbox: Mailbox
) -> None:
    no_access = portal_customer(tenant, "No Portal Co", grant=False)
    known = portal_customer(tenant)
    strangers = [
        (tenant.slug, unique_email("stranger")),
        (tenant.slug, no_access.email),
        ("no-such-tenant", known.email),
    ]

    answers = [request_link(api, slug, email) for slug, email in strangers]
    assert answers == [{"accepted": True, "userErrors": []}] * 3
    assert request_link(api, tenant.slug, known.email) == answers[0]
    link_tokens(mailbox, known.email)
    time.sleep(1.0)  # any stray email would have been sent with the one above
    assert all(mailbox.matching(email) == [] for _, email in strangers[:2])
    assert len(mailbox.matching(known.email)) == 1


def test_a_link_works_once_and_forged_tokens_never(
    api: GraphQLClient, tenant: TenantSession, mailbox: Mailbox
) -> None:
    customer = portal_customer(tenant)
    request_link(api, tenant.slug, customer.email)
    [token] = link_tokens(mailbox, customer.email)

    assert api.data(REDEEM, {"token": token})["redeemPortalMagicLink"]["userErrors"] == []
    tenant_prefix = token.partition(".")[0]
    for attempt in (token, f"{tenant_prefix}.forged-secret", "garbage", f"{uuid.uuid4().hex}.x"):
        payload = api.data(REDEEM, {"token": attempt})["redeemPortalMagicLink"]
        assert payload["accessToken"] is None
        assert [(e["field"], e["code"]) for e in payload["userErrors"]] == [
            (["token"], "INVALID_MAGIC_LINK")
        ], attempt


def test_an_expired_link_is_refused(stack: Stack, tenant: TenantSession, mailbox: Mailbox) -> None:
    customer = portal_customer(tenant)
    with stack.another_api("api-short-links", {"ORBIT_MAGIC_LINK_TTL_SECONDS": "3"}) as url:
        short_lived = GraphQLClient(url)
        requested_at = time.monotonic()
        request_link(short_lived, tenant.slug, customer.email)
        [token] = link_tokens(mailbox, customer.email)
    time.sleep(max(0.0, requested_at + 3.5 - time.monotonic()))
    payload = GraphQLClient(stack.base_url).data(REDEEM, {"token": token})
    assert [e["code"] for e in payload["redeemPortalMagicLink"]["userErrors"]] == [
        "INVALID_MAGIC_LINK"
    ]


def test_a_contact_sees_only_their_own_customer(
    api: GraphQLClient, tenant: TenantSession, mailbox: Mailbox
) -> None:
    mine = portal_customer(tenant, "Mine Ltd")
    theirs = portal_customer(tenant, "Theirs Ltd")
    my_token = sign_in_by_link(api, mailbox, tenant.slug, mine.email)["accessToken"]
    their_token = sign_in_by_link(api, mailbox, tenant.slug, theirs.email)["accessToken"]
    own_portal_id = api.data(PORTAL_VIEWER, token=my_token)["portalViewer"]["customer"]["id"]
    their_portal_id = api.data(PORTAL_VIEWER, token=their_token)["portalViewer"]["customer"]["id"]

    assert api.data(NODE, {"id": own_portal_id}, token=my_token)["node"]["name"] == "Mine Ltd"
    for foreign in (their_portal_id, theirs.customer_id, theirs.contact_id, mine.customer_id):
        assert api.error_codes(NODE, {"id": foreign}, token=my_token) == ["NOT_FOUND"], foreign
    for query in [*STAFF_QUERIES, CREATE_MINIMAL]:
        assert api.error_codes(query, token=my_token) == ["FORBIDDEN"], query
    assert api.error_codes(GRANT_PORTAL, {"id": theirs.contact_id}, token=my_token) == ["FORBIDDEN"]
    assert tenant.client.error_codes(PORTAL_VIEWER) == ["FORBIDDEN"]
    assert tenant.client.error_codes(NODE, {"id": own_portal_id}) == ["NOT_FOUND"]


def test_a_portal_token_cannot_reach_another_tenants_objects(
    api: GraphQLClient, tenant: TenantSession, mailbox: Mailbox
) -> None:
    other = sign_up(api, name="Other Org")
    foreign = portal_customer(other, "Foreign Ltd")
    foreign_token = sign_in_by_link(api, mailbox, other.slug, foreign.email)["accessToken"]
    foreign_portal_id = api.data(PORTAL_VIEWER, token=foreign_token)["portalViewer"]["customer"][
        "id"
    ]
    home = portal_customer(tenant)
    token = sign_in_by_link(api, mailbox, tenant.slug, home.email)["accessToken"]

    for global_id in (foreign_portal_id, foreign.customer_id, foreign.contact_id):
        assert api.error_codes(NODE, {"id": global_id}, token=token) == ["NOT_FOUND"]
    assert api.data(PORTAL_VIEWER, token=token)["portalViewer"]["tenant"]["slug"] == tenant.slug


def test_a_contact_may_choose_a_password_and_sign_in_with_it(
    api: GraphQLClient, tenant: TenantSession, mailbox: Mailbox
) -> None:
    customer = portal_customer(tenant)
    session = sign_in_by_link(api, mailbox, tenant.slug, customer.email)
    weak = api.data(SET_PASSWORD, {"password": "password1"}, token=session["accessToken"])
    assert [e["code"] for e in weak["setPortalPassword"]["userErrors"]] == ["WEAK_PASSWORD"]
    chosen = api.data(SET_PASSWORD, {"password": STRONG_PASSWORD}, token=session["accessToken"])
    assert chosen["setPortalPassword"] == {"contact": {"email": customer.email}, "userErrors": []}
    assert tenant.client.error_codes(SET_PASSWORD, {"password": STRONG_PASSWORD}) == ["FORBIDDEN"]
    audit = tenant.client.data(AUDIT, {"action": "portal.set_password"})["auditLog"]["edges"]
    assert [(e["node"]["actorKind"], e["node"]["actorLabel"]) for e in audit] == [
        ("portal", customer.email)
    ]

    headers = client_address()

    def log_in(password: str, email: str = customer.email) -> dict[str, Any]:
        payload: dict[str, Any] = api.data(
            PORTAL_LOG_IN,
            {"input": {"tenantSlug": tenant.slug, "email": email, "password": password}},
            headers=headers,
        )["portalLogIn"]
        return payload

    signed_in = log_in(STRONG_PASSWORD)
    assert signed_in["userErrors"] == []
    assert (
        api.data(PORTAL_VIEWER, token=signed_in["accessToken"])["portalViewer"]["contact"]["email"]
        == customer.email
    )
    api.data(LOG_OUT, {"token": signed_in["refreshToken"]})
    ended = api.data(REFRESH, {"token": signed_in["refreshToken"]})["refreshToken"]
    assert [e["code"] for e in ended["userErrors"]] == ["INVALID_REFRESH_TOKEN"]

    wrong = log_in("not-the-password-123")
    unknown = log_in(STRONG_PASSWORD, unique_email("nobody"))
    assert (
        wrong["userErrors"]
        == unknown["userErrors"]
        == [{"field": None, "code": "INVALID_CREDENTIALS"}]
    )

    tenant.client.data(REVOKE_PORTAL, {"id": customer.contact_id})
    revoked = log_in(STRONG_PASSWORD)
    assert revoked["userErrors"] == wrong["userErrors"]
    for _ in range(3):
        log_in("not-the-password-123")
    assert [e["code"] for e in log_in(STRONG_PASSWORD)["userErrors"]] == ["TOO_MANY_ATTEMPTS"]


def test_link_requests_are_throttled_per_address_and_per_client(
    api: GraphQLClient, tenant: TenantSession
) -> None:
    known = portal_customer(tenant)
    for email in (known.email, unique_email("unknown")):
        answers = [request_link(api, tenant.slug, email) for _ in range(6)]
        assert answers[:5] == [{"accepted": True, "userErrors": []}] * 5
        assert answers[5]["accepted"] is False
        assert [e["code"] for e in answers[5]["userErrors"]] == ["TOO_MANY_ATTEMPTS"]

    one_client = client_address()
    answers = [request_link(api, tenant.slug, unique_email("spray"), one_client) for _ in range(31)]
    assert all(a["accepted"] for a in answers[:30])
    assert [e["code"] for e in answers[30]["userErrors"]] == ["TOO_MANY_ATTEMPTS"]


@pytest.mark.parametrize(
    ("locale", "subject_part"), [("en", "Your sign-in link for"), ("zh-CN", "登录链接")]
)
def test_the_email_speaks_the_tenants_language(
    api: GraphQLClient, tenant: TenantSession, mailbox: Mailbox, locale: str, subject_part: str
) -> None:
    tenant.client.data(
        """mutation Locale($locale: String!) {
      updateTenantSettings(input: {locale: $locale}) { userErrors { code } } }""",
        {"locale": locale},
    )
    customer = portal_customer(tenant)
    request_link(api, tenant.slug, customer.email)
    [message] = mailbox.wait_for(customer.email, "sign-in link")
    assert subject_part in str(message["Subject"])
    assert "Acme Trading" in str(message["Subject"])
