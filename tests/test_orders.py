"""Orders through GraphQL: entry (validation, pricing, numbering, idempotency), the
lifecycle with its permissions and stock effects, data scope, other tenants and the portal."""

from __future__ import annotations

import base64
import re
import uuid
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest

from tests.support.catalog import (
    SET_ACTIVE,
    UPDATE_SKU,
    create_book,
    create_product,
    create_sku,
    entry,
)
from tests.support.graphql import (
    GraphQLClient,
    TenantSession,
    errors_of,
    invite_and_join,
    row_id,
    sign_up,
)
from tests.support.inventory import receive
from tests.support.metrics import statements_so_far
from tests.support.orders import (
    CREATE_ORDER,
    ORDER_NODE,
    TRANSITION,
    Shop,
    act,
    acted,
    create,
    created,
    customer,
    open_shop,
    order_input,
    stock,
)
from tests.support.portal import portal_customer, sign_in_by_link
from tests.support.stack import Mailbox

ORDERS = """query Orders($first: Int, $after: String, $filter: OrderFilterInput) {
  orders(first: $first, after: $after, filter: $filter) {
    edges { node { id number status total { amount } customer { name } } }
    pageInfo { hasNextPage endCursor } } }"""
SETTINGS = """mutation Settings($input: UpdateOrderSettingsInput!) {
  updateOrderSettings(input: $input) { settings { numberFormat discountCaps { roleKey percent } }
    userErrors { field code message } } }"""
AUDIT = """query Audit($action: String!) { auditLog(filter: {action: $action}) {
  edges { node { targetType changes } } } }"""
PORTAL_ORDERS = """query PortalOrders { portalOrders(first: 10) { edges { node {
  id number status total { amount } lines { skuCode quantity } progress { status } } } } }"""
PORTAL_ORDER = """query PortalOrder($id: ID!) { portalOrder(id: $id) { number status } }"""


def actions(order: dict[str, Any]) -> set[str]:
    return {t["action"] for t in order["availableTransitions"]}


@pytest.fixture
def shop(api: GraphQLClient) -> Shop:
    return open_shop(api)


# --- entry ---------------------------------------------------------------------------------


def test_an_order_is_priced_by_the_engine_totalled_and_numbered(shop: Shop) -> None:
    vip = customer(shop.owner, "VIP Harbour", tier="vip")
    book = create_book(
        shop.owner, "VIP prices", "TIER", [entry(shop.sku_id, "8.0000")], customerTier="vip"
    )
    order = created(
        shop.owner,
        {
            "customerId": vip,
            "externalRef": "ERP-1",
            "priority": "URGENT",
            "tags": [" Rush ", "rush", "Key  Account"],
            "notes": "Gate 3",
            "requestedDeliveryDate": str(date.today() + timedelta(days=30)),
            "lines": [
                {"skuId": shop.sku_id, "quantity": "3"},
                {"skuId": shop.other_sku_id, "quantity": "3", "discountPercent": "2.5"},
            ],
        },
    )

    year = date.today().year
    assert re.fullmatch(rf"SO-{year}-000001", order["number"]), order["number"]
    assert (order["status"], order["channel"], order["externalRef"], order["priority"]) == (
        "DRAFT",
        "CONSOLE",
        "ERP-1",
        "URGENT",
    )
    assert order["tags"] == ["key account", "rush"]
    assert order["shipTo"] == {"recipient": "Dock 4", "city": "Bremen", "country": "DE"}
    first, second = order["lines"]
    assert (first["unitPrice"], first["priceSource"], first["priceSourceLabel"]) == (
        {"amount": "8.00", "currency": order["currency"]},
        f"tier:{row_id(book['id'])}",
        "VIP prices",
    )
    assert (second["priceSource"], second["priceSourceLabel"]) == ("list", "List price")
    # 3 x 8.00 = 24.00, tax 2.40; 3 x 10.00 = 30.00 less 2.5 % = 29.25, tax 2.925 -> 2.93.
    assert [
        (
            li["lineSubtotal"]["amount"],
            li["discountAmount"]["amount"],
            li["taxAmount"]["amount"],
            li["lineTotal"]["amount"],
        )
        for li in order["lines"]
    ] == [("24.00", "0.00", "2.40", "26.40"), ("29.25", "0.75", "2.93", "32.18")]
    assert (
        order["subtotal"]["amount"],
        order["discountTotal"]["amount"],
        order["taxTotal"]["amount"],
        order["total"]["amount"],
    ) == ("54.00", "0.75", "5.33", "58.58")
    assert [h["toStatus"] for h in order["statusHistory"]] == ["DRAFT"]
    second_order = created(shop.owner, order_input(shop, (shop.sku_id, "1")))
    assert second_order["number"] == f"SO-{year}-000002"
    assert shop.owner.client.data(AUDIT, {"action": "orders.create"})["auditLog"]["edges"]


