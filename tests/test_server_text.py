"""Server text in the reader's language: the API sends what the system says as codes and
their facts (status history notes, price sources, payment-schedule parts, approval reasons,
built-in role and department names) and keeps the English only in deprecated fields;
clients word them. English the server stored before is converted by the migrations."""

from __future__ import annotations

import uuid
from typing import Any

from tests.support.database import owner_sql, tenant_id_of
from tests.support.graphql import GraphQLClient, TenantSession, row_uuid
from tests.support.migrations import run_step
from tests.support.orders import confirmed_order, created, open_shop, order_input
from tests.support.payments import paid_in_full, scheduled
from tests.support.rbac import create_role
from tests.support.stack import Stack

HISTORY = """query H($id: ID!) { node(id: $id) { ... on Order {
  statusHistory { toStatus action noteCode noteParams comment note } } } }"""


def history(session: Any, order_id: str) -> list[dict[str, Any]]:
    steps: list[dict[str, Any]] = session.client.data(HISTORY, {"id": order_id})["node"][
        "statusHistory"
    ]
    return steps


def test_an_order_paid_in_full_says_so_as_a_code_with_the_payment_number(
    api: GraphQLClient,
) -> None:
    shop = open_shop(api)
    order = confirmed_order(shop.owner, shop)
    paid_in_full(shop.owner, shop.customer_id, scheduled(shop.owner, order["id"]))

    steps = history(shop.owner, order["id"])

    assert steps[-1] == {
        "toStatus": "PAID",
        "action": "mark_paid",
        "noteCode": "PAID_IN_FULL",
        "noteParams": {"payment": "PAY-000001"},
        "comment": None,
        "note": "Paid in full (PAY-000001)",
    }
    assert steps[0]["noteCode"] is None and steps[0]["comment"] is None


def _old_history_row(
    stack: Stack, tenant_id: str, order_id: uuid.UUID, status: str, note: str
) -> None:
    owner_sql(
        stack,
        "INSERT INTO order_status_history (tenant_id, id, order_id, from_status, to_status, "
        "action, note, created_at) VALUES ($1, $2, $3, $4, $4, 'change', $5, "
        "clock_timestamp())",
        uuid.UUID(tenant_id),
        uuid.uuid4(),
        order_id,
        status,
        note,
    )


def test_english_notes_stored_before_become_codes_and_the_actors_words_stay(
    api: GraphQLClient, stack: Stack
) -> None:
    shop = open_shop(api)
    order = confirmed_order(shop.owner, shop)
    paid_in_full(shop.owner, shop.customer_id, scheduled(shop.owner, order["id"]))
    tenant_id, order_id = tenant_id_of(stack, shop.owner), row_uuid(order["id"])
    owner_sql(
        stack,
        "UPDATE order_status_history SET note = 'Paid in full (PAY-000001)', note_code = NULL, "
        "note_params = NULL WHERE order_id = $1 AND note_code = 'paid_in_full'",
        order_id,
    )
    for note in (
        "Change: BOLT 3 → 5; delivery - → 2026-12-01; ship to Ann Lee, Lyon (more (urgent))",
        "Change: the customer phoned",
    ):
        _old_history_row(stack, tenant_id, order_id, "paid", note)

    run_step(stack, "0024_status_notes_as_codes.py", "convert_notes")

    steps = history(shop.owner, order["id"])
    assert [(s["noteCode"], s["noteParams"], s["comment"]) for s in steps[-4:]] == [
        ("PAID_IN_FULL", {"payment": "PAY-000001"}, None),
        ("PAID_IN_FULL", {"payment": "PAY-000001"}, None),
        (
            "ORDER_CHANGED",
            {
                "lines": [{"sku": "BOLT", "before": "3", "after": "5"}],
                "delivery": {"before": None, "after": "2026-12-01"},
                "shipTo": {"recipient": "Ann Lee", "city": "Lyon"},
            },
            "more (urgent)",
        ),
        (None, None, "Change: the customer phoned"),
    ]


ROLES = "query { roles { key name nameCode descriptionCode } departments { key nameCode } }"
RENAME_ROLE = """mutation R($input: UpdateRoleInput!) { updateRole(input: $input) {
  role { key name nameCode descriptionCode } userErrors { code } } }"""


