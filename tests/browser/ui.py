"""What a person does in the console and portal, in a few reusable moves."""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import Locator, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from tests.support.portal import link_tokens, request_link
from tests.support.stack import Mailbox, body_text
from tests.support.stripe import StripeShop
from tests.support.waiting import wait_until


def choose(
    page: Page, within: Locator, label: str | re.Pattern[str], option: str, multiple: bool = False
) -> None:
    """Pick `option` in the antd select labelled `label` inside `within`. The click is forced
    because antd lays the shown value over the select's input; a multiple select stays open
    until Escape."""
    select = within.get_by_role("combobox", name=label)
    dropdown = page.locator(".ant-select-dropdown:visible")
    for _ in range(3):
        # A click while the surrounding dialog or drawer still animates in can leave the
        # select shut, or miss it while it is still sliding into view.
        expect(select).to_be_in_viewport()
        select.click(force=True)
        try:
            dropdown.wait_for(timeout=3_000)
            break
        except PlaywrightTimeoutError:
            continue
    pick_option(page, dropdown.get_by_title(option, exact=True))
    if multiple:
        select.press("Escape")
        expect(page.locator(".ant-select-dropdown:visible")).to_have_count(0)


def pick_option(page: Page, option: Locator) -> None:
    """Click an option of an open antd dropdown. The event is dispatched to the option itself:
    while the dropdown still animates or re-renders (remote search), a pointer click at its
    coordinates can land on whatever is moving there. Options loaded by a query may take a
    while on a busy machine."""
    expect(option).to_be_visible(timeout=15_000)
    option.dispatch_event("click")


# The portal menu's grouped sections and the group each sits in.
PORTAL_NAV_GROUPS = {
    "orders": "orders",
    "invoices": "orders",
    "returns": "orders",
    "quotes": "agreements",
    "subscriptions": "agreements",
    "contracts": "agreements",
}


def portal_nav(page: Page, section: str) -> None:
    """Open a portal section from the menu bar; a grouped one opens its group first."""
    group = PORTAL_NAV_GROUPS.get(section)
    if group is not None:
        page.get_by_test_id(f"portal-nav-group-{group}").click()
    page.get_by_test_id(f"portal-nav-{section}").click()


def log_in(page: Page, slug: str, email: str, password: str) -> None:
    page.get_by_label(re.compile("Company|公司")).fill(slug)
    page.get_by_label(re.compile("^(Email|邮箱)$")).fill(email)
    page.get_by_label(re.compile("^(Password|密码)$")).fill(password)
    page.get_by_role("button", name=re.compile("^(Log in|登录)$")).click()


def log_out(page: Page) -> None:
    """Log out from the user menu. The menu item gets the event itself: while the dropdown
    still animates in, a pointer click at its coordinates can miss it on a loaded machine;
    signing out then waits for the server to revoke the session."""
    page.get_by_test_id("user-menu").click()
    pick_option(page, page.get_by_role("menuitem", name=re.compile("Log out|退出登录")))
    expect(page).to_have_url(re.compile(r"/login"), timeout=15_000)


def switch_to_chinese(page: Page) -> None:
    """From a signed-in console page, once its menu is there."""
    assert nav_names(page)[0] == "Home"
    page.get_by_test_id("language-switch").click()
    pick_option(page, page.locator(".ant-select-dropdown:visible").get_by_title("中文"))
    expect(page.locator("html")).to_have_attribute("lang", "zh-CN")


def nav_names(page: Page) -> list[str]:
    """The module names in the console's main navigation, in order."""
    nav = page.get_by_role("navigation", name=re.compile("Main navigation|主导航"))
    nav.get_by_role("menuitem").first.wait_for()
    return [name.strip() for name in nav.get_by_role("menuitem").all_inner_texts()]


TOKEN_LINK = re.compile(r"https?://\S+?token=[A-Za-z0-9_.\-]+")


