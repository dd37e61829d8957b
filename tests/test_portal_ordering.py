"""A customer's contact orders from the portal: the catalogue at their own prices, a quote
per line, placing an order (same rules as staff orders, channel portal, never backordered)
and following it on a progress timeline."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from orders.models import OrderStatusChange
from portal.ordering import Milestone, StepState, timeline
from tests.support.catalog import SET_ACTIVE, create_book, create_product, entry
from tests.support.graphql import GraphQLClient, TenantSession, errors_of, global_id, sign_up
from tests.support.inventory import amounts, create_warehouse, level_of, receive
from tests.support.orders import ORDER_NODE, acted
from tests.support.portal import (
    PLACE,
    PORTAL_ORDER_FIELDS,
    REVOKE_PORTAL,
    Buyer,
    place,
    placed,
    register_buyer,
)
from tests.support.stack import Mailbox

CATALOG = """query Catalog($search: String, $first: Int, $after: String) {
  portalCatalog(search: $search, first: $first, after: $after) {
    edges { node { id code name productName unit minOrderQuantity packSize taxRate
      unitPrice { amount currency } availability } }
    pageInfo { hasNextPage endCursor } } }"""
QUOTE = """query Quote($skuId: ID!, $quantity: Decimal!) { portalQuote(skuId: $skuId,
  quantity: $quantity) { quantity unitPrice { amount } lineTotal { amount }
  item { code availability } issues { field code message } } }"""
ADDRESSES = """query { portalAddresses { id kind recipient city isDefault } }"""
PORTAL_ORDERS = """query { portalOrders(first: 50) { edges { node { id number } } } }"""
PORTAL_ORDER = f"""query PortalOrder($id: ID!) {{ portalOrder(id: $id) {{
  {PORTAL_ORDER_FIELDS} }} }}"""
CREATE_ORDER = """mutation CreateOrder($input: CreateOrderInput!) { createOrder(input: $input) {
  order { id } userErrors { code } } }"""


@dataclass
class PortalShop:
    """A tenant selling BOLT (list 10.00, VIP 8.00, from 50: 7.00; 100 in stock), NUT (5 in
    stock), WASHER (MOQ 10, packs of 5, none in stock) and RETIRED (inactive)."""

    owner: TenantSession
    warehouse_id: str
    skus: dict[str, str]
    buyer: Buyer


@pytest.fixture(scope="module")
def shop(api: GraphQLClient, mailbox: Mailbox) -> PortalShop:
    owner = sign_up(api, name="Harbour Trading")
    warehouse_id = create_warehouse(owner, "MAIN")
    products = {
        code: create_product(
            owner, code, f"Product {code}", "10.00", cost="6.00", taxRate="0.1", **fields
        )
        for code, fields in (
            ("BOLT", {}),
            ("NUT", {}),
            ("RETIRED", {}),
            ("WASHER", {"minOrderQuantity": "10", "packSize": "5"}),
        )
    }
    skus = {code: product["skus"][0]["id"] for code, product in products.items()}
    receive(owner, warehouse_id, skus["BOLT"], "100")
    receive(owner, warehouse_id, skus["NUT"], "5")
    receive(owner, warehouse_id, skus["RETIRED"], "50")
    create_book(owner, "VIP prices", "TIER", [entry(skus["BOLT"], "8.00")], customerTier="vip")
    create_book(owner, "Bulk bolts", "VOLUME", [entry(skus["BOLT"], "7.00", "50")])
    retired = owner.client.data(SET_ACTIVE, {"id": products["RETIRED"]["id"], "active": False})
    assert retired["setProductActive"]["userErrors"] == []
    return PortalShop(owner, warehouse_id, skus, register_buyer(api, mailbox, owner, "Wayne Ltd"))


def order_count(buyer: Buyer) -> int:
    return len(buyer.portal.data(PORTAL_ORDERS)["portalOrders"]["edges"])


def tomorrow() -> str:
    return (date.today() + timedelta(days=2)).isoformat()


# --- the catalogue and quotes --------------------------------------------------------------


def test_the_catalogue_lists_sellable_items_at_the_customers_prices_with_stock_hints(
    shop: PortalShop,
) -> None:
    edges = shop.buyer.portal.data(CATALOG, {"first": 10})["portalCatalog"]["edges"]
    items = {e["node"]["code"]: e["node"] for e in edges}
    assert list(items) == ["BOLT", "NUT", "WASHER"]  # RETIRED's product is inactive
    assert items["BOLT"]["unitPrice"]["amount"] == "8.00"  # the VIP tier price
    assert items["NUT"]["unitPrice"]["amount"] == "10.00"
    assert {code: item["availability"] for code, item in items.items()} == {
        "BOLT": "IN_STOCK",
        "NUT": "LOW",
        "WASHER": "OUT_OF_STOCK",
    }
    assert (
        items["WASHER"]["minOrderQuantity"],
        items["WASHER"]["packSize"],
        items["BOLT"]["unit"],
        items["BOLT"]["taxRate"],
    ) == ("10", "5", "pcs", "0.1")
    assert items["BOLT"]["id"] == shop.skus["BOLT"]


def test_the_catalogue_is_searched_and_paged_and_hides_what_staff_alone_see(
    shop: PortalShop,
) -> None:
    portal = shop.buyer.portal
    found = portal.data(CATALOG, {"search": "nu"})["portalCatalog"]["edges"]
    assert [e["node"]["code"] for e in found] == ["NUT"]
    first = portal.data(CATALOG, {"first": 2})["portalCatalog"]
    assert first["pageInfo"]["hasNextPage"] is True
    rest = portal.data(CATALOG, {"first": 2, "after": first["pageInfo"]["endCursor"]})
    assert [e["node"]["code"] for e in rest["portalCatalog"]["edges"]] == ["WASHER"]
    for hidden in ("cost", "priceSource", "onHand"):
        leak = portal.execute(f"{{ portalCatalog {{ edges {{ node {{ {hidden} }} }} }} }}")
        assert leak.get("errors"), hidden


def test_a_quote_shows_quantity_breaks_and_what_would_stop_the_line(shop: PortalShop) -> None:
    portal = shop.buyer.portal
    ten = portal.data(QUOTE, {"skuId": shop.skus["BOLT"], "quantity": "10"})["portalQuote"]
    assert (ten["unitPrice"]["amount"], ten["lineTotal"]["amount"], ten["issues"]) == (
        "8.00",
        "80.00",
        [],
    )
    bulk = portal.data(QUOTE, {"skuId": shop.skus["BOLT"], "quantity": "60"})["portalQuote"]
    assert (bulk["unitPrice"]["amount"], bulk["lineTotal"]["amount"]) == ("7.00", "420.00")
    washers = portal.data(QUOTE, {"skuId": shop.skus["WASHER"], "quantity": "12"})
    assert [i["code"] for i in washers["portalQuote"]["issues"]] == ["NOT_PACK_SIZE_MULTIPLE"]
    assert portal.error_codes(QUOTE, {"skuId": shop.skus["RETIRED"], "quantity": "1"}) == [
        "NOT_FOUND"
    ]


def test_the_customers_own_addresses_are_offered(shop: PortalShop) -> None:
    addresses = shop.buyer.portal.data(ADDRESSES)["portalAddresses"]
    assert [(a["id"], a["kind"], a["city"], a["isDefault"]) for a in addresses] == [
        (shop.buyer.ship_to, "SHIP_TO", "Bremen", True),
        (shop.buyer.second_ship_to, "SHIP_TO", "Kiel", False),
        (shop.buyer.bill_to, "BILL_TO", "Hamburg", True),
    ]


# --- placing -------------------------------------------------------------------------------


def test_a_portal_order_is_priced_for_the_customer_submitted_and_reserves_stock(
    shop: PortalShop,
) -> None:
    before = amounts(level_of(shop.owner, shop.warehouse_id, shop.skus["BOLT"]))
    order = placed(
        shop.buyer,
        (shop.skus["BOLT"], "10"),
        (shop.skus["NUT"], "1"),
        shipToAddressId=shop.buyer.second_ship_to,
        requestedDeliveryDate=tomorrow(),
        notes="Please call before delivery.",
    )

    assert order["status"] == "CONFIRMED"
    assert [
        (line["skuCode"], line["unitPrice"]["amount"], line["lineTotal"]["amount"])
        for line in order["lines"]
    ] == [("BOLT", "8.00", "88.00"), ("NUT", "10.00", "11.00")]
    assert (order["subtotal"]["amount"], order["taxTotal"]["amount"], order["total"]["amount"]) == (
        "90.00",
        "9.00",
        "99.00",
    )
    assert (order["shipTo"]["city"], order["billTo"]["recipient"]) == ("Kiel", "Accounts")
    assert [(s["milestone"], s["state"]) for s in order["timeline"]] == [
        ("PLACED", "DONE"),
        ("CONFIRMED", "DONE"),
        ("PAID", "PENDING"),
        ("READY_TO_SHIP", "PENDING"),
        ("SHIPPED", "PENDING"),
        ("DELIVERED", "PENDING"),
        ("COMPLETED", "PENDING"),
    ]
    after = amounts(level_of(shop.owner, shop.warehouse_id, shop.skus["BOLT"]))
    assert (after[1] or 0) - (before[1] or 0) == Decimal(10)

    staff_view = shop.owner.client.data(ORDER_NODE, {"id": global_id("Order", order["id"])})["node"]
    assert (staff_view["channel"], staff_view["customer"]["id"], staff_view["notes"]) == (
        "PORTAL",
        shop.buyer.customer_id,
        "Please call before delivery.",
    )
    assert staff_view["statusHistory"][0]["actorLabel"] == shop.buyer.email


def test_the_same_idempotency_key_returns_the_first_order(shop: PortalShop) -> None:
    key = f"cart-{uuid.uuid4()}"
    first = placed(shop.buyer, (shop.skus["BOLT"], "5"), idempotencyKey=key)
    count, reserved = (
        order_count(shop.buyer),
        amounts(level_of(shop.owner, shop.warehouse_id, shop.skus["BOLT"]))[1],
    )
    again = placed(shop.buyer, (shop.skus["BOLT"], "5"), idempotencyKey=key)
    assert again["number"] == first["number"]
    assert order_count(shop.buyer) == count
    assert amounts(level_of(shop.owner, shop.warehouse_id, shop.skus["BOLT"]))[1] == reserved
    conflict = place(shop.buyer, (shop.skus["BOLT"], "6"), idempotencyKey=key)
    assert errors_of(conflict) == {(("idempotencyKey",), "IDEMPOTENCY_CONFLICT")}


def test_entry_rules_apply_as_for_staff_orders(shop: PortalShop) -> None:
    count = order_count(shop.buyer)
    assert errors_of(place(shop.buyer)) == {(("lines",), "EMPTY_ORDER")}
    payload = place(
        shop.buyer,
        (shop.skus["WASHER"], "5"),
        (shop.skus["RETIRED"], "1"),
        (shop.skus["BOLT"], "0.0001"),
        requestedDeliveryDate="2020-01-01",
    )
    assert errors_of(payload) == {
        (("lines", "0", "quantity"), "BELOW_MIN_ORDER_QUANTITY"),
        (("lines", "1", "skuId"), "INACTIVE_PRODUCT"),
        (("lines", "2", "quantity"), "INVALID_QUANTITY"),
        (("requestedDeliveryDate",), "INVALID_DELIVERY_DATE"),
    }
    missing = shop.buyer.portal.data(PLACE, {"input": {"lines": [{}]}})["portalPlaceOrder"]
    assert errors_of(missing) == {
        (("lines", "0", "skuId"), "REQUIRED"),
        (("lines", "0", "quantity"), "REQUIRED"),
    }
    assert order_count(shop.buyer) == count


def test_insufficient_stock_is_refused_with_the_available_quantity(shop: PortalShop) -> None:
    count = order_count(shop.buyer)
    available = amounts(level_of(shop.owner, shop.warehouse_id, shop.skus["NUT"]))[2]
    payload = place(shop.buyer, (shop.skus["BOLT"], "1"), (shop.skus["NUT"], "40"))
    [error] = payload["userErrors"]
    assert (error["field"], error["code"]) == (["lines", "1", "quantity"], "INSUFFICIENT_STOCK")
    assert f"available: {available:f}".rstrip("0").rstrip(".") in error["message"]
    assert order_count(shop.buyer) == count


def test_other_customers_addresses_and_other_tenants_items_do_not_exist(
    api: GraphQLClient, mailbox: Mailbox, shop: PortalShop
) -> None:
    other = register_buyer(api, mailbox, shop.owner, "Rival Ltd")
    payload = place(
        shop.buyer,
        (shop.skus["BOLT"], "1"),
        shipToAddressId=other.ship_to,
        billToAddressId=shop.buyer.ship_to,
    )
    assert errors_of(payload) == {
        (("shipToAddressId",), "UNKNOWN_ADDRESS"),
        (("billToAddressId",), "UNKNOWN_ADDRESS"),
    }
    elsewhere = sign_up(api, name="Elsewhere Trading")
    foreign_sku = create_product(elsewhere, "BOLT", "Foreign bolt", "1.00")["skus"][0]["id"]
    payload = place(shop.buyer, (foreign_sku, "1"), (str(uuid.uuid4()), "1"))
    assert errors_of(payload) == {
        (("lines", "0", "skuId"), "UNKNOWN_SKU"),
        (("lines", "1", "skuId"), "UNKNOWN_SKU"),
    }
    assert shop.buyer.portal.error_codes(QUOTE, {"skuId": foreign_sku, "quantity": "1"}) == [
        "NOT_FOUND"
    ]
    assert other.portal.data(PORTAL_ORDERS)["portalOrders"]["edges"] == []


def test_staff_cannot_use_portal_operations_and_portal_contacts_cannot_use_staff_ones(
    api: GraphQLClient, shop: PortalShop
) -> None:
    staff = shop.owner.client
    line = {"skuId": shop.skus["BOLT"], "quantity": "1"}
    assert staff.error_codes(PLACE, {"input": {"lines": [line]}}) == ["FORBIDDEN"]
    assert staff.error_codes(CATALOG) == ["FORBIDDEN"]
    assert staff.error_codes(ADDRESSES) == ["FORBIDDEN"]
    assert shop.buyer.portal.error_codes(
        CREATE_ORDER, {"input": {"customerId": shop.buyer.customer_id, "lines": [line]}}
    ) == ["FORBIDDEN"]
    assert api.error_codes(PLACE, {"input": {"lines": [line]}}) == ["UNAUTHENTICATED"]


def test_a_contact_whose_access_was_revoked_can_no_longer_order(
    api: GraphQLClient, mailbox: Mailbox, shop: PortalShop
) -> None:
    leaver = register_buyer(api, mailbox, shop.owner, "Leaving Ltd")
    shop.owner.client.data(REVOKE_PORTAL, {"id": leaver.contact_id})
    assert leaver.portal.error_codes(
        PLACE, {"input": {"lines": [{"skuId": shop.skus["BOLT"], "quantity": "1"}]}}
    ) == ["UNAUTHENTICATED"]


# --- tracking ------------------------------------------------------------------------------


def test_the_timeline_follows_the_order_to_shipped_with_tracking(
    api: GraphQLClient, mailbox: Mailbox, shop: PortalShop
) -> None:
    on_credit = register_buyer(
        api, mailbox, shop.owner, "Credit Ltd", paymentTerms={"kind": "NET", "netDays": 30}
    )
    order = placed(on_credit, (shop.skus["BOLT"], "2"))
    staff_id = global_id("Order", order["id"])
    acted(shop.owner, staff_id, "MARK_READY_TO_SHIP")
    acted(shop.owner, staff_id, "SHIP", carrier="DHL", trackingNumber="JD0146000033")
    shipped = on_credit.portal.data(PORTAL_ORDER, {"id": order["id"]})["portalOrder"]
    assert (shipped["status"], shipped["carrier"], shipped["trackingNumber"]) == (
        "SHIPPED",
        "DHL",
        "JD0146000033",
    )
    assert [
        (s["milestone"], s["state"], s["reachedAt"] is not None) for s in shipped["timeline"]
    ] == [
        ("PLACED", "DONE", True),
        ("CONFIRMED", "DONE", True),
        ("PAID", "SKIPPED", False),
        ("READY_TO_SHIP", "DONE", True),
        ("SHIPPED", "DONE", True),
        ("DELIVERED", "PENDING", False),
        ("COMPLETED", "PENDING", False),
    ]


def test_an_order_over_the_credit_limit_awaits_approval_like_a_staff_order(
    api: GraphQLClient, mailbox: Mailbox, shop: PortalShop
) -> None:
    stretched = register_buyer(
        api,
        mailbox,
        shop.owner,
        "Stretched Ltd",
        creditLimit="50",
        paymentTerms={"kind": "NET", "netDays": 30},
    )
    order = placed(stretched, (shop.skus["BOLT"], "10"))  # 88.00 with tax, limit 50.00
    assert order["status"] == "PENDING_APPROVAL"
    assert [(s["milestone"], s["state"]) for s in order["timeline"][:3]] == [
        ("PLACED", "DONE"),
        ("AWAITING_APPROVAL", "PENDING"),
        ("PAID", "PENDING"),
    ]


def _change(status: str, minute: int) -> OrderStatusChange:
    return OrderStatusChange(
        to_status=status, created_at=datetime(2026, 5, 1, 9, minute, tzinfo=UTC)
    )


def test_an_order_awaiting_approval_says_so_and_a_cancelled_one_ends_there() -> None:
    waiting = timeline(
        "pending_approval",
        [_change("draft", 0), _change("submitted", 1), _change("pending_approval", 2)],
    )
    assert [(s.milestone, s.state) for s in waiting[:3]] == [
        (Milestone.PLACED, StepState.DONE),
        (Milestone.AWAITING_APPROVAL, StepState.PENDING),
        (Milestone.PAID, StepState.PENDING),
    ]
    assert waiting[1].reached_at == datetime(2026, 5, 1, 9, 2, tzinfo=UTC)
    cancelled = timeline(
        "cancelled",
        [
            _change("draft", 0),
            _change("submitted", 1),
            _change("confirmed", 2),
            _change("cancelled", 3),
        ],
    )
    assert [(s.milestone, s.state) for s in cancelled] == [
        (Milestone.PLACED, StepState.DONE),
        (Milestone.CONFIRMED, StepState.DONE),
        (Milestone.CANCELLED, StepState.DONE),
    ]
