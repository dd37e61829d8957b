"""Resolving returns over GraphQL with the real worker and SMTP: a portal customer returns
two items of a paid order, one passes inspection and is restocked, one is scrapped; the
refund granted covers only the restocked one (price paid, tax included), finance pays it
out with its credit note, and the stock ledger holds exactly one movement. An exchange
enters a zero-priced order on channel EXCHANGE that reserves stock. Two resolutions at
once grant once. The customer is emailed at approval, receipt and resolution; the return
label PDF reaches staff and the customer, nobody else; the returns report's figures."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import httpx
import pytest

from tests.support.concurrency import all_at_once
from tests.support.graphql import (
    GraphQLClient,
    TenantSession,
    colleague,
    global_id,
    row_id,
    sign_up,
)
from tests.support.inventory import MOVEMENTS
from tests.support.orders import Shop, create, open_shop, order_input, stock
from tests.support.portal import Buyer, register_buyer
from tests.support.returns import (
    APPROVAL_INBOX,
    APPROVAL_STATE,
    APPROVE,
    DECIDE_APPROVAL,
    EXCHANGE_ORDER,
    EXECUTE_REFUND,
    MY_RETURN,
    MY_RETURN_OUTCOME,
    PREVIEW,
    REFUND,
    REPORT,
    THRESHOLD,
    inspect,
    line,
    move,
    moved,
    paid_delivered_order,
    receive_goods,
    request_return,
    resolve_as,
)
from tests.support.stack import Mailbox, body_text
from tests.support.waiting import wait_until


@dataclass
class Desk:
    """A shop with support, warehouse and finance colleagues and two portal buyers."""

    shop: Shop
    support: TenantSession
    warehouse: TenantSession
    finance: TenantSession
    buyer: Buyer
    rival: Buyer


@pytest.fixture(scope="module")
def desk(api: GraphQLClient, mailbox: Mailbox) -> Desk:
    shop = open_shop(api, stock="1000")
    return Desk(
        shop,
        colleague(shop.owner, mailbox, "support"),
        colleague(shop.owner, mailbox, "warehouse"),
        colleague(shop.owner, mailbox, "finance"),
        register_buyer(api, mailbox, shop.owner, "Heron Supplies"),
        register_buyer(api, mailbox, shop.owner, "Crane Supplies"),
    )


def _inspected(
    desk: Desk, wish: str = "REFUND", bolts_go: str = "RESTOCK"
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The buyer's paid order of 3 bolts and 2 nuts (11.00 each with tax); a portal return
    of 2 bolts and 1 nut, approved, received, the bolts restocked and the nut scrapped:
    the order and the return (staff's view)."""
    shop = desk.shop
    order = paid_delivered_order(
        shop, (shop.sku_id, "3"), (shop.other_sku_id, "2"), customer_id=desk.buyer.customer_id
    )
    bolts, nuts = order["lines"]
    asked = request_return(
        desk.buyer.portal,
        row_id(order["id"]),
        line(row_id(bolts["id"]), "2"),
        line(row_id(nuts["id"]), "1", "NOT_AS_DESCRIBED"),
        wish=wish,
    )
    assert asked["userErrors"] == [], asked["userErrors"]
    return_id = _global_return_id(asked["return"]["id"])
    found = moved(desk.support.client, APPROVE, return_id)
    bolt_line, nut_line = (x["id"] for x in found["lines"])
    received = receive_goods(desk.warehouse.client, return_id, (bolt_line, "2"), (nut_line, "1"))
    assert received["userErrors"] == [], received["userErrors"]
    assert inspect(desk.warehouse.client, bolt_line, "2", bolts_go)["userErrors"] == []
    scrapped = inspect(desk.warehouse.client, nut_line, "1", "SCRAP", "C")
    assert scrapped["userErrors"] == []
    assert scrapped["return"]["status"] == "INSPECTED"
    return order, scrapped["return"]


