"""Warehouses and stock: receipts and adjustments with reasons (audited), reservations that
orders make, release and ship, backorders, the warehouse rule, low-stock alerts, permissions
and tenant isolation.

Reservations have no mutation of their own (orders make them when they confirm), so the tests
call the inventory services in-process against the stack's database, exactly as the orders
domain will, acting as a signed-up staff user; everything else goes through GraphQL.
"""

from __future__ import annotations

import base64
import uuid
from collections.abc import Awaitable, Callable
from decimal import Decimal
from typing import Any

import pytest

import inventory.services as inventory
from core.context import Actor
from core.errors import BusinessRuleError
from inventory.allocation import WarehouseStock, choose_warehouse
from inventory.events import LowStock
from inventory.ledger import crossed_threshold
from tests.support.catalog import create_sku
from tests.support.graphql import (
    GraphQLClient,
    TenantSession,
    invite_and_join,
    ordered_errors_of,
    row_uuid,
    sign_up,
)
from tests.support.inventory import (
    CREATE_WAREHOUSE,
    LEVEL_FIELDS,
    LEVELS,
    MOVEMENTS,
    RECEIVE,
    WAREHOUSE_FIELDS,
    amounts,
    create_warehouse,
    level_of,
    qty,
    receive,
)
from tests.support.metrics import statements_so_far
from tests.support.services import StaffUser, line, run_as
from tests.support.stack import Mailbox, Stack
from tests.support.waiting import wait_until

UPDATE_WAREHOUSE = f"""mutation UpdateWarehouse($input: UpdateWarehouseInput!) {{
  updateWarehouse(input: $input) {{ warehouse {{ {WAREHOUSE_FIELDS} }}
    userErrors {{ field code message }} }} }}"""
WAREHOUSES = f"""query Warehouses($first: Int, $after: String, $activeOnly: Boolean) {{
  warehouses(first: $first, after: $after, activeOnly: $activeOnly) {{
    edges {{ node {{ {WAREHOUSE_FIELDS} }} }} pageInfo {{ hasNextPage endCursor }} }} }}"""
ADJUST = f"""mutation Adjust($input: AdjustStockInput!) {{
  adjustStock(input: $input) {{ stockLevel {{ {LEVEL_FIELDS} }}
    userErrors {{ field code message }} }} }}"""
SET_THRESHOLD = f"""mutation Threshold($input: SetLowStockThresholdInput!) {{
  setLowStockThreshold(input: $input) {{ stockLevel {{ {LEVEL_FIELDS} }}
    userErrors {{ field code message }} }} }}"""
RESERVATIONS = """query Reservations($referenceId: String!) {
  stockReservations(referenceId: $referenceId) { id referenceType referenceId skuId skuCode
    quantity reserved backordered consumed status warehouse { code } } }"""
NODE = """query Node($id: ID!) { node(id: $id) { id
  ... on Warehouse { code } ... on StockLevel { onHand } ... on StockMovement { kind }
  ... on StockReservation { status } } }"""
AUDIT = """query Audit($action: String!) { auditLog(filter: {action: $action}) {
  edges { node { actorLabel targetType changes } } } }"""
INBOX = """query Inbox { notifications(first: 50) { edges { node { kind title body } } } }"""
DELIVERIES = """query Deliveries($type: String!) {
  eventDeliveries(first: 50, filter: {eventType: $type}) {
    edges { node { eventType payload status } } } }"""


# --- acting through GraphQL --------------------------------------------------------------


def adjust(
    session: TenantSession, warehouse_id: str, sku_id: str, delta: str, reason: str = "stock count"
) -> dict[str, Any]:
    payload: dict[str, Any] = session.client.data(
        ADJUST,
        {"input": {"warehouseId": warehouse_id, "skuId": sku_id, "delta": delta, "reason": reason}},
    )["adjustStock"]
    return payload


def reservations_of(session: TenantSession, reference: uuid.UUID) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = session.client.data(RESERVATIONS, {"referenceId": str(reference)})[
        "stockReservations"
    ]
    return rows


# --- acting in-process, as the orders domain will ----------------------------------------


