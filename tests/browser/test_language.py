"""Switching to Chinese changes the console at once and follows the user to a new browser."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.conftest import Browsing
from tests.browser.ui import log_in, nav_names, switch_to_chinese
from tests.support.graphql import GraphQLClient, TenantSession
from tests.support.orders import confirmed_order, open_shop
from tests.support.payments import paid_in_full, scheduled


def test_chinese_persists_after_reload_and_on_another_browser(
    browsing: Browsing, tenant: TenantSession
) -> None:
    page = browsing.new_page()
    with browsing.step("log in in English"):
        page.goto("/login")
        log_in(page, tenant.slug, tenant.email, tenant.password)
        assert nav_names(page)[:2] == ["Home", "Users & departments"]

    with browsing.step("switch to Chinese"):
        page.get_by_test_id("language-switch").click()
        page.locator(".ant-select-dropdown:visible").get_by_title("中文").click()
        assert nav_names(page)[:2] == ["首页", "用户与部门"]
        expect(page.locator("html")).to_have_attribute("lang", "zh-CN")

    with browsing.step("still Chinese after a reload, dates and tables included"):
        page.reload()
        assert nav_names(page)[:2] == ["首页", "用户与部门"]
        page.get_by_role("navigation").get_by_role("link", name="审计日志").click()
        expect(page.get_by_role("columnheader", name="操作人")).to_be_visible()
        expect(page.get_by_text(re.compile(r"\d{4}年\d{1,2}月\d{1,2}日")).first).to_be_visible()

    other = browsing.new_page()
    with browsing.step("a fresh browser starts in English and turns Chinese on log-in"):
        other.goto("/login")
        expect(other.get_by_role("heading", name="Log in")).to_be_visible()
        log_in(other, tenant.slug, tenant.email, tenant.password)
        # The user's language arrives with the viewer, just after the shell first paints.
        expect(other.locator("html")).to_have_attribute("lang", "zh-CN")
        assert nav_names(other)[:2] == ["首页", "用户与部门"]


def test_an_order_reads_in_chinese_from_the_servers_codes(
    browsing: Browsing, api: GraphQLClient
) -> None:
    shop = open_shop(api)
    owner = shop.owner
    order = confirmed_order(owner, shop)
    paid_in_full(owner, shop.customer_id, scheduled(owner, order["id"]))
    page = browsing.new_page()
    with browsing.step("log in and switch to Chinese"):
        page.goto("/login")
        log_in(page, owner.slug, owner.email, owner.password)
        switch_to_chinese(page)

    with browsing.step("the paid order's buttons, price source, history and terms are Chinese"):
        page.goto(f"/orders/{order['id']}")
        expect(page.get_by_role("button", name="待发货")).to_be_visible()
        expect(page.get_by_role("button", name="取消订单")).to_be_visible()
        expect(page.get_by_test_id("price-source")).to_have_text("目录价")
        expect(page.get_by_test_id("order-payment-terms")).to_have_text("预付款")
        notes = page.get_by_test_id("timeline-status")
        expect(notes.filter(has_text="已全额付款（PAY-000001）")).to_have_count(2)  # noqa: RUF001
        expect(page.get_by_text("Paid in full")).to_have_count(0)


def test_built_in_roles_and_departments_read_in_chinese(
    browsing: Browsing, tenant: TenantSession
) -> None:
    page = browsing.new_page()
    with browsing.step("log in and switch to Chinese"):
        page.goto("/login")
        log_in(page, tenant.slug, tenant.email, tenant.password)
        switch_to_chinese(page)

    with browsing.step("the roles page names the built-in roles in Chinese"):
        page.goto("/roles")
        expect(page.get_by_role("cell", name="客服", exact=True)).to_be_visible()
        expect(page.get_by_role("cell", name="库存与发货。")).to_be_visible()
        expect(page.get_by_role("cell", name="Support", exact=True)).to_have_count(0)

    with browsing.step("the departments tab names the built-in departments in Chinese"):
        page.goto("/users")
        page.get_by_role("tab", name="部门").click()
        expect(page.get_by_role("cell", name="仓储物流部")).to_be_visible()
        expect(page.get_by_role("cell", name="Warehouse & logistics")).to_have_count(0)