def _global_return_id(plain: str) -> str:
    return global_id("Return", plain)


def _return_movements(session: TenantSession, sku_id: str) -> list[dict[str, Any]]:
    edges = session.client.data(MOVEMENTS, {"skuId": sku_id})["stockMovements"]["edges"]
    return [e["node"] for e in edges if e["node"]["referenceType"] == "return_line"]


def _pdf(api: GraphQLClient, token: str | None, return_id: str) -> httpx.Response:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return httpx.get(
        f"{api.base_url}/documents/returns/{return_id}.pdf", headers=headers, timeout=30
    )


# --- refund ---------------------------------------------------------------------------------


def test_the_refund_covers_only_what_passed_inspection_and_finance_pays_it_out(
    desk: Desk, mailbox: Mailbox
) -> None:
    shop = desk.shop
    movements_before = len(_return_movements(shop.owner, shop.sku_id))
    nut_movements_before = len(_return_movements(shop.owner, shop.other_sku_id))
    order, found = _inspected(desk)

    preview = desk.support.client.data(PREVIEW, {"id": found["id"]})["return"]
    shown = preview["resolutionPreview"]
    assert shown["refundAmount"] == {"amount": "22.00", "currency": "USD"}
    assert Decimal(shown["passedQuantity"]) == 2
    assert [(x["skuCode"], Decimal(x["passedQuantity"]), x["refund"]) for x in shown["lines"]] == [
        ("BOLT", 2, {"amount": "22.00"}),
        ("NUT", 0, {"amount": "0.00"}),
    ]

    resolved = resolve_as(desk.support.client, found["id"], None)
    assert resolved["userErrors"] == [], resolved["userErrors"]
    done = resolved["return"]
    assert done["status"] == "RESOLVED" and done["resolution"] == "REFUND"
    assert done["refundAmount"] == {"amount": "22.00", "currency": "USD"}
    assert [x["refundAmount"] for x in done["lines"]] == [{"amount": "22.00"}, {"amount": "0.00"}]
    assert done["exchangeOrder"] is None

    refund = desk.finance.client.data(REFUND, {"id": done["refundId"]})["node"]
    assert refund["status"] == "REQUESTED" and refund["reason"] == "RETURN"
    assert refund["amount"] == {"amount": "22.00", "currency": "USD"}
    assert refund["orderNumber"] == order["number"]
    executed = desk.finance.client.data(
        EXECUTE_REFUND, {"input": {"refundId": refund["id"], "externalReference": "TRF-881"}}
    )["executeRefund"]
    assert executed["userErrors"] == [] and executed["refund"]["status"] == "SUCCEEDED"
    paid_back = desk.finance.client.data(REFUND, {"id": refund["id"]})["node"]
    assert paid_back["creditNote"]["total"] == {"amount": "22.00"}

    # Exactly one ledger movement: the restocked bolts; the scrapped nut moved nothing.
    assert len(_return_movements(shop.owner, shop.sku_id)) == movements_before + 1
    assert len(_return_movements(shop.owner, shop.other_sku_id)) == nut_movements_before

    [email] = mailbox.wait_for(desk.buyer.email, f"{found['number']} resolved")
    assert "22.00 USD" in body_text(email)
    seen = desk.buyer.portal.data(MY_RETURN_OUTCOME, {"id": row_id(found["id"])})["myReturn"]
    assert seen["status"] == "RESOLVED" and seen["resolution"] == "REFUND"
    assert seen["refundAmount"] == {"amount": "22.00", "currency": "USD"}
    assert seen["exchangeOrderNumber"] is None and seen["resolvedAt"]
    assert seen["labelUrl"] == f"/documents/returns/{row_id(found['id'])}.pdf"


