"""A customer's contact signs in at their organisation's own portal address without typing
its slug, and chooses the language of their emails; on a phone in Chinese and on a desktop
in English."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import Browsing
from tests.browser.ui import link_in_mail
from tests.support.graphql import TenantSession
from tests.support.portal import portal_customer
from tests.support.stack import Mailbox

WIDE = {"width": 1440, "height": 900}
PHONE = {"width": 390, "height": 844}
CONTACT = "query C($id: ID!) { node(id: $id) { ... on Contact { locale } } }"


@pytest.mark.parametrize(
    ("viewport", "locale", "check_email", "language", "saved"),
    [
        (PHONE, "zh-CN", "请查收邮件", "English", "en"),
        (WIDE, "en-US", "Check your email", "简体中文", "zh-CN"),
    ],
    ids=["phone-zh", "desktop-en"],
)
def test_the_contact_signs_in_at_their_organisations_address_and_picks_a_language(
    browsing: Browsing,
    tenant: TenantSession,
    mailbox: Mailbox,
    viewport: dict[str, int],
    locale: str,
    check_email: str,
    language: str,
    saved: str,
) -> None:
    customer = portal_customer(tenant)
    page = browsing.new_page(viewport=viewport, locale=locale)

    with browsing.step("the organisation's sign-in page asks only for the email"):
        page.goto(f"/portal/{tenant.slug}")
        expect(page.get_by_test_id("portal-tenant-hint")).to_contain_text(tenant.slug)
        expect(page.get_by_label(re.compile("^(Company|公司)")).first).to_be_hidden()
        email = page.get_by_label(re.compile("^(Email|邮箱)$")).first
        email.fill(customer.email)
        email.press("Enter")
        expect(page.get_by_text(check_email)).to_be_visible()

    with browsing.step("the emailed link opens the portal"):
        link = link_in_mail(mailbox, customer.email)
        assert link.startswith(f"{browsing.base_url}/portal/{tenant.slug}?token=")
        page.goto(link)
        expect(page.get_by_test_id("portal-customer-name")).to_have_text(customer.name)
        fits = page.evaluate(f"document.scrollingElement.scrollWidth <= {viewport['width']}")
        assert fits

    with browsing.step("the contact picks the language of their emails"):
        page.goto("/portal/account")
        page.get_by_test_id("portal-email-language").click()
        page.get_by_title(language).click()
        expect(page.get_by_test_id("portal-email-language")).to_contain_text(language)
        page.reload()
        expect(page.get_by_test_id("portal-email-language")).to_contain_text(language)
        assert tenant.client.data(CONTACT, {"id": customer.contact_id})["node"] == {"locale": saved}
