"""Order change requests through GraphQL: a sales rep asks to change a confirmed order, a
manager decides; approval re-prices, re-reserves and recomputes atomically; the departments
involved are notified; other tenants see nothing."""

from __future__ import annotations

import base64
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest

from order_changes import rules
from tests.support.catalog import UPDATE_SKU, create_book, create_sku, entry
from tests.support.graphql import (
    GraphQLClient,
    TenantSession,
    colleague,
    errors_of,
    row_id,
    sign_up,
)
from tests.support.inventory import receive
from tests.support.orders import (
    ADDRESS,
    CREATE_CUSTOMER_WITH_ADDRESSES,
    Shop,
    act,
    acted,
    created,
    open_shop,
    stock,
)
from tests.support.stack import Mailbox, body_text
from tests.support.waiting import wait_until

CHANGE_FIELDS = """id orderNumber status reason requestedByLabel requestedByMe createdAt
  decidedByLabel decidedAt decisionNote deliveryDateChanged requestedDeliveryDateBefore
  requestedDeliveryDateAfter shipToChanged shipToBefore { recipient } shipToAfter { recipient }
  totalBefore { amount } totalAfter { amount }
  lines { orderLineId lineNo skuCode quantityBefore quantityAfter unitPriceBefore { amount }
    priceSourceBefore unitPriceAfter { amount } priceSourceAfter priceSourceLabelAfter }
  order { id version }"""
REQUEST = f"""mutation Request($input: RequestOrderChangeInput!) {{
  requestOrderChange(input: $input) {{ changeRequest {{ {CHANGE_FIELDS} }}
    userErrors {{ field code message }} }} }}"""
DECIDE = f"""mutation Decide($input: DecideOrderChangeInput!) {{
  decideOrderChange(input: $input) {{ changeRequest {{ {CHANGE_FIELDS} }}
    userErrors {{ field code message }} }} }}"""
WITHDRAW = f"""mutation Withdraw($id: ID!) {{
  withdrawOrderChange(changeRequestId: $id) {{ changeRequest {{ {CHANGE_FIELDS} }}
    userErrors {{ field code message }} }} }}"""
LIST = """query Changes($status: OrderChangeStatus) { orderChangeRequests(status: $status,
  first: 50) { edges { node { id orderNumber status } } } }"""
ORDER = """query Order($id: ID!) { node(id: $id) { ... on Order { id version status total
  { amount } requestedDeliveryDate shipTo { recipient }
  lines { id quantity unitPrice { amount } priceSource reservedQuantity lineTotal { amount } }
  statusHistory { fromStatus toStatus action note }
  changeRequests { id status totalBefore { amount } totalAfter { amount } } } } }"""
CHANGE_NODE = f"""query N($id: ID!) {{ node(id: $id) {{ ... on OrderChangeRequest {{
  {CHANGE_FIELDS} }} }} }}"""
INBOX = """query Inbox { notifications(first: 50) { edges { node { kind title body link } } } }"""
AUDIT = """query Audit($action: String!) { auditLog(filter: {action: $action}) {
  edges { node { targetType changes } } } }"""


@dataclass
class Team:
    """A tenant with a rep (requests), a manager (approves), warehouse and finance staff."""

    shop: Shop
    rep: TenantSession
    manager: TenantSession
    warehouse: TenantSession
    finance: TenantSession
    customer_id: str
    addresses: list[str]

    @property
    def owner(self) -> TenantSession:
        return self.shop.owner


@pytest.fixture(scope="module")
def team(api: GraphQLClient, mailbox: Mailbox) -> Team:
    shop = open_shop(api, stock="1000")
    rep = colleague(shop.owner, mailbox, "sales")
    other = dict(ADDRESS, recipient="Yard 9", line1="9 Quay St")
    payload = rep.client.data(
        CREATE_CUSTOMER_WITH_ADDRESSES,
        {"input": {"name": "Rep's Harbour Ltd", "addresses": [ADDRESS, other]}},
    )["createCustomer"]
    assert payload["userErrors"] == [], payload["userErrors"]
    customer = payload["customer"]
    return Team(
        shop,
        rep,
        colleague(shop.owner, mailbox, "management"),
        colleague(shop.owner, mailbox, "warehouse"),
        colleague(shop.owner, mailbox, "finance"),
        customer["id"],
        [a["id"] for a in customer["addresses"]],
    )


