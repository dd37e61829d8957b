"""What change requests and the portal's open amounts say comes as codes and facts, and
what the server words itself (notifications, emails) is in the reader's language: a
Chinese-speaking approver is told of a change in Chinese, an English-speaking requester in
English; the applied pricing rule and the status that closed a request are codes; a
portal receivable says what it is as a term."""
# Chinese text is written with full-width punctuation, as Chinese readers expect.
# ruff: noqa: RUF001

from __future__ import annotations

from typing import Any

from tests.support.database import owner_sql
from tests.support.graphql import GraphQLClient, TenantSession, colleague
from tests.support.orders import Shop, acted, confirmed_order, open_shop
from tests.support.portal import register_buyer
from tests.support.stack import Mailbox, Stack, body_text
from tests.support.waiting import wait_until

REQUEST = """mutation Request($input: RequestOrderChangeInput!) {
  requestOrderChange(input: $input) { changeRequest { id } userErrors { code } } }"""
DECIDE = """mutation Decide($input: DecideOrderChangeInput!) {
  decideOrderChange(input: $input) { changeRequest { id status } userErrors { code } } }"""
CHANGE = """query N($id: ID!) { node(id: $id) { ... on OrderChangeRequest { status decisionNote
  closedByOrderStatus lines { priceSourceLabelAfter priceRuleAfter { kind bookName
  minQuantity } } } } }"""
ORDER_LINES = """query O($id: ID!) { node(id: $id) { ... on Order { lines { id } } } }"""
SET_LOCALE = """mutation L($locale: String!) { setMyLocale(locale: $locale) {
  userErrors { code } } }"""
INBOX = """query Inbox { notifications(first: 50) { edges { node { title body } } } }"""
ACCOUNT = """query { portalAccount { receivables { orderNumber label
  term { kind percent trigger daysAfter } } } }"""


def ask(session: TenantSession, order: dict[str, Any], quantity: str, reason: str) -> str:
    [line] = session.client.data(ORDER_LINES, {"id": order["id"]})["node"]["lines"]
    lines = [{"orderLineId": line["id"], "quantity": quantity}]
    payload = session.client.data(
        REQUEST, {"input": {"orderId": order["id"], "lines": lines, "reason": reason}}
    )["requestOrderChange"]
    assert payload["userErrors"] == [], payload["userErrors"]
    request_id: str = payload["changeRequest"]["id"]
    return request_id


def notice_about(session: TenantSession, number: str) -> dict[str, str]:
    def found() -> dict[str, str] | None:
        edges = session.client.data(INBOX)["notifications"]["edges"]
        return next((e["node"] for e in edges if number in e["node"]["title"]), None)

    return wait_until(found, 30.0, f"a notification about {number}")


def change(session: TenantSession, request_id: str) -> dict[str, Any]:
    node: dict[str, Any] = session.client.data(CHANGE, {"id": request_id})["node"]
    return node


def test_a_chinese_approver_is_told_of_a_change_in_chinese_and_the_requester_in_english(
    api: GraphQLClient, mailbox: Mailbox
) -> None:
    shop = open_shop(api, stock="1000")
    approver = colleague(shop.owner, mailbox, "management")
    assert approver.client.data(SET_LOCALE, {"locale": "zh-CN"})["setMyLocale"]["userErrors"] == []
    order = confirmed_order(shop.owner, shop, quantity="3")
    request_id = ask(shop.owner, order, "5", "bigger site")

    asked = notice_about(approver, order["number"])
    assert asked["title"] == f"订单 {order['number']} 有新的变更申请"
    assert asked["body"].split("\n")[0] == "变更：BOLT 3 → 5（bigger site）"
    [mail] = mailbox.wait_for(approver.email, f"订单 {order['number']} 有新的变更申请")
    assert "变更：BOLT 3 → 5（bigger site）" in body_text(mail)

    decided = approver.client.data(
        DECIDE, {"input": {"changeRequestId": request_id, "decision": "APPROVE"}}
    )
    assert decided["decideOrderChange"]["userErrors"] == []
    approved = notice_about(shop.owner, f"{order['number']} approved")
    assert approved["body"].split("\n")[0] == "Change: BOLT 3 → 5 (bigger site)"

    [line] = change(shop.owner, request_id)["lines"]
    assert line["priceRuleAfter"] == {"kind": "LIST", "bookName": None, "minQuantity": None}
    assert line["priceSourceLabelAfter"]  # the deprecated English label is still filled


def test_a_request_closed_by_the_order_moving_on_names_the_status_as_a_code(
    api: GraphQLClient, stack: Stack
) -> None:
    shop = open_shop(api, stock="1000")
    order = confirmed_order(shop.owner, shop)
    request_id = ask(shop.owner, order, "4", "more")
    acted(shop.owner, order["id"], "CANCEL", expectedVersion=order["version"])

    closed = wait_until(
        lambda: (found := change(shop.owner, request_id))["status"] == "CLOSED" and found,
        30.0,
        "the request to close",
    )
    assert closed["closedByOrderStatus"] == "CANCELLED"
    assert closed["decisionNote"] == "The order became cancelled before a decision."

    # A request closed before the status was kept: read back from its English note.
    owner_sql(
        stack,
        "UPDATE order_change_requests SET outcome = NULL WHERE order_number = $1",
        order["number"],
    )
    assert change(shop.owner, request_id)["closedByOrderStatus"] == "CANCELLED"


def test_a_portal_receivable_says_what_it_is_as_a_term(
    api: GraphQLClient, mailbox: Mailbox
) -> None:
    shop: Shop = open_shop(api, stock="1000")
    buyer = register_buyer(
        api, mailbox, shop.owner, "Net Buyers", paymentTerms={"kind": "NET", "netDays": 30}
    )
    order = confirmed_order(shop.owner, shop, customer_id=buyer.customer_id)

    def receivables() -> list[dict[str, Any]]:
        listed: list[dict[str, Any]] = buyer.portal.data(ACCOUNT)["portalAccount"]["receivables"]
        return listed

    [receivable] = wait_until(receivables, 30.0, "the order's receivable")
    assert receivable["orderNumber"] == order["number"]
    assert receivable["label"] == "Net 30"
    assert receivable["term"] == {
        "kind": "NET",
        "percent": None,
        "trigger": "shipment",
        "daysAfter": 30,
    }
