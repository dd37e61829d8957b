"""Every Decimal the API returns is plain text ("10", "2.5"), never exponent notation
("1E+1"): front ends parse it as written, and a quantity of 10 shown as "—" or priced at
$0.00 is a wrong invoice."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest

from tests.support.demo import DEMO_ROLE_USERS, demo_logins, log_in
from tests.support.graphql import GraphQLClient
from tests.support.invoices import INVOICE_FIELDS, issued
from tests.support.orders import confirmed_order, open_shop
from tests.support.stack import Stack

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


# --- every Decimal the main lists return, on the seeded demo tenant -------------------------

SCHEMA = """query Schema { __schema { queryType { name } types { kind name
  fields { name args { name type { ...Ref } } type { ...Ref } } } } }
fragment Ref on __Type { kind name
  ofType { kind name ofType { kind name ofType { kind name } } } }"""
# The lists a user works from; each must answer, and together they must carry Decimals.
MAIN_LISTS = (
    "orders",
    "invoices",
    "receivables",
    "payments",
    "refunds",
    "products",
    "skus",
    "priceBooks",
    "customers",
    "stockLevels",
    "agingReport",
)
MAX_DEPTH = 5  # object levels below a list's node; the API refuses documents deeper than 12


def unwrap(ref: dict[str, Any]) -> dict[str, Any]:
    while ref["kind"] in {"NON_NULL", "LIST"}:
        ref = ref["ofType"]
    return ref


def takes_no_arguments(field: dict[str, Any]) -> bool:
    return all(arg["type"]["kind"] != "NON_NULL" for arg in field["args"])


class DecimalSelections:
    """Selection sets reaching every Decimal field below a type, through object fields that
    need no arguments, each type at most once on a path (so cycles end)."""

    def __init__(self, types: dict[str, dict[str, Any]]) -> None:
        self.types = types

    def of(self, type_name: str, path: tuple[str, ...] = ()) -> str:
        if len(path) > MAX_DEPTH:
            return ""
        parts = []
        for field in self.types[type_name]["fields"] or []:
            target = unwrap(field["type"])
            if not takes_no_arguments(field) or target["name"] in path:
                continue
            if target["kind"] == "SCALAR" and target["name"] == "Decimal":
                parts.append(field["name"])
            elif target["kind"] == "OBJECT":
                inner = self.of(target["name"], (*path, type_name))
                if inner:
                    parts.append(f"{field['name']} {{ {inner} }}")
        return " ".join(parts)


def decimal_strings(value: Any) -> int:
    """How many plain decimal numbers a response holds (so the walk is known to reach some)."""
    if isinstance(value, dict):
        return sum(decimal_strings(item) for item in value.values())
    if isinstance(value, list):
        return sum(decimal_strings(item) for item in value)
    return int(isinstance(value, str) and re.fullmatch(r"-?\d+(\.\d+)?", value) is not None)


@pytest.mark.timeout(300)  # it seeds the demo tenant when no test has yet
def test_no_decimal_reachable_from_the_main_lists_of_the_demo_is_in_exponent_form(
    api: GraphQLClient, stack: Stack
) -> None:
    owner = log_in(api, demo_logins(stack), DEMO_ROLE_USERS["admin"])
    schema = owner.data(SCHEMA)["__schema"]
    types = {t["name"]: t for t in schema["types"]}
    selections = DecimalSelections(types)

    seen, offenders = 0, []
    for name in MAIN_LISTS:
        [field] = [f for f in types[schema["queryType"]["name"]]["fields"] if f["name"] == name]
        selection = selections.of(unwrap(field["type"])["name"])
        assert selection, name
        data = owner.data(f"query {{ {name} {{ {selection} }} }}")
        seen += decimal_strings(data)
        offenders += exponent_values(data, name)

    assert offenders == []
    assert seen > 200  # quantities, prices, rates and amounts of a dozen orders and more


def test_the_walk_would_see_an_exponent() -> None:
    assert exponent_values({"lines": [{"quantity": "1E+1"}, {"quantity": "10.000"}]}) == [
        ".lines.0.quantity=1E+1"
    ]