def confirmed_by_rep(team: Team, *lines: tuple[str, str]) -> dict[str, Any]:
    order = created(
        team.rep,
        {
            "customerId": team.customer_id,
            "submit": True,
            "lines": [{"skuId": s, "quantity": q} for s, q in lines],
        },
    )
    assert order["status"] == "CONFIRMED", order["status"]
    return order


def ask(
    session: TenantSession, order: dict[str, Any], *lines: tuple[int, str], **fields: Any
) -> dict[str, Any]:
    payload: dict[str, Any] = session.client.data(
        REQUEST,
        {
            "input": {
                "orderId": order["id"],
                **fields,
                "lines": [
                    {"orderLineId": order["lines"][index]["id"], "quantity": quantity}
                    for index, quantity in lines
                ],
            }
        },
    )["requestOrderChange"]
    return payload


def asked(
    session: TenantSession, order: dict[str, Any], *lines: tuple[int, str], **fields: Any
) -> dict[str, Any]:
    payload = ask(session, order, *lines, **fields)
    assert payload["userErrors"] == [], payload["userErrors"]
    request: dict[str, Any] = payload["changeRequest"]
    return request


def decide(
    session: TenantSession, request_id: str, decision: str, note: str | None = None
) -> dict[str, Any]:
    payload: dict[str, Any] = session.client.data(
        DECIDE, {"input": {"changeRequestId": request_id, "decision": decision, "note": note}}
    )["decideOrderChange"]
    return payload


def order_now(session: TenantSession, order_id: str) -> dict[str, Any]:
    node: dict[str, Any] = session.client.data(ORDER, {"id": order_id})["node"]
    return node


def inbox(session: TenantSession) -> list[dict[str, Any]]:
    edges = session.client.data(INBOX)["notifications"]["edges"]
    return [e["node"] for e in edges if e["node"]["kind"] == "order_change"]


# --- approval applies the change ------------------------------------------------------------