def test_the_number_format_is_a_tenant_setting(shop: Shop) -> None:
    refused = shop.owner.client.data(SETTINGS, {"input": {"numberFormat": "ORD-{year}"}})
    assert errors_of(refused["updateOrderSettings"]) == {
        (("numberFormat",), "INVALID_NUMBER_FORMAT")
    }
    changed = shop.owner.client.data(SETTINGS, {"input": {"numberFormat": "ORD{seq:04d}"}})
    assert changed["updateOrderSettings"]["settings"]["numberFormat"] == "ORD{seq:04d}"
    assert created(shop.owner, order_input(shop, (shop.sku_id, "1")))["number"] == "ORD0001"
    assert created(shop.owner, order_input(shop, (shop.sku_id, "1")))["number"] == "ORD0002"


def test_every_entry_rule_is_a_user_error_on_its_field(
    api: GraphQLClient, shop: Shop, mailbox: Mailbox
) -> None:
    odd = create_sku(shop.owner, "PACKED")
    shop.owner.client.data(
        UPDATE_SKU, {"input": {"skuId": odd, "minOrderQuantity": "4", "packSize": "2"}}
    )
    retired = create_product(shop.owner, "OLD", "Old", "10.00", cost="6.00")
    shop.owner.client.data(SET_ACTIVE, {"id": retired["id"], "active": False})
    foreign = create_sku(sign_up(api), "ELSEWHERE")
    payload = create(
        shop.owner,
        {
            "customerId": shop.customer_id,
            "lines": [
                {"skuId": foreign, "quantity": "1"},
                {"skuId": retired["skus"][0]["id"], "quantity": "1"},
                {"skuId": odd, "quantity": "2"},
                {"skuId": odd, "quantity": "5"},
                {"skuId": shop.sku_id},
                {"quantity": "1"},
                {"skuId": shop.sku_id, "quantity": "1", "discountPercent": "101"},
            ],
        },
    )
    assert payload["order"] is None
    assert errors_of(payload) == {
        (("lines", "0", "skuId"), "UNKNOWN_SKU"),
        (("lines", "1", "skuId"), "INACTIVE_PRODUCT"),
        (("lines", "2", "quantity"), "BELOW_MIN_ORDER_QUANTITY"),
        (("lines", "3", "quantity"), "NOT_PACK_SIZE_MULTIPLE"),
        (("lines", "4", "quantity"), "REQUIRED"),
        (("lines", "5", "skuId"), "REQUIRED"),
        (("lines", "6", "discountPercent"), "INVALID_DISCOUNT"),
    }
    assert errors_of(
        create(
            shop.owner,
            {
                "customerId": shop.customer_id,
                "lines": [],
                "requestedDeliveryDate": str(date.today() - timedelta(days=2)),
            },
        )
    ) == {(("lines",), "EMPTY_ORDER"), (("requestedDeliveryDate",), "INVALID_DELIVERY_DATE")}
    assert errors_of(create(shop.owner, {"lines": [{"skuId": shop.sku_id, "quantity": "1"}]})) == {
        (("customerId",), "REQUIRED")
    }
    foreign_customer = customer(sign_up(api))
    assert errors_of(
        create(
            shop.owner,
            {"customerId": foreign_customer, "lines": [{"skuId": shop.sku_id, "quantity": "1"}]},
        )
    ) == {(("customerId",), "UNKNOWN_CUSTOMER")}

    # Caps per role: sales may give 10 % by default; below cost needs orders:discount_any.
    rep = invite_and_join(shop.owner, mailbox, f"rep-{uuid.uuid4().hex[:6]}@example.com", "sales")
    own = customer(rep, "Rep's customer")
    over_cap = create(
        rep,
        {
            "customerId": own,
            "lines": [{"skuId": shop.sku_id, "quantity": "1", "discountPercent": "15"}],
        },
    )
    assert errors_of(over_cap) == {(("lines", "0", "discountPercent"), "DISCOUNT_ABOVE_CAP")}
    shop.owner.client.data(
        SETTINGS,
        {
            "input": {
                "discountCaps": [
                    {"roleKey": "sales", "percent": "50"},
                    {"roleKey": "admin", "percent": "100"},
                ]
            }
        },
    )
    below_cost = create(
        rep,
        {
            "customerId": own,
            "lines": [{"skuId": shop.sku_id, "quantity": "1", "discountPercent": "45"}],
        },
    )
    assert errors_of(below_cost) == {(("lines", "0", "discountPercent"), "PRICE_BELOW_COST")}
    allowed = created(
        shop.owner,
        order_input(shop, (shop.sku_id, "1"))
        | {"lines": [{"skuId": shop.sku_id, "quantity": "1", "discountPercent": "45"}]},
    )
    assert allowed["total"]["amount"] == "6.05"  # 5.50 + 10 % tax: the admin may sell below cost
    taken = create(shop.owner, order_input(shop, (shop.sku_id, "1"), externalRef="X-1"))
    assert taken["userErrors"] == []
    again = create(shop.owner, order_input(shop, (shop.sku_id, "1"), externalRef="X-1"))
    assert errors_of(again) == {(("externalRef",), "EXTERNAL_REF_TAKEN")}


