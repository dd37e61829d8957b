"""A list query costs a bounded number of SQL statements, however long the list: related
objects (departments, roles) come through per-request DataLoaders, one batch each.

The API counts every statement it sends, labelled by GraphQL operation name, in the
Prometheus counter `orbit_db_statements_total`; the tests read it before and after a named
operation. Test files run one after another, so nothing else runs an operation of the same
name in between.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from tests.support.catalog import create_sku
from tests.support.graphql import INVITE, GraphQLClient, TenantSession, sign_up
from tests.support.inventory import create_warehouse, receive
from tests.support.metrics import statements_so_far
from tests.support.orders import customer

# Binding the tenant, checking the token's principal, the page of users, one batch of
# departments, one batch of roles (5 today), with room for one more; never per row.
STATEMENT_BUDGET = 6
OPERATION = "StatementBudgetUsersPage"
USERS_PAGE = f"""query {OPERATION} {{
  users(first: 100) {{ edges {{ node {{ email department {{ name }} roles }} }} }}
}}"""


def statements_of_users_page(api: GraphQLClient, owner: TenantSession, expected_users: int) -> int:
    # The first request after roles change reloads the tenant's policies, a cost that does
    # not depend on the list; measure the steady state.
    owner.client.data(USERS_PAGE)
    before = statements_so_far(api, OPERATION)
    edges = owner.client.data(USERS_PAGE)["users"]["edges"]
    after = statements_so_far(api, OPERATION)
    assert len(edges) == expected_users
    assert all(e["node"]["department"]["name"] and e["node"]["roles"] for e in edges)
    return int(after - before)


def invite_colleagues(owner: TenantSession, count: int, start: int) -> None:
    departments = ("sales", "warehouse", "finance", "support", "management")
    for i in range(start, start + count):
        payload = owner.client.data(
            INVITE,
            {
                "input": {
                    "email": f"colleague{i}@{owner.slug}.example.com",
                    "name": f"Colleague {i}",
                    "departmentKey": departments[i % len(departments)],
                }
            },
        )["inviteUser"]
        assert payload["userErrors"] == []


def test_a_list_of_users_costs_the_same_statements_for_3_and_25_users(api: GraphQLClient) -> None:
    owner = sign_up(api)
    invite_colleagues(owner, 2, start=0)
    with_3 = statements_of_users_page(api, owner, expected_users=3)
    invite_colleagues(owner, 22, start=2)
    with_25 = statements_of_users_page(api, owner, expected_users=25)

    assert with_3 > 0, "the API did not count any statement for the operation"
    assert with_25 == with_3, f"{with_3} statements for 3 users, {with_25} for 25"
    assert with_25 <= STATEMENT_BUDGET


# --- orders --------------------------------------------------------------------------------

# Binding, the principal, order settings, the customer (with the tenant's currency and time
# zone and its addresses), the SKUs with their price offers, the order number, approval
# settings, locking the stock rows, the reservation (levels, movements and reservations in
# one statement), the order with its lines and status history in one statement, then one
# batched insert each for audit, outbox and event queue (docs/performance.md lists them).
CREATE_ORDER_BUDGET = 13
CREATE_OPERATION = "StatementBudgetCreateOrder"
CREATE_ORDER = f"""mutation {CREATE_OPERATION}($input: CreateOrderInput!) {{
  createOrder(input: $input) {{ order {{ id number status }} userErrors {{ field code }} }} }}"""
RESERVED = """query Reserved($id: ID!) { node(id: $id) { ... on Order {
  lines { reservedQuantity } } } }"""
# Binding, the principal, the page, one batch of customers, one batch of lines, one batch of
# lines for the shipping progress (shipping's field, loaded by its own batch).
ORDER_PAGE_BUDGET = 7
PAGE_OPERATION = "StatementBudgetOrderPage"
ORDER_PAGE = f"""query {PAGE_OPERATION}($first: Int) {{
  orders(first: $first, filter: {{status: CONFIRMED}}) {{ edges {{ node {{
    number total {{ amount }} customer {{ name }}
    lines {{ skuCode quantity unitPrice {{ amount }} }}
    shippingProgress {{ shipped ordered partial }} }} }} }} }}"""


def _shop(api: GraphQLClient) -> tuple[TenantSession, dict[str, Any]]:
    """A tenant with a warehouse, three stocked SKUs and a customer; an order's input."""
    owner = sign_up(api)
    warehouse = create_warehouse(owner, "MAIN")
    skus = [create_sku(owner, code) for code in ("BOLT", "NUT", "WASHER")]
    for item in skus:
        receive(owner, warehouse, item, "1000")
    return owner, {
        "customerId": customer(owner),
        "submit": True,
        "lines": [{"skuId": s, "quantity": "2"} for s in skus],
    }