def reserve(
    stack: Stack,
    user: StaffUser,
    lines: list[inventory.ReservationRequest],
    allow_backorder: bool = False,
) -> list[tuple[uuid.UUID, uuid.UUID]]:
    """(reference id, warehouse id) of each reservation made."""
    reservations = run_as(
        stack, user, lambda actor: inventory.reserve(actor, lines, allow_backorder=allow_backorder)
    )
    return [(r.reference_id, r.warehouse_id) for r in reservations]


def refused(
    stack: Stack, user: StaffUser, work: Callable[[Actor], Awaitable[Any]]
) -> list[tuple[tuple[str, ...], str, str]]:
    with pytest.raises(BusinessRuleError) as raised:
        run_as(stack, user, work)
    return [(e.field or (), e.code, e.message) for e in raised.value.errors]


@pytest.fixture
def owner(api: GraphQLClient) -> TenantSession:
    return sign_up(api, name="Stockwell Trading")


@pytest.fixture
def stocked(owner: TenantSession) -> tuple[str, str]:
    """A warehouse with 10 units of one SKU: (warehouse id, sku id)."""
    warehouse_id = create_warehouse(owner, "MAIN", ["EU"])
    sku_id = create_sku(owner, "WIDGET-1")
    receive(owner, warehouse_id, sku_id, "10")
    return warehouse_id, sku_id


# --- warehouses --------------------------------------------------------------------------


def test_warehouses_are_created_listed_in_rule_order_and_changed(owner: TenantSession) -> None:
    create_warehouse(owner, "berlin-1", ["eu", "De", "EU"], priority=20)
    hamburg = create_warehouse(owner, "HAM", ["EU"], priority=10)
    create_warehouse(owner, "NYC", ["US"], priority=10)

    nodes = [e["node"] for e in owner.client.data(WAREHOUSES)["warehouses"]["edges"]]
    assert [(n["code"], n["regions"], n["priority"]) for n in nodes] == [
        ("HAM", ["EU"], 10),
        ("NYC", ["US"], 10),
        ("BERLIN-1", ["EU", "DE"], 20),
    ]
    first_page = owner.client.data(WAREHOUSES, {"first": 2})["warehouses"]
    rest = owner.client.data(
        WAREHOUSES, {"first": 2, "after": first_page["pageInfo"]["endCursor"]}
    )["warehouses"]
    assert [e["node"]["code"] for e in rest["edges"]] == ["BERLIN-1"]

    changed = owner.client.data(
        UPDATE_WAREHOUSE,
        {
            "input": {
                "warehouseId": hamburg,
                "name": "Hamburg Port",
                "active": False,
                "priority": 5,
            }
        },
    )["updateWarehouse"]
    assert changed["userErrors"] == []
    assert (changed["warehouse"]["name"], changed["warehouse"]["active"]) == ("Hamburg Port", False)
    active = owner.client.data(WAREHOUSES, {"activeOnly": True})["warehouses"]["edges"]
    assert [e["node"]["code"] for e in active] == ["NYC", "BERLIN-1"]
    audit = owner.client.data(AUDIT, {"action": "warehouses.update"})["auditLog"]["edges"]
    assert audit[0]["node"]["changes"]["active"] == {"from": True, "to": False}


def test_bad_warehouse_input_is_reported_per_field(owner: TenantSession) -> None:
    hamburg = create_warehouse(owner, "HAM")
    taken = owner.client.data(CREATE_WAREHOUSE, {"input": {"code": "ham", "name": "Again"}})
    assert ordered_errors_of(taken["createWarehouse"]) == [(("code",), "CODE_TAKEN")]
    bad = owner.client.data(
        CREATE_WAREHOUSE, {"input": {"code": "no spaces", "name": " ", "priority": -1}}
    )["createWarehouse"]
    assert sorted(ordered_errors_of(bad)) == [
        (("code",), "INVALID_CODE"),
        (("name",), "REQUIRED"),
        (("priority",), "INVALID_PRIORITY"),
    ]
    create_warehouse(owner, "BER")
    clash = owner.client.data(UPDATE_WAREHOUSE, {"input": {"warehouseId": hamburg, "code": "BER"}})
    assert ordered_errors_of(clash["updateWarehouse"]) == [(("code",), "CODE_TAKEN")]
    codes = [e["node"]["code"] for e in owner.client.data(WAREHOUSES)["warehouses"]["edges"]]
    assert sorted(codes) == ["BER", "HAM"]