@pytest.mark.parametrize("channel", ["QUOTE", "SUBSCRIPTION", "EXCHANGE"])
def test_orders_other_domains_enter_cannot_be_created_directly(shop: Shop, channel: str) -> None:
    payload = create(shop.owner, order_input(shop, (shop.sku_id, "1"), channel=channel))
    assert payload["order"] is None
    assert errors_of(payload) == {(("channel",), "INVALID_CHANNEL")}


def test_an_idempotency_key_returns_the_first_order_or_a_conflict(shop: Shop) -> None:
    data = order_input(shop, (shop.sku_id, "2"), idempotencyKey="key-1", submit=True)
    first = created(shop.owner, data)
    again = created(shop.owner, data)
    assert (again["id"], again["number"]) == (first["id"], first["number"])
    assert stock(shop, shop.sku_id)[1] == Decimal("2.000")  # reserved once
    conflict = create(
        shop.owner, order_input(shop, (shop.sku_id, "3"), idempotencyKey="key-1", submit=True)
    )
    assert errors_of(conflict) == {(("idempotencyKey",), "IDEMPOTENCY_CONFLICT")}
    other = created(shop.owner, order_input(shop, (shop.sku_id, "1")))
    year = date.today().year
    assert other["number"] == f"SO-{year}-000002"


# --- lifecycle -----------------------------------------------------------------------------


def test_an_order_walks_its_whole_lifecycle_with_history_and_stock(shop: Shop) -> None:
    order = created(shop.owner, order_input(shop, (shop.sku_id, "4"), (shop.other_sku_id, "1")))
    assert actions(order) == {"SUBMIT", "CANCEL"}
    order = acted(shop.owner, order["id"], "SUBMIT", note="customer called")
    assert order["status"] == "CONFIRMED"
    assert [li["reservedQuantity"] for li in order["lines"]] == ["4.000", "1.000"]
    assert stock(shop, shop.sku_id)[:3] == (Decimal(100), Decimal(4), Decimal(96))
    wrong = act(shop.owner, order["id"], "COMPLETE")
    assert errors_of(wrong) == {(("action",), "INVALID_TRANSITION")}
    assert "confirmed" in wrong["userErrors"][0]["message"]
    prepaid = act(shop.owner, order["id"], "MARK_READY_TO_SHIP")
    assert errors_of(prepaid) == {(("action",), "PAYMENT_REQUIRED")}
    for action, status in (
        ("REQUEST_PAYMENT", "AWAITING_PAYMENT"),
        ("MARK_PAID", "PAID"),
        ("MARK_READY_TO_SHIP", "READY_TO_SHIP"),
    ):
        order = acted(shop.owner, order["id"], action)
        assert order["status"] == status
    untracked = act(shop.owner, order["id"], "SHIP", carrier="DHL")
    assert errors_of(untracked) == {(("trackingNumber",), "TRACKING_REQUIRED")}
    order = acted(shop.owner, order["id"], "SHIP", carrier="DHL", trackingNumber="JD0001")
    assert (order["status"], order["carrier"], order["trackingNumber"]) == (
        "SHIPPED",
        "DHL",
        "JD0001",
    )
    assert [li["shippedQuantity"] for li in order["lines"]] == ["4.000", "1.000"]
    assert stock(shop, shop.sku_id)[:3] == (Decimal(96), Decimal(0), Decimal(96))
    assert "CANCEL" not in actions(order)
    order = acted(shop.owner, order["id"], "MARK_DELIVERED")
    order = acted(shop.owner, order["id"], "COMPLETE", note="all good")
    assert order["availableTransitions"] == []
    assert [(h["fromStatus"], h["toStatus"], h["note"]) for h in order["statusHistory"]] == [
        (None, "DRAFT", None),
        ("DRAFT", "SUBMITTED", "customer called"),
        ("SUBMITTED", "CONFIRMED", None),
        ("CONFIRMED", "AWAITING_PAYMENT", None),
        ("AWAITING_PAYMENT", "PAID", None),
        ("PAID", "READY_TO_SHIP", None),
        ("READY_TO_SHIP", "SHIPPED", None),
        ("SHIPPED", "DELIVERED", None),
        ("DELIVERED", "COMPLETED", "all good"),
    ]
    assert {h["actorLabel"] for h in order["statusHistory"]} == {shop.owner.email}
    assert order["version"] == 9
    stale = act(shop.owner, order["id"], "CANCEL", expectedVersion=3)
    assert errors_of(stale) == {(("expectedVersion",), "STALE_VERSION")}


