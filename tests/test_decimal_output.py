"""Every Decimal the API returns is plain text ("10", "2.5"), never exponent notation
("1E+1"): front ends parse it as written, and a quantity of 10 shown as "—" or priced at
$0.00 is a wrong invoice."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from tests.support.graphql import GraphQLClient
from tests.support.invoices import INVOICE_FIELDS, issued
from tests.support.orders import confirmed_order, open_shop

EXPONENT = re.compile(r"^-?\d+(\.\d+)?[eE][+-]?\d+$")
ORDER = """query O($id: ID!) { node(id: $id) { ... on Order {
  subtotal { amount } discountTotal { amount } taxTotal { amount } total { amount }
  lines { quantity unitPrice { amount } discountPercent taxRate lineSubtotal { amount }
          discountAmount { amount } taxAmount { amount } lineTotal { amount }
          reservedQuantity backorderedQuantity shippedQuantity } } } }"""
INVOICE = f"""query I($id: ID!) {{ node(id: $id) {{ ... on Invoice {{ {INVOICE_FIELDS} }} }} }}"""


def exponent_values(value: Any, path: str = "") -> list[str]:
    """Every string in a response that is a number in exponent notation, with its path."""
    if isinstance(value, dict):
        return [p for key, item in value.items() for p in exponent_values(item, f"{path}.{key}")]
    if isinstance(value, list):
        return [p for i, item in enumerate(value) for p in exponent_values(item, f"{path}.{i}")]
    return [f"{path}={value}"] if isinstance(value, str) and EXPONENT.match(value) else []


def test_round_quantities_and_rates_leave_the_api_as_plain_numbers(api: GraphQLClient) -> None:
    shop = open_shop(api)
    order = confirmed_order(shop.owner, shop, quantity="10")
    invoice = issued(shop.owner, order["id"])

    assert [line["quantity"] for line in invoice["lines"]] == ["10"]
    read_order = shop.owner.client.data(ORDER, {"id": order["id"]})["node"]
    read_invoice = shop.owner.client.data(INVOICE, {"id": invoice["id"]})["node"]
    assert Decimal(read_order["lines"][0]["quantity"]) == 10
    assert exponent_values({"order": read_order, "invoice": read_invoice, "issued": invoice}) == []