# --- receipts and adjustments ------------------------------------------------------------


def test_receipts_and_adjustments_change_stock_with_reasons_in_ledger_and_audit(
    owner: TenantSession,
) -> None:
    warehouse_id = create_warehouse(owner, "MAIN")
    sku_id = create_sku(owner, "BOLT-M8")

    received = receive(owner, warehouse_id, sku_id, "12.5", "PO 1001 from Acme Steel")
    assert amounts(received) == (Decimal("12.5"), 0, Decimal("12.5"), 0)
    assert (received["skuCode"], received["skuId"], received["warehouse"]["code"]) == (
        "BOLT-M8",
        sku_id,
        "MAIN",
    )
    adjusted = adjust(owner, warehouse_id, sku_id, "-2.5", "water damage")
    assert adjusted["userErrors"] == []
    assert amounts(level_of(owner, warehouse_id, sku_id)) == (10, 0, 10, 0)

    ledger = [
        e["node"]
        for e in owner.client.data(MOVEMENTS, {"skuId": sku_id})["stockMovements"]["edges"]
    ]
    assert [
        (m["kind"], qty(m["onHandDelta"]), m["reason"], m["actor"]["email"]) for m in ledger
    ] == [
        ("ADJUSTMENT", Decimal("-2.5"), "water damage", owner.email),
        ("RECEIPT", Decimal("12.5"), "PO 1001 from Acme Steel", owner.email),
    ]
    receipt = owner.client.data(AUDIT, {"action": "inventory.receive"})["auditLog"]["edges"]
    assert receipt[0]["node"]["changes"]["onHand"] == {"from": "0.000", "to": "12.500"}
    assert receipt[0]["node"]["changes"]["reason"]["to"] == "PO 1001 from Acme Steel"
    adjustment = owner.client.data(AUDIT, {"action": "inventory.adjust"})["auditLog"]["edges"]
    assert adjustment[0]["node"]["changes"]["onHand"] == {"from": "12.500", "to": "10.000"}


def test_a_change_without_reason_or_with_a_bad_quantity_writes_nothing(
    owner: TenantSession, stocked: tuple[str, str]
) -> None:
    warehouse_id, sku_id = stocked
    cases = [
        (
            RECEIVE,
            "receiveStock",
            {"quantity": "0", "reason": "x"},
            [(("quantity",), "INVALID_QUANTITY")],
        ),
        (
            RECEIVE,
            "receiveStock",
            {"quantity": "1.0001", "reason": "x"},
            [(("quantity",), "INVALID_QUANTITY")],
        ),
        (
            RECEIVE,
            "receiveStock",
            {"quantity": "5", "reason": "  "},
            [(("reason",), "REASON_REQUIRED")],
        ),
        (ADJUST, "adjustStock", {"delta": "0", "reason": "x"}, [(("delta",), "INVALID_QUANTITY")]),
    ]
    for mutation, name, fields, expected in cases:
        payload = owner.client.data(
            mutation, {"input": {"warehouseId": warehouse_id, "skuId": sku_id, **fields}}
        )[name]
        assert ordered_errors_of(payload) == expected, fields
        assert payload["stockLevel"] is None
    assert amounts(level_of(owner, warehouse_id, sku_id)) == (10, 0, 10, 0)
    ledger = owner.client.data(MOVEMENTS, {"skuId": sku_id})["stockMovements"]["edges"]
    assert len(ledger) == 1


def test_on_hand_never_drops_below_what_is_reserved(
    stack: Stack, owner: TenantSession, stocked: tuple[str, str]
) -> None:
    warehouse_id, sku_id = stocked
    reserve(stack, StaffUser.of(owner), [line(sku_id, "6")])

    refused_adjustment = adjust(owner, warehouse_id, sku_id, "-5", "miscount")
    assert ordered_errors_of(refused_adjustment) == [(("delta",), "NEGATIVE_STOCK")]
    assert "available: 4" in refused_adjustment["userErrors"][0]["message"]
    assert adjust(owner, warehouse_id, sku_id, "-4", "miscount")["userErrors"] == []
    assert amounts(level_of(owner, warehouse_id, sku_id)) == (6, 6, 0, 0)