def test_cancelling_releases_the_stock(shop: Shop) -> None:
    order = created(shop.owner, order_input(shop, (shop.sku_id, "7"), submit=True))
    assert stock(shop, shop.sku_id)[1] == Decimal(7)
    order = acted(shop.owner, order["id"], "CANCEL", note="changed their mind")
    assert order["status"] == "CANCELLED"
    assert [li["reservedQuantity"] for li in order["lines"]] == ["0.000"]
    assert stock(shop, shop.sku_id)[:3] == (Decimal(100), Decimal(0), Decimal(100))
    assert errors_of(act(shop.owner, order["id"], "SUBMIT")) == {
        (("action",), "INVALID_TRANSITION")
    }


def test_not_enough_stock_refuses_the_submission_with_what_is_available(shop: Shop) -> None:
    payload = create(
        shop.owner, order_input(shop, (shop.other_sku_id, "1"), (shop.sku_id, "101"), submit=True)
    )
    assert errors_of(payload) == {(("lines", "1", "quantity"), "INSUFFICIENT_STOCK")}
    assert "available: 100" in payload["userErrors"][0]["message"]
    assert stock(shop, shop.other_sku_id)[1] == Decimal(0)
    backordered = created(
        shop.owner, order_input(shop, (shop.sku_id, "101"), submit=True, allowBackorder=True)
    )
    assert backordered["status"] == "CONFIRMED"
    assert stock(shop, shop.sku_id)[1:] == (Decimal(100), Decimal(0), Decimal(1))


def test_customers_on_credit_terms_ship_before_paying(shop: Shop) -> None:
    on_credit = customer(shop.owner, "Trusted Partner", paymentTerms={"kind": "NET", "netDays": 30})
    order = created(
        shop.owner,
        {
            "customerId": on_credit,
            "submit": True,
            "lines": [{"skuId": shop.sku_id, "quantity": "1"}],
        },
    )
    assert "MARK_READY_TO_SHIP" in actions(order)
    assert acted(shop.owner, order["id"], "MARK_READY_TO_SHIP")["status"] == "READY_TO_SHIP"
    prepaid = created(shop.owner, order_input(shop, (shop.sku_id, "1"), submit=True))
    assert "MARK_READY_TO_SHIP" not in actions(prepaid)


