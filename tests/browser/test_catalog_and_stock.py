"""An administrator sets up a configurable product, its prices and its stock in the console;
the price tester answers with the server's price and source; a salesperson sees the catalogue
and stock but is not offered to change them."""

from __future__ import annotations

import re

from playwright.sync_api import Locator, Page, expect

from tests.browser.conftest import Browsing
from tests.browser.ui import log_in, pick_option
from tests.support.graphql import TenantSession, invite_and_join
from tests.support.stack import Mailbox

CREATE_CUSTOMER = """
mutation C($input: CreateCustomerInput!) {
  createCustomer(input: $input) { customer { id } userErrors { code } }
}"""


def create_customer(tenant: TenantSession, name: str, tier: str) -> None:
    payload = tenant.client.data(CREATE_CUSTOMER, {"input": {"name": name, "tier": tier}})
    assert payload["createCustomer"]["userErrors"] == [], payload


def pick(page: Page, within: Locator, label: str, option: re.Pattern[str]) -> None:
    """Choose the option matching `option` in the antd select labelled `label`. The select is
    opened from the keyboard: a click could land elsewhere while a drawer still slides in."""
    select = within.get_by_role("combobox", name=label, exact=True)
    select.focus()
    select.press("ArrowDown")
    pick_option(page, page.locator(".ant-select-dropdown:visible").get_by_title(option))


def open_module(page: Page, name: str) -> None:
    page.get_by_role("navigation").get_by_role("link", name=name).click()
    expect(page.get_by_role("heading", name=name, exact=True)).to_be_visible()


def quote(page: Page, customer: re.Pattern[str], quantity: str) -> Locator:
    tester = page.get_by_test_id("price-tester")
    pick(page, tester, "Customer", customer)
    pick(page, tester, "SKU", re.compile("^LAP-32G"))
    tester.get_by_label("Quantity").fill(quantity)
    tester.get_by_role("button", name="Get price").click()
    return page.get_by_test_id("price-quote")