def test_with_nothing_passed_the_return_resolves_with_no_refund(desk: Desk) -> None:
    _, found = _inspected(desk, bolts_go="REPAIR")
    preview = desk.support.client.data(PREVIEW, {"id": found["id"]})["return"]
    assert preview["resolutionPreview"]["refundAmount"] == {"amount": "0.00", "currency": "USD"}
    resolved = resolve_as(desk.support.client, found["id"], "REFUND")
    assert resolved["userErrors"] == []
    done = resolved["return"]
    assert done["status"] == "RESOLVED"
    assert done["refundAmount"] == {"amount": "0.00", "currency": "USD"}
    assert done["refundId"] is None


def test_resolving_twice_at_once_grants_one_refund(desk: Desk) -> None:
    _, found = _inspected(desk)
    outcomes = all_at_once(
        [lambda: resolve_as(desk.support.client, found["id"], "REFUND") for _ in range(2)]
    )
    codes = sorted((x["userErrors"][0]["code"] if x["userErrors"] else "OK") for x in outcomes)
    assert codes == ["ALREADY_RESOLVED", "OK"]
    again = resolve_as(desk.support.client, found["id"], "REFUND")
    assert [e["code"] for e in again["userErrors"]] == ["ALREADY_RESOLVED"]


# --- exchange -------------------------------------------------------------------------------


def test_an_exchange_enters_a_zero_priced_order_that_reserves_stock(desk: Desk) -> None:
    shop = desk.shop
    order, found = _inspected(desk, wish="EXCHANGE")
    _, reserved_before, *_ = stock(shop, shop.sku_id)

    resolved = resolve_as(desk.support.client, found["id"], None)
    assert resolved["userErrors"] == [], resolved["userErrors"]
    done = resolved["return"]
    assert done["resolution"] == "EXCHANGE" and done["refundAmount"] is None
    assert done["refundId"] is None
    exchange = done["exchangeOrder"]
    assert exchange["channel"] == "EXCHANGE" and exchange["total"] == {"amount": "0.00"}

    placed = desk.support.client.data(EXCHANGE_ORDER, {"id": exchange["id"]})["node"]
    assert placed["status"] not in ("DRAFT", "PENDING_APPROVAL")
    [bolts] = placed["lines"]
    assert bolts["skuCode"] == "BOLT" and Decimal(bolts["quantity"]) == 2
    assert bolts["unitPrice"] == {"amount": "0.00"} and bolts["lineTotal"] == {"amount": "0.00"}
    assert bolts["priceRule"] == {"kind": "EXCHANGE", "bookName": None}
    assert Decimal(bolts["reservedQuantity"]) == 2
    assert placed["exchangeForReturn"] == {
        "id": found["id"],
        "number": found["number"],
        "order": {"id": order["id"], "number": order["number"]},
    }
    _, reserved_after, *_ = stock(shop, shop.sku_id)
    assert reserved_after == (reserved_before or 0) + 2
    seen = desk.buyer.portal.data(MY_RETURN_OUTCOME, {"id": row_id(found["id"])})["myReturn"]
    assert seen["resolution"] == "EXCHANGE" and seen["exchangeOrderNumber"] == exchange["number"]
    assert seen["refundAmount"] is None


def test_exchange_orders_cannot_be_entered_directly(desk: Desk) -> None:
    payload = create(
        desk.shop.owner, order_input(desk.shop, (desk.shop.sku_id, "1"), channel="EXCHANGE")
    )
    assert [e["code"] for e in payload["userErrors"]] == ["INVALID_CHANNEL"]


# --- emails and label -------------------------------------------------------------------------


def test_the_customer_is_emailed_once_at_approval_receipt_and_resolution(
    api: GraphQLClient, desk: Desk, mailbox: Mailbox
) -> None:
    _, found = _inspected(desk)
    number = found["number"]
    [approved] = mailbox.wait_for(desk.buyer.email, f"{number} approved")
    assert f"/documents/returns/{row_id(found['id'])}.pdf" in body_text(approved)
    [received] = mailbox.wait_for(desk.buyer.email, f"{number} received")
    assert number in body_text(received)
    assert resolve_as(desk.support.client, found["id"], None)["userErrors"] == []
    [resolved] = mailbox.wait_for(desk.buyer.email, f"{number} resolved")
    assert "22.00 USD" in body_text(resolved)
    assert len(mailbox.matching(desk.buyer.email, number)) == 3


