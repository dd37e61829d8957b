"""Recurring revenue in the console: the owner opens Recurring revenue from the navigation and
sees MRR and ARR, the months' movements drawn as a chart and listed by month, and the latest
movements with their customers; a customer's page shows its lifecycle segment with the rule
that put it there; in Chinese the page speaks Chinese."""

from __future__ import annotations

import re
from datetime import date

from playwright.sync_api import expect

import subscriptions.segments as segments
from tests.browser.conftest import Browsing
from tests.browser.ui import log_in, switch_to_chinese
from tests.support.graphql import GraphQLClient, row_id
from tests.support.orders import customer, open_shop
from tests.support.services import StaffUser, run_as_system
from tests.support.stack import Stack
from tests.support.subscriptions import CANCEL, create_plan, mutate, started


def months_ago(count: int) -> str:
    today = date.today()
    index = today.year * 12 + today.month - 1 - count
    return date(index // 12, index % 12 + 1, 1).isoformat()


def test_the_owner_reads_mrr_movements_and_a_customers_segment(
    browsing: Browsing, api: GraphQLClient, stack: Stack
) -> None:
    shop = open_shop(api)
    plan = create_plan(shop.owner, shop.sku_id, "CARE-M")
    steady = customer(shop.owner, "Steady Mills")
    started(shop.owner, steady, plan, "3", startDate=months_ago(4))
    brief = customer(shop.owner, "Brief Works")
    leaving = started(shop.owner, brief, plan, "2", startDate=months_ago(1))
    cancelled = mutate(
        shop.owner, CANCEL, "cancelSubscription", subscriptionId=leaving["id"], timing="NOW"
    )
    assert cancelled["userErrors"] == [], cancelled["userErrors"]
    tenant_id = StaffUser.of(shop.owner).tenant_id
    run_as_system(stack, tenant_id, lambda actor: segments.recompute_segments(actor))
    page = browsing.new_page()
    page.goto("/")
    log_in(page, shop.owner.slug, shop.owner.email, shop.owner.password)

    with browsing.step("Recurring revenue shows MRR, ARR and the months' movements"):
        page.get_by_role("link", name="Recurring revenue").click()
        figures = page.get_by_test_id("revenue-figures")
        expect(figures).to_contain_text("MRR")
        expect(figures).to_contain_text(re.compile(r"30\.00"))
        expect(figures).to_contain_text(re.compile(r"360\.00"))
        chart = page.get_by_test_id("mrr-movements-chart")
        expect(chart.locator("g[data-month] rect[fill='#52c41a']")).to_have_count(2)
        expect(chart.locator("g[data-month] rect[fill='#f5222d']")).to_have_count(1)
        months = page.get_by_test_id("revenue-months")
        expect(months.locator("tbody tr.ant-table-row")).to_have_count(12)

    with browsing.step("the movements name their customers, kind and cause"):
        movements = page.get_by_test_id("mrr-movements")
        churn = movements.locator("tbody tr", has_text="Brief Works").filter(has_text="Churn")
        expect(churn).to_contain_text("Cancelled")
        expect(movements.locator("tbody tr", has_text="Steady Mills")).to_contain_text("New")

    with browsing.step("a customer's page shows its segment and why"):
        movements.get_by_role("link", name="Steady Mills").first.click()
        tag = page.get_by_test_id("lifecycle-segment")
        expect(tag).to_have_text("Mature")
        tag.hover()
        expect(page.get_by_role("tooltip")).to_contain_text("Steady: Paying since")
        page.goto(f"/customers/{row_id(brief)}")
        expect(page.get_by_test_id("lifecycle-segment")).to_have_text("Churned")

    with browsing.step("in Chinese the page speaks Chinese"):
        switch_to_chinese(page)
        page.goto("/revenue")
        expect(page.get_by_role("heading", name="经常性收入")).to_be_visible()
        expect(page.get_by_test_id("revenue-figures")).to_contain_text("年经常性收入")