def test_built_in_roles_and_departments_carry_a_code_until_the_tenant_renames_them(
    tenant: TenantSession,
) -> None:
    listed = tenant.client.data(ROLES)
    roles = {r["key"]: r for r in listed["roles"]}
    assert roles["support"] == {
        "key": "support",
        "name": "Support",
        "nameCode": "support",
        "descriptionCode": "support",
    }
    assert {d["key"]: d["nameCode"] for d in listed["departments"]} == {
        key: key for key in ("sales", "warehouse", "finance", "support", "management")
    }
    custom = create_role(tenant, "helpdesk", "customers:read", name="Helpdesk")
    assert custom["role"]["key"] == "helpdesk"

    [role_id] = [
        r["id"]
        for r in tenant.client.data("query { roles { id key } }")["roles"]
        if r["key"] == "support"
    ]
    renamed = tenant.client.data(
        RENAME_ROLE, {"input": {"roleId": role_id, "name": "After-sales desk"}}
    )["updateRole"]

    assert renamed == {
        "role": {
            "key": "support",
            "name": "After-sales desk",
            "nameCode": None,
            "descriptionCode": "support",
        },
        "userErrors": [],
    }
    roles = {r["key"]: r for r in tenant.client.data(ROLES)["roles"]}
    assert roles["helpdesk"]["nameCode"] is None and roles["helpdesk"]["descriptionCode"] is None


APPROVAL = """query A($id: ID!) { node(id: $id) { ... on Order {
  approval { steps { level reasons { code params message } } } } } }"""


def _reasons(session: TenantSession, order_id: str) -> list[dict[str, Any]]:
    order = session.client.data(APPROVAL, {"id": order_id})["node"]
    return [reason for step in order["approval"]["steps"] for reason in step["reasons"]]


def test_approval_reasons_carry_their_figures_and_stored_ones_are_read_back(
    api: GraphQLClient, stack: Stack
) -> None:
    shop = open_shop(api)
    data = order_input(shop, (shop.sku_id, "1"), submit=True)
    data["lines"][0]["discountPercent"] = "8"
    order = created(shop.owner, data)
    assert order["status"] == "PENDING_APPROVAL"
    expected = {
        "code": "DISCOUNT",
        "params": {"discount": "8", "threshold": "5"},
        "message": "A line discount of 8% is above the approval threshold of 5%.",
    }
    assert _reasons(shop.owner, order["id"]) == [expected]

    owner_sql(
        stack,
        "UPDATE approval_steps SET reasons = jsonb_build_array((reasons->0) - 'params', "
        "jsonb_build_object('code', 'amount', 'message', 'Order total 150,000.00 USD is above "
        "100,000.00 USD.'), jsonb_build_object('code', 'amount', 'message', 'Too big.')) "
        "WHERE tenant_id = $1",
        uuid.UUID(tenant_id_of(stack, shop.owner)),
    )
    run_step(stack, "0028_approval_reason_params.py", "add_params")

    assert [(r["code"], r["params"]) for r in _reasons(shop.owner, order["id"])] == [
        ("DISCOUNT", {"discount": "8", "threshold": "5"}),
        ("AMOUNT", {"total": "150000.00", "currency": "USD", "threshold": "100000.00"}),
        ("AMOUNT", {}),
    ]


TERMS = """query { receivables(first: 10) { edges { node { orderId label
  term { kind percent trigger daysAfter } } } } }"""


def test_receivables_say_what_they_are_as_a_term_to_word(api: GraphQLClient) -> None:
    shop = open_shop(api)
    order = confirmed_order(shop.owner, shop)
    scheduled(shop.owner, order["id"])

    [node] = [e["node"] for e in shop.owner.client.data(TERMS)["receivables"]["edges"]]

    assert node["term"] == {
        "kind": "FULL",
        "percent": None,
        "trigger": "confirmation",
        "daysAfter": 0,
    }
    assert node["label"] == "Payment in full"


PREVIEW = """query P($input: CreateOrderInput!) { orderPreview(input: $input) {
  lines { priceRule { kind bookName minQuantity } } } }"""


def test_the_order_form_preview_names_its_pricing_rule_as_a_code(api: GraphQLClient) -> None:
    shop = open_shop(api)

    preview = shop.owner.client.data(PREVIEW, {"input": order_input(shop, (shop.sku_id, "2"))})[
        "orderPreview"
    ]

    assert preview["lines"] == [
        {"priceRule": {"kind": "LIST", "bookName": None, "minQuantity": None}}
    ]
