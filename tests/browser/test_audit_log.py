"""The audit log in the console (issue 15): entries name who acted and link the record they
changed by its number; the action filter offers translated action names; sign-ins and token
refreshes stay out until asked for; the filters live in the URL and survive a reload. In
English and in Chinese."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import Browsing
from tests.browser.ui import choose, log_in
from tests.support.graphql import GraphQLClient
from tests.support.orders import Shop, confirmed_order, open_shop

REFRESH = """mutation Refresh($token: String!) {
  refreshToken(refreshToken: $token) { userErrors { code } } }"""
SET_LOCALE = """mutation Locale($locale: String!) { setMyLocale(locale: $locale) {
  userErrors { code } } }"""


@pytest.fixture(scope="module")
def shop(api: GraphQLClient) -> tuple[Shop, dict[str, Any]]:
    shop = open_shop(api)
    order = confirmed_order(shop.owner, shop)
    refreshed = shop.owner.client.data(REFRESH, {"token": shop.owner.refresh_token})
    assert refreshed["refreshToken"]["userErrors"] == []
    return shop, order


def query_of(page: Page) -> dict[str, list[str]]:
    return parse_qs(urlparse(page.url).query)


def open_audit_log(page: Page, shop: Shop) -> None:
    page.goto("/audit")
    log_in(page, shop.owner.slug, shop.owner.email, shop.owner.password)


def test_the_log_names_people_and_records_and_keeps_its_filters(
    browsing: Browsing, shop: tuple[Shop, dict[str, Any]]
) -> None:
    owner_shop, order = shop
    page = browsing.new_page()
    table = page.locator(".ant-table-tbody")

    with browsing.step("the order's creation names its author and links the order"):
        open_audit_log(page, owner_shop)
        created = table.get_by_role("row", name=re.compile("Created order"))
        expect(created).to_contain_text("Olivia Owner")
        expect(table).not_to_contain_text("anonymous")
        link = created.get_by_role("link", name=f"Order · {order['number']}")
        expect(link).to_be_visible()

    with browsing.step("token refreshes and sign-ins stay out until asked for"):
        expect(table).not_to_contain_text("Refreshed session token")
        expect(table).not_to_contain_text("Signed in")
        page.get_by_label("Show sign-ins and token refreshes").check()
        expect(table).to_contain_text("Refreshed session token")
        expect(page).to_have_url(re.compile(r"routine=1"))
        page.reload()
        expect(page.get_by_label("Show sign-ins and token refreshes")).to_be_checked()
        expect(table).to_contain_text("Refreshed session token")

    with browsing.step("filter by a translated action; the filter survives a reload"):
        choose(page, page.locator("form#auditFilters"), "Action", "Created customer")
        page.get_by_role("button", name="Filter").click()
        expect(page).to_have_url(re.compile(r"action=customers\.create"))
        assert query_of(page)["action"] == ["customers.create"]
        expect(table.get_by_role("row")).to_have_count(1)
        expect(table).to_contain_text("Customer · Harbour Supplies")
        page.reload()
        expect(table.get_by_role("row")).to_have_count(1)
        expect(table).to_contain_text("Created customer")
        expect(page.locator("form#auditFilters")).to_contain_text("Created customer")

    with browsing.step("the record's link opens the order"):
        page.goto("/audit?action=orders.create")
        table.get_by_role("link", name=f"Order · {order['number']}").click()
        expect(page).to_have_url(re.compile(rf"/orders/{order['number']}$"))
        expect(page.get_by_text(order["number"]).first).to_be_visible()


def test_the_log_reads_in_chinese(browsing: Browsing, shop: tuple[Shop, dict[str, Any]]) -> None:
    owner_shop, order = shop
    owner_shop.owner.client.data(SET_LOCALE, {"locale": "zh-CN"})
    page = browsing.new_page()
    table = page.locator(".ant-table-tbody")
    try:
        with browsing.step("actions, records and the toggle in Chinese"):
            open_audit_log(page, owner_shop)
            created = table.get_by_role("row", name=re.compile("创建了订单"))
            expect(created.get_by_role("link", name=f"订单 · {order['number']}")).to_be_visible()
            expect(table).not_to_contain_text("刷新了会话令牌")
            page.get_by_label("显示登录和令牌刷新").check()
            expect(table).to_contain_text("刷新了会话令牌")
            expect(table).to_contain_text("登录")
    finally:
        owner_shop.owner.client.data(SET_LOCALE, {"locale": "en"})
