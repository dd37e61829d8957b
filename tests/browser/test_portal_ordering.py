"""A portal customer signs in, orders from the catalogue at their own price, and follows the
order until the seller has shipped it."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.conftest import Browsing
from tests.browser.ui import link_in_mail, portal_nav
from tests.support.catalog import create_book, create_product, entry
from tests.support.customers import GRANT_PORTAL
from tests.support.graphql import TenantSession
from tests.support.inventory import create_warehouse, receive
from tests.support.orders import acted
from tests.support.stack import Mailbox

CREATE_CUSTOMER = """mutation C($input: CreateCustomerInput!) { createCustomer(input: $input) {
  customer { id contacts { id } } userErrors { field code } } }"""
FIND_ORDER = """query Find($search: String!) { orders(first: 1, filter: {search: $search}) {
  edges { node { id channel status } } } }"""


def credit_customer_with_portal_contact(tenant: TenantSession, email: str) -> None:
    payload = tenant.client.data(
        CREATE_CUSTOMER,
        {
            "input": {
                "name": "Blue Harbor Foods",
                "tier": "vip",
                "creditLimit": "100000",
                "paymentTerms": {"kind": "NET", "netDays": 30},
                "contacts": [{"name": "Chen Jing", "email": email}],
                "addresses": [
                    {
                        "kind": "SHIP_TO",
                        "recipient": "Dock 4",
                        "line1": "1 Harbour Rd",
                        "city": "Bremen",
                        "country": "DE",
                    }
                ],
            }
        },
    )["createCustomer"]
    assert payload["userErrors"] == [], payload["userErrors"]
    granted = tenant.client.data(GRANT_PORTAL, {"id": payload["customer"]["contacts"][0]["id"]})
    assert granted["grantPortalAccess"]["userErrors"] == []


def test_a_portal_customer_places_an_order_and_sees_it_shipped(
    browsing: Browsing, tenant: TenantSession, mailbox: Mailbox
) -> None:
    warehouse_id = create_warehouse(tenant, "MAIN")
    sku_id = create_product(tenant, "CRATE-20", "Oak crate", "10.00", cost="4.00", taxRate="0.1")[
        "skus"
    ][0]["id"]
    receive(tenant, warehouse_id, sku_id, "200")
    create_book(tenant, "VIP prices", "TIER", [entry(sku_id, "8.00")], customerTier="vip")
    email = f"chen@blue-harbor-{tenant.slug}.example.com"
    credit_customer_with_portal_contact(tenant, email)
    page = browsing.new_page()

    with browsing.step("sign in with the emailed link"):
        page.goto(f"/portal/login?tenant={tenant.slug}")
        page.get_by_role("textbox", name="Email").fill(email)
        page.get_by_role("button", name="Send sign-in link").click()
        page.goto(link_in_mail(mailbox, email))
        expect(page.get_by_test_id("portal-customer-name")).to_have_text("Blue Harbor Foods")

    with browsing.step("add the crate from the catalogue at the VIP price"):
        page.get_by_test_id("portal-nav-order").click()
        row = page.get_by_test_id("portal-item-CRATE-20")
        expect(row).to_contain_text("8.00")
        expect(row).to_contain_text("In stock")
        page.get_by_test_id("portal-qty-CRATE-20").fill("3")
        page.get_by_test_id("portal-add-CRATE-20").click()
        expect(page.get_by_test_id("portal-cart-CRATE-20")).to_contain_text("24.00")

    with browsing.step("delivery, review and place"):
        page.get_by_test_id("portal-next").click()
        expect(page.get_by_text("Dock 4, 1 Harbour Rd")).to_be_visible()
        page.get_by_test_id("portal-next").click()
        page.get_by_test_id("portal-place-order").click()
        placed = page.get_by_test_id("portal-order-placed")
        expect(placed).to_contain_text(re.compile(r"Order \S+ placed"))
        number = re.search(r"Order (\S+) placed", placed.inner_text())
        assert number is not None

    with browsing.step("the seller ships it; the order page shows Shipped with tracking"):
        [edge] = tenant.client.data(FIND_ORDER, {"search": number.group(1)})["orders"]["edges"]
        assert (edge["node"]["channel"], edge["node"]["status"]) == ("PORTAL", "CONFIRMED")
        acted(tenant, edge["node"]["id"], "MARK_READY_TO_SHIP")
        acted(tenant, edge["node"]["id"], "SHIP", carrier="DHL", trackingNumber="JD0146000033")
        page.get_by_role("button", name="View order").click()
        expect(page.get_by_test_id("portal-order-number")).to_have_text(number.group(1))
        page.reload()
        expect(page.get_by_test_id("portal-order-status")).to_have_text("Shipped")
        expect(page.get_by_test_id("portal-tracking-number")).to_have_text("JD0146000033")
        timeline = page.get_by_test_id("portal-order-timeline")
        expect(timeline).to_contain_text("Ready to ship")
        expect(timeline).to_contain_text("Not needed")  # paid: on credit terms

    with browsing.step("my orders lists it"):
        portal_nav(page, "orders")
        expect(page.get_by_test_id("portal-order-link")).to_have_text(number.group(1))
