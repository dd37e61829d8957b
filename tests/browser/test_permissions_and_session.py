"""What a role may not do is not offered; an ended session returns the user to where they were."""

from __future__ import annotations

import re

from playwright.sync_api import Route, expect

from tests.browser.conftest import Browsing
from tests.browser.ui import log_in, nav_names
from tests.support.graphql import GraphQLClient, TenantSession, invite_and_join
from tests.support.stack import Mailbox

LOG_OUT = """mutation L($t: String!) { logOut(refreshToken: $t) { userErrors { code } } }"""


def test_warehouse_user_is_not_offered_invitations_or_roles(
    browsing: Browsing, tenant: TenantSession, mailbox: Mailbox
) -> None:
    worker = invite_and_join(tenant, mailbox, f"wanda@{tenant.slug}.example.com", "warehouse")
    page = browsing.new_page()

    with browsing.step("log in as warehouse"):
        page.goto("/login")
        log_in(page, tenant.slug, worker.email, worker.password)
        assert nav_names(page) == [
            "Home",
            "Users & departments",
            "Customers",
            "Products",
            "Warehouses & stock",
            "Orders",
            "Order board",
            "Change requests",
            "Returns",
            "Settings",
        ]

    with browsing.step("users are listed without invite or row actions"):
        page.get_by_role("navigation").get_by_role("link", name="Users & departments").click()
        expect(page.get_by_role("row", name=re.compile(re.escape(tenant.email)))).to_be_visible()
        expect(page.get_by_role("button", name="Invite user")).to_have_count(0)
        expect(page.get_by_role("button", name="Change roles")).to_have_count(0)
        expect(page.get_by_role("button", name="Deactivate")).to_have_count(0)

    with browsing.step("settings are read-only"):
        page.get_by_role("navigation").get_by_role("link", name="Settings").click()
        expect(page.get_by_label("Company name")).to_be_disabled()
        expect(page.get_by_role("button", name="Save")).to_have_count(0)

    with browsing.step("a module typed into the address bar says not allowed"):
        page.goto("/roles")
        expect(page.get_by_text("Not allowed")).to_be_visible()


def test_expired_session_returns_to_the_page_after_log_in(
    browsing: Browsing, tenant: TenantSession, api: GraphQLClient
) -> None:
    page = browsing.new_page()
    with browsing.step("log in and open the audit log"):
        page.goto("/audit")
        expect(page).to_have_url(re.compile(r"/login\?next=%2Faudit"))
        log_in(page, tenant.slug, tenant.email, tenant.password)
        expect(page).to_have_url(re.compile(r"/audit$"))
        expect(page.get_by_role("heading", name="Audit log")).to_be_visible()
        expect(page.get_by_role("cell", name="Signed up", exact=True)).to_be_visible()

    with browsing.step("the session ends elsewhere; the next load sends the user to log in"):
        refresh_token = page.evaluate("localStorage.getItem('orbit.console.refreshToken')")
        assert refresh_token
        api.data(LOG_OUT, {"t": refresh_token})
        page.reload()
        expect(page).to_have_url(re.compile(r"/login\?next=%2Faudit&expired=1"))
        expect(page.get_by_text("Your session has ended.")).to_be_visible()

    with browsing.step("logging in again returns to the audit log"):
        log_in(page, tenant.slug, tenant.email, tenant.password)
        expect(page).to_have_url(re.compile(r"/audit$"))
        expect(page.get_by_role("heading", name="Audit log")).to_be_visible()


def test_a_401_is_answered_by_one_silent_refresh(browsing: Browsing, tenant: TenantSession) -> None:
    page = browsing.new_page()
    with browsing.step("log in"):
        page.goto("/login")
        log_in(page, tenant.slug, tenant.email, tenant.password)
        expect(page.get_by_role("heading", name=re.compile("Welcome"))).to_be_visible()
        first_refresh_token = page.evaluate("localStorage.getItem('orbit.console.refreshToken')")

    refused: list[str] = []

    def refuse_once(route: Route) -> None:
        body = route.request.post_data or ""
        if not refused and "query UsersList" in body:
            refused.append(body)
            route.fulfill(
                status=401,
                content_type="application/json",
                body='{"data": null, "errors": [{"message": "The access token is '
                'invalid or has expired.", "extensions": {"code": '
                '"UNAUTHENTICATED"}}]}',
            )
        else:
            route.continue_()

    with browsing.step("the API refuses the access token once; the list still loads"):
        page.route("**/graphql", refuse_once)
        page.get_by_role("navigation").get_by_role("link", name="Users & departments").click()
        expect(page.get_by_role("row", name=re.compile(re.escape(tenant.email)))).to_be_visible()
        assert len(refused) == 1
        rotated = page.evaluate("localStorage.getItem('orbit.console.refreshToken')")
        assert rotated and rotated != first_refresh_token


def test_log_in_by_keyboard_alone_and_tables_fit_1280(
    browsing: Browsing, tenant: TenantSession
) -> None:
    page = browsing.new_page()
    with browsing.step("log in with Tab and Enter only"):
        page.goto("/login")
        page.get_by_label("Company (URL slug)").focus()
        page.keyboard.type(tenant.slug)
        page.keyboard.press("Tab")
        page.keyboard.type(tenant.email)
        page.keyboard.press("Tab")
        page.keyboard.type(tenant.password)
        page.keyboard.press("Enter")
        expect(page.get_by_role("heading", name=re.compile("Welcome"))).to_be_visible()

    with browsing.step("every module fits 1280 x 800 without sideways scrolling"):
        for name in [
            "Users & departments",
            "Roles & permissions",
            "API clients",
            "Audit log",
            "Settings",
        ]:
            page.get_by_role("navigation").get_by_role("link", name=name).click()
            expect(page.get_by_role("heading", level=2)).to_be_visible()
            fits = page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
            assert fits, f"{name} scrolls sideways at 1280 px"
