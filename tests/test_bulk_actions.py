"""Bulk actions over GraphQL on orders and customers selected in a list: each row is checked
by the same rules as alone and reported on its own (done, or why not), the rest still done;
a refused action as a whole changes nothing; data scope and permissions hold per row."""

from __future__ import annotations

import base64
import uuid
from typing import Any

import pytest

from tests.support.customers import VIEWER_ID, create_customer, hand_over
from tests.support.graphql import GraphQLClient, TenantSession, colleague
from tests.support.orders import Shop, confirmed_order, created, open_shop, order_input
from tests.support.stack import Mailbox

RESULT = "results { ok userErrors { field code message } } userErrors { field code message }"
ORDER_OWNER = f"""mutation A($input: BulkAssignOrderOwnerInput!) {{
  bulkAssignOrderOwner(input: $input) {{ results {{ orderId }} {RESULT} }} }}"""
ORDER_TAG = f"""mutation T($input: BulkAddOrderTagInput!) {{
  bulkAddOrderTag(input: $input) {{ results {{ orderId }} {RESULT} }} }}"""
ORDER_TRANSITION = f"""mutation X($input: BulkTransitionOrdersInput!) {{
  bulkTransitionOrders(input: $input) {{ results {{ orderId }} {RESULT} }} }}"""
CUSTOMER_OWNER = f"""mutation C($input: BulkAssignCustomerOwnerInput!) {{
  bulkAssignCustomerOwner(input: $input) {{ results {{ customerId }} {RESULT} }} }}"""
CUSTOMER_TAG = f"""mutation G($input: BulkAddCustomerTagInput!) {{
  bulkAddCustomerTag(input: $input) {{ results {{ customerId }} {RESULT} }} }}"""
ORDER = """query O($id: ID!) { node(id: $id) { ... on Order { status tags owner { id } } } }"""
CUSTOMER = """query C($id: ID!) { node(id: $id) { ... on Customer { tags owner { id } } } }"""


def bulk(session: TenantSession, mutation: str, **data: Any) -> dict[str, Any]:
    body = session.client.data(mutation, {"input": data})
    payload: dict[str, Any] = next(iter(body.values()))
    return payload


def outcomes(payload: dict[str, Any]) -> list[list[str]]:
    """Per row, the codes of its errors (empty: done)."""
    assert payload["userErrors"] == [], payload["userErrors"]
    rows = payload["results"]
    assert all(row["ok"] == (row["userErrors"] == []) for row in rows)
    return [[e["code"] for e in row["userErrors"]] for row in rows]


def node(session: TenantSession, query: str, node_id: str) -> dict[str, Any]:
    found: dict[str, Any] = session.client.data(query, {"id": node_id})["node"]
    return found


def user_id(session: TenantSession) -> str:
    found: str = session.client.data(VIEWER_ID)["viewer"]["user"]["id"]
    return found


@pytest.fixture
def shop(api: GraphQLClient) -> Shop:
    return open_shop(api, stock="1000")


def test_a_bulk_transition_does_what_each_order_allows_and_reports_the_rest(shop: Shop) -> None:
    owner = shop.owner
    draft = created(owner, order_input(shop, (shop.sku_id, "1")))
    confirmed = confirmed_order(owner, shop)
    other_draft = created(owner, order_input(shop, (shop.sku_id, "2")))
    ids = [draft["id"], confirmed["id"], other_draft["id"]]

    payload = bulk(owner, ORDER_TRANSITION, orderIds=ids, action="SUBMIT")

    assert [row["orderId"] for row in payload["results"]] == ids
    assert outcomes(payload) == [[], ["INVALID_TRANSITION"], []]
    assert [node(owner, ORDER, i)["status"] for i in ids] == ["CONFIRMED"] * 3


