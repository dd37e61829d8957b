"""What the server sends as codes reads in Chinese: in the console a change request's
applied pricing rule and the status that closed another, the built-in department on the
home page and the customer page, the user's built-in roles on the home page, and the bulk
actions over a selection; in the portal the terms of an open amount."""
# Chinese text is written with full-width punctuation, as Chinese readers expect.
# ruff: noqa: RUF001

from __future__ import annotations

from typing import Any

from playwright.sync_api import expect

from tests.browser.conftest import Browsing
from tests.browser.ui import link_in_mail, log_in, switch_to_chinese, token_links
from tests.support.graphql import GraphQLClient, TenantSession, colleague
from tests.support.orders import acted, confirmed_order, open_shop
from tests.support.portal import register_buyer
from tests.support.stack import Mailbox
from tests.support.waiting import wait_until

REQUEST = """mutation Request($input: RequestOrderChangeInput!) {
  requestOrderChange(input: $input) { changeRequest { id } userErrors { code } } }"""
DECIDE = """mutation Decide($input: DecideOrderChangeInput!) {
  decideOrderChange(input: $input) { changeRequest { status } userErrors { code } } }"""
STATUS = """query S($id: ID!) { node(id: $id) { ... on OrderChangeRequest { status } } }"""
ORDER_LINES = """query O($id: ID!) { node(id: $id) { ... on Order { lines { id } } } }"""


def ask(session: TenantSession, order: dict[str, Any], quantity: str) -> str:
    [line] = session.client.data(ORDER_LINES, {"id": order["id"]})["node"]["lines"]
    lines = [{"orderLineId": line["id"], "quantity": quantity}]
    payload = session.client.data(REQUEST, {"input": {"orderId": order["id"], "lines": lines}})
    assert payload["requestOrderChange"]["userErrors"] == []
    request_id: str = payload["requestOrderChange"]["changeRequest"]["id"]
    return request_id


def test_the_chinese_console_words_change_requests_departments_and_bulk_actions(
    browsing: Browsing, api: GraphQLClient, mailbox: Mailbox
) -> None:
    shop = open_shop(api, stock="1000")
    owner = shop.owner
    approver = colleague(owner, mailbox, "management")
    approved = confirmed_order(owner, shop, quantity="3")
    decided = approver.client.data(
        DECIDE, {"input": {"changeRequestId": ask(owner, approved, "5"), "decision": "APPROVE"}}
    )
    assert decided["decideOrderChange"]["userErrors"] == []
    cancelled = confirmed_order(owner, shop)
    closing = ask(owner, cancelled, "4")
    acted(owner, cancelled["id"], "CANCEL", expectedVersion=cancelled["version"])
    wait_until(
        lambda: owner.client.data(STATUS, {"id": closing})["node"]["status"] == "CLOSED",
        30.0,
        "the request to close",
    )
    page = browsing.new_page()

    with browsing.step("log in and switch to Chinese: the home page names the department"):
        page.goto("/login")
        log_in(page, owner.slug, owner.email, owner.password)
        switch_to_chinese(page)
        expect(page.locator(".ant-descriptions-item").filter(has_text="部门")).to_contain_text(
            "管理层"
        )
        roles = page.locator(".ant-descriptions-item").filter(has_text="角色")
        expect(roles).to_contain_text("管理员")
        expect(roles).not_to_contain_text("admin")

    with browsing.step("an approved change names its pricing rule in Chinese"):
        page.goto("/change-requests")
        page.get_by_text("已批准", exact=True).click()
        summary = page.get_by_test_id("change-summary")
        expect(summary).to_have_count(1)
        expect(summary).to_contain_text("目录价")
        expect(summary).not_to_contain_text("List price")

    with browsing.step("a closed change says in Chinese which status closed it"):
        page.get_by_text("已关闭", exact=True).click()
        summary = page.get_by_test_id("change-summary")
        expect(summary).to_contain_text("审批前已关闭（订单状态：已取消）。")
        expect(summary).not_to_contain_text("The order became")

    with browsing.step("the customer page names the department in Chinese"):
        page.goto(f"/customers/{shop.customer_id}")
        expect(page.get_by_text("部门：管理层")).to_be_visible()

    with browsing.step("the bulk actions over selected orders are Chinese"):
        page.goto("/orders")
        rows = page.locator(".ant-table-tbody tr.ant-table-row")
        rows.first.get_by_role("checkbox").check()
        bar = page.get_by_test_id("bulk-bar")
        expect(bar).to_contain_text("已选 1 项")
        for label in ("分配负责人", "添加标签", "变更状态", "清除选择"):
            expect(bar.get_by_role("button", name=label)).to_be_visible()
        expect(bar).not_to_contain_text("Assign owner")


def test_the_chinese_portal_words_the_terms_of_an_open_amount(
    browsing: Browsing, api: GraphQLClient, mailbox: Mailbox
) -> None:
    shop = open_shop(api, stock="1000")
    buyer = register_buyer(
        api, mailbox, shop.owner, "Net Buyers", paymentTerms={"kind": "NET", "netDays": 30}
    )
    order = confirmed_order(shop.owner, shop, customer_id=buyer.customer_id)
    page = browsing.new_page(locale="zh-CN")

    with browsing.step("the buyer signs in to the portal in Chinese"):
        page.goto(f"/portal/{shop.owner.slug}")
        email = page.get_by_label("邮箱").first
        email.fill(buyer.email)
        earlier = len(token_links(mailbox, buyer.email))
        email.press("Enter")
        expect(page.get_by_text("请查收邮件")).to_be_visible()
        page.goto(link_in_mail(mailbox, buyer.email, after=earlier))
        expect(page.get_by_test_id("portal-customer-name")).to_have_text("Net Buyers")

    with browsing.step("the account page words the open amount's terms in Chinese"):
        page.goto("/portal/account")
        open_amounts = page.get_by_test_id("portal-open-amounts")
        expect(open_amounts).to_contain_text(order["number"])
        expect(open_amounts).to_contain_text("账期 30 天")
        expect(open_amounts).not_to_contain_text("Net 30")
