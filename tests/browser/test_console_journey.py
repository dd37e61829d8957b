"""A company signs up, invites a salesperson who joins from the emailed link, and an
administrator's role change reshapes that person's menu."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.conftest import Browsing
from tests.browser.ui import choose, link_in_mail, log_in, log_out, nav_names
from tests.support.graphql import STRONG_PASSWORD, unique_slug
from tests.support.stack import Mailbox

BASELINE_MENU = [
    "Home",
    "Users & departments",
    "Customers",
    "Products",
    "Price books",
    "Warehouses & stock",
    "Orders",
    "Order board",
    "Change requests",
    "Invoices",
    "Refunds",
    "Quotes",
    "Contracts",
    "Subscriptions",
    "Import",
    "Settings",
]


def test_sign_up_invite_accept_and_change_role(browsing: Browsing, mailbox: Mailbox) -> None:
    slug = unique_slug("web")
    owner_email = f"olga@{slug}.example.com"
    sales_email = f"sam@{slug}.example.com"
    admin = browsing.new_page()

    with browsing.step("sign up"):
        admin.goto("/signup")
        admin.get_by_label("Company name").fill("Nimbus Trading")
        admin.get_by_label("URL slug").fill(slug)
        admin.get_by_label("Your name").fill("Olga Owner")
        admin.get_by_label("Email").fill(owner_email)
        admin.get_by_label("Password").fill(STRONG_PASSWORD)
        admin.get_by_role("button", name="Create company account").click()
        expect(admin.get_by_test_id("tenant-name")).to_have_text("Nimbus Trading")
        expect(admin.get_by_role("heading", name="Welcome, Olga Owner")).to_be_visible()

    with browsing.step("log out and back in"):
        log_out(admin)
        log_in(admin, slug, owner_email, STRONG_PASSWORD)
        expect(admin.get_by_role("heading", name="Welcome, Olga Owner")).to_be_visible()
        assert nav_names(admin) == [
            "Home",
            "Users & departments",
            "Customers",
            "Products",
            "Price books",
            "Warehouses & stock",
            "Orders",
            "Order board",
            "Approvals",
            "Change requests",
            "Receivables",
            "Invoices",
            "Refunds",
            "Support",
            "Returns",
            "Quotes",
            "Contracts",
            "Subscriptions",
            "Recurring revenue",
            "Import",
            "Roles & permissions",
            "API clients",
            "Audit log",
            "Settings",
        ]

    with browsing.step("invite a salesperson"):
        admin.get_by_role("navigation").get_by_role("link", name="Users & departments").click()
        admin.get_by_role("button", name="Invite user").click()
        drawer = admin.get_by_role("dialog", name="Invite a colleague")
        drawer.get_by_label("Email").fill(sales_email)
        drawer.get_by_label("Name").fill("Sam Sales")
        choose(admin, drawer, "Department", "Sales")
        drawer.get_by_role("button", name="Send invitation").click()
        expect(admin.get_by_text(f"Invitation sent to {sales_email}.")).to_be_visible()
        row = admin.get_by_role("row", name=re.compile(re.escape(sales_email)))
        expect(row).to_contain_text("Invited")

    sales = browsing.new_page()
    with browsing.step("accept the invitation from the email"):
        link = link_in_mail(mailbox, sales_email, "invit")
        assert link.startswith(f"{browsing.base_url}/accept-invitation?token=")
        sales.goto(link)
        sales.get_by_label("New password").fill(STRONG_PASSWORD)
        sales.get_by_label("Repeat the password").fill(STRONG_PASSWORD)
        sales.get_by_role("button", name="Set password and join").click()
        expect(sales.get_by_role("heading", name="Welcome, Sam Sales")).to_be_visible()
        assert nav_names(sales) == BASELINE_MENU

    with browsing.step("the administrator makes the salesperson a manager"):
        admin.reload()
        row = admin.get_by_role("row", name=re.compile(re.escape(sales_email)))
        expect(row).to_contain_text("Active")
        row.get_by_role("button", name="Change roles").click()
        dialog = admin.get_by_role("dialog", name="Roles of Sam Sales")
        roles = dialog.get_by_role("combobox", name="Roles")
        roles.click()
        roles.press("Backspace")
        roles.fill("manager")
        admin.locator(".ant-select-dropdown:visible").get_by_title("Management (manager)").click()
        roles.press("Escape")
        dialog.get_by_role("button", name="Save").click()
        expect(admin.get_by_text("Roles changed.")).to_be_visible()
        expect(row).to_contain_text("manager")
        expect(row).not_to_contain_text("sales")

    with browsing.step("the salesperson's menu now shows what a manager may open"):
        sales.reload()
        nav = sales.get_by_role("navigation")
        expect(nav.get_by_role("link", name="Audit log")).to_be_visible()
        assert nav_names(sales) == [
            "Home",
            "Users & departments",
            "Customers",
            "Products",
            "Price books",
            "Warehouses & stock",
            "Orders",
            "Order board",
            "Approvals",
            "Change requests",
            "Receivables",
            "Invoices",
            "Refunds",
            "Quotes",
            "Contracts",
            "Subscriptions",
            "Recurring revenue",
            "Import",
            "Roles & permissions",
            "Audit log",
            "Settings",
        ]
        sales.get_by_role("navigation").get_by_role("link", name="Roles & permissions").click()
        expect(sales.get_by_role("row", name=re.compile("Management"))).to_be_visible()
        expect(sales.get_by_role("button", name="New role")).to_have_count(0)
