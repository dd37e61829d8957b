"""Receivables a confirmed order schedules, the payments recorded against them, and the
books' reconciliation."""

from __future__ import annotations

from datetime import date
from typing import Any

from tests.support.graphql import GraphQLClient, TenantSession
from tests.support.orders import Shop, confirmed_order, open_shop
from tests.support.waiting import wait_until

RECEIVABLE_FIELDS = """id orderId orderNumber customerId customerName sequence label
  amount { amount currency } amountPaid { amount } amountOpen { amount } dueDate daysOverdue
  status"""
RECEIVABLES = f"""query R($filter: ReceivableFilter) {{ receivables(first: 50, filter: $filter) {{
  edges {{ node {{ {RECEIVABLE_FIELDS} }} }} }} }}"""
PAYMENT_FIELDS = """id number customerName method amount { amount currency }
  amountAllocated { amount } receivedOn reference recordedByLabel
  allocations { orderNumber amount { amount } }"""
RECORD = f"""mutation P($input: RecordPaymentInput!) {{ recordPayment(input: $input) {{
  payment {{ {PAYMENT_FIELDS} }} userErrors {{ field code message }} }} }}"""
ORDER_PAYMENTS = """query O($id: ID!) { node(id: $id) { ... on Order { status paymentStatus
  amountPaid { amount } amountDue { amount } total { amount }
  statusHistory { fromStatus toStatus note } } } }"""
RECONCILE = """mutation { runReconciliation { run { trigger balanced
  mismatches { code subject expected actual } } userErrors { code } } }"""
CREATE_CUSTOMER_WITH_TERMS = """mutation C($input: CreateCustomerInput!) {
  createCustomer(input: $input) {
    customer { id paymentTerms { kind instalments { percent trigger daysAfter label } } }
    userErrors { field code } } }"""


def receivables(session: TenantSession, **flt: Any) -> list[dict[str, Any]]:
    data = session.client.data(RECEIVABLES, {"filter": flt})["receivables"]["edges"]
    return [edge["node"] for edge in data]


def scheduled(session: TenantSession, order_id: str) -> dict[str, Any]:
    """The order's receivable, once the worker has scheduled it."""

    def found() -> dict[str, Any] | None:
        return next((r for r in receivables(session) if r["orderId"] == order_id), None)

    return wait_until(found, 30, "the order's receivable")


def schedule_of(session: TenantSession, order_id: str, parts: int) -> list[dict[str, Any]]:
    """The order's receivables in sequence, once the worker has scheduled all `parts`."""

    def of_order() -> list[dict[str, Any]]:
        return [r for r in receivables(session) if r["orderId"] == order_id]

    wait_until(lambda: len(of_order()) == parts, 30, "the schedule")
    return sorted(of_order(), key=lambda r: r["sequence"])


def record(
    session: TenantSession,
    customer_id: str,
    amount: str,
    allocations: list[tuple[str, str]],
    **fields: Any,
) -> dict[str, Any]:
    payload: dict[str, Any] = session.client.data(
        RECORD,
        {
            "input": {
                "customerId": customer_id,
                "method": "BANK_TRANSFER",
                "amount": amount,
                "currency": "USD",
                "receivedOn": date.today().isoformat(),
                "allocations": [{"receivableId": r, "amount": a} for r, a in allocations],
                **fields,
            }
        },
    )["recordPayment"]
    return payload


def paid_in_full(session: TenantSession, customer_id: str, receivable: dict[str, Any]) -> str:
    """A bank transfer settling the receivable's open amount; the payment's id."""
    amount = receivable["amountOpen"]["amount"]
    payload = record(session, customer_id, amount, [(receivable["id"], amount)])
    assert payload["userErrors"] == [], payload["userErrors"]
    payment_id: str = payload["payment"]["id"]
    return payment_id


def order_of(session: TenantSession, order_id: str) -> dict[str, Any]:
    node: dict[str, Any] = session.client.data(ORDER_PAYMENTS, {"id": order_id})["node"]
    return node


def paid_by_transfer(api: GraphQLClient) -> tuple[Shop, dict[str, Any], str]:
    """A shop whose 33.00 order was paid by bank transfer: shop, order, payment id."""
    shop = open_shop(api)
    order = confirmed_order(shop.owner, shop)
    receivable = scheduled(shop.owner, order["id"])
    recorded = record(shop.owner, shop.customer_id, "33.00", [(receivable["id"], "33.00")])
    assert recorded["userErrors"] == [], recorded
    return shop, order, recorded["payment"]["id"]
