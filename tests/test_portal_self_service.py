"""A portal contact looks after themselves: they choose the language their emails are written
in (stored on the contact, shown to staff), and their organisation's portal has its own
sign-in address, /portal/<slug>, which the emails link to."""

from __future__ import annotations

from tests.support.graphql import SIGN_UP, STRONG_PASSWORD, GraphQLClient, TenantSession
from tests.support.portal import (
    PORTAL_VIEWER,
    REDEEM,
    link_tokens,
    portal_customer,
    request_link,
    sign_in_by_link,
)
from tests.support.stack import Mailbox, body_text

SET_LANGUAGE = """mutation L($locale: String) { setPortalLanguage(locale: $locale) {
  contact { email locale } userErrors { field code } } }"""
LANGUAGE = "query { portalViewer { contact { locale } } }"
CONTACT = "query C($id: ID!) { node(id: $id) { ... on Contact { locale } } }"


def test_the_contact_gets_emails_in_the_language_they_chose(
    api: GraphQLClient, tenant: TenantSession, mailbox: Mailbox
) -> None:
    customer = portal_customer(tenant)
    session = sign_in_by_link(api, mailbox, tenant.slug, customer.email)
    portal = api.as_(session["accessToken"])
    assert portal.data(LANGUAGE)["portalViewer"]["contact"]["locale"] is None

    chosen = portal.data(SET_LANGUAGE, {"locale": "zh-CN"})["setPortalLanguage"]
    assert chosen == {"contact": {"email": customer.email, "locale": "zh-CN"}, "userErrors": []}
    assert portal.data(LANGUAGE)["portalViewer"]["contact"]["locale"] == "zh-CN"
    assert tenant.client.data(CONTACT, {"id": customer.contact_id})["node"]["locale"] == "zh-CN"

    assert request_link(api, tenant.slug, customer.email)["accepted"] is True
    [_, second] = mailbox.wait_for(customer.email, "sign-in link", count=2)
    assert "客户门户登录链接" in second["Subject"]
    assert "请点击以下链接登录" in body_text(second)

    back = portal.data(SET_LANGUAGE, {"locale": None})["setPortalLanguage"]
    assert back["contact"]["locale"] is None


def test_a_language_the_portal_does_not_speak_is_refused(
    api: GraphQLClient, tenant: TenantSession, mailbox: Mailbox
) -> None:
    customer = portal_customer(tenant)
    portal = api.as_(sign_in_by_link(api, mailbox, tenant.slug, customer.email)["accessToken"])
    for locale in ("fr", "zh", ""):
        refused = portal.data(SET_LANGUAGE, {"locale": locale})["setPortalLanguage"]
        assert refused == {
            "contact": None,
            "userErrors": [{"field": ["locale"], "code": "UNSUPPORTED_LOCALE"}],
        }
    assert portal.data(LANGUAGE)["portalViewer"]["contact"]["locale"] is None
    assert tenant.client.error_codes(SET_LANGUAGE, {"locale": "en"}) == ["FORBIDDEN"]


def test_sign_in_emails_link_to_the_organisations_own_portal_address(
    api: GraphQLClient, tenant: TenantSession, mailbox: Mailbox
) -> None:
    customer = portal_customer(tenant)
    assert request_link(api, tenant.slug, customer.email)["accepted"] is True

    [mail] = mailbox.wait_for(customer.email, "sign-in link")
    [token] = link_tokens(mailbox, customer.email)
    assert f"{api.base_url}/portal/{tenant.slug}?token={token}" in body_text(mail)
    session = api.data(REDEEM, {"token": token})["redeemPortalMagicLink"]
    viewer = api.data(PORTAL_VIEWER, token=session["accessToken"])["portalViewer"]
    assert viewer["tenant"]["slug"] == tenant.slug


def test_a_portal_page_name_cannot_be_an_organisations_address(api: GraphQLClient) -> None:
    for slug in ("orders", "login", "invoices", "account", "order"):
        payload = api.data(
            SIGN_UP,
            {
                "input": {
                    "organizationName": "Clash Ltd",
                    "slug": slug,
                    "ownerName": "Olivia Owner",
                    "email": f"owner@{slug}.example.com",
                    "password": STRONG_PASSWORD,
                }
            },
        )["signUp"]
        assert [(e["field"], e["code"]) for e in payload["userErrors"]] == [
            (["slug"], "SLUG_RESERVED")
        ]