def test_the_label_reaches_staff_and_its_customer_and_nobody_else(
    api: GraphQLClient, desk: Desk
) -> None:
    _, found = _inspected(desk)
    plain = row_id(found["id"])
    for client in (desk.support.client, desk.buyer.portal):
        response = _pdf(api, client.token, plain)
        assert response.status_code == 200
        assert response.headers["content-type"] == "application/pdf"
        assert response.content.startswith(b"%PDF")
        assert f'filename="{found["number"]}.pdf"' in response.headers["content-disposition"]
    assert _pdf(api, desk.rival.portal.token, plain).status_code == 404
    assert _pdf(api, sign_up(api).client.token, plain).status_code == 404
    assert _pdf(api, None, plain).status_code in (401, 404)


def test_a_return_not_yet_approved_has_no_label(api: GraphQLClient, desk: Desk) -> None:
    shop = desk.shop
    order = paid_delivered_order(shop, (shop.sku_id, "1"), customer_id=desk.buyer.customer_id)
    asked = request_return(
        desk.buyer.portal, row_id(order["id"]), line(row_id(order["lines"][0]["id"]), "1")
    )
    assert asked["return"]["status"] == "REQUESTED"
    assert _pdf(api, desk.buyer.portal.token, asked["return"]["id"]).status_code == 404


# --- report ---------------------------------------------------------------------------------


def test_the_report_gives_return_rates_per_product_and_counts_per_reason(
    api: GraphQLClient, mailbox: Mailbox
) -> None:
    shop = open_shop(api, stock="1000")
    support = colleague(shop.owner, mailbox, "support")
    buyer = register_buyer(api, mailbox, shop.owner, "Egret Supplies")
    start = datetime.now(UTC) - timedelta(minutes=1)
    order = paid_delivered_order(
        shop, (shop.sku_id, "4"), (shop.other_sku_id, "5"), customer_id=buyer.customer_id
    )
    bolts, nuts = order["lines"]
    asked = request_return(
        buyer.portal,
        row_id(order["id"]),
        line(row_id(bolts["id"]), "1", "DAMAGED"),
        line(row_id(nuts["id"]), "2", "DAMAGED"),
    )
    assert asked["userErrors"] == []
    end = datetime.now(UTC) + timedelta(minutes=1)
    report = support.client.data(REPORT, {"from": start.isoformat(), "to": end.isoformat()})
    figures = report["returnsReport"]
    assert [
        (
            x["skuCode"],
            Decimal(x["deliveredQuantity"]),
            Decimal(x["returnedQuantity"]),
            Decimal(x["returnRate"]),
        )
        for x in figures["byProduct"]
    ] == [("BOLT", 4, 1, Decimal("0.25")), ("NUT", 5, 2, Decimal("0.4"))]
    assert [(x["reason"], x["count"], Decimal(x["quantity"])) for x in figures["byReason"]] == [
        ("DAMAGED", 2, 3)
    ]


# --- approval above the threshold -----------------------------------------------------------