# --- reservations, release and shipping --------------------------------------------------


def test_reserve_release_and_ship_are_exact_and_release_is_idempotent(
    stack: Stack, owner: TenantSession, stocked: tuple[str, str]
) -> None:
    warehouse_id, sku_id = stocked
    staff = StaffUser.of(owner)
    first_line, second_line = uuid.uuid4(), uuid.uuid4()

    reserve(stack, staff, [line(sku_id, "4", reference=first_line)])
    assert amounts(level_of(owner, warehouse_id, sku_id)) == (10, 4, 6, 0)
    [held] = reservations_of(owner, first_line)
    assert (held["status"], qty(held["reserved"]), held["skuCode"], held["referenceType"]) == (
        "ACTIVE",
        4,
        "WIDGET-1",
        "order_line",
    )

    for _ in range(2):
        run_as(stack, staff, lambda actor: inventory.release(actor, [first_line]))
        assert amounts(level_of(owner, warehouse_id, sku_id)) == (10, 0, 10, 0)
    assert reservations_of(owner, first_line)[0]["status"] == "RELEASED"

    reserve(stack, staff, [line(sku_id, "4", reference=second_line)])
    run_as(stack, staff, lambda actor: inventory.consume(actor, second_line, Decimal(3)))
    assert amounts(level_of(owner, warehouse_id, sku_id)) == (7, 1, 6, 0)
    too_much = refused(
        stack, staff, lambda actor: inventory.consume(actor, second_line, Decimal(2))
    )
    assert [(f, c) for f, c, _ in too_much] == [(("quantity",), "INSUFFICIENT_RESERVATION")]
    assert "available: 1" in too_much[0][2]
    run_as(stack, staff, lambda actor: inventory.consume(actor, second_line, Decimal(1)))
    [shipped] = reservations_of(owner, second_line)
    assert (shipped["status"], qty(shipped["consumed"]), qty(shipped["reserved"])) == (
        "CONSUMED",
        4,
        0,
    )
    assert amounts(level_of(owner, warehouse_id, sku_id)) == (6, 0, 6, 0)

    kinds = [
        e["node"]["kind"]
        for e in owner.client.data(MOVEMENTS, {"skuId": sku_id})["stockMovements"]["edges"]
    ]
    assert kinds == ["SHIPMENT", "SHIPMENT", "RESERVATION", "RELEASE", "RESERVATION", "RECEIPT"]


def test_a_line_holds_one_active_reservation_until_released(
    stack: Stack, owner: TenantSession, stocked: tuple[str, str]
) -> None:
    warehouse_id, sku_id = stocked
    staff = StaffUser.of(owner)
    reference = uuid.uuid4()
    reserve(stack, staff, [line(sku_id, "2", reference=reference)])

    again = refused(
        stack,
        staff,
        lambda actor: inventory.reserve(
            actor, [line(sku_id, "3", reference=reference)], allow_backorder=False
        ),
    )
    assert [c for _, c, _ in again] == ["ALREADY_RESERVED"]
    assert amounts(level_of(owner, warehouse_id, sku_id)) == (10, 2, 8, 0)

    def change_quantity(actor: Actor) -> Awaitable[Any]:
        async def release_then_reserve() -> Any:
            await inventory.release(actor, [reference])
            return await inventory.reserve(
                actor, [line(sku_id, "3", reference=reference)], allow_backorder=False
            )

        return release_then_reserve()

    run_as(stack, staff, change_quantity)
    assert amounts(level_of(owner, warehouse_id, sku_id)) == (10, 3, 7, 0)
    assert [r["status"] for r in reservations_of(owner, reference)] == ["RELEASED", "ACTIVE"]


def test_an_order_reserves_all_its_lines_or_none(
    stack: Stack, owner: TenantSession, stocked: tuple[str, str]
) -> None:
    warehouse_id, sku_id = stocked
    other_sku = create_sku(owner, "GADGET-2")
    receive(owner, warehouse_id, other_sku, "3")

    errors = refused(
        stack,
        StaffUser.of(owner),
        lambda actor: inventory.reserve(
            actor,
            [line(sku_id, "6"), line(other_sku, "2"), line(sku_id, "5")],
            allow_backorder=False,
        ),
    )
    assert [(f, c) for f, c, _ in errors] == [(("lines", "2", "quantity"), "INSUFFICIENT_STOCK")]
    assert "available: 4" in errors[0][2]
    assert amounts(level_of(owner, warehouse_id, sku_id)) == (10, 0, 10, 0)
    assert amounts(level_of(owner, warehouse_id, other_sku)) == (3, 0, 3, 0)