def test_an_approved_change_is_repriced_rereserved_and_totalled(team: Team) -> None:
    bolt = create_sku(team.owner, "VOL-BOLT")
    receive(team.owner, team.shop.warehouse_id, bolt, "100")
    book = create_book(team.owner, "Bulk", "VOLUME", [entry(bolt, "8.00", "10")])
    order = confirmed_by_rep(team, (bolt, "4"), (team.shop.other_sku_id, "1"))
    assert order["total"]["amount"] == "55.00"  # (40.00 + 10.00) + 10 % tax
    later = str(date.today() + timedelta(days=20))
    request = asked(
        team.rep,
        order,
        (0, "12"),
        requestedDeliveryDate=later,
        shipToAddressId=team.addresses[1],
        reason="customer expands the project",
    )
    assert (request["status"], request["requestedByMe"], request["reason"]) == (
        "OPEN",
        True,
        "customer expands the project",
    )
    [line] = request["lines"]
    assert (
        line["skuCode"],
        line["quantityBefore"],
        line["quantityAfter"],
        line["unitPriceBefore"],
        line["priceSourceBefore"],
        line["unitPriceAfter"],
    ) == ("VOL-BOLT", "4.000", "12", {"amount": "10.00"}, "list", None)
    assert (request["deliveryDateChanged"], request["requestedDeliveryDateAfter"]) == (True, later)
    assert (request["shipToBefore"], request["shipToAfter"]) == (
        {"recipient": "Dock 4"},
        {"recipient": "Yard 9"},
    )
    assert order_now(team.owner, order["id"])["version"] == order["version"]  # nothing yet

    again = ask(team.rep, order, (0, "6"))
    assert errors_of(again) == {(("orderId",), "CHANGE_PENDING")}
    assert team.rep.client.error_codes(
        DECIDE, {"input": {"changeRequestId": request["id"], "decision": "APPROVE"}}
    ) == ["FORBIDDEN"]

    approved = decide(team.manager, request["id"], "APPROVE", "ok, stock is there")
    assert approved["userErrors"] == []
    decided = approved["changeRequest"]
    assert (decided["status"], decided["decisionNote"], decided["decidedByLabel"]) == (
        "APPROVED",
        "ok, stock is there",
        team.manager.email,
    )
    # 12 x 8.00 = 96.00 crosses the volume break; + 10.00; + 10 % tax.
    assert (decided["totalBefore"], decided["totalAfter"]) == (
        {"amount": "55.00"},
        {"amount": "116.60"},
    )
    assert (decided["lines"][0]["unitPriceAfter"], decided["lines"][0]["priceSourceAfter"]) == (
        {"amount": "8.00"},
        f"volume:{row_id(book['id'])}:10",
    )
    now = order_now(team.owner, order["id"])
    assert (
        now["version"],
        now["status"],
        now["total"],
        now["requestedDeliveryDate"],
        now["shipTo"],
    ) == (order["version"] + 1, "CONFIRMED", {"amount": "116.60"}, later, {"recipient": "Yard 9"})
    first = now["lines"][0]
    assert (
        first["quantity"],
        first["unitPrice"],
        first["priceSource"],
        first["reservedQuantity"],
        first["lineTotal"],
    ) == (
        "12.000",
        {"amount": "8.00"},
        f"volume:{row_id(book['id'])}:10",
        "12.000",
        {"amount": "105.60"},
    )
    assert stock(team.shop, bolt)[:3] == (Decimal(100), Decimal(12), Decimal(88))
    step = now["statusHistory"][-1]
    assert (step["fromStatus"], step["toStatus"], step["action"]) == (
        "CONFIRMED",
        "CONFIRMED",
        "change",
    )
    assert "VOL-BOLT 4 → 12" in step["note"]
    assert [(c["status"], c["totalAfter"]) for c in now["changeRequests"]] == [
        ("APPROVED", {"amount": "116.60"})
    ]
    audited = team.owner.client.data(AUDIT, {"action": "orders.change"})["auditLog"]["edges"]
    assert audited and "'quantity': '12'" in str(audited[0]["node"]["changes"])


def test_nobody_approves_their_own_request(team: Team) -> None:
    order = confirmed_by_rep(team, (team.shop.sku_id, "2"))
    request = asked(team.manager, order, (0, "3"))
    refused = decide(team.manager, request["id"], "APPROVE")
    assert errors_of(refused) == {(("decision",), "SELF_APPROVAL")}
    assert decide(team.owner, request["id"], "APPROVE")["userErrors"] == []


def test_short_stock_on_approval_applies_nothing_and_keeps_the_request_open(team: Team) -> None:
    scarce = create_sku(team.owner, "SCARCE")
    receive(team.owner, team.shop.warehouse_id, scarce, "5")
    order = confirmed_by_rep(team, (scarce, "2"))
    request = asked(team.rep, order, (0, "9"))
    refused = decide(team.manager, request["id"], "APPROVE")
    assert errors_of(refused) == {(("changeRequestId",), "INSUFFICIENT_STOCK")}
    assert "available: 5" in refused["userErrors"][0]["message"]
    now = order_now(team.owner, order["id"])
    assert (now["version"], now["lines"][0]["quantity"], now["lines"][0]["reservedQuantity"]) == (
        order["version"],
        "2.000",
        "2.000",
    )
    assert stock(team.shop, scarce)[:3] == (Decimal(5), Decimal(2), Decimal(3))
    assert [c["status"] for c in now["changeRequests"]] == ["OPEN"]


