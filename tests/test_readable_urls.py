"""The console's readable addresses (/orders/<number>, /invoices/<number>,
/payments/<number>) load through orderByNumber, invoiceByNumber and paymentByNumber: each finds
what node(id:) finds, and nothing of another tenant or outside the caller's data scope."""

from __future__ import annotations

from typing import Any

from tests.support.customers import hand_over
from tests.support.graphql import GraphQLClient, TenantSession, colleague, graphql_codes
from tests.support.invoices import issued
from tests.support.orders import Shop, confirmed_order, open_shop
from tests.support.payments import paid_by_transfer
from tests.support.stack import Mailbox

BY_NUMBER = """query ByNumber($order: String!, $invoice: String!, $payment: String!) {
  orderByNumber(number: $order) { id number }
  invoiceByNumber(number: $invoice) { id number kind }
  paymentByNumber(number: $payment) { id number } }"""
NODE = """query Node($id: ID!) { node(id: $id) { id } }"""


def by_number(session: TenantSession, numbers: dict[str, str]) -> dict[str, Any]:
    found: dict[str, Any] = session.client.data(BY_NUMBER, numbers)
    return found


def documents(api: GraphQLClient) -> tuple[Shop, dict[str, str], dict[str, str]]:
    """A shop whose order was paid and invoiced: the shop, the numbers and the global ids."""
    shop, order, payment_id = paid_by_transfer(api)
    invoice = issued(shop.owner, order["id"])
    payment = shop.owner.client.data(
        "query P($id: ID!) { node(id: $id) { ... on Payment { number } } }", {"id": payment_id}
    )["node"]
    numbers = {"order": order["number"], "invoice": invoice["number"], "payment": payment["number"]}
    ids = {"order": order["id"], "invoice": invoice["id"], "payment": payment_id}
    return shop, numbers, ids


def test_each_number_finds_the_same_record_as_its_global_id(api: GraphQLClient) -> None:
    shop, numbers, ids = documents(api)

    found = by_number(shop.owner, numbers)

    assert found["orderByNumber"] == {"id": ids["order"], "number": numbers["order"]}
    assert found["invoiceByNumber"] == {
        "id": ids["invoice"],
        "number": numbers["invoice"],
        "kind": "INVOICE",
    }
    assert found["paymentByNumber"] == {"id": ids["payment"], "number": numbers["payment"]}
    padded = {key: f"  {number} " for key, number in numbers.items()}
    assert by_number(shop.owner, padded) == found


def test_a_credit_note_is_found_by_its_number_like_an_invoice(api: GraphQLClient) -> None:
    shop, _, ids = documents(api)
    credit = shop.owner.client.data(
        """mutation C($input: IssueCreditNoteInput!) { issueCreditNote(input: $input) {
          creditNote { id number } userErrors { code } } }""",
        {
            "input": {
                "invoiceId": ids["invoice"],
                "basis": "ADJUSTMENT",
                "reason": "Late",
                "amount": "1.00",
            }
        },
    )["issueCreditNote"]
    assert credit["userErrors"] == [], credit

    found = shop.owner.client.data(
        "query I($n: String!) { invoiceByNumber(number: $n) { id kind } }",
        {"n": credit["creditNote"]["number"]},
    )["invoiceByNumber"]

    assert found == {"id": credit["creditNote"]["id"], "kind": "CREDIT_NOTE"}


def test_an_unknown_number_is_null(api: GraphQLClient) -> None:
    shop = open_shop(api)
    confirmed_order(shop.owner, shop)

    found = by_number(
        shop.owner, {"order": "SO-999999", "invoice": "INV-999999", "payment": "PAY-999999"}
    )

    assert found == {"orderByNumber": None, "invoiceByNumber": None, "paymentByNumber": None}


def test_another_tenants_numbers_are_null_even_when_the_same_number_exists_here(
    api: GraphQLClient,
) -> None:
    _, their_numbers, their_ids = documents(api)
    ours, our_numbers, our_ids = documents(api)
    # Numbers are per tenant: both tenants' first documents carry the same numbers.
    assert our_numbers == their_numbers

    found = by_number(ours.owner, their_numbers)

    assert set(our_ids.values()).isdisjoint(their_ids.values())
    assert [found[k]["id"] for k in ("orderByNumber", "invoiceByNumber", "paymentByNumber")] == [
        our_ids["order"],
        our_ids["invoice"],
        our_ids["payment"],
    ]
    lone = open_shop(api)
    assert by_number(lone.owner, their_numbers) == {
        "orderByNumber": None,
        "invoiceByNumber": None,
        "paymentByNumber": None,
    }


def test_a_sales_rep_finds_by_number_only_what_node_finds_in_their_scope(
    api: GraphQLClient, mailbox: Mailbox
) -> None:
    shop, numbers, ids = documents(api)
    rep = colleague(shop.owner, mailbox, "sales")
    order_and_invoice = """query OI($order: String!, $invoice: String!) {
      orderByNumber(number: $order) { id } invoiceByNumber(number: $invoice) { id } }"""
    wanted = {"order": numbers["order"], "invoice": numbers["invoice"]}

    for global_id in (ids["order"], ids["invoice"]):
        assert graphql_codes(rep.client.execute(NODE, {"id": global_id})) == ["NOT_FOUND"]
    assert rep.client.data(order_and_invoice, wanted) == {
        "orderByNumber": None,
        "invoiceByNumber": None,
    }

    hand_over(shop.owner, shop.customer_id, rep)

    assert rep.client.data(order_and_invoice, wanted) == {
        "orderByNumber": {"id": ids["order"]},
        "invoiceByNumber": {"id": ids["invoice"]},
    }


def test_without_the_permission_the_lookup_is_refused_like_node(
    api: GraphQLClient, mailbox: Mailbox
) -> None:
    shop, numbers, ids = documents(api)
    warehouse = colleague(shop.owner, mailbox, "warehouse")

    node = warehouse.client.execute(NODE, {"id": ids["payment"]})
    lookup = warehouse.client.execute(
        "query P($n: String!) { paymentByNumber(number: $n) { id } }",
        {"n": numbers["payment"]},
    )

    assert graphql_codes(node) == graphql_codes(lookup) == ["FORBIDDEN"]