def _create_order(api: GraphQLClient, owner: TenantSession, data: dict[str, Any]) -> int:
    before = statements_so_far(api, CREATE_OPERATION)
    payload = owner.client.data(CREATE_ORDER, {"input": data}, operation_name=CREATE_OPERATION)[
        "createOrder"
    ]
    assert payload["userErrors"] == [], payload["userErrors"]
    statements = int(statements_so_far(api, CREATE_OPERATION) - before)
    assert payload["order"]["status"] == "CONFIRMED"
    lines = owner.client.data(RESERVED, {"id": payload["order"]["id"]})["node"]["lines"]
    assert [Decimal(line["reservedQuantity"]) for line in lines] == [2] * 3
    return statements


def test_creating_a_submitted_three_line_order_costs_at_most_15_statements(
    api: GraphQLClient,
) -> None:
    owner, data = _shop(api)
    _create_order(api, owner, data)  # the tenant's first order also creates its counter
    statements = _create_order(api, owner, data)

    assert 0 < statements <= CREATE_ORDER_BUDGET, f"{statements} statements per createOrder"


def _order_page_statements(api: GraphQLClient, owner: TenantSession, size: int) -> int:
    before = statements_so_far(api, PAGE_OPERATION)
    edges = owner.client.data(ORDER_PAGE, {"first": 50}, operation_name=PAGE_OPERATION)["orders"][
        "edges"
    ]
    assert len(edges) == size
    assert all(
        len(edge["node"]["lines"]) == 3 and edge["node"]["customer"]["name"] for edge in edges
    )
    return int(statements_so_far(api, PAGE_OPERATION) - before)


def test_an_order_list_page_costs_the_same_statements_for_3_and_20_orders(
    api: GraphQLClient,
) -> None:
    owner, data = _shop(api)
    for _ in range(3):
        _create_order(api, owner, data)
    with_3 = _order_page_statements(api, owner, 3)
    for _ in range(17):
        _create_order(api, owner, data)
    with_20 = _order_page_statements(api, owner, 20)

    assert with_20 == with_3, f"{with_3} statements for 3 orders, {with_20} for 20"
    assert with_20 <= ORDER_PAGE_BUDGET


VIEWER_KIND = "query StatementBudgetViewerKind { viewer { kind } }"
VIEWER_FULL = """query StatementBudgetViewerFull {
  viewer { kind user { email } permissions { resource action } roles dataScope } }"""


def statements_of(api: GraphQLClient, owner: TenantSession, query: str, operation: str) -> int:
    owner.client.data(query)
    before = statements_so_far(api, operation)
    owner.client.data(query)
    return int(statements_so_far(api, operation) - before)


def test_the_viewer_reads_only_what_is_selected(api: GraphQLClient) -> None:
    owner = sign_up(api)
    full = owner.client.data(VIEWER_FULL)["viewer"]
    assert full["user"]["email"] == owner.email and full["roles"] and full["permissions"]
    assert full["dataScope"] == "ALL"
    kind_only = statements_of(api, owner, VIEWER_KIND, "StatementBudgetViewerKind")
    everything = statements_of(api, owner, VIEWER_FULL, "StatementBudgetViewerFull")
    # Binding the tenant and checking the token's principal are the floor of any request;
    # the kind alone adds nothing to them, the user row and the permissions add their own.
    assert kind_only <= 2, kind_only
    assert everything > kind_only