def test_admin_prices_and_stocks_a_configurable_product(
    browsing: Browsing, tenant: TenantSession
) -> None:
    create_customer(tenant, "Vega Retail", "vip")
    create_customer(tenant, "Sunny Stores", "standard")
    page = browsing.new_page()

    with browsing.step("log in and create a configurable product"):
        page.goto("/products")
        log_in(page, tenant.slug, tenant.email, tenant.password)
        expect(page.get_by_role("heading", name="Products", exact=True)).to_be_visible()
        page.get_by_role("button", name="New product").click()
        drawer = page.get_by_role("dialog", name="New product")
        drawer.get_by_label("Product code").fill("LAP")
        drawer.get_by_label("Name").fill("Laptop Pro")
        drawer.get_by_label("List price").fill("1000")
        drawer.get_by_label("Tax rate").fill("0.13")
        drawer.get_by_label(re.compile("^Configurable")).check()
        drawer.get_by_role("button", name="Create").click()
        expect(page.get_by_text("Product Laptop Pro created.")).to_be_visible()

    with browsing.step("add a memory option and generate its variants"):
        product = page.get_by_role("dialog", name="Laptop Pro")
        product.get_by_role("button", name="Add option").click()
        option = page.get_by_role("dialog", name="Add option")
        option.get_by_label("Option name").fill("Memory")
        option.get_by_label("Value 1").fill("16 GB")
        option.get_by_label("Code 1").fill("16G")
        option.get_by_role("button", name="Add value").click()
        option.get_by_label("Value 2").fill("32 GB")
        option.get_by_label("Code 2").fill("32G")
        option.get_by_label("Price change 2").fill("200")
        option.get_by_role("button", name="Save").click()
        expect(product.get_by_test_id("product-option")).to_contain_text("32 GB")
        product.get_by_role("button", name="Generate variants").click()
        expect(page.get_by_text("Variants created: 2.")).to_be_visible()
        expect(product.get_by_role("row", name=re.compile("LAP-16G"))).to_contain_text("$1,000.00")
        expect(product.get_by_role("row", name=re.compile("LAP-32G"))).to_contain_text("$1,200.00")
        product.get_by_role("button", name="Close").click()

    with browsing.step("a VIP tier price book"):
        open_module(page, "Price books")
        page.get_by_role("button", name="New price book").click()
        drawer = page.get_by_role("dialog", name="New price book")
        drawer.get_by_label("Name").fill("VIP prices")
        pick(page, drawer, "Customer tier", re.compile("^vip$"))
        drawer.get_by_role("button", name="Add price").click()
        pick(page, drawer, "SKU 1", re.compile("^LAP-32G"))
        drawer.get_by_label("Unit price 1").fill("1100")
        drawer.get_by_role("button", name="Save").click()
        expect(page.get_by_text("Price book VIP prices saved.")).to_be_visible()

    with browsing.step("a volume break price book"):
        page.get_by_role("button", name="New price book").click()
        drawer = page.get_by_role("dialog", name="New price book")
        drawer.get_by_label("Name").fill("Volume breaks")
        pick(page, drawer, "Kind", re.compile("^Volume breaks$"))
        drawer.get_by_role("button", name="Add price").click()
        pick(page, drawer, "SKU 1", re.compile("^LAP-32G"))
        drawer.get_by_label("From quantity 1").fill("10")
        drawer.get_by_label("Unit price 1").fill("1050")
        drawer.get_by_role("button", name="Save").click()
        expect(page.get_by_text("Price book Volume breaks saved.")).to_be_visible()
        expect(page.get_by_role("row", name=re.compile("Volume breaks"))).to_be_visible()

    with browsing.step("the price tester: a VIP customer gets the tier price"):
        result = quote(page, re.compile("^Vega Retail"), "1")
        expect(result).to_contain_text("$1,100.00")
        expect(result).to_contain_text("VIP prices")

    with browsing.step("the price tester: a standard customer pays list, then the volume break"):
        result = quote(page, re.compile("^Sunny Stores"), "1")
        expect(result).to_contain_text("List price")
        expect(result).to_contain_text("$1,200.00")
        result = quote(page, re.compile("^Sunny Stores"), "10")
        expect(result).to_contain_text("Volume breaks (from 10)")
        expect(result).to_contain_text("$1,050.00")
        expect(result).to_contain_text("$10,500.00")

    with browsing.step("create a warehouse"):
        open_module(page, "Warehouses & stock")
        page.get_by_role("tab", name="Warehouses").click()
        page.get_by_role("button", name="New warehouse").click()
        drawer = page.get_by_role("dialog", name="New warehouse")
        drawer.get_by_label("Code").fill("SH1")
        drawer.get_by_label("Name").fill("Shanghai DC")
        drawer.get_by_role("button", name="Save").click()
        expect(page.get_by_text("Warehouse Shanghai DC saved.")).to_be_visible()
        expect(page.get_by_role("row", name=re.compile("Shanghai DC"))).to_be_visible()

    with browsing.step("receive stock and see it available"):
        page.get_by_role("tab", name="Stock levels").click()
        page.get_by_role("button", name="Receive stock").click()
        dialog = page.get_by_role("dialog", name="Receive stock")
        pick(page, dialog, "Warehouse", re.compile("^SH1"))
        pick(page, dialog, "SKU", re.compile("^LAP-32G"))
        dialog.get_by_label("Quantity").fill("25")
        dialog.get_by_label("Reason").fill("Delivery note PO-778")
        dialog.get_by_role("button", name="Receive stock").click()
        expect(page.get_by_text("Stock received.")).to_be_visible()
        row = page.get_by_role("row", name=re.compile("LAP-32G"))
        # warehouse, SKU, on hand, reserved, available, backordered, threshold, actions
        expect(row.get_by_role("cell")).to_have_text(
            ["SH1", "LAP-32G", "25", "0", "25", "0", re.compile("—"), re.compile("Adjust")]
        )
        page.get_by_role("tab", name="Stock movements").click()
        movement = page.get_by_role("row", name=re.compile("Delivery note PO-778"))
        expect(movement).to_contain_text("Receipt")
        expect(movement).to_contain_text("+25")


