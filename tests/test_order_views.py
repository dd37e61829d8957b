"""The order list's filters and sorts (keyset paging per sort), saved views (private and
shared, validation, ownership) and the Kanban board (rank moves, data scope, other tenants)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest

from tests.support.graphql import GraphQLClient, TenantSession, errors_of, invite_and_join, sign_up
from tests.support.orders import Shop, created, customer, open_shop, order_input
from tests.support.stack import Mailbox

ORDERS = """query Orders($first: Int, $after: String, $filter: OrderFilterInput,
    $orderBy: OrderSort! = NEWEST) {
  orders(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
    edges { node { id number } } pageInfo { hasNextPage endCursor } } }"""
VIEWS = "query { orderViews { id name shared filters sort mine ownerLabel } }"
SAVE_VIEW = """mutation Save($input: SaveOrderViewInput!) { saveOrderView(input: $input) {
  view { id name shared filters sort mine } userErrors { field code message } } }"""
DELETE_VIEW = """mutation Delete($id: ID!) { deleteOrderView(id: $id) { deletedId
  userErrors { field code } } }"""
BOARD = """query Board($first: Int) { orderBoard(first: $first) { status orders {
  edges { node { id number rank } } pageInfo { hasNextPage endCursor } } } }"""
COLUMN = """query Column($status: OrderStatus!, $first: Int, $after: String) {
  orderBoardColumn(status: $status, first: $first, after: $after) {
    edges { node { id } } pageInfo { hasNextPage endCursor } } }"""
MOVE = """mutation Move($input: MoveOrderOnBoardInput!) { moveOrderOnBoard(input: $input) {
  order { id rank } userErrors { field code message } } }"""
AUDIT = """query Audit($action: String!) { auditLog(filter: {action: $action}) {
  edges { node { targetType changes } } } }"""


@dataclass
class World:
    """One tenant with five orders of two customers (totals 11, 33, 22, 55, 22 with tax),
    named by their position in creation order."""

    shop: Shop
    zeta_id: str
    ids: list[str]
    numbers: list[str]


@pytest.fixture(scope="module")
def world(api: GraphQLClient) -> World:
    shop = open_shop(api)
    zeta = customer(shop.owner, "Zeta Marine")
    soon, later = date.today() + timedelta(days=5), date.today() + timedelta(days=10)
    specs: list[tuple[str, str, dict[str, Any]]] = [
        (shop.customer_id, "1", {"tags": ["Export"], "requestedDeliveryDate": str(later)}),
        (
            shop.customer_id,
            "3",
            {
                "priority": "URGENT",
                "channel": "API",
                "externalRef": "EXT-77",
                "submit": True,
                "requestedDeliveryDate": str(soon),
            },
        ),
        (zeta, "2", {}),
        (
            zeta,
            "5",
            {"tags": ["export", "vip"], "submit": True, "requestedDeliveryDate": str(soon)},
        ),
        (shop.customer_id, "2", {}),
    ]
    orders = [
        created(
            shop.owner,
            {"customerId": who, **extra, "lines": [{"skuId": shop.sku_id, "quantity": quantity}]},
        )
        for who, quantity, extra in specs
    ]
    assert [o["total"]["amount"] for o in orders] == ["11.00", "33.00", "22.00", "55.00", "22.00"]
    return World(shop, zeta, [o["id"] for o in orders], [o["number"] for o in orders])


def listed(
    session: TenantSession,
    filter: dict[str, Any] | None = None,
    order_by: str = "NEWEST",
    first: int = 50,
) -> list[str]:
    """Every order of the list, page by page."""
    ids: list[str] = []
    after = None
    while True:
        page = session.client.data(
            ORDERS, {"first": first, "after": after, "filter": filter, "orderBy": order_by}
        )["orders"]
        ids += [edge["node"]["id"] for edge in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            return ids
        after = page["pageInfo"]["endCursor"]


def positions(world: World, ids: list[str]) -> list[int]:
    return [world.ids.index(i) for i in ids]


# --- filters and sorts ---------------------------------------------------------------------


def test_the_order_list_filters_by_every_field(world: World) -> None:
    owner = world.shop.owner

    def found(flt: dict[str, Any]) -> set[int]:
        return set(positions(world, listed(owner, flt)))

    assert found({}) == {0, 1, 2, 3, 4}
    assert found({"statuses": ["CONFIRMED"]}) == {1, 3}
    assert found({"statuses": ["DRAFT", "CONFIRMED"]}) == {0, 1, 2, 3, 4}
    assert found({"statuses": ["DRAFT"], "customerId": world.zeta_id}) == {2}
    assert found({"priority": "URGENT"}) == {1}
    assert found({"channel": "API"}) == {1}
    assert found({"channel": "PORTAL"}) == set()
    assert found({"tag": "EXPORT"}) == {0, 3}
    assert found({"tag": "vip", "statuses": ["CONFIRMED"]}) == {3}
    assert found({"search": "ext-77"}) == {1}
    assert found({"search": "zeta"}) == {2, 3}
    assert found({"search": world.numbers[4]}) == {4}
    assert found({"search": "100%_"}) == set()
    assert found({"createdFrom": "2999-01-01T00:00:00+00:00"}) == set()
    assert found({"createdTo": "2999-01-01T00:00:00+00:00"}) == {0, 1, 2, 3, 4}


def test_every_sort_pages_stably_by_cursor_with_the_id_as_tiebreak(world: World) -> None:
    owner = world.shop.owner
    expected = {
        "NEWEST": [4, 3, 2, 1, 0],
        "OLDEST": [0, 1, 2, 3, 4],
        "TOTAL": [3, 1, 4, 2, 0],  # 55, 33, then the two 22s newest first, 11
        "REQUESTED_DATE": [1, 3, 0, 2, 4],  # soonest first, ties oldest first, undated last
    }
    for sort, order in expected.items():
        for size in (1, 2, 5):
            assert positions(world, listed(owner, order_by=sort, first=size)) == order, sort
    total_cursor = owner.client.data(ORDERS, {"first": 1, "orderBy": "TOTAL"})["orders"][
        "pageInfo"
    ]["endCursor"]
    assert owner.client.error_codes(
        ORDERS, {"first": 1, "after": total_cursor, "orderBy": "NEWEST"}
    ) == ["INVALID_CURSOR"]
    assert owner.client.error_codes(ORDERS, {"after": "bm9wZQ"}) == ["INVALID_CURSOR"]


# --- saved views ---------------------------------------------------------------------------


def save(session: TenantSession, **fields: Any) -> dict[str, Any]:
    payload: dict[str, Any] = session.client.data(SAVE_VIEW, {"input": {"filters": {}, **fields}})[
        "saveOrderView"
    ]
    return payload


def test_saved_views_are_private_or_shared_and_only_their_owner_changes_them(
    world: World, mailbox: Mailbox
) -> None:
    owner = world.shop.owner
    rep = invite_and_join(owner, mailbox, f"rep-{uuid.uuid4().hex[:6]}@example.com", "sales")
    urgent = {"statuses": ["CONFIRMED"], "priority": "URGENT", "search": None}
    mine = save(owner, name="  Urgent   confirmed ", filters=urgent, sort="TOTAL")
    assert mine["userErrors"] == []
    assert (mine["view"]["name"], mine["view"]["sort"], mine["view"]["filters"]) == (
        "Urgent confirmed",
        "TOTAL",
        {"statuses": ["CONFIRMED"], "priority": "URGENT"},
    )
    # The stored filters are the list's filter as they are.
    assert positions(world, listed(owner, mine["view"]["filters"], "TOTAL")) == [1]
    team = save(owner, name="Team export", filters={"tag": "export"}, shared=True)["view"]
    assert [v["name"] for v in owner.client.data(VIEWS)["orderViews"]] == [
        "Team export",
        "Urgent confirmed",
    ]
    seen = rep.client.data(VIEWS)["orderViews"]
    assert [(v["name"], v["mine"], v["shared"]) for v in seen] == [("Team export", False, True)]

    assert errors_of(save(owner, name=" ", filters={})) == {(("name",), "REQUIRED")}
    assert errors_of(save(owner, name="urgent CONFIRMED")) == {(("name",), "DUPLICATE_NAME")}
    assert errors_of(save(owner, name="Odd", filters={"colour": "red", "priority": "LOW"})) == {
        (("filters", "colour"), "UNKNOWN_FILTER"),
        (("filters", "priority"), "INVALID_FILTER"),
    }
    assert save(rep, name="Urgent confirmed")["userErrors"] == []  # names are per owner

    # Only the owner changes or deletes; a private view does not exist for others.
    assert errors_of(save(rep, id=team["id"], name="Mine now")) == {(("id",), "NOT_VIEW_OWNER")}
    refused = rep.client.data(DELETE_VIEW, {"id": team["id"]})["deleteOrderView"]
    assert errors_of(refused) == {(("id",), "NOT_VIEW_OWNER")}
    assert rep.client.error_codes(DELETE_VIEW, {"id": mine["view"]["id"]}) == ["NOT_FOUND"]
    renamed = save(owner, id=team["id"], name="Exports", filters={"tag": "export"}, shared=False)
    assert renamed["userErrors"] == [] and renamed["view"]["shared"] is False
    assert [v["name"] for v in rep.client.data(VIEWS)["orderViews"]] == ["Urgent confirmed"]
    deleted = owner.client.data(DELETE_VIEW, {"id": team["id"]})["deleteOrderView"]
    assert deleted == {"deletedId": team["id"], "userErrors": []}
    assert [v["name"] for v in owner.client.data(VIEWS)["orderViews"]] == ["Urgent confirmed"]
    assert owner.client.data(AUDIT, {"action": "saved_views.delete"})["auditLog"]["edges"]


def test_another_tenants_views_do_not_exist(world: World, api: GraphQLClient) -> None:
    view = save(
        world.shop.owner, name="Shared drafts", filters={"statuses": ["DRAFT"]}, shared=True
    )["view"]
    intruder = sign_up(api)
    assert intruder.client.data(VIEWS)["orderViews"] == []
    assert intruder.client.error_codes(DELETE_VIEW, {"id": view["id"]}) == ["NOT_FOUND"]
    assert intruder.client.error_codes(
        SAVE_VIEW, {"input": {"id": view["id"], "name": "x", "filters": {}}}
    ) == ["NOT_FOUND"]


# --- the board -----------------------------------------------------------------------------


def column(session: TenantSession, status: str) -> list[str]:
    board = session.client.data(BOARD, {"first": 50})["orderBoard"]
    [found] = [c for c in board if c["status"] == status]
    return [edge["node"]["id"] for edge in found["orders"]["edges"]]


def move(session: TenantSession, order_id: str, **where: str) -> dict[str, Any]:
    payload: dict[str, Any] = session.client.data(MOVE, {"input": {"orderId": order_id, **where}})[
        "moveOrderOnBoard"
    ]
    return payload


def test_cards_move_within_their_column_by_rank(api: GraphQLClient) -> None:
    shop = open_shop(api)
    drafts = [created(shop.owner, order_input(shop, (shop.sku_id, "1")))["id"] for _ in range(5)]
    confirmed = created(shop.owner, order_input(shop, (shop.sku_id, "1"), submit=True))["id"]
    board = shop.owner.client.data(BOARD, {"first": 50})["orderBoard"]
    assert [c["status"] for c in board] == [
        "DRAFT",
        "SUBMITTED",
        "PENDING_APPROVAL",
        "CONFIRMED",
        "AWAITING_PAYMENT",
        "PAID",
        "READY_TO_SHIP",
        "SHIPPED",
        "DELIVERED",
    ]
    assert column(shop.owner, "DRAFT") == drafts  # all at rank 0: oldest first
    a, b, c, d, e = drafts

    assert move(shop.owner, e, afterOrderId=a)["userErrors"] == []  # a e b c d
    assert column(shop.owner, "DRAFT") == [a, e, b, c, d]
    assert move(shop.owner, a, beforeOrderId=d)["userErrors"] == []  # e b c a d
    assert column(shop.owner, "DRAFT") == [e, b, c, a, d]
    assert move(shop.owner, d, beforeOrderId=e)["userErrors"] == []  # to the top
    assert column(shop.owner, "DRAFT") == [d, e, b, c, a]
    assert move(shop.owner, d, afterOrderId=a)["userErrors"] == []  # to the bottom
    assert column(shop.owner, "DRAFT") == [e, b, c, a, d]
    # Many moves into the same gap exhaust it and renumber the column.
    for _ in range(12):
        assert move(shop.owner, d, afterOrderId=e, beforeOrderId=b)["userErrors"] == []
        assert move(shop.owner, c, afterOrderId=e, beforeOrderId=d)["userErrors"] == []
    assert column(shop.owner, "DRAFT") == [e, c, d, b, a]

    first = shop.owner.client.data(COLUMN, {"status": "DRAFT", "first": 2})["orderBoardColumn"]
    rest = shop.owner.client.data(
        COLUMN, {"status": "DRAFT", "first": 10, "after": first["pageInfo"]["endCursor"]}
    )["orderBoardColumn"]
    assert first["pageInfo"]["hasNextPage"] and not rest["pageInfo"]["hasNextPage"]
    assert [x["node"]["id"] for x in first["edges"] + rest["edges"]] == [e, c, d, b, a]

    assert errors_of(move(shop.owner, a, afterOrderId=confirmed)) == {
        (("afterOrderId",), "NOT_IN_COLUMN")
    }
    assert errors_of(move(shop.owner, a, afterOrderId=a)) == {
        (("afterOrderId",), "INVALID_NEIGHBOUR")
    }
    assert errors_of(move(shop.owner, a)) == {(("afterOrderId",), "REQUIRED")}
    moves = shop.owner.client.data(AUDIT, {"action": "orders.move_on_board"})["auditLog"]
    assert moves["edges"][0]["node"]["targetType"] == "order"


def test_the_board_honours_data_scope_and_tenants(api: GraphQLClient, mailbox: Mailbox) -> None:
    shop = open_shop(api)
    theirs = created(shop.owner, order_input(shop, (shop.sku_id, "1")))["id"]
    rep = invite_and_join(shop.owner, mailbox, f"rep-{uuid.uuid4().hex[:6]}@example.com", "sales")
    own_customer = customer(rep, "Rep's customer")
    own = [
        created(
            rep, {"customerId": own_customer, "lines": [{"skuId": shop.sku_id, "quantity": "1"}]}
        )["id"]
        for _ in range(2)
    ]
    assert column(rep, "DRAFT") == own
    assert set(column(shop.owner, "DRAFT")) == {theirs, *own}
    assert rep.client.error_codes(MOVE, {"input": {"orderId": theirs, "afterOrderId": own[1]}}) == [
        "NOT_FOUND"
    ]
    assert rep.client.error_codes(MOVE, {"input": {"orderId": own[0], "afterOrderId": theirs}}) == [
        "NOT_FOUND"
    ]
    # The rep's move lands right below the card it was dropped on, whatever sits unseen.
    assert move(rep, own[0], afterOrderId=own[1])["userErrors"] == []
    assert column(rep, "DRAFT") == [own[1], own[0]]

    support = invite_and_join(
        shop.owner, mailbox, f"sup-{uuid.uuid4().hex[:6]}@example.com", "support"
    )
    assert support.client.error_codes(
        MOVE, {"input": {"orderId": own[0], "afterOrderId": own[1]}}
    ) == ["FORBIDDEN"]
    intruder = sign_up(api)
    assert all(
        c["orders"]["edges"] == [] for c in intruder.client.data(BOARD, {"first": 5})["orderBoard"]
    )
    assert intruder.client.error_codes(
        MOVE, {"input": {"orderId": own[0], "afterOrderId": own[1]}}
    ) == ["NOT_FOUND"]
