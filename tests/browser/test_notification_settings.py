"""Who gets which email, set in the console: the owner switches customer emails off in
Settings, and a user chooses in the notification drawer which notices also come by email
(English and Chinese)."""
# Chinese UI text is written with full-width punctuation, as the console shows it.
# ruff: noqa: RUF001

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.conftest import Browsing
from tests.browser.ui import choose, log_in
from tests.support.graphql import TenantSession

SET_MY_LOCALE = """mutation L($locale: String!) { setMyLocale(locale: $locale) {
  userErrors { code } } }"""


def test_the_owner_switches_off_the_shipped_email_to_customers(
    browsing: Browsing, tenant: TenantSession
) -> None:
    page = browsing.new_page()
    card = page.get_by_test_id("customer-notice-settings")
    shipped = card.get_by_role("switch", name="Order shipped")

    with browsing.step("every customer email starts on"):
        page.goto("/settings")
        log_in(page, tenant.slug, tenant.email, tenant.password)
        expect(card.get_by_text("Emails to customers")).to_be_visible()
        for name in ("Order confirmed", "Order shipped", "Order delivered"):
            expect(card.get_by_role("switch", name=name)).to_be_checked()

    with browsing.step("switch the shipped email off; it stays off after a reload"):
        shipped.click()
        expect(page.get_by_text("Settings saved.")).to_be_visible()
        page.reload()
        expect(shipped).not_to_be_checked()
        expect(card.get_by_role("switch", name="Order confirmed")).to_be_checked()

    settings = tenant.client.data("query { customerNoticeSettings { orderShipped } }")
    assert settings["customerNoticeSettings"] == {"orderShipped": False}


def test_a_user_keeps_status_changes_in_app_only_in_chinese(
    browsing: Browsing, tenant: TenantSession
) -> None:
    assert tenant.client.data(SET_MY_LOCALE, {"locale": "zh-CN"})["setMyLocale"]["userErrors"] == []
    page = browsing.new_page()
    drawer = page.locator(".ant-drawer:visible")
    status_row = drawer.get_by_test_id("notification-preference-ORDER_STATUS")

    with browsing.step("open the notification drawer's email settings"):
        page.goto("/login")
        log_in(page, tenant.slug, tenant.email, tenant.password)
        page.get_by_role("button", name="通知（0 条未读）").click()
        drawer.get_by_role("button", name="邮件设置").click()
        expect(drawer.get_by_text("哪些通知同时发送邮件")).to_be_visible()
        expect(status_row).to_contain_text("默认：仅对您主动关注的订单发送邮件。")

    with browsing.step("status changes: in-app only, kept after a reload"):
        choose(page, status_row, "我关注的订单状态变化", "仅站内")
        expect(status_row.get_by_title("仅站内")).to_be_visible()
        page.reload()
        page.get_by_role("button", name="通知（0 条未读）").click()
        drawer.get_by_role("button", name="邮件设置").click()
        expect(status_row.get_by_title("仅站内")).to_be_visible()

    preferences = tenant.client.data("query { myNotificationPreferences { kind email } }")
    chosen = {p["kind"]: p["email"] for p in preferences["myNotificationPreferences"]}
    assert chosen["ORDER_STATUS"] is False and chosen["ORDER_MENTION"] is None