# --- reject, withdraw, status -------------------------------------------------------------


def test_a_rejected_or_withdrawn_request_changes_nothing(team: Team) -> None:
    order = confirmed_by_rep(team, (team.shop.sku_id, "3"))
    request = asked(team.rep, order, (0, "5"))
    rejected = decide(team.manager, request["id"], "REJECT", "no capacity this month")
    assert (rejected["changeRequest"]["status"], rejected["changeRequest"]["decisionNote"]) == (
        "REJECTED",
        "no capacity this month",
    )
    assert errors_of(decide(team.owner, request["id"], "APPROVE")) == {
        (("changeRequestId",), "CHANGE_NOT_OPEN")
    }
    now = order_now(team.owner, order["id"])
    assert (now["version"], now["lines"][0]["quantity"]) == (order["version"], "3.000")

    second = asked(team.rep, order, (0, "4"))
    foreign = team.manager.client.data(WITHDRAW, {"id": second["id"]})["withdrawOrderChange"]
    assert errors_of(foreign) == {(("changeRequestId",), "NOT_REQUESTER")}
    withdrawn = team.rep.client.data(WITHDRAW, {"id": second["id"]})["withdrawOrderChange"]
    assert withdrawn["changeRequest"]["status"] == "WITHDRAWN"
    assert [c["status"] for c in order_now(team.owner, order["id"])["changeRequests"]] == [
        "WITHDRAWN",
        "REJECTED",
    ]
    open_ids = {
        e["node"]["id"]
        for e in team.manager.client.data(LIST, {"status": "OPEN"})["orderChangeRequests"]["edges"]
    }
    assert second["id"] not in open_ids and request["id"] not in open_ids


def test_only_confirmed_unshipped_orders_change(team: Team) -> None:
    draft = created(
        team.rep,
        {"customerId": team.customer_id, "lines": [{"skuId": team.shop.sku_id, "quantity": "1"}]},
    )
    assert errors_of(ask(team.rep, draft, (0, "2"))) == {(("orderId",), "CHANGE_NOT_ALLOWED")}
    order = confirmed_by_rep(team, (team.shop.sku_id, "1"))
    request = asked(team.rep, order, (0, "2"))
    acted(team.owner, order["id"], "CANCEL", note="customer went elsewhere")
    assert errors_of(decide(team.manager, request["id"], "APPROVE")) == {
        (("orderId",), "CHANGE_NOT_ALLOWED")
    }

    def closed() -> bool:
        node = team.owner.client.data(CHANGE_NODE, {"id": request["id"]})["node"]
        return bool(node["status"] == "CLOSED")

    wait_until(closed, 20.0)  # the worker closes what can no longer be approved
    assert errors_of(decide(team.manager, request["id"], "REJECT")) == {
        (("changeRequestId",), "CHANGE_NOT_OPEN")
    }