def test_backorders_need_the_permission_and_are_filled_by_receipts(
    stack: Stack, owner: TenantSession, mailbox: Mailbox, stocked: tuple[str, str]
) -> None:
    warehouse_id, sku_id = stocked
    seller = StaffUser.of(invite_and_join(owner, mailbox, f"sam@{owner.slug}.example.com", "sales"))
    manager = StaffUser.of(owner)

    def twelve(
        allow: bool, path: tuple[str, ...] | None = None
    ) -> Callable[[Actor], Awaitable[Any]]:
        request = inventory.ReservationRequest(
            uuid.uuid4(), row_uuid(sku_id), Decimal(12), path=path
        )
        return lambda actor: inventory.reserve(actor, [request], allow_backorder=allow)

    not_chosen = refused(stack, manager, twelve(False, ("input", "lines", "0", "quantity")))
    assert [(f, c) for f, c, _ in not_chosen] == [
        (("input", "lines", "0", "quantity"), "INSUFFICIENT_STOCK")
    ]
    assert "available: 10" in not_chosen[0][2]
    not_permitted = refused(stack, seller, twelve(True))
    assert [c for _, c, _ in not_permitted] == ["BACKORDER_NOT_ALLOWED"]

    reference = uuid.uuid4()
    reserve(stack, manager, [line(sku_id, "12", reference=reference)], allow_backorder=True)
    assert amounts(level_of(owner, warehouse_id, sku_id)) == (10, 10, 0, 2)
    assert qty(reservations_of(owner, reference)[0]["backordered"]) == 2

    assert amounts(receive(owner, warehouse_id, sku_id, "5")) == (15, 12, 3, 0)
    [filled] = reservations_of(owner, reference)
    assert (qty(filled["reserved"]), qty(filled["backordered"])) == (12, 0)


# --- the warehouse rule ------------------------------------------------------------------


def warehouse_stock(
    code: str, regions: tuple[str, ...], priority: int, available: int
) -> WarehouseStock:
    return WarehouseStock(
        uuid.uuid5(uuid.NAMESPACE_DNS, code), code, regions, priority, Decimal(available)
    )


RULE_WAREHOUSES = [
    warehouse_stock("EU-SMALL", ("EU",), 10, 2),
    warehouse_stock("EU-BIG", ("EU", "UK"), 20, 50),
    warehouse_stock("US", ("US",), 1, 100),
    warehouse_stock("ASIA", ("APAC",), 5, 0),
]


@pytest.mark.parametrize(
    ("quantity", "region", "expected", "fills"),
    [
        (1, "EU", "EU-SMALL", True),  # serving the region, first by priority
        (5, "eu", "EU-BIG", True),  # the first serving one cannot fill the line
        (60, "EU", "US", True),  # nobody in the region can: anyone by priority
        (5, "APAC", "US", True),  # the region's warehouse is empty
        (5, None, "US", True),  # no region: by priority
        (500, "EU", "EU-SMALL", False),  # nobody can: backorder in the region's first
        (500, "MARS", "US", False),  # nobody serves the region: the first overall
    ],
)
def test_the_warehouse_rule_prefers_the_region_then_stock_then_priority(
    quantity: int, region: str | None, expected: str, fills: bool
) -> None:
    choice = choose_warehouse(RULE_WAREHOUSES, Decimal(quantity), region)
    assert choice is not None
    assert (choice.warehouse.code, choice.fills) == (expected, fills)


def test_the_warehouse_rule_breaks_ties_by_code_and_needs_a_warehouse() -> None:
    tied = [warehouse_stock("B", ("EU",), 1, 5), warehouse_stock("A", ("EU",), 1, 5)]
    choice = choose_warehouse(tied, Decimal(1), "EU")
    assert choice is not None and choice.warehouse.code == "A"
    assert choose_warehouse([], Decimal(1), "EU") is None


