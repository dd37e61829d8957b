"""The console and the portal work under their Content-Security-Policy: logging in, the
console after sign-in (a table, a modal, the order timeline's growing comment box), the portal,
its card dialog (Stripe.js, here localstripe's stand-in) and an invoice's PDF in a tab of its
own run without a single violation, and antd's styles, which carry the page's nonce, apply."""

from __future__ import annotations

import re

from playwright.sync_api import BrowserContext, ConsoleMessage, Page, expect

from tests.browser.conftest import Browsing
from tests.browser.ui import log_in, nav_names, open_pay_now, opens_pdf, sign_in_as_buyer
from tests.support.graphql import GraphQLClient, TenantSession
from tests.support.invoices import issued
from tests.support.orders import created, open_shop, order_input
from tests.support.stack import Mailbox, Stack
from tests.support.stripe import open_stripe_shop, portal_placed

REPORT_VIOLATIONS = """
document.addEventListener('securitypolicyviolation', (event) => {
  window.reportCspViolation(`${event.violatedDirective} blocked ${event.blockedURI}`);
});
"""


class Violations:
    """Every CSP violation any page of a browser context reports: the `securitypolicyviolation`
    events (listened for before the page's own scripts run) and the console's messages."""

    def __init__(self, context: BrowserContext) -> None:
        self.seen: list[str] = []
        context.expose_function("reportCspViolation", self.on_event)
        context.add_init_script(REPORT_VIOLATIONS)
        context.on("console", self.on_console)

    def on_event(self, description: str) -> None:
        self.seen.append(description)

    def on_console(self, message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text:
            self.seen.append(message.text)

    def assert_none(self) -> None:
        assert not self.seen, "\n".join(sorted(set(self.seen)))


def watched_page(browsing: Browsing) -> tuple[Page, Violations]:
    page = browsing.new_page()
    return page, Violations(page.context)


def policy_of(page: Page, path: str) -> str:
    response = page.goto(path)
    assert response is not None and response.ok, path
    policy = response.headers.get("content-security-policy")
    assert policy and "script-src 'self'" in policy, response.headers
    return policy


def assert_styled(page: Page) -> None:
    """antd's styles applied: its primary button is filled with the theme's colour, which
    only the <style> elements antd writes at run time say."""
    button = page.locator(".ant-btn-primary").first
    expect(button).to_have_css("background-color", "rgb(31, 95, 209)")


def test_the_console_logs_in_and_works_under_its_policy(
    browsing: Browsing, api: GraphQLClient, stack: Stack
) -> None:
    shop = open_shop(api)
    tenant: TenantSession = shop.owner
    order = created(tenant, order_input(shop, (shop.sku_id, "1")))
    page, violations = watched_page(browsing)

    with browsing.step("the log-in page"):
        policy = policy_of(page, "/login")
        stripe_port = stack.env["ORBIT_STRIPE_API_BASE"].rsplit(":", 1)[1]
        assert stripe_port not in policy, "the console has no business with Stripe.js"
        expect(page.get_by_role("button", name="Log in")).to_be_visible()
        assert_styled(page)

    with browsing.step("signed in: home page and menu"):
        log_in(page, tenant.slug, tenant.email, tenant.password)
        expect(page.get_by_role("heading", name="Welcome, Olivia Owner")).to_be_visible()
        assert "Customers" in nav_names(page)
        page.get_by_role("navigation").get_by_role("link", name="Customers").click()
        expect(page).to_have_url(re.compile(r"/customers"))
        expect(page.get_by_role("table")).to_be_visible()
        assert_styled(page)

    with browsing.step("a modal locks the page's scrolling with a <style> of its own"):
        page.get_by_role("button", name="New customer").click()
        dialog = page.get_by_role("dialog")
        expect(dialog).to_be_visible()
        expect(page.locator("body")).to_have_css("overflow-y", "hidden")
        dialog.get_by_role("button", name="Cancel").click()
        expect(dialog).to_be_hidden()

    with browsing.step("the order timeline's comment box grows with its text"):
        page.goto(f"/orders/{order['id']}")
        box = page.get_by_test_id("order-timeline").get_by_label("Write a comment")
        empty_height = box.evaluate("box => box.offsetHeight")
        box.fill("\n".join(f"line {number}" for number in range(1, 6)))
        page.wait_for_function(
            "([box, empty]) => box.offsetHeight > empty", arg=[box.element_handle(), empty_height]
        )

    violations.assert_none()


def test_the_portal_and_its_card_dialog_work_under_the_portal_policy(
    browsing: Browsing, api: GraphQLClient, mailbox: Mailbox, stack: Stack
) -> None:
    shop = open_stripe_shop(api, mailbox, stack)
    order = portal_placed(shop, "2")
    invoice = issued(shop.owner, order["id"], sendEmail=False)
    page, violations = watched_page(browsing)
    stripe_origin = re.match(r"https?://[^/]+", stack.env["ORBIT_STRIPE_JS_URL"])

    with browsing.step("the portal's pages allow Stripe.js's origin"):
        assert stripe_origin
        policy = policy_of(page, f"/portal/login?tenant={shop.owner.slug}")
        for directive in ("script-src", "frame-src", "connect-src"):
            assert re.search(rf"{directive} [^;]*{re.escape(stripe_origin.group(0))}", policy)

    with browsing.step("sign in; Pay now loads Stripe.js and its card form"):
        sign_in_as_buyer(page, mailbox, shop)
        assert_styled(page)
        open_pay_now(page, {**order, "id": order["portalId"]})

    with browsing.step("the invoice's PDF downloads under its number (from a blob: URL)"):
        page.goto("/portal/invoices")
        row = (
            page.get_by_test_id("portal-invoices-table")
            .get_by_role("row")
            .filter(has_text=invoice["number"])
        )
        with page.expect_download() as download:
            opens_pdf(page, row.get_by_test_id("portal-invoice-pdf"))
        assert download.value.suggested_filename == f"{invoice['number']}.pdf"

    violations.assert_none()