def token_links(mailbox: Mailbox, to: str, subject_contains: str = "") -> list[str]:
    """The token links (sign-in, invitation) of the mail to `to`, oldest first."""
    found = (TOKEN_LINK.search(body_text(m)) for m in mailbox.matching(to, subject_contains))
    return [match.group(0) for match in found if match]


def link_in_mail(mailbox: Mailbox, to: str, subject_contains: str = "", after: int = 0) -> str:
    """The token link of the latest mail to `to` that carries one, once more than `after`
    such mails have come (pass how many there were before asking for a new one). Other mail
    to the same person, such as an order confirmation, may arrive in between."""

    def latest_link() -> str | None:
        links = token_links(mailbox, to, subject_contains)
        return links[-1] if len(links) > after else None

    return wait_until(latest_link, 30, f"a mail with a token link to {to}")


def opens_pdf(page: Page, link: Locator) -> str:
    """Click a "Download PDF" link and check it served a PDF to the signed-in user only.
    The session is a bearer token, not a cookie: the link fetches the PDF with it and saves
    it under its number. Playwright keeps no body for a fetch read into a blob, so the PDF is
    asked for again with the same token. Returns the link's path."""
    expect(link).to_have_attribute("target", "_blank")
    href = link.get_attribute("href")
    assert href and re.fullmatch(r"/documents/invoices/[0-9a-f-]{36}\.pdf", href), href
    with page.expect_response(lambda r: r.url.endswith(href)) as fetched:
        link.click()
    assert fetched.value.status == 200
    token = fetched.value.request.header_value("authorization")
    assert token and token.startswith("Bearer "), token
    response = page.request.get(href, headers={"Authorization": token})
    assert response.headers["content-type"].startswith("application/pdf")
    assert response.body().startswith(b"%PDF")
    assert page.request.get(href).status == 401  # not without the session's token
    return href


def sign_in_as_buyer(page: Page, mailbox: Mailbox, shop: StripeShop) -> None:
    """The buyer asks for a sign-in link in the browser and follows it (the buyer's first
    link was used by the API session that placed the order)."""
    email = shop.buyer.email
    page.goto(f"/portal/login?tenant={shop.owner.slug}")
    page.get_by_role("textbox", name="Email").fill(email)
    page.get_by_role("button", name="Send sign-in link").click()
    token = link_tokens(mailbox, email, count=2)[-1]
    page.goto(f"/portal/login?token={token}")
    expect(page.get_by_test_id("portal-customer-name")).to_have_text("Wayne Ltd")


def open_pay_now(page: Page, order: dict[str, Any]) -> None:
    page.goto(f"/portal/orders/{order['id']}")
    expect(page.get_by_test_id("portal-order-number")).to_have_text(order["number"])
    expect(page.get_by_test_id("portal-payment-status")).to_have_text("Unpaid")
    expect(page.get_by_test_id("portal-amount-due")).to_have_text("$22.00")
    page.get_by_test_id("pay-now").click()
    dialog = page.get_by_test_id("pay-dialog")
    expect(dialog).to_be_visible()
    expect(dialog.get_by_test_id("pay-amount")).to_have_text("$22.00")
    # The stand-in's card element: its inputs are mounted inside our mount point.
    card = dialog.get_by_test_id("stripe-card-element")
    expect(card.locator("input")).to_have_count(5)
    expect(card.get_by_placeholder("number")).to_be_visible()
    expect(dialog.get_by_test_id("pay-submit")).to_be_enabled()


def portal_sign_in(
    page: Page, api: Any, mailbox: Mailbox, slug: str, email: str, name: str, links: int
) -> None:
    """Follow the `links`-th sign-in link sent to `email` (earlier ones signed the API in)
    and wait for the portal to greet customer `name`."""
    assert request_link(api, slug, email)["accepted"] is True
    token = link_tokens(mailbox, email, count=links)[-1]
    page.goto(f"/portal/login?token={token}")
    expect(page.get_by_test_id("portal-customer-name")).to_have_text(name)