def test_tags_and_owners_are_added_to_each_selected_order(shop: Shop, mailbox: Mailbox) -> None:
    owner = shop.owner
    ids = [created(owner, order_input(shop, (shop.sku_id, "1")))["id"] for _ in range(2)]
    rep = colleague(owner, mailbox, "sales")

    assert outcomes(bulk(owner, ORDER_TAG, orderIds=ids, tag="Rush")) == [[], []]
    assert outcomes(bulk(owner, ORDER_TAG, orderIds=ids, tag="rush")) == [[], []]
    assert outcomes(bulk(owner, ORDER_OWNER, orderIds=ids, ownerId=user_id(rep))) == [[], []]
    for order_id in ids:
        order = node(owner, ORDER, order_id)
        assert (order["tags"], order["owner"]["id"]) == (["rush"], user_id(rep))


def test_a_refused_action_changes_nothing(shop: Shop) -> None:
    owner = shop.owner
    order_id = created(owner, order_input(shop, (shop.sku_id, "1")))["id"]
    before = node(owner, ORDER, order_id)

    bad_tag = bulk(owner, ORDER_TAG, orderIds=[order_id], tag="x" * 41)
    nobody = bulk(owner, ORDER_OWNER, orderIds=[order_id], ownerId=shop.customer_id)
    too_many = bulk(owner, ORDER_TAG, orderIds=[order_id, *_fake_ids(200)], tag="a")

    assert [(p["results"], [e["code"] for e in p["userErrors"]]) for p in (bad_tag, nobody)] == [
        (None, ["INVALID_TAG"]),
        (None, ["UNKNOWN_OWNER"]),
    ]
    assert [e["code"] for e in too_many["userErrors"]] == ["INVALID_PAGE_SIZE"]
    assert node(owner, ORDER, order_id) == before == {**before, "tags": []}


def _fake_ids(count: int) -> list[str]:
    """Well-formed Order ids of nothing."""
    return [base64.b64encode(f"Order:{uuid.uuid4()}".encode()).decode() for _ in range(count)]


def test_rows_out_of_the_callers_scope_are_not_found_and_permissions_hold(
    shop: Shop, mailbox: Mailbox
) -> None:
    owner = shop.owner
    theirs = created(owner, order_input(shop, (shop.sku_id, "1")))["id"]
    other_customer = create_customer(owner, "Quay Traders")["id"]
    hidden = created(owner, order_input(shop, (shop.sku_id, "1"), customerId=other_customer))["id"]
    rep = colleague(owner, mailbox, "sales")
    hand_over(owner, shop.customer_id, rep)
    warehouse = colleague(owner, mailbox, "warehouse")

    assert outcomes(bulk(rep, ORDER_TAG, orderIds=[theirs, hidden], tag="mine")) == [
        [],
        ["NOT_FOUND"],
    ]
    assert node(owner, ORDER, hidden)["tags"] == []
    codes = warehouse.client.error_codes(ORDER_TAG, {"input": {"orderIds": [theirs], "tag": "x"}})
    assert codes == ["FORBIDDEN"]


def test_customers_get_an_owner_and_a_tag_each_within_scope(shop: Shop, mailbox: Mailbox) -> None:
    owner = shop.owner
    quay = create_customer(owner, "Quay Traders")["id"]
    ids = [shop.customer_id, quay]
    rep = colleague(owner, mailbox, "sales")

    assert outcomes(bulk(owner, CUSTOMER_TAG, customerIds=ids, tag="Key account")) == [[], []]
    assert outcomes(bulk(owner, CUSTOMER_OWNER, customerIds=[quay], ownerId=user_id(rep))) == [[]]
    assert node(owner, CUSTOMER, quay)["owner"]["id"] == user_id(rep)
    assert all("key account" in node(owner, CUSTOMER, i)["tags"] for i in ids)

    # The rep owns Quay only: Harbour is out of their reach.
    assert outcomes(bulk(rep, CUSTOMER_TAG, customerIds=ids, tag="north")) == [
        ["NOT_FOUND"],
        [],
    ]
    assert "north" not in node(owner, CUSTOMER, shop.customer_id)["tags"]
