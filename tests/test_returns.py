"""Returns (RMA) as staff meet them over GraphQL: support asks for a return of a customer's
delivered order, approves it, the warehouse receives the goods into quarantine (no stock
moves) and inspects them (a restocked line writes exactly one ledger movement, a scrapped
one none), then support resolves and closes it. Bad input per field, illegal moves, roles,
the return window, two requests or two inspections at once, other tenants, and a list
page's statements."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest

from tests.support.catalog import create_product, create_sku
from tests.support.concurrency import all_at_once
from tests.support.database import owner_sql
from tests.support.demo import DEMO_ROLE_USERS, demo_logins
from tests.support.demo import log_in as demo_log_in
from tests.support.graphql import (
    GraphQLClient,
    TenantSession,
    colleague,
    errors_of,
    global_id,
    graphql_codes,
    row_id,
    sign_up,
)
from tests.support.inventory import MOVEMENTS, receive
from tests.support.metrics import statements_so_far
from tests.support.orders import Shop, confirmed_order, customer, open_shop, stock
from tests.support.returns import (
    APPROVE,
    BY_NUMBER,
    CANCEL,
    CLOSE,
    DECLINE,
    ORDER_RETURNS,
    RESOLVE,
    RETURN,
    RETURN_NODE,
    RETURNS,
    SETTINGS,
    UPDATE_SETTINGS,
    create_return,
    created_return,
    delivered_order,
    inspect,
    integrator,
    line,
    move,
    moved,
    paid_delivered_order,
    quarantined,
    receive_goods,
)
from tests.support.stack import Mailbox, Stack
from tests.support.tickets import created_ticket


@dataclass
class Counter:
    """A shop with a support agent and a warehouse clerk, a non-returnable SKU, and two
    customers (one with a delivered order of 3 bolts and 2 nuts)."""

    shop: Shop
    support: TenantSession
    warehouse: TenantSession
    fuse_id: str
    other_customer_id: str

    @property
    def owner(self) -> TenantSession:
        return self.shop.owner

    def delivered(self, bolts: str = "3", nuts: str = "2", **fields: Any) -> dict[str, Any]:
        return delivered_order(
            self.shop, (self.shop.sku_id, bolts), (self.shop.other_sku_id, nuts), **fields
        )


@pytest.fixture(scope="module")
def counter(api: GraphQLClient, mailbox: Mailbox) -> Counter:
    shop = open_shop(api, stock="1000")
    fuse_id = create_sku(shop.owner, "FUSE", returnable=False)
    receive(shop.owner, shop.warehouse_id, fuse_id, "100")
    return Counter(
        shop,
        colleague(shop.owner, mailbox, "support"),
        colleague(shop.owner, mailbox, "warehouse"),
        fuse_id,
        customer(shop.owner, "Tern Freight"),
    )


def _ask(counter: Counter, order: dict[str, Any], *lines: dict[str, Any]) -> dict[str, Any]:
    return created_return(counter.support.client, counter.shop.customer_id, order, *lines)


def _whole(order: dict[str, Any]) -> list[dict[str, Any]]:
    """Every line of the order at its full quantity."""
    return [line(item["id"], item["quantity"]) for item in order["lines"]]


def _quarantined(found: dict[str, Any]) -> list[Decimal]:
    return [Decimal(x["quarantinedQuantity"]) for x in found["lines"]]


def _listed(client: GraphQLClient, **flt: Any) -> list[str]:
    edges = client.data(RETURNS, {"filter": flt, "first": 100})["returns"]["edges"]
    return [edge["node"]["id"] for edge in edges]


def _return_movements(session: TenantSession, sku_id: str) -> list[dict[str, Any]]:
    edges = session.client.data(MOVEMENTS, {"skuId": sku_id})["stockMovements"]["edges"]
    return [e["node"] for e in edges if e["node"]["referenceType"] == "return_line"]


def _received(counter: Counter, order: dict[str, Any]) -> dict[str, Any]:
    """A return of the whole order, approved and fully received."""
    found = _ask(counter, order, *_whole(order))
    moved(counter.support.client, APPROVE, found["id"])
    lines = [(item["id"], item["quantity"]) for item in found["lines"]]
    payload = receive_goods(counter.warehouse.client, found["id"], *lines)
    assert payload["userErrors"] == [], payload["userErrors"]
    received: dict[str, Any] = payload["return"]
    return received


# --- asking --------------------------------------------------------------------------------


def test_support_asks_for_a_return_of_a_delivered_order_and_finds_it_again(
    counter: Counter,
) -> None:
    order = counter.delivered()
    bolts, nuts = order["lines"]
    found = _ask(
        counter,
        order,
        line(bolts["id"], "2", "DAMAGED", comment="  Crushed box  "),
        line(nuts["id"], "1", "WRONG_ITEM"),
    )

    assert found["status"] == "REQUESTED" and found["wish"] == "REFUND"
    assert found["channel"] == "CONSOLE"
    assert found["number"].startswith("RMA-") and len(found["number"]) == 10
    assert found["customer"]["id"] == counter.shop.customer_id
    assert found["order"] == {"id": order["id"], "number": order["number"]}
    assert [
        (x["lineNo"], x["skuCode"], Decimal(x["quantity"]), x["reason"], x["comment"])
        for x in found["lines"]
    ] == [(1, "BOLT", 2, "DAMAGED", "Crushed box"), (2, "NUT", 1, "WRONG_ITEM", None)]
    assert found["lines"][0]["orderLine"] == {"id": bolts["id"], "lineNo": 1}
    assert found["lines"][0]["unitPrice"] == {"amount": "10.00"}
    assert Decimal(found["lines"][0]["receivedQuantity"]) == 0

    client = counter.support.client
    assert client.data(RETURN, {"id": found["id"]})["return"] == found
    assert client.data(RETURN_NODE, {"id": found["id"]})["node"] == found
    by_number = client.data(BY_NUMBER, {"number": found["number"]})["returnByNumber"]
    assert by_number == {"id": found["id"], "number": found["number"]}
    returns_of_order = client.data(ORDER_RETURNS, {"id": order["id"]})["node"]["returns"]
    assert returns_of_order == [{"id": found["id"], "number": found["number"]}]

    following = _ask(counter, order, line(bolts["id"], "1"))
    assert int(following["number"][4:]) == int(found["number"][4:]) + 1


def test_a_return_goes_from_request_to_closed_and_only_inspection_moves_stock(
    counter: Counter,
) -> None:
    shop = counter.shop
    # Paid by a recorded payment: resolving grants a refund against it.
    order = paid_delivered_order(shop, (shop.sku_id, "3"), (shop.other_sku_id, "2"))
    bolts_before, nuts_before = stock(shop, shop.sku_id), stock(shop, shop.other_sku_id)
    in_quarantine = quarantined(counter.warehouse, shop.warehouse_id, shop.sku_id)
    assert in_quarantine is not None
    found = _ask(counter, order, *_whole(order))
    bolt_line, nut_line = (x["id"] for x in found["lines"])

    approved = moved(counter.support.client, APPROVE, found["id"])
    assert approved["status"] == "AWAITING_RETURN" and approved["approvedAt"]

    part = receive_goods(counter.warehouse.client, found["id"], (bolt_line, "2"))
    assert part["userErrors"] == []
    assert part["return"]["status"] == "RECEIVED" and part["return"]["receivedAt"]
    assert _quarantined(part["return"]) == [2, 0]
    rest = receive_goods(counter.warehouse.client, found["id"], (bolt_line, "1"), (nut_line, "2"))
    assert rest["userErrors"] == []
    assert _quarantined(rest["return"]) == [3, 2]
    # Receipt is quarantine: no stock level moved, no ledger entry.
    assert stock(shop, shop.sku_id) == bolts_before
    assert stock(shop, shop.other_sku_id) == nuts_before
    assert _return_movements(counter.owner, shop.sku_id) == []
    assert quarantined(counter.warehouse, shop.warehouse_id, shop.sku_id) == in_quarantine + 3

    restocked = inspect(counter.warehouse.client, bolt_line, "3", "RESTOCK", "A")
    assert restocked["userErrors"] == []
    assert restocked["return"]["status"] == "RECEIVED"
    scrapped = inspect(counter.warehouse.client, nut_line, "2", "SCRAP", "C", note="Rusty")
    assert scrapped["userErrors"] == []
    inspected = scrapped["return"]
    assert inspected["status"] == "INSPECTED" and inspected["inspectedAt"]
    [restock] = inspected["lines"][0]["inspections"]
    assert Decimal(restock.pop("quantity")) == 3
    assert [restock] == [
        {
            "grade": "A",
            "disposition": "RESTOCK",
            "note": None,
            "warehouse": {"code": "MAIN"},
            "stockedSku": {"code": "BOLT"},
        }
    ]
    assert inspected["lines"][1]["inspections"][0]["disposition"] == "SCRAP"
    assert inspected["lines"][1]["inspections"][0]["warehouse"] is None
    assert _quarantined(inspected) == [0, 0]

    [movement] = _return_movements(counter.owner, shop.sku_id)
    assert movement["kind"] == "RECEIPT" and Decimal(movement["onHandDelta"]) == 3
    assert movement["referenceId"] == row_id(bolt_line)
    assert movement["warehouse"] == {"code": "MAIN"}
    assert _return_movements(counter.owner, shop.other_sku_id) == []
    on_hand, *_ = stock(shop, shop.sku_id)
    assert on_hand == bolts_before[0] + 3
    assert stock(shop, shop.other_sku_id) == nuts_before
    assert quarantined(counter.warehouse, shop.warehouse_id, shop.sku_id) == in_quarantine

    resolved = moved(counter.support.client, RESOLVE, found["id"])
    assert resolved["status"] == "RESOLVED" and resolved["resolvedAt"]
    closed = moved(counter.support.client, CLOSE, found["id"])
    assert closed["status"] == "CLOSED" and closed["closedAt"]


def test_second_grade_goods_go_into_the_chosen_sku_and_repair_moves_nothing(
    counter: Counter,
) -> None:
    shop = counter.shop
    seconds_id = create_sku(counter.owner, f"BOLT-B-{uuid.uuid4().hex[:4]}")
    order = counter.delivered(bolts="4", nuts="1")
    found = _received(counter, order)
    bolt_line, nut_line = (x["id"] for x in found["lines"])

    unnamed = inspect(counter.warehouse.client, bolt_line, "2", "RESTOCK_SECOND_GRADE", "B")
    assert errors_of(unnamed) == {(("secondGradeSkuId",), "SECOND_GRADE_SKU_REQUIRED")}
    second = inspect(
        counter.warehouse.client,
        bolt_line,
        "2",
        "RESTOCK_SECOND_GRADE",
        "B",
        secondGradeSkuId=seconds_id,
    )
    assert second["userErrors"] == []
    assert second["return"]["lines"][0]["inspections"][0]["stockedSku"]["code"].startswith(
        "BOLT-B-"
    )
    repaired = inspect(counter.warehouse.client, bolt_line, "2", "REPAIR", "B")
    assert repaired["userErrors"] == []
    assert inspect(counter.warehouse.client, nut_line, "1", "SCRAP")["userErrors"] == []

    [movement] = _return_movements(counter.owner, seconds_id)
    assert Decimal(movement["onHandDelta"]) == 2
    assert stock(shop, seconds_id)[0] == Decimal(2)
    assert _return_movements(counter.owner, shop.other_sku_id) == []


def test_an_integrator_repeating_a_call_with_its_idempotency_key_gets_the_first_return(
    api: GraphQLClient, counter: Counter
) -> None:
    order = counter.delivered(bolts="3", nuts="1")
    ask = line(order["lines"][0]["id"], "1")
    key = f"rma-{uuid.uuid4()}"
    client, customer_id = integrator(api, counter.owner, ["support"]), counter.shop.customer_id
    first = created_return(client, customer_id, order, ask, idempotencyKey=key)
    assert first["channel"] == "API"
    again = created_return(client, customer_id, order, ask, idempotencyKey=key)
    assert again["id"] == first["id"] and again["number"] == first["number"]
    other = create_return(
        client, customer_id, order, line(order["lines"][0]["id"], "2"), idempotencyKey=key
    )
    assert errors_of(other) == {(("idempotencyKey",), "IDEMPOTENCY_KEY_REUSED")}
    too_long = create_return(client, customer_id, order, ask, idempotencyKey="k" * 201)
    assert errors_of(too_long) == {(("idempotencyKey",), "IDEMPOTENCY_KEY_TOO_LONG")}
    assert len(_listed(client, orderId=order["id"])) == 1


def test_declined_and_cancelled_returns_give_their_quantity_back(counter: Counter) -> None:
    order = counter.delivered(bolts="3", nuts="1")
    bolts = order["lines"][0]
    first = _ask(counter, order, line(bolts["id"], "3"))
    again = create_return(
        counter.support.client, counter.shop.customer_id, order, line(bolts["id"], "1")
    )
    assert errors_of(again) == {(("lines", "0", "quantity"), "MORE_THAN_RETURNABLE")}

    unexplained = counter.support.client.data(
        DECLINE, {"input": {"returnId": first["id"], "reason": "  "}}
    )["declineReturn"]
    assert errors_of(unexplained) == {(("reason",), "DECLINE_REASON_REQUIRED")}
    declined = counter.support.client.data(
        DECLINE, {"input": {"returnId": first["id"], "reason": "Used beyond testing."}}
    )["declineReturn"]
    assert declined["userErrors"] == []
    assert declined["return"]["status"] == "DECLINED"
    assert declined["return"]["declineReason"] == "Used beyond testing."

    second = _ask(counter, order, line(bolts["id"], "3"))
    cancelled = moved(counter.support.client, CANCEL, second["id"])
    assert cancelled["status"] == "CANCELLED" and cancelled["cancelledAt"]
    assert _ask(counter, order, line(bolts["id"], "3"))["status"] == "REQUESTED"


AUDIT = """query Audit($targetId: String!) {
  auditLog(filter: {targetType: "return", targetId: $targetId}, first: 50) {
    edges { node { action subject { label } } } } }"""


def _events(stack: Stack, return_id: str) -> list[tuple[str, dict[str, Any]]]:
    rows = owner_sql(
        stack,
        "SELECT type, payload::jsonb AS payload FROM outbox_events "
        "WHERE payload->>'returnId' = $1 ORDER BY created_at, id",
        row_id(return_id),
    )
    return [(row["type"], json.loads(row["payload"])) for row in rows]


def test_each_step_is_audited_and_writes_its_event_to_the_outbox(
    counter: Counter, stack: Stack
) -> None:
    shop = counter.shop
    order = paid_delivered_order(shop, (shop.sku_id, "2"), (shop.other_sku_id, "1"))
    found = _received(counter, order)
    bolt_line, nut_line = (x["id"] for x in found["lines"])
    assert inspect(counter.warehouse.client, bolt_line, "2")["userErrors"] == []
    assert inspect(counter.warehouse.client, nut_line, "1", "SCRAP", "C")["userErrors"] == []
    moved(counter.support.client, RESOLVE, found["id"])
    moved(counter.support.client, CLOSE, found["id"])

    events = _events(stack, found["id"])
    assert [kind for kind, _ in events] == [
        "return.requested",
        "return.approved",
        "return.received",
        "return.line_inspected",
        "return.line_inspected",
        "return.inspected",
        "return.resolved",
        "return.closed",
    ]
    requested = events[0][1]
    assert (requested["number"], requested["wish"], requested["channel"]) == (
        found["number"],
        "refund",
        "console",
    )
    assert requested["orderId"] == row_id(order["id"])
    assert Decimal(events[2][1]["quantity"]) == 3
    assert (events[4][1]["disposition"], events[4][1]["grade"]) == ("scrap", "c")

    edges = counter.owner.client.data(AUDIT, {"targetId": row_id(found["id"])})["auditLog"]
    entries = [e["node"] for e in reversed(edges["edges"])]
    assert [e["action"] for e in entries] == [
        "returns.create",
        "returns.approve",
        "returns.receive",
        "returns.inspect",
        "returns.inspect",
        "returns.complete_inspection",
        "returns.resolve",
        "returns.close",
    ]
    assert {e["subject"]["label"] for e in entries} == {found["number"]}

    other = counter.delivered(bolts="2", nuts="1")
    declined, cancelled = (_ask(counter, other, line(other["lines"][0]["id"], "1")) for _ in "ab")
    counter.support.client.data(
        DECLINE, {"input": {"returnId": declined["id"], "reason": "Past its use."}}
    )
    moved(counter.support.client, CANCEL, cancelled["id"])
    assert [kind for kind, _ in _events(stack, declined["id"])][-1] == "return.declined"
    assert _events(stack, declined["id"])[-1][1]["reason"] == "Past its use."
    assert [kind for kind, _ in _events(stack, cancelled["id"])] == [
        "return.requested",
        "return.cancelled",
    ]


PRODUCT_RETURNABLE = """query P($id: ID!) { node(id: $id) { ... on Product { returnable } } }"""
UPDATE_PRODUCT = """mutation UpdateProduct($input: UpdateProductInput!) {
  updateProduct(input: $input) { product { returnable } userErrors { field code } } }"""


def test_a_product_marked_not_returnable_refuses_returns_until_marked_again(
    counter: Counter,
) -> None:
    shop = counter.shop
    lamp = create_product(counter.owner, f"LAMP-{uuid.uuid4().hex[:4]}", "Lamp", "25.00")
    node = counter.owner.client.data(PRODUCT_RETURNABLE, {"id": lamp["id"]})["node"]
    assert node == {"returnable": True}
    receive(counter.owner, shop.warehouse_id, lamp["skus"][0]["id"], "10")
    order = delivered_order(shop, (lamp["skus"][0]["id"], "2"))
    ask = line(order["lines"][0]["id"], "1")

    def mark(returnable: bool) -> None:
        payload = counter.owner.client.data(
            UPDATE_PRODUCT, {"input": {"productId": lamp["id"], "returnable": returnable}}
        )["updateProduct"]
        assert payload == {"product": {"returnable": returnable}, "userErrors": []}

    mark(False)
    refused = create_return(counter.support.client, shop.customer_id, order, ask)
    assert errors_of(refused) == {(("lines", "0", "orderLineId"), "NON_RETURNABLE_PRODUCT")}
    mark(True)
    assert created_return(counter.support.client, shop.customer_id, order, ask)


# --- bad input -----------------------------------------------------------------------------


def test_bad_requests_are_reported_on_their_field_and_nothing_is_written(
    counter: Counter,
) -> None:
    shop = counter.shop
    order = counter.delivered()
    bolts = order["lines"][0]
    fuses = delivered_order(shop, (counter.fuse_id, "2"))
    not_delivered = confirmed_order(counter.owner, shop)
    other = delivered_order(shop, (shop.sku_id, "1"), customer_id=counter.other_customer_id)
    long_ago = datetime.now(UTC) - timedelta(days=40)
    old = delivered_order(
        shop, (shop.sku_id, "1"), shipped_at=long_ago, delivered_at=long_ago + timedelta(days=2)
    )
    before = _listed(counter.support.client)
    client, customer_id = counter.support.client, shop.customer_id
    cases: list[tuple[dict[str, Any], list[dict[str, Any]], tuple[tuple[str, ...], str]]] = [
        (order, [line(bolts["id"], "4")], (("lines", "0", "quantity"), "MORE_THAN_RETURNABLE")),
        (order, [line(bolts["id"], "0")], (("lines", "0", "quantity"), "INVALID_QUANTITY")),
        (order, [], (("lines",), "NO_LINES")),
        (
            order,
            [line(bolts["id"], "1"), line(bolts["id"], "1")],
            (("lines", "1", "orderLineId"), "DUPLICATE_LINE"),
        ),
        (
            order,
            [line(other["lines"][0]["id"], "1")],
            (("lines", "0", "orderLineId"), "LINE_NOT_ON_ORDER"),
        ),
        (
            fuses,
            [line(fuses["lines"][0]["id"], "1")],
            (("lines", "0", "orderLineId"), "NON_RETURNABLE_PRODUCT"),
        ),
        (
            not_delivered,
            [line(not_delivered["lines"][0]["id"], "1")],
            (("orderId",), "ORDER_NOT_DELIVERED"),
        ),
        (other, [line(other["lines"][0]["id"], "1")], (("orderId",), "ORDER_OF_OTHER_CUSTOMER")),
        (old, [line(old["lines"][0]["id"], "1")], (("orderId",), "OUTSIDE_RETURN_WINDOW")),
        (
            {"id": global_id("Order", uuid.uuid4())},
            [line(bolts["id"], "1")],
            (("orderId",), "UNKNOWN_ORDER"),
        ),
    ]
    for target, lines, expected in cases:
        payload = create_return(client, customer_id, target, *lines)
        assert payload["return"] is None, (target.get("number"), lines)
        assert expected in errors_of(payload), (expected, payload["userErrors"])
    unknown = create_return(
        client, global_id("Customer", uuid.uuid4()), order, line(bolts["id"], "1")
    )
    assert errors_of(unknown) == {(("customerId",), "UNKNOWN_CUSTOMER")}
    assert _listed(client) == before


def test_moves_out_of_order_are_refused_with_a_code(counter: Counter) -> None:
    order = counter.delivered(bolts="2", nuts="1")
    found = _ask(counter, order, *_whole(order))
    bolt_line = found["lines"][0]["id"]
    client = counter.support.client

    for document in (RESOLVE, CLOSE):
        assert errors_of(move(client, document, found["id"])) == {
            (("returnId",), "ILLEGAL_TRANSITION")
        }
    early = receive_goods(counter.warehouse.client, found["id"], (bolt_line, "1"))
    assert errors_of(early) == {(("returnId",), "ILLEGAL_TRANSITION")}

    moved(client, APPROVE, found["id"])
    assert errors_of(move(client, APPROVE, found["id"])) == {(("returnId",), "ILLEGAL_TRANSITION")}
    too_many = receive_goods(counter.warehouse.client, found["id"], (bolt_line, "3"))
    assert errors_of(too_many) == {(("lines", "0", "quantity"), "RECEIVE_MORE_THAN_REQUESTED")}
    foreign = receive_goods(
        counter.warehouse.client, found["id"], (global_id("ReturnLine", uuid.uuid4()), "1")
    )
    assert errors_of(foreign) == {(("lines", "0", "returnLineId"), "LINE_NOT_ON_RETURN")}
    assert (
        receive_goods(counter.warehouse.client, found["id"], (bolt_line, "1"))["userErrors"] == []
    )

    assert errors_of(move(client, CANCEL, found["id"])) == {(("returnId",), "CANCEL_AFTER_RECEIPT")}
    more = inspect(counter.warehouse.client, bolt_line, "2")
    assert errors_of(more) == {(("quantity",), "INSPECT_MORE_THAN_RECEIVED")}
    current = client.data(RETURN, {"id": found["id"]})["return"]
    assert current["status"] == "RECEIVED"
    assert Decimal(current["lines"][0]["inspectedQuantity"]) == 0


# --- roles ---------------------------------------------------------------------------------


def test_support_cannot_inspect_and_the_warehouse_cannot_approve(counter: Counter) -> None:
    order = counter.delivered(bolts="1", nuts="1")
    found = _ask(counter, order, *_whole(order))
    refused = counter.warehouse.client.execute(APPROVE, {"id": found["id"]})
    assert graphql_codes(refused) == ["FORBIDDEN"]
    moved(counter.support.client, APPROVE, found["id"])
    lines = [(x["id"], "1") for x in found["lines"]]
    assert receive_goods(counter.warehouse.client, found["id"], *lines)["userErrors"] == []
    not_support = counter.support.client.execute(
        """mutation I($input: InspectReturnLineInput!) { inspectReturnLine(input: $input) {
          userErrors { code } } }""",
        {
            "input": {
                "returnLineId": found["lines"][0]["id"],
                "quantity": "1",
                "grade": "A",
                "disposition": "SCRAP",
            }
        },
    )
    assert graphql_codes(not_support) == ["FORBIDDEN"]


# --- the return window ---------------------------------------------------------------------


def test_a_role_without_returns_sees_none_of_them(counter: Counter, mailbox: Mailbox) -> None:
    order = counter.delivered(bolts="1", nuts="1")
    _ask(counter, order, *_whole(order))
    sales = colleague(counter.owner, mailbox, "sales")
    assert sales.client.error_codes(RETURNS, {"first": 5}) == ["FORBIDDEN"]
    assert sales.client.error_codes(SETTINGS) == ["FORBIDDEN"]
    assert quarantined(sales, counter.shop.warehouse_id, counter.shop.sku_id) is None
    finance = colleague(counter.owner, mailbox, "finance").client
    assert finance.data(ORDER_RETURNS, {"id": order["id"]})["node"]["returns"] == []
    support_view = counter.support.client.data(ORDER_RETURNS, {"id": order["id"]})["node"]
    assert len(support_view["returns"]) == 1


def test_a_return_may_come_from_a_ticket_of_the_same_customer(counter: Counter) -> None:
    order = counter.delivered(bolts="1", nuts="1")
    ticket = created_ticket(counter.support.client, counter.shop.customer_id, orderId=order["id"])
    theirs = created_ticket(counter.support.client, counter.other_customer_id)
    ask = line(order["lines"][0]["id"], "1")
    found = created_return(
        counter.support.client, counter.shop.customer_id, order, ask, ticketId=ticket["id"]
    )
    assert found["ticketId"] == ticket["id"]
    wrong = create_return(
        counter.support.client, counter.shop.customer_id, order, ask, ticketId=theirs["id"]
    )
    assert errors_of(wrong) == {(("ticketId",), "UNKNOWN_TICKET")}


def test_the_return_window_is_the_tenants_and_counts_from_delivery(
    api: GraphQLClient, counter: Counter
) -> None:
    shop = counter.shop
    client = counter.owner.client
    assert counter.support.client.data(SETTINGS)["returnSettings"] == {"windowDays": 30}
    delivered = datetime.now(UTC) - timedelta(days=35)
    order = delivered_order(
        shop, (shop.sku_id, "1"), shipped_at=delivered - timedelta(days=1), delivered_at=delivered
    )
    ask = [line(order["lines"][0]["id"], "1")]
    late = create_return(counter.support.client, shop.customer_id, order, *ask)
    assert errors_of(late) == {(("orderId",), "OUTSIDE_RETURN_WINDOW")}

    bad = client.data(UPDATE_SETTINGS, {"days": -1})["updateReturnSettings"]
    assert errors_of(bad) == {(("windowDays",), "INVALID_WINDOW")}
    refused = counter.support.client.execute(UPDATE_SETTINGS, {"days": 60})
    assert graphql_codes(refused) == ["FORBIDDEN"]
    try:
        saved = client.data(UPDATE_SETTINGS, {"days": 40})["updateReturnSettings"]
        assert saved == {"settings": {"windowDays": 40}, "userErrors": []}
        # Another tenant keeps its own window.
        assert sign_up(api).client.data(SETTINGS)["returnSettings"] == {"windowDays": 30}
        assert created_return(counter.support.client, shop.customer_id, order, *ask)
    finally:
        client.data(UPDATE_SETTINGS, {"days": 30})


# --- at the same moment --------------------------------------------------------------------


def test_two_requests_for_the_whole_quantity_at_once_one_wins(counter: Counter) -> None:
    order = counter.delivered(bolts="5", nuts="1")
    ask = [line(order["lines"][0]["id"], "5")]
    customer_id = counter.shop.customer_id
    results = all_at_once(
        [
            lambda: create_return(counter.support.client, customer_id, order, *ask),
            lambda: create_return(counter.owner.client, customer_id, order, *ask),
        ]
    )
    won = [r for r in results if r["return"] is not None]
    lost = [r for r in results if r["return"] is None]
    assert len(won) == 1 and len(lost) == 1
    assert errors_of(lost[0]) == {(("lines", "0", "quantity"), "MORE_THAN_RETURNABLE")}
    assert len(_listed(counter.support.client, orderId=order["id"])) == 1


def test_two_inspections_of_the_same_line_at_once_one_wins(counter: Counter) -> None:
    shop = counter.shop
    order = counter.delivered(bolts="3", nuts="1")
    found = _received(counter, order)
    bolt_line = found["lines"][0]["id"]
    clerk = counter.warehouse.client
    results = all_at_once(
        [
            lambda: inspect(clerk, bolt_line, "3"),
            lambda: inspect(counter.owner.client, bolt_line, "3"),
        ]
    )
    assert sorted(len(r["userErrors"]) for r in results) == [0, 1]
    [lost] = [r for r in results if r["userErrors"]]
    assert errors_of(lost) == {(("quantity",), "INSPECT_MORE_THAN_RECEIVED")}
    movements = [
        m
        for m in _return_movements(counter.owner, shop.sku_id)
        if m["referenceId"] == row_id(bolt_line)
    ]
    assert len(movements) == 1


# --- other tenants -------------------------------------------------------------------------


def test_another_tenant_cannot_read_or_change_a_return(
    api: GraphQLClient, counter: Counter
) -> None:
    order = counter.delivered(bolts="2", nuts="1")
    found = _ask(counter, order, *_whole(order))
    moved(counter.support.client, APPROVE, found["id"])
    other_tenant = sign_up(api)
    stranger = other_tenant.client

    assert stranger.data(RETURN, {"id": found["id"]})["return"] is None
    # node(id) answers another tenant's return as it answers a missing one.
    assert stranger.error_codes(RETURN_NODE, {"id": found["id"]}) == ["NOT_FOUND"]
    missing = global_id("Return", uuid.uuid4())
    assert stranger.error_codes(RETURN_NODE, {"id": missing}) == ["NOT_FOUND"]
    assert stranger.data(BY_NUMBER, {"number": found["number"]})["returnByNumber"] is None
    assert stranger.data(RETURNS, {"first": 10})["returns"]["edges"] == []
    for document in (APPROVE, CANCEL, RESOLVE):
        assert graphql_codes(stranger.execute(document, {"id": found["id"]})) == ["NOT_FOUND"]
    foreign_receipt = stranger.execute(
        """mutation R($input: ReceiveReturnInput!) { receiveReturn(input: $input) {
          userErrors { code } } }""",
        {
            "input": {
                "returnId": found["id"],
                "lines": [{"returnLineId": found["lines"][0]["id"], "quantity": "1"}],
            }
        },
    )
    assert graphql_codes(foreign_receipt) == ["NOT_FOUND"]
    foreign_inspection = stranger.execute(
        """mutation I($input: InspectReturnLineInput!) { inspectReturnLine(input: $input) {
          userErrors { code } } }""",
        {
            "input": {
                "returnLineId": found["lines"][0]["id"],
                "quantity": "1",
                "grade": "A",
                "disposition": "SCRAP",
            }
        },
    )
    assert graphql_codes(foreign_inspection) == ["NOT_FOUND"]
    their_order = create_return(
        stranger, counter.shop.customer_id, order, line(order["lines"][0]["id"], "1")
    )
    assert errors_of(their_order) == {(("customerId",), "UNKNOWN_CUSTOMER")}
    own_customer = customer(other_tenant, "Stranger Co")
    foreign_order = create_return(stranger, own_customer, order, line(order["lines"][0]["id"], "1"))
    assert errors_of(foreign_order) == {(("orderId",), "UNKNOWN_ORDER")}
    unchanged = counter.support.client.data(RETURN, {"id": found["id"]})["return"]
    assert unchanged["status"] == "AWAITING_RETURN"


# --- the list ------------------------------------------------------------------------------

LIST_OPERATION = "ReturnsPage"
LIST_PAGE = """query ReturnsPage($customerId: ID!) {
  returns(filter: {customerId: $customerId}, first: 50) { edges { node {
    id number status wish customer { name } order { number }
    lines { skuCode quantity orderLine { lineNo } inspections { grade } } } } } }"""


def test_the_list_filters_and_pages_and_a_page_of_50_costs_what_a_page_of_3_costs(
    api: GraphQLClient, counter: Counter
) -> None:
    shop = counter.shop
    customer_id = customer(counter.owner, "Busy Returns Co")
    order = delivered_order(shop, (shop.sku_id, "100"), customer_id=customer_id)
    bolts = order["lines"][0]

    def ask(count: int) -> list[dict[str, Any]]:
        return [
            created_return(counter.support.client, customer_id, order, line(bolts["id"], "1"))
            for _ in range(count)
        ]

    first_three = ask(3)
    moved(counter.support.client, APPROVE, first_three[0]["id"])
    client = counter.support.client
    assert _listed(client, customerId=customer_id) == [r["id"] for r in reversed(first_three)]
    assert _listed(client, customerId=customer_id, statuses=["AWAITING_RETURN"]) == [
        first_three[0]["id"]
    ]
    assert len(_listed(client, orderId=order["id"])) == 3
    page = client.data(RETURNS, {"filter": {"customerId": customer_id}, "first": 2})["returns"]
    assert page["pageInfo"]["hasNextPage"] is True
    rest = client.data(
        RETURNS,
        {"filter": {"customerId": customer_id}, "first": 2, "after": page["pageInfo"]["endCursor"]},
    )["returns"]
    assert [e["node"]["id"] for e in rest["edges"]] == [first_three[0]["id"]]

    def statements(rows: int) -> int:
        client.data(LIST_PAGE, {"customerId": customer_id})
        before = statements_so_far(api, LIST_OPERATION)
        edges = client.data(LIST_PAGE, {"customerId": customer_id})["returns"]["edges"]
        assert len(edges) == rows
        return int(statements_so_far(api, LIST_OPERATION) - before)

    with_3 = statements(3)
    ask(47)
    assert statements(50) == with_3


DEMO_RETURNS = """query DemoReturns { returns(first: 50) { edges { node { number status
  customer { name } } } } }"""


@pytest.mark.timeout(300)
def test_the_demo_has_a_return_in_each_status_for_support_and_the_warehouse(
    api: GraphQLClient, stack: Stack
) -> None:
    logins = demo_logins(stack)
    for role in ("support", "warehouse"):
        session = demo_log_in(api, logins, DEMO_ROLE_USERS[role])
        found = [e["node"] for e in session.data(DEMO_RETURNS)["returns"]["edges"]]
        assert sorted(r["status"] for r in found) == sorted(
            [
                "REQUESTED",
                "AWAITING_RETURN",
                "DECLINED",
                "RECEIVED",
                "INSPECTED",
                "RESOLVED",
                "CLOSED",
                "CANCELLED",
            ]
        ), role
        assert {r["customer"]["name"] for r in found} == {"Contoso Wholesale Co."}
