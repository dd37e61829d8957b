"""The tenant owner gives a new customer an instalment plan in the console: the 30/70 preset
first, then three parts; the server's "add up to 100" error shows on the plan, and the stored
plan comes back when the customer is reopened."""

from __future__ import annotations

import re
from decimal import Decimal

from playwright.sync_api import Locator, Page, expect

from tests.browser.conftest import Browsing
from tests.browser.ui import log_in, pick_option
from tests.support.graphql import TenantSession

CUSTOMER_ID = """
query Customers($search: String) {
  customers(first: 5, filter: {search: $search}) { edges { node { id name } } }
}"""

CUSTOMER_TERMS = """
query Terms($id: ID!) {
  node(id: $id) {
    ... on Customer { paymentTerms { kind netDays instalments { percent trigger daysAfter } } }
  }
}"""


def pick(page: Page, within: Locator, label: str, option: str) -> None:
    """Choose `option` in the antd select labelled `label`, opened from the keyboard (a click
    could land elsewhere while the drawer still slides in), and wait for its dropdown to close."""
    select = within.get_by_role("combobox", name=label, exact=True)
    select.focus()
    select.press("ArrowDown")
    pick_option(page, page.locator(".ant-select-dropdown:visible").get_by_title(option, exact=True))
    # The next select's dropdown must not be mistaken for this one while it fades out.
    expect(page.locator(".ant-select-dropdown:visible")).to_have_count(0)


def save(drawer: Locator) -> None:
    """Save the drawer's payment terms and credit card (the profile card has its own Save)."""
    drawer.locator("form#customerCredit").get_by_role("button", name="Save").click()


def percent(drawer: Locator, row: int) -> Locator:
    return drawer.get_by_label(f"Percent {row}", exact=True)


def test_owner_sets_an_instalment_plan(browsing: Browsing, tenant: TenantSession) -> None:
    page = browsing.new_page()

    with browsing.step("create a customer"):
        page.goto("/customers")
        log_in(page, tenant.slug, tenant.email, tenant.password)
        expect(page.get_by_role("heading", name="Customers", exact=True)).to_be_visible()
        page.get_by_role("button", name="New customer").click()
        dialog = page.get_by_role("dialog", name="New customer")
        dialog.get_by_label("Name").fill("Harbour Foods")
        dialog.get_by_role("button", name="Create").click()
        drawer = page.get_by_role("dialog", name="Harbour Foods")
        expect(drawer.get_by_label("Credit limit")).to_be_enabled()
        expect(drawer.get_by_test_id("current-terms")).to_have_text("Current terms: Prepaid")

    rows = drawer.get_by_test_id("instalment-rows")
    total = drawer.get_by_test_id("instalments-total")
    with browsing.step("give it the 30/70 preset plan"):
        pick(page, drawer, "Payment terms", "Instalments")
        expect(rows.get_by_test_id("instalment-row")).to_have_count(2)
        drawer.get_by_role("button", name="30 % on confirmation / 70 % on delivery").click()
        expect(percent(drawer, 1)).to_have_value("30")
        expect(percent(drawer, 2)).to_have_value("70")
        expect(total).to_have_text("Total: 100 %")
        expect(drawer.get_by_role("button", name="Remove instalment 1")).to_be_disabled()
        save(drawer)
        expect(page.get_by_text("Customer saved.")).to_be_visible()
        expect(drawer.get_by_test_id("current-terms")).to_have_text(
            "Current terms: 30% on confirmation · 70% on delivery"
        )

    with browsing.step("three parts adding up to 90 are refused on the plan"):
        drawer.get_by_role("button", name="Add instalment").click()
        expect(rows.get_by_test_id("instalment-row")).to_have_count(3)
        percent(drawer, 1).fill("40")
        percent(drawer, 2).fill("40")
        pick(page, drawer, "Due from 2", "On shipment")
        percent(drawer, 3).fill("10")
        pick(page, drawer, "Due from 3", "On delivery")
        drawer.get_by_label("Days after 3", exact=True).fill("30")
        expect(total).to_have_text("Total: 90 %")
        save(drawer)
        expect(rows).to_contain_text("The instalments must add up to 100 %.")

    with browsing.step("40/40/20 is saved"):
        percent(drawer, 3).fill("20")
        expect(total).to_have_text("Total: 100 %")
        save(drawer)
        expect(drawer.get_by_test_id("current-terms")).to_have_text(
            "Current terms: 40% on confirmation · 40% on shipping · 20% 30 days after delivery"
        )
        expect(rows).not_to_contain_text("add up to 100")

    with browsing.step("the customer's page shows the three parts"):
        drawer.get_by_role("button", name="Close").click()
        expect(drawer).to_be_hidden()
        listed = page.get_by_role("row", name=re.compile("Harbour Foods"))
        listed.get_by_role("link", name="View").click()
        drawer = page.locator("form#customerCredit")
        rows = drawer.get_by_test_id("instalment-rows")
        expect(rows.get_by_test_id("instalment-row")).to_have_count(3)
        for row, value in ((1, "40"), (2, "40"), (3, "20")):
            expect(percent(drawer, row)).to_have_value(re.compile(rf"^{value}(\.0+)?$"))
        expect(drawer.get_by_label("Days after 3", exact=True)).to_have_value("30")
        expect(drawer.get_by_test_id("instalments-total")).to_have_text("Total: 100 %")

    found = tenant.client.data(CUSTOMER_ID, {"search": "Harbour Foods"})["customers"]["edges"]
    assert [edge["node"]["name"] for edge in found] == ["Harbour Foods"]
    node = tenant.client.data(CUSTOMER_TERMS, {"id": found[0]["node"]["id"]})["node"]
    terms = node["paymentTerms"]
    assert terms["kind"] == "INSTALMENTS"
    assert terms["netDays"] is None
    parts = [(Decimal(p["percent"]), p["trigger"], p["daysAfter"]) for p in terms["instalments"]]
    assert parts == [
        (Decimal(40), "CONFIRMATION", 0),
        (Decimal(40), "SHIPMENT", 0),
        (Decimal(20), "DELIVERY", 30),
    ]