def test_reservations_follow_the_warehouse_rule_and_an_explicit_warehouse_wins(
    stack: Stack, owner: TenantSession
) -> None:
    sku_id = create_sku(owner, "CHAIR")
    eu_small = create_warehouse(owner, "EU-SMALL", ["EU"], priority=10)
    eu_big = create_warehouse(owner, "EU-BIG", ["EU"], priority=20)
    us = create_warehouse(owner, "US", ["US"], priority=1)
    retired = create_warehouse(owner, "OLD", ["EU"], priority=0)
    for warehouse_id, quantity in ((eu_small, "2"), (eu_big, "50"), (us, "100"), (retired, "100")):
        receive(owner, warehouse_id, sku_id, quantity)
    owner.client.data(UPDATE_WAREHOUSE, {"input": {"warehouseId": retired, "active": False}})
    staff = StaffUser.of(owner)

    chosen = reserve(
        stack,
        staff,
        [
            line(sku_id, "5", region="EU"),  # the small one cannot fill it
            line(sku_id, "1", region="US", warehouse_id=eu_small),  # chosen explicitly
            line(sku_id, "1", region="EU"),  # the small one's last unit
            line(sku_id, "1", region="EU"),  # the small one is empty now
            line(sku_id, "60", region="EU"),  # nobody in the region has 60; the retired is out
        ],
    )
    assert [warehouse for _, warehouse in chosen] == [
        row_uuid(eu_big),
        row_uuid(eu_small),
        row_uuid(eu_small),
        row_uuid(eu_big),
        row_uuid(us),
    ]
    overridden = refused(
        stack,
        staff,
        lambda actor: inventory.reserve(
            actor, [line(sku_id, "1", warehouse_id=eu_small)], allow_backorder=False
        ),
    )
    assert [(f, c) for f, c, _ in overridden] == [
        (("lines", "0", "quantity"), "INSUFFICIENT_STOCK")
    ]
    assert "available: 0" in overridden[0][2]
    inactive = refused(
        stack,
        staff,
        lambda actor: inventory.reserve(
            actor, [line(sku_id, "1", warehouse_id=retired)], allow_backorder=False
        ),
    )
    assert [(f, c) for f, c, _ in inactive] == [
        (("lines", "0", "warehouseId"), "UNKNOWN_WAREHOUSE")
    ]


# --- low stock ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("before", "after", "threshold", "crossed"),
    [
        (7, 4, 4, True),
        (5, 0, 4, True),
        (4, 3, 4, False),
        (3, 7, 4, False),
        (9, 5, 4, False),
        (7, 4, None, False),
    ],
)
def test_going_low_is_the_crossing_of_the_threshold(
    before: int, after: int, threshold: int | None, crossed: bool
) -> None:
    limit = Decimal(threshold) if threshold is not None else None
    assert crossed_threshold(Decimal(before), Decimal(after), limit) is crossed


def low_stock_notices(session: TenantSession) -> list[dict[str, Any]]:
    edges = session.client.data(INBOX)["notifications"]["edges"]
    return [e["node"] for e in edges if e["node"]["kind"] == "inventory_low_stock"]