def test_a_request_is_validated_as_at_entry(api: GraphQLClient, team: Team) -> None:
    packed = create_sku(team.owner, "PACKED-CHG")
    team.owner.client.data(
        UPDATE_SKU, {"input": {"skuId": packed, "minOrderQuantity": "4", "packSize": "2"}}
    )
    receive(team.owner, team.shop.warehouse_id, packed, "50")
    order = confirmed_by_rep(team, (packed, "4"), (team.shop.sku_id, "1"))
    payload = ask(
        team.rep,
        order,
        (0, "2"),
        (1, "0"),
        reason="x" * 2001,
        requestedDeliveryDate=str(date.today() - timedelta(days=1)),
    )
    assert errors_of(payload) == {
        (("lines", "0", "quantity"), "BELOW_MIN_ORDER_QUANTITY"),
        (("lines", "1", "quantity"), "INVALID_QUANTITY"),
        (("reason",), "TOO_LONG"),
        (("requestedDeliveryDate",), "INVALID_DELIVERY_DATE"),
    }
    assert errors_of(ask(team.rep, order, (0, "5"))) == {
        (("lines", "0", "quantity"), "NOT_PACK_SIZE_MULTIPLE")
    }
    other_order = confirmed_by_rep(team, (team.shop.sku_id, "1"))
    foreign_line = team.rep.client.data(
        REQUEST,
        {
            "input": {
                "orderId": order["id"],
                "lines": [
                    {"orderLineId": other_order["lines"][0]["id"], "quantity": "2"},
                    {"orderLineId": order["lines"][0]["id"], "quantity": "6"},
                    {"orderLineId": order["lines"][0]["id"], "quantity": "8"},
                ],
            }
        },
    )["requestOrderChange"]
    assert errors_of(foreign_line) == {
        (("lines", "0", "orderLineId"), "UNKNOWN_LINE"),
        (("lines", "2", "orderLineId"), "DUPLICATE_LINE"),
    }
    elsewhere = sign_up(api)
    stranger = elsewhere.client.data(
        CREATE_CUSTOMER_WITH_ADDRESSES, {"input": {"name": "Stranger", "addresses": [ADDRESS]}}
    )["createCustomer"]["customer"]
    assert errors_of(ask(team.rep, order, shipToAddressId=stranger["addresses"][0]["id"])) == {
        (("shipToAddressId",), "UNKNOWN_ADDRESS")
    }
    unchanged = ask(team.rep, order, (0, "4"), shipToAddressId=team.addresses[0])
    assert errors_of(unchanged) == {((), "NO_CHANGE")}


def test_quantities_never_go_below_what_shipped() -> None:
    now = {"a": rules.LineNow("a", 1, "BOLT", Decimal(10), Decimal(4), Decimal(1), "list")}
    errors = rules.check_lines([rules.RequestedLine("a", Decimal(3))], now)
    assert [(e.code, e.field) for e in errors] == [
        ("BELOW_SHIPPED_QUANTITY", ("lines", "0", "quantity"))
    ]
    assert rules.check_lines([rules.RequestedLine("a", Decimal(4))], now) == []


# --- notifications ------------------------------------------------------------------------


def test_the_departments_involved_are_notified(team: Team, mailbox: Mailbox) -> None:
    order = confirmed_by_rep(team, (team.shop.sku_id, "2"))
    request = asked(team.rep, order, (0, "3"), reason="bigger site")

    def told(member: TenantSession) -> bool:
        return any(order["number"] in n["title"] for n in inbox(member))

    for member in (team.manager, team.warehouse, team.finance):
        wait_until(lambda member=member: told(member), 20.0)  # type: ignore[misc]
    [notice] = [n for n in inbox(team.warehouse) if order["number"] in n["title"]]
    assert notice["title"] == f"Change requested for order {order['number']}"
    assert "3" in notice["body"] and notice["link"] == "/change-requests"
    [mail] = mailbox.wait_for(team.finance.email, f"Change requested for order {order['number']}")
    assert "bigger site" in body_text(mail)
    assert not [n for n in inbox(team.rep) if order["number"] in n["title"]]  # they asked

    decide(team.manager, request["id"], "APPROVE", "fine")
    subject = f"Change to order {order['number']} approved"
    wait_until(lambda: any(n["title"] == subject for n in inbox(team.rep)), 20.0)
    [approved] = [n for n in inbox(team.rep) if n["title"] == subject]
    assert approved["link"] == f"/orders/{order['number']}"
    assert "fine" in body_text(mailbox.wait_for(team.rep.email, subject)[-1])
    wait_until(lambda: any(n["title"] == subject for n in inbox(team.finance)), 20.0)


# --- concurrency, scope and other tenants -------------------------------------------------


