"""A customer's contact signs in to the portal with an emailed link, on a phone."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.conftest import PHONE, Browsing
from tests.browser.ui import link_in_mail
from tests.support.graphql import TenantSession
from tests.support.stack import Mailbox

CREATE_CUSTOMER = """
mutation C($input: CreateCustomerInput!) {
  createCustomer(input: $input) { customer { id contacts { id email } } userErrors { code } }
}"""
GRANT = """
mutation G($id: ID!) {
  grantPortalAccess(contactId: $id) { contact { portalEnabled } userErrors { code } }
}
"""


def customer_with_portal_contact(tenant: TenantSession, email: str) -> None:
    created = tenant.client.data(
        CREATE_CUSTOMER,
        {
            "input": {
                "name": "Blue Harbor Foods",
                "contacts": [{"name": "Chen Jing", "email": email}],
            }
        },
    )
    payload = created["createCustomer"]
    assert payload["userErrors"] == []
    contact_id = payload["customer"]["contacts"][0]["id"]
    granted = tenant.client.data(GRANT, {"id": contact_id})["grantPortalAccess"]
    assert granted["userErrors"] == [] and granted["contact"]["portalEnabled"]


def test_magic_link_sign_in_shows_company_and_contact(
    browsing: Browsing, tenant: TenantSession, mailbox: Mailbox
) -> None:
    email = f"chen@blue-harbor-{tenant.slug}.example.com"
    customer_with_portal_contact(tenant, email)
    page = browsing.new_page(viewport=PHONE)

    with browsing.step("request a sign-in link"):
        page.goto(f"/portal/login?tenant={tenant.slug}")
        page.get_by_role("textbox", name="Email").fill(email)
        page.get_by_role("button", name="Send sign-in link").click()
        expect(page.get_by_text("Check your email")).to_be_visible()

    with browsing.step("open the emailed link"):
        link = link_in_mail(mailbox, email)
        assert link.startswith(f"{browsing.base_url}/portal/{tenant.slug}?token=")
        page.goto(link)
        expect(page.get_by_test_id("portal-customer-name")).to_have_text("Blue Harbor Foods")
        expect(page.get_by_test_id("portal-contact-name")).to_have_text("Chen Jing")
        expect(page.get_by_text(email)).to_be_visible()
        fits = page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        assert fits, "the portal scrolls sideways on a phone"

    with browsing.step("a reload keeps the contact signed in; log-out ends it"):
        page.reload()
        expect(page.get_by_test_id("portal-customer-name")).to_have_text("Blue Harbor Foods")
        page.get_by_role("button", name="Log out").click()
        expect(page.get_by_role("button", name="Send sign-in link")).to_be_visible()
        page.goto("/portal/")
        expect(page.get_by_role("button", name="Send sign-in link")).to_be_visible()