def test_low_stock_is_announced_once_per_crossing_to_stock_managers(
    stack: Stack, owner: TenantSession, mailbox: Mailbox, stocked: tuple[str, str]
) -> None:
    warehouse_id, sku_id = stocked
    keeper = invite_and_join(owner, mailbox, f"wes@{owner.slug}.example.com", "warehouse")
    seller = invite_and_join(owner, mailbox, f"sam@{owner.slug}.example.com", "sales")
    threshold = owner.client.data(
        SET_THRESHOLD, {"input": {"warehouseId": warehouse_id, "skuId": sku_id, "threshold": "4"}}
    )["setLowStockThreshold"]
    assert threshold["userErrors"] == []
    assert (
        qty(threshold["stockLevel"]["lowStockThreshold"]),
        threshold["stockLevel"]["isLow"],
    ) == (4, False)

    adjust(owner, warehouse_id, sku_id, "-3")  # 7 available: above the threshold
    reserve(stack, StaffUser.of(owner), [line(sku_id, "3")])  # 4: crosses
    adjust(owner, warehouse_id, sku_id, "-1")  # 3: stays low, no second alert
    receive(owner, warehouse_id, sku_id, "10")  # 13: back above
    adjust(owner, warehouse_id, sku_id, "-12")  # 1: crosses again

    for manager in (owner, keeper):

        def both_notices(m: TenantSession = manager) -> list[dict[str, Any]] | None:
            found = low_stock_notices(m)
            return found if len(found) >= 2 else None

        notices = wait_until(both_notices, 20.0)
        assert [n["title"] for n in notices] == ["Low stock: WIDGET-1 in Warehouse MAIN"] * 2
        assert "is 1, at or below its threshold of 4" in notices[0]["body"]
    events = owner.client.data(DELIVERIES, {"type": LowStock.name})["eventDeliveries"]
    payloads = [e["node"]["payload"] for e in events["edges"]]
    assert [(qty(p["available"]), p["skuId"]) for p in payloads] == [
        (1, str(row_uuid(sku_id))),
        (4, str(row_uuid(sku_id))),
    ]
    assert low_stock_notices(seller) == []
    low = owner.client.data(LEVELS, {"lowStockOnly": True})["stockLevels"]["edges"]
    assert [(e["node"]["isLow"], qty(e["node"]["available"])) for e in low] == [(True, 1)]


# --- permissions -------------------------------------------------------------------------


def test_roles_decide_who_reads_and_who_changes_stock(
    owner: TenantSession, mailbox: Mailbox, stocked: tuple[str, str]
) -> None:
    warehouse_id, sku_id = stocked
    keeper = invite_and_join(owner, mailbox, f"wes@{owner.slug}.example.com", "warehouse")
    seller = invite_and_join(owner, mailbox, f"sam@{owner.slug}.example.com", "sales")
    nobody = invite_and_join(owner, mailbox, f"noa@{owner.slug}.example.com", "support", roles=[])
    change = {
        "input": {"warehouseId": warehouse_id, "skuId": sku_id, "quantity": "1", "reason": "found"}
    }

    assert keeper.client.data(RECEIVE, change)["receiveStock"]["userErrors"] == []
    assert create_warehouse(keeper, "SPARE")
    assert amounts(level_of(seller, warehouse_id, sku_id)) == (11, 0, 11, 0)
    assert seller.client.data(WAREHOUSES)["warehouses"]["edges"]
    for mutation, variables in (
        (RECEIVE, change),
        (CREATE_WAREHOUSE, {"input": {"code": "X", "name": "X"}}),
        (SET_THRESHOLD, {"input": {"warehouseId": warehouse_id, "skuId": sku_id}}),
    ):
        assert seller.client.error_codes(mutation, variables) == ["FORBIDDEN"]
    for query in (LEVELS, MOVEMENTS, WAREHOUSES):
        assert nobody.client.error_codes(query) == ["FORBIDDEN"]
    assert nobody.client.error_codes(RESERVATIONS, {"referenceId": str(uuid.uuid4())}) == [
        "FORBIDDEN"
    ]


# --- tenant isolation --------------------------------------------------------------------