def test_approval_racing_a_cancellation_has_exactly_one_winner(team: Team) -> None:
    for _ in range(3):
        order = confirmed_by_rep(team, (team.shop.sku_id, "2"))
        request = asked(team.rep, order, (0, "5"))
        with ThreadPoolExecutor(max_workers=2) as pool:
            approving = pool.submit(decide, team.manager, request["id"], "APPROVE")
            cancelling = pool.submit(
                act, team.owner, order["id"], "CANCEL", expectedVersion=order["version"]
            )
            approval, cancellation = approving.result(), cancelling.result()
        approved = approval["userErrors"] == []
        cancelled = cancellation["userErrors"] == []
        assert approved != cancelled, (approval["userErrors"], cancellation["userErrors"])
        now = order_now(team.owner, order["id"])
        if approved:
            assert errors_of(cancellation) == {(("expectedVersion",), "STALE_VERSION")}
            assert (now["status"], now["lines"][0]["reservedQuantity"]) == ("CONFIRMED", "5.000")
        else:
            assert errors_of(approval) == {(("orderId",), "CHANGE_NOT_ALLOWED")}
            assert (now["status"], now["lines"][0]["reservedQuantity"]) == ("CANCELLED", "0.000")


def test_others_see_nothing_of_a_request(api: GraphQLClient, team: Team, mailbox: Mailbox) -> None:
    order = confirmed_by_rep(team, (team.shop.sku_id, "1"))
    request = asked(team.rep, order, (0, "2"))
    intruder = sign_up(api, name="Intruder Imports")
    missing = base64.b64encode(f"OrderChangeRequest:{uuid.uuid4()}".encode()).decode()
    for node_id in (request["id"], missing):
        assert intruder.client.error_codes(CHANGE_NODE, {"id": node_id}) == ["NOT_FOUND"]
    assert intruder.client.error_codes(
        DECIDE, {"input": {"changeRequestId": request["id"], "decision": "REJECT"}}
    ) == ["NOT_FOUND"]
    assert intruder.client.error_codes(
        REQUEST, {"input": {"orderId": order["id"], "lines": []}}
    ) == ["NOT_FOUND"]
    assert intruder.client.data(LIST)["orderChangeRequests"]["edges"] == []
    other_rep = colleague(team.owner, mailbox, "sales")
    assert other_rep.client.error_codes(CHANGE_NODE, {"id": request["id"]}) == ["NOT_FOUND"]
    assert other_rep.client.error_codes(WITHDRAW, {"id": request["id"]}) == ["NOT_FOUND"]
    support = colleague(team.owner, mailbox, "support")
    assert support.client.error_codes(
        REQUEST, {"input": {"orderId": order["id"], "lines": []}}
    ) == ["FORBIDDEN"]
    seen = team.warehouse.client.data(CHANGE_NODE, {"id": request["id"]})["node"]
    assert (seen["status"], seen["requestedByMe"]) == ("OPEN", False)


PAGE = """query Page($after: String) { orderChangeRequests(first: 2, after: $after) {
  edges { node { id } } pageInfo { hasNextPage endCursor } } }"""


def test_the_list_of_requests_pages_on(team: Team) -> None:
    """The list is keyed on (created_at, id): its second page used to answer INVALID_CURSOR
    because the cursor's time could not be read back."""
    requested = [
        asked(team.rep, confirmed_by_rep(team, (team.shop.sku_id, "1")), (0, "2"))["id"]
        for _ in range(3)
    ]
    first = team.manager.client.data(PAGE, {"after": None})["orderChangeRequests"]
    assert first["pageInfo"]["hasNextPage"] is True
    seen = [e["node"]["id"] for e in first["edges"]]
    after = first["pageInfo"]["endCursor"]
    while after:
        page = team.manager.client.data(PAGE, {"after": after})["orderChangeRequests"]
        seen += [e["node"]["id"] for e in page["edges"]]
        after = page["pageInfo"]["endCursor"] if page["pageInfo"]["hasNextPage"] else None
    assert len(seen) == len(set(seen)), "no request twice"
    assert set(requested) <= set(seen), "every request on some page"