def test_sales_sees_catalogue_and_stock_without_changing_them(
    browsing: Browsing, tenant: TenantSession, mailbox: Mailbox
) -> None:
    sales = invite_and_join(tenant, mailbox, f"sid@{tenant.slug}.example.com", "sales")
    page = browsing.new_page()

    with browsing.step("products are listed without New product"):
        page.goto("/products")
        log_in(page, tenant.slug, sales.email, sales.password)
        expect(page.get_by_role("heading", name="Products", exact=True)).to_be_visible()
        expect(page.get_by_role("button", name="New product")).to_have_count(0)

    with browsing.step("price books offer the tester but not New price book"):
        open_module(page, "Price books")
        expect(page.get_by_test_id("price-tester")).to_be_visible()
        expect(page.get_by_role("button", name="New price book")).to_have_count(0)

    with browsing.step("stock is shown without Receive stock"):
        open_module(page, "Warehouses & stock")
        expect(page.get_by_role("tab", name="Stock levels")).to_be_visible()
        expect(page.get_by_role("button", name="Receive stock")).to_have_count(0)
        page.get_by_role("tab", name="Warehouses").click()
        expect(page.get_by_role("button", name="New warehouse")).to_have_count(0)


def test_customer_detail_addresses_portal_and_credit(
    browsing: Browsing, tenant: TenantSession, mailbox: Mailbox
) -> None:
    create_customer(tenant, "Vega Retail", "vip")
    create_customer(tenant, "Sunny Stores", "standard")
    page = browsing.new_page()

    with browsing.step("filter customers by tier and open one on its own page"):
        page.goto("/customers")
        log_in(page, tenant.slug, tenant.email, tenant.password)
        expect(page.get_by_role("row", name=re.compile("Sunny Stores"))).to_be_visible()
        pick(page, page.get_by_role("main"), "Tier", re.compile("^vip$"))
        expect(page.get_by_role("row", name=re.compile("Sunny Stores"))).to_have_count(0)
        vega = page.get_by_role("row", name=re.compile("Vega Retail"))
        vega.get_by_role("link", name="View").click()
        expect(page).to_have_url(re.compile(r"/customers/[0-9a-f]{8}-[0-9a-f-]{27}$"))
        details = page.get_by_role("main")  # the customer's own page
        expect(details.get_by_label("Credit limit")).to_be_enabled()

    with browsing.step("add a contact and grant portal access"):
        details.get_by_role("button", name="Add contact").click()
        dialog = page.get_by_role("dialog", name="Add contact")
        dialog.get_by_label("Name").fill("Chen Jing")
        dialog.get_by_label("Email").fill(f"chen@vega-{tenant.slug}.example.com")
        dialog.get_by_role("button", name="Save").click()
        row = details.get_by_role("row", name=re.compile("Chen Jing"))
        expect(row).to_contain_text("No access")
        row.get_by_role("button", name="Grant portal access").click()
        page.get_by_role("button", name="Yes").click()
        expect(row).to_contain_text("Has access")

    with browsing.step("add two ship-to addresses and make the second the default"):
        for recipient, city in (("Dock A", "Shanghai"), ("Dock B", "Suzhou")):
            details.get_by_role("button", name="Add address").click()
            dialog = page.get_by_role("dialog", name="Add address")
            dialog.get_by_label("Recipient").fill(recipient)
            dialog.get_by_label("Street and number").fill("1 Harbour Road")
            dialog.get_by_label("City").fill(city)
            dialog.get_by_label("Country").fill("CN")
            dialog.get_by_role("button", name="Save").click()
            expect(details.get_by_role("row", name=re.compile(recipient))).to_be_visible()
        first = details.get_by_role("row", name=re.compile("Dock A"))
        second = details.get_by_role("row", name=re.compile("Dock B"))
        expect(first).to_contain_text("Default")
        second.get_by_role("button", name="Make default").click()
        expect(second).to_contain_text("Default")
        expect(first).not_to_contain_text("Default")

    sales = invite_and_join(tenant, mailbox, f"sue@{tenant.slug}.example.com", "sales")
    with browsing.step("a salesperson cannot change the credit limit"):
        other = browsing.new_page()
        other.goto("/customers")
        log_in(other, tenant.slug, sales.email, sales.password)
        expect(other.get_by_role("heading", name="Customers", exact=True)).to_be_visible()
        other.get_by_role("button", name="New customer").click()
        dialog = other.get_by_role("dialog", name="New customer")
        dialog.get_by_label("Name").fill("Own Account Ltd")
        dialog.get_by_role("button", name="Create").click()
        drawer = other.get_by_role("dialog", name="Own Account Ltd")
        expect(drawer.get_by_label("Credit limit")).to_be_disabled()
        expect(
            drawer.get_by_text("Changing these needs the customers:credit permission.")
        ).to_be_visible()
