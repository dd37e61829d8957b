"""Switching to Chinese changes the console at once and follows the user to a new browser."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.conftest import Browsing
from tests.browser.ui import log_in, nav_names
from tests.support.graphql import TenantSession


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
        assert nav_names(other)[:2] == ["首页", "用户与部门"]