def test_another_tenants_inventory_is_indistinguishable_from_missing_objects(
    stack: Stack, api: GraphQLClient, owner: TenantSession, stocked: tuple[str, str]
) -> None:
    warehouse_id, sku_id = stocked
    reference = uuid.uuid4()
    reserve(stack, StaffUser.of(owner), [line(sku_id, "1", reference=reference)])
    level_id = level_of(owner, warehouse_id, sku_id)["id"]
    movement_id = owner.client.data(MOVEMENTS)["stockMovements"]["edges"][0]["node"]["id"]
    reservation_id = reservations_of(owner, reference)[0]["id"]
    intruder = sign_up(api, name="Intruder Imports")
    own_warehouse = create_warehouse(intruder, "MINE")
    own_sku = create_sku(intruder, "MINE-1")

    missing = base64.b64encode(f"Warehouse:{uuid.uuid4()}".encode()).decode()
    for node_id in (warehouse_id, level_id, movement_id, reservation_id):
        assert owner.client.data(NODE, {"id": node_id})["node"]["id"] == node_id
        foreign = intruder.client.execute(NODE, {"id": node_id})
        assert [e["extensions"]["code"] for e in foreign["errors"]] == ["NOT_FOUND"], foreign
    assert intruder.client.error_codes(NODE, {"id": missing}) == ["NOT_FOUND"]
    mutations = [
        (UPDATE_WAREHOUSE, lambda w, s: {"input": {"warehouseId": w, "name": "Mine now"}}),
        (
            RECEIVE,
            lambda w, s: {"input": {"warehouseId": w, "skuId": s, "quantity": "1", "reason": "x"}},
        ),
        (
            ADJUST,
            lambda w, s: {"input": {"warehouseId": w, "skuId": s, "delta": "-1", "reason": "x"}},
        ),
        (SET_THRESHOLD, lambda w, s: {"input": {"warehouseId": w, "skuId": s, "threshold": "1"}}),
    ]
    for mutation, variables in mutations:
        foreign = intruder.client.execute(mutation, variables(warehouse_id, own_sku))
        assert [e["extensions"]["code"] for e in foreign["errors"]] == ["NOT_FOUND"], foreign
        assert foreign == intruder.client.execute(mutation, variables(missing, own_sku))
        if mutation is not UPDATE_WAREHOUSE:
            assert intruder.client.error_codes(mutation, variables(own_warehouse, sku_id)) == [
                "NOT_FOUND"
            ]
    assert intruder.client.data(LEVELS, {"warehouseId": warehouse_id})["stockLevels"]["edges"] == []
    assert (
        intruder.client.data(RESERVATIONS, {"referenceId": str(reference)})["stockReservations"]
        == []
    )
    assert amounts(level_of(owner, warehouse_id, sku_id)) == (10, 1, 9, 0)


def test_another_tenants_sku_cannot_be_reserved_or_backordered(
    stack: Stack, api: GraphQLClient, owner: TenantSession, stocked: tuple[str, str]
) -> None:
    _, sku_id = stocked
    intruder = sign_up(api, name="Intruder Imports")
    create_warehouse(intruder, "MINE")
    for allow_backorder, expected in (
        (False, (("lines", "0", "quantity"), "INSUFFICIENT_STOCK")),
        (True, (("lines", "0", "skuId"), "UNKNOWN_SKU")),
    ):
        errors = refused(
            stack,
            StaffUser.of(intruder),
            lambda actor, allow=allow_backorder: inventory.reserve(
                actor, [line(sku_id, "1")], allow_backorder=allow
            ),
        )
        assert [(f, c) for f, c, _ in errors] == [expected]
    assert amounts(level_of(owner, *stocked)) == (10, 0, 10, 0)


# --- statement budget --------------------------------------------------------------------

LEVELS_OPERATION = "InventoryStatementBudget"
LEVELS_PAGE = f"""query {LEVELS_OPERATION} {{ stockLevels(first: 100) {{ edges {{ node {{
  onHand skuCode warehouse {{ code name }} }} }} }} }}"""


def statements_of_levels_page(api: GraphQLClient, session: TenantSession, rows: int) -> int:
    session.client.data(LEVELS_PAGE)
    before = statements_so_far(api, LEVELS_OPERATION)
    edges = session.client.data(LEVELS_PAGE)["stockLevels"]["edges"]
    after = statements_so_far(api, LEVELS_OPERATION)
    assert len(edges) == rows
    assert all(e["node"]["skuCode"] and e["node"]["warehouse"]["code"] for e in edges)
    return int(after - before)


def test_a_page_of_stock_levels_costs_the_same_statements_for_2_and_12_rows(
    api: GraphQLClient, owner: TenantSession
) -> None:
    warehouses = [create_warehouse(owner, f"W{i}") for i in range(3)]
    skus = [create_sku(owner, f"PART-{i}") for i in range(4)]
    first_two = {(warehouses[0], skus[0]), (warehouses[1], skus[1])}
    for warehouse_id, sku_id in first_two:
        receive(owner, warehouse_id, sku_id, "1")
    with_2 = statements_of_levels_page(api, owner, 2)
    for warehouse_id in warehouses:
        for sku_id in skus:
            if (warehouse_id, sku_id) not in first_two:
                receive(owner, warehouse_id, sku_id, "1")
    with_12 = statements_of_levels_page(api, owner, 12)
    assert 0 < with_2 == with_12 <= 7