def test_a_return_above_the_threshold_is_approved_through_an_approval_request(
    api: GraphQLClient, mailbox: Mailbox
) -> None:
    shop = open_shop(api, stock="1000")
    support = colleague(shop.owner, mailbox, "support")
    manager = colleague(shop.owner, mailbox, "management")
    buyer = register_buyer(api, mailbox, shop.owner, "Ibis Supplies")
    saved = shop.owner.client.data(THRESHOLD, {"days": 30, "threshold": "30"})
    settings = saved["updateReturnSettings"]["settings"]
    assert settings["windowDays"] == 30 and Decimal(settings["approvalThreshold"]) == 30
    order = paid_delivered_order(shop, (shop.sku_id, "5"), customer_id=buyer.customer_id)
    small, large = (
        request_return(
            buyer.portal, row_id(order["id"]), line(row_id(order["lines"][0]["id"]), quantity)
        )["return"]
        for quantity in ("2", "3")
    )
    # 2 bolts ask back 22.00: approved directly.
    direct = moved(support.client, APPROVE, global_id("Return", small["id"]))
    assert direct["status"] == "AWAITING_RETURN"

    # 3 bolts ask back 33.00, above 30: an approval request opens, the return waits.
    large_id = global_id("Return", large["id"])
    held = moved(support.client, APPROVE, large_id)
    assert held["status"] == "REQUESTED"
    state = support.client.data(APPROVAL_STATE, {"id": large_id})["return"]
    assert state["approvalRequestId"] and state["approvedAt"] is None
    again = move(support.client, APPROVE, large_id)
    assert [e["code"] for e in again["userErrors"]] == ["APPROVAL_PENDING"]

    [step] = [
        e["node"]
        for e in manager.client.data(APPROVAL_INBOX)["approvalInbox"]["edges"]
        if e["node"]["orderNumber"] == large["number"]
    ]
    assert step["level"] == "MANAGER" and step["forReturn"] is True
    assert step["orderTotal"] == {"amount": "33.00", "currency": "USD"}
    decided = manager.client.data(
        DECIDE_APPROVAL, {"input": {"stepId": step["id"], "decision": "APPROVE"}}
    )["decideApproval"]
    assert decided["userErrors"] == [] and decided["request"]["status"] == "APPROVED"

    approved = wait_until(
        lambda: (
            found
            if (found := support.client.data(APPROVAL_STATE, {"id": large_id})["return"])["status"]
            == "AWAITING_RETURN"
            else None
        ),
        30,
        "the return approved through its request",
    )
    assert approved["approvedAt"]
    mailbox.wait_for(buyer.email, f"{large['number']} approved")


def test_a_rejected_approval_request_declines_the_return_with_its_reason(
    api: GraphQLClient, mailbox: Mailbox
) -> None:
    shop = open_shop(api, stock="1000")
    support = colleague(shop.owner, mailbox, "support")
    manager = colleague(shop.owner, mailbox, "management")
    buyer = register_buyer(api, mailbox, shop.owner, "Stork Supplies")
    shop.owner.client.data(THRESHOLD, {"days": 30, "threshold": "30"})
    order = paid_delivered_order(shop, (shop.sku_id, "4"), customer_id=buyer.customer_id)
    asked = request_return(
        buyer.portal, row_id(order["id"]), line(row_id(order["lines"][0]["id"]), "4")
    )["return"]
    return_id = global_id("Return", asked["id"])
    assert moved(support.client, APPROVE, return_id)["status"] == "REQUESTED"
    [step] = [
        e["node"]
        for e in manager.client.data(APPROVAL_INBOX)["approvalInbox"]["edges"]
        if e["node"]["orderNumber"] == asked["number"]
    ]
    decided = manager.client.data(
        DECIDE_APPROVAL,
        {"input": {"stepId": step["id"], "decision": "REJECT", "reason": "Used goods"}},
    )["decideApproval"]
    assert decided["userErrors"] == [] and decided["request"]["status"] == "REJECTED"

    def declined() -> dict[str, Any] | None:
        found: dict[str, Any] = buyer.portal.data(MY_RETURN, {"id": asked["id"]})["myReturn"]
        return found if found["status"] == "DECLINED" else None

    assert wait_until(declined, 30, "the return declined")["declineReason"] == "Used goods"
    # The original order stays where it was: the request was the return's, not the order's.
    status = shop.owner.client.data(
        "query O($id: ID!) { node(id: $id) { ... on Order { status } } }", {"id": order["id"]}
    )["node"]["status"]
    assert status == "DELIVERED"
