"""The order createOrder returns is the order as stored: the entry path writes the order,
its lines and history in one statement and hands back the object it wrote, without
reading it again, so every field of the payload must read as a later read of the order."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from tests.support.catalog import create_sku
from tests.support.graphql import GraphQLClient, TenantSession, sign_up
from tests.support.inventory import create_warehouse, receive
from tests.support.orders import customer

FIELDS = """id number channel externalRef status priority rank tags notes
  requestedDeliveryDate currency subtotal { amount currency } discountTotal { amount }
  taxTotal { amount } total { amount } shipTo { recipient line1 city country }
  billTo { recipient } carrier trackingNumber shippedAt version createdAt updatedAt
  paymentStatus amountPaid { amount } amountDue { amount } amountRefunded { amount }
  paymentTerms { kind netDays }
  lines { lineNo skuCode description quantity unitPrice { amount } priceSource
    discountPercent taxRate lineSubtotal { amount } discountAmount { amount }
    taxAmount { amount } lineTotal { amount } reservedQuantity backorderedQuantity
    shippedQuantity }
  statusHistory { fromStatus toStatus action actorKind actorLabel comment noteCode }"""
CREATE = f"""mutation($input: CreateOrderInput!) {{ createOrder(input: $input) {{
  order {{ {FIELDS} }} userErrors {{ field code message }} }} }}"""
READ = f"query($id: ID!) {{ node(id: $id) {{ ... on Order {{ {FIELDS} }} }} }}"


@pytest.fixture(scope="module")
def shop(api: GraphQLClient) -> tuple[TenantSession, dict[str, Any]]:
    owner = sign_up(api)
    warehouse = create_warehouse(owner, "MAIN")
    skus = [create_sku(owner, code) for code in ("BOLT", "NUT")]
    for sku in skus:
        receive(owner, warehouse, sku, "100")
    return owner, {
        "customerId": customer(owner),
        "tags": ["Rush"],
        "notes": "Leave at dock 4",
        "requestedDeliveryDate": "2099-03-01",
        "lines": [
            {"skuId": skus[0], "quantity": "2", "discountPercent": "5"},
            {"skuId": skus[1], "quantity": "3"},
        ],
    }


@pytest.mark.parametrize("submit", [False, True])
def test_the_created_order_reads_as_stored(
    shop: tuple[TenantSession, dict[str, Any]], submit: bool
) -> None:
    owner, data = shop
    payload = owner.client.data(
        CREATE, {"input": {**data, "submit": submit, "externalRef": f"PO-{submit}"}}
    )["createOrder"]
    assert payload["userErrors"] == []
    created = payload["order"]
    stored = owner.client.data(READ, {"id": created["id"]})["node"]

    assert created == stored
    assert created["status"] == ("CONFIRMED" if submit else "DRAFT")
    assert created["paymentStatus"] == "UNPAID" and created["createdAt"]
    assert [Decimal(line["reservedQuantity"]) for line in created["lines"]] == (
        [2, 3] if submit else [0, 0]
    )