def test_roles_decide_which_transitions_a_user_may_take(shop: Shop, mailbox: Mailbox) -> None:
    order = created(shop.owner, order_input(shop, (shop.sku_id, "1"), submit=True))
    staff = {
        department: invite_and_join(
            shop.owner, mailbox, f"{department}-{uuid.uuid4().hex[:6]}@example.com", department
        )
        for department in ("warehouse", "finance")
    }
    seen = {
        department: actions(session.client.data(ORDER_NODE, {"id": order["id"]})["node"])
        for department, session in staff.items()
    }
    assert seen == {"warehouse": set(), "finance": {"REQUEST_PAYMENT"}}
    assert actions(order) == {"REQUEST_PAYMENT", "CANCEL"}
    refused = staff["warehouse"].client.error_codes(
        TRANSITION, {"input": {"orderId": order["id"], "action": "CANCEL"}}
    )
    assert refused == ["FORBIDDEN"]
    acted(staff["finance"], order["id"], "REQUEST_PAYMENT")
    acted(staff["finance"], order["id"], "MARK_PAID")
    ready = staff["warehouse"].client.data(ORDER_NODE, {"id": order["id"]})["node"]
    assert actions(ready) == {"MARK_READY_TO_SHIP"}
    assert staff["finance"].client.error_codes(
        CREATE_ORDER, {"input": order_input(shop, (shop.sku_id, "1"))}
    ) == ["FORBIDDEN"]


def test_every_transition_is_audited(shop: Shop) -> None:
    order = created(shop.owner, order_input(shop, (shop.sku_id, "1"), submit=True))
    acted(shop.owner, order["id"], "CANCEL", note="duplicate")
    for action, before, after in (
        ("orders.submit", "draft", "submitted"),
        ("orders.confirm", "submitted", "confirmed"),
        ("orders.cancel", "confirmed", "cancelled"),
    ):
        edges = shop.owner.client.data(AUDIT, {"action": action})["auditLog"]["edges"]
        changes = [e["node"]["changes"] for e in edges]
        assert len(changes) == 1, (action, changes)
        assert str(changes[0]).count(before) and str(changes[0]).count(after), changes


# --- reading: scope, other tenants, the portal ---------------------------------------------


def test_lists_filter_and_search_within_the_data_scope(shop: Shop, mailbox: Mailbox) -> None:
    reps = [
        invite_and_join(shop.owner, mailbox, f"rep{i}-{uuid.uuid4().hex[:6]}@example.com", "sales")
        for i in (1, 2)
    ]
    mine = customer(reps[0], "Alpha Marine")
    theirs = customer(reps[1], "Beta Freight")
    alpha = created(
        reps[0],
        {
            "customerId": mine,
            "externalRef": "PO-777",
            "lines": [{"skuId": shop.sku_id, "quantity": "1"}],
        },
    )
    beta = created(
        reps[1],
        {
            "customerId": theirs,
            "priority": "URGENT",
            "lines": [{"skuId": shop.sku_id, "quantity": "1"}],
        },
    )

    def numbers(session: TenantSession, **flt: Any) -> list[str]:
        edges = session.client.data(ORDERS, {"filter": flt})["orders"]["edges"]
        return [e["node"]["number"] for e in edges]

    assert numbers(reps[0]) == [alpha["number"]]
    assert numbers(reps[1]) == [beta["number"]]
    assert numbers(shop.owner) == [beta["number"], alpha["number"]]
    assert numbers(shop.owner, search="po-77") == [alpha["number"]]
    assert numbers(shop.owner, search="beta") == [beta["number"]]
    assert numbers(shop.owner, search=alpha["number"][-6:]) == [alpha["number"]]
    assert numbers(shop.owner, priority="URGENT") == [beta["number"]]
    assert numbers(shop.owner, status="DRAFT", customerId=mine) == [alpha["number"]]
    assert numbers(shop.owner, status="CONFIRMED") == []
    assert reps[0].client.error_codes(ORDER_NODE, {"id": beta["id"]}) == ["NOT_FOUND"]
    assert reps[0].client.error_codes(
        TRANSITION, {"input": {"orderId": beta["id"], "action": "CANCEL"}}
    ) == ["NOT_FOUND"]
    assert errors_of(
        create(reps[0], {"customerId": theirs, "lines": [{"skuId": shop.sku_id, "quantity": "1"}]})
    ) == {(("customerId",), "UNKNOWN_CUSTOMER")}
    backorder = create(
        reps[0],
        {
            "customerId": mine,
            "submit": True,
            "allowBackorder": True,
            "lines": [{"skuId": shop.sku_id, "quantity": "101"}],
        },
    )
    assert errors_of(backorder) == {(("lines", "0", "quantity"), "BACKORDER_NOT_ALLOWED")}


def test_another_tenants_orders_are_indistinguishable_from_missing_ones(
    api: GraphQLClient, shop: Shop
) -> None:
    order = created(shop.owner, order_input(shop, (shop.sku_id, "1")))
    line_id = order["lines"][0]["id"]
    intruder = sign_up(api, name="Intruder Imports")
    missing = base64.b64encode(f"Order:{uuid.uuid4()}".encode()).decode()
    for node_id in (order["id"], line_id, missing):
        assert intruder.client.error_codes(ORDER_NODE, {"id": node_id}) == ["NOT_FOUND"]
    assert shop.owner.client.data(ORDER_NODE, {"id": line_id})["node"]["id"] == line_id
    assert intruder.client.error_codes(
        TRANSITION, {"input": {"orderId": order["id"], "action": "CANCEL"}}
    ) == ["NOT_FOUND"]
    assert intruder.client.data(ORDERS)["orders"]["edges"] == []
    payload = create(
        intruder,
        {"customerId": shop.customer_id, "lines": [{"skuId": shop.sku_id, "quantity": "1"}]},
    )
    assert errors_of(payload) == {
        (("customerId",), "UNKNOWN_CUSTOMER"),
        (("lines", "0", "skuId"), "UNKNOWN_SKU"),
    }


def test_a_portal_contact_reads_only_their_customers_orders(
    api: GraphQLClient, shop: Shop, mailbox: Mailbox
) -> None:
    buyer = portal_customer(shop.owner, "Portal Buyer Ltd")
    mine = created(
        shop.owner,
        {
            "customerId": buyer.customer_id,
            "submit": True,
            "lines": [{"skuId": shop.sku_id, "quantity": "2"}],
        },
    )
    other = created(shop.owner, order_input(shop, (shop.sku_id, "1")))
    session = sign_in_by_link(api, mailbox, shop.owner.slug, buyer.email)
    portal = api.as_(session["accessToken"])
    [edge] = portal.data(PORTAL_ORDERS)["portalOrders"]["edges"]
    assert (edge["node"]["number"], edge["node"]["status"]) == (mine["number"], "CONFIRMED")
    assert [s["status"] for s in edge["node"]["progress"]] == ["DRAFT", "SUBMITTED", "CONFIRMED"]
    assert edge["node"]["lines"] == [{"skuCode": "BOLT", "quantity": "2.000"}]
    assert (
        portal.data(PORTAL_ORDER, {"id": edge["node"]["id"]})["portalOrder"]["number"]
        == (mine["number"])
    )
    assert portal.error_codes(PORTAL_ORDER, {"id": row_id(other["id"])}) == ["NOT_FOUND"]
    assert portal.error_codes(ORDER_NODE, {"id": mine["id"]}) == ["NOT_FOUND"]
    assert portal.error_codes(ORDERS) == ["FORBIDDEN"]
    assert shop.owner.client.error_codes(PORTAL_ORDERS) == ["FORBIDDEN"]


# --- statement budget ----------------------------------------------------------------------

LIST_OPERATION = "OrderListStatementBudget"
LIST_PAGE = f"""query {LIST_OPERATION}($first: Int) {{ orders(first: $first) {{ edges {{ node {{
  number total {{ amount }} customer {{ name tags }} lines {{ sku {{ id code name }} quantity
  unitPrice {{ amount }} priceSource }} statusHistory {{ toStatus }}
  availableTransitions {{ action }} }} }} }} }}"""


def statements_of_order_list(api: GraphQLClient, session: TenantSession, size: int) -> float:
    before = statements_so_far(api, LIST_OPERATION)
    edges = session.client.data(LIST_PAGE, {"first": size}, operation_name=LIST_OPERATION)[
        "orders"
    ]["edges"]
    assert len(edges) == size
    return statements_so_far(api, LIST_OPERATION) - before


def test_an_order_page_costs_the_same_statements_for_2_and_12_orders(
    api: GraphQLClient, shop: Shop
) -> None:
    skus = [shop.sku_id, shop.other_sku_id, create_sku(shop.owner, "WASHER")]
    receive(shop.owner, shop.warehouse_id, skus[2], "10")
    for index in range(12):
        buyer = customer(shop.owner, f"Buyer {index}")
        created(
            shop.owner,
            {
                "customerId": buyer,
                "submit": index % 2 == 0,
                "lines": [{"skuId": s, "quantity": "1"} for s in skus[: 1 + index % 3]],
            },
        )
    with_2 = statements_of_order_list(api, shop.owner, 2)
    with_12 = statements_of_order_list(api, shop.owner, 12)
    assert with_2 > 0
    assert with_12 == with_2, f"{with_2} statements for 2 orders, {with_12} for 12"
