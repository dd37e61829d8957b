"""Malformed numbers in money, quantity and percent inputs: GraphQL's Decimal scalar lets
NaN, Infinity, 1e999999, sixty-digit numbers and more decimals than a column holds through,
and each must come back as a user error on the field the client sent (HTTP 200, never
INTERNAL_SERVER_ERROR), with nothing written anywhere."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest

from tests.support.catalog import add_option, create_book, create_product
from tests.support.graphql import GraphQLClient, invite_and_join, ordered_errors_of
from tests.support.invoices import issued
from tests.support.orders import Shop, confirmed_order, customer, open_shop
from tests.support.payments import paid_in_full, scheduled
from tests.support.stack import Mailbox

SIXTY_DIGITS = "123456789012345678901234567890123456789012345678901234567890"
# Each malformed number, and what is wrong with it: not a number at all, more digits
# before the point than any column holds (or an exponent no column can take, even on a
# zero), or more decimals than any column holds.
MALFORMED = {
    "NaN": "not_a_number",
    "sNaN": "not_a_number",
    "Infinity": "not_a_number",
    "-Infinity": "not_a_number",
    "1e999999": "too_many_digits",
    "1e1000000": "too_many_digits",
    "0E+999999": "too_many_digits",
    SIXTY_DIGITS: "too_many_digits",
    "1.0000001": "too_many_decimals",
}
GENERIC_CODES = {
    "not_a_number": "INVALID_NUMBER",
    "too_many_digits": "TOO_MANY_DIGITS",
    "too_many_decimals": "TOO_MANY_DECIMALS",
}

# Everything the mutations below could write, read in one go.
WORLD_STATE = """query WorldState {
  payments(first: 100) { edges { node { id amount { amount } amountAllocated { amount } } } }
  receivables(first: 100) { edges { node { id amountPaid { amount } status } } }
  refunds(first: 100) { edges { node { id amount { amount } } } }
  invoices(first: 100) { edges { node { id kind amountCredited { amount } } } }
  orders(first: 100) { edges { node { id version total { amount } } } }
  orderChangeRequests(first: 100) { edges { node { id } } }
  orderSettings { discountCaps { roleKey percent } }
  approvalSettings { discountThresholdPercent amountThresholds { above level } }
  stockLevels(first: 100) { edges { node { id onHand lowStockThreshold } } }
  products(first: 100) { edges { node { code taxRate basePrice { amount } baseCost { amount }
    options { values { code priceDelta { amount } costDelta { amount } } }
    skus { code listPrice { amount } cost { amount } minOrderQuantity packSize } } } }
  priceBooks(first: 100) { edges { node { name entries { unitPrice { amount } minQuantity } } } }
  customers(first: 100) { edges { node { name creditLimit { amount }
    paymentTerms { kind instalments { percent } } } } }
}"""


@dataclass
class World:
    """A shop with an order paid and invoiced, an order still open, a configurable product
    and a volume price book: something for every decimal input to act on."""

    shop: Shop
    receivable_id: str
    payment_id: str
    invoice_id: str
    open_order_id: str
    open_order_line_id: str
    product_id: str
    option_id: str
    price_book_id: str

    @property
    def client(self) -> GraphQLClient:
        return self.shop.owner.client


@pytest.fixture(scope="module")
def world(api: GraphQLClient) -> World:
    shop = open_shop(api, stock="1000")
    paid = confirmed_order(shop.owner, shop)
    payment_id = paid_in_full(shop.owner, shop.customer_id, scheduled(shop.owner, paid["id"]))
    invoice_id = issued(shop.owner, paid["id"], sendEmail=False)["id"]
    still_open = confirmed_order(shop.owner, shop)
    product = create_product(
        shop.owner, "LAPTOP", "Product LAPTOP", cost="6.00", taxRate="0.1", hasOptions=True
    )
    option = add_option(shop.owner, product["id"], "Memory", [{"name": "16G", "code": "16G"}])
    return World(
        shop,
        scheduled(shop.owner, still_open["id"])["id"],
        payment_id,
        invoice_id,
        still_open["id"],
        still_open["lines"][0]["id"],
        product["id"],
        option["id"],
        create_book(shop.owner, "Volume breaks", "VOLUME")["id"],
    )


@dataclass(frozen=True)
class DecimalInput:
    """One decimal input of a mutation: how to send a value in it, where its error must be
    and with which code (the domain's own for every refusal, its own for too many decimals,
    or the generic codes)."""

    mutation: str
    document: str
    variables: Callable[[World, str], dict[str, Any]]
    field: tuple[str, ...]
    code: str | None = None
    decimals_code: str | None = None

    def expected_code(self, value: str) -> str:
        problem = MALFORMED[value]
        if self.code is not None:
            return self.code
        if problem == "too_many_decimals" and self.decimals_code is not None:
            return self.decimals_code
        return GENERIC_CODES[problem]

    @property
    def name(self) -> str:
        return f"{self.mutation}.{'.'.join(self.field)}"


def mutation(name: str, input_type: str) -> str:
    return (
        f"mutation M($input: {input_type}!) {{ {name}(input: $input) {{ "
        "userErrors { field code message } } }"
    )


RECORD_PAYMENT = mutation("recordPayment", "RecordPaymentInput")
REQUEST_REFUND = mutation("requestRefund", "RequestRefundInput")
ISSUE_CREDIT_NOTE = mutation("issueCreditNote", "IssueCreditNoteInput")
UPDATE_APPROVAL_SETTINGS = mutation("updateApprovalSettings", "UpdateApprovalSettingsInput")
CREATE_ORDER = mutation("createOrder", "CreateOrderInput")
UPDATE_ORDER_SETTINGS = mutation("updateOrderSettings", "UpdateOrderSettingsInput")
REQUEST_ORDER_CHANGE = mutation("requestOrderChange", "RequestOrderChangeInput")
SET_LOW_STOCK_THRESHOLD = mutation("setLowStockThreshold", "SetLowStockThresholdInput")
RECEIVE_STOCK = mutation("receiveStock", "ReceiveStockInput")
ADJUST_STOCK = mutation("adjustStock", "AdjustStockInput")
CREATE_PRODUCT = mutation("createProduct", "CreateProductInput")
UPDATE_PRODUCT = mutation("updateProduct", "UpdateProductInput")
UPDATE_SKU = mutation("updateSku", "UpdateSkuInput")
ADD_PRODUCT_OPTION = mutation("addProductOption", "AddProductOptionInput")
ADD_OPTION_VALUES = mutation("addProductOptionValues", "AddProductOptionValuesInput")
CREATE_PRICE_BOOK = mutation("createPriceBook", "CreatePriceBookInput")
SET_PRICE_BOOK_ENTRIES = mutation("setPriceBookEntries", "SetPriceBookEntriesInput")
CREATE_CUSTOMER = mutation("createCustomer", "CreateCustomerInput")
UPDATE_CUSTOMER = mutation("updateCustomer", "UpdateCustomerInput")


def payment(world: World, amount: str, allocated: str) -> dict[str, Any]:
    return {
        "input": {
            "customerId": world.shop.customer_id,
            "method": "BANK_TRANSFER",
            "amount": amount,
            "currency": "USD",
            "receivedOn": date.today().isoformat(),
            "allocations": [{"receivableId": world.receivable_id, "amount": allocated}],
        }
    }


def order(world: World, quantity: str = "2", discount: str = "0", **fields: Any) -> dict[str, Any]:
    return {
        "input": {
            "customerId": world.shop.customer_id,
            **fields,
            "lines": [
                {"skuId": world.shop.sku_id, "quantity": quantity, "discountPercent": discount}
            ],
        }
    }


def instalments(first_percent: str) -> dict[str, Any]:
    return {
        "kind": "INSTALMENTS",
        "instalments": [
            {"percent": first_percent, "trigger": "CONFIRMATION"},
            {"percent": "50", "trigger": "DELIVERY"},
        ],
    }


def stock_input(world: World, **fields: Any) -> dict[str, Any]:
    return {"input": {"warehouseId": world.shop.warehouse_id, "skuId": world.shop.sku_id, **fields}}


def new_product(**fields: Any) -> dict[str, Any]:
    return {
        "input": {
            "code": "NEW-1",
            "name": "New product",
            "listPrice": "10.00",
            "taxRate": "0.1",
            **fields,
        }
    }


def option_value(**deltas: str) -> dict[str, Any]:
    return {"name": "32 GB", "code": "32G", **deltas}


def book_entry(world: World, **fields: str) -> dict[str, Any]:
    return {"skuId": world.shop.sku_id, "unitPrice": "9.00", "minQuantity": "10", **fields}


DECIMAL_INPUTS = [
    # payments
    DecimalInput(
        "recordPayment",
        RECORD_PAYMENT,
        lambda w, v: payment(w, v, "11.00"),
        ("amount",),
        decimals_code="AMOUNT_TOO_PRECISE",
    ),
    DecimalInput(
        "recordPayment",
        RECORD_PAYMENT,
        lambda w, v: payment(w, "11.00", v),
        ("allocations", "0", "amount"),
        decimals_code="AMOUNT_TOO_PRECISE",
    ),
    DecimalInput(
        "requestRefund",
        REQUEST_REFUND,
        lambda w, v: {"input": {"paymentId": w.payment_id, "amount": v, "reason": "RETURN"}},
        ("amount",),
        decimals_code="AMOUNT_PRECISION",
    ),
    DecimalInput(
        "issueCreditNote",
        ISSUE_CREDIT_NOTE,
        lambda w, v: {
            "input": {
                "invoiceId": w.invoice_id,
                "basis": "RETURN",
                "reason": "Damaged",
                "amount": v,
            }
        },
        ("amount",),
        decimals_code="AMOUNT_PRECISION",
    ),
    DecimalInput(
        "issueCreditNote",
        ISSUE_CREDIT_NOTE,
        lambda w, v: {
            "input": {
                "invoiceId": w.invoice_id,
                "basis": "RETURN",
                "reason": "Damaged",
                "lines": [{"lineNo": 1, "quantity": v}],
            }
        },
        ("lines", "0", "quantity"),
    ),
    # approvals
    DecimalInput(
        "updateApprovalSettings",
        UPDATE_APPROVAL_SETTINGS,
        lambda w, v: {"input": {"discountThresholdPercent": v}},
        ("discountThresholdPercent",),
        code="INVALID_DISCOUNT_THRESHOLD",
    ),
    DecimalInput(
        "updateApprovalSettings",
        UPDATE_APPROVAL_SETTINGS,
        lambda w, v: {"input": {"amountThresholds": [{"above": v, "level": "DIRECTOR"}]}},
        ("amountThresholds", "0", "above"),
        code="INVALID_AMOUNT",
    ),
    # orders
    DecimalInput(
        "createOrder",
        CREATE_ORDER,
        lambda w, v: order(w, quantity=v),
        ("lines", "0", "quantity"),
        code="INVALID_QUANTITY",
    ),
    DecimalInput(
        "createOrder",
        CREATE_ORDER,
        lambda w, v: order(w, discount=v),
        ("lines", "0", "discountPercent"),
        code="INVALID_DISCOUNT",
    ),
    DecimalInput(
        "createOrder",
        CREATE_ORDER,
        lambda w, v: order(w, paymentTerms=instalments(v)),
        ("paymentTerms", "instalments", "0", "percent"),
        code="INVALID_PAYMENT_TERMS",
    ),
    DecimalInput(
        "updateOrderSettings",
        UPDATE_ORDER_SETTINGS,
        lambda w, v: {"input": {"discountCaps": [{"roleKey": "sales", "percent": v}]}},
        ("discountCaps", "0", "percent"),
        code="INVALID_DISCOUNT_CAP",
    ),
    DecimalInput(
        "requestOrderChange",
        REQUEST_ORDER_CHANGE,
        lambda w, v: {
            "input": {
                "orderId": w.open_order_id,
                "lines": [{"orderLineId": w.open_order_line_id, "quantity": v}],
            }
        },
        ("lines", "0", "quantity"),
        code="INVALID_QUANTITY",
    ),
    # inventory
    DecimalInput(
        "setLowStockThreshold",
        SET_LOW_STOCK_THRESHOLD,
        lambda w, v: stock_input(w, threshold=v),
        ("threshold",),
        code="INVALID_QUANTITY",
    ),
    DecimalInput(
        "receiveStock",
        RECEIVE_STOCK,
        lambda w, v: stock_input(w, quantity=v, reason="delivery"),
        ("quantity",),
        code="INVALID_QUANTITY",
    ),
    DecimalInput(
        "adjustStock",
        ADJUST_STOCK,
        lambda w, v: stock_input(w, delta=v, reason="count"),
        ("delta",),
        code="INVALID_QUANTITY",
    ),
    # catalogue
    DecimalInput(
        "createProduct",
        CREATE_PRODUCT,
        lambda w, v: new_product(listPrice=v),
        ("listPrice",),
        code="INVALID_PRICE",
    ),
    DecimalInput(
        "createProduct",
        CREATE_PRODUCT,
        lambda w, v: new_product(cost=v),
        ("cost",),
        code="INVALID_COST",
    ),
    DecimalInput(
        "createProduct",
        CREATE_PRODUCT,
        lambda w, v: new_product(taxRate=v),
        ("taxRate",),
        code="INVALID_TAX_RATE",
    ),
    DecimalInput(
        "createProduct",
        CREATE_PRODUCT,
        lambda w, v: new_product(minOrderQuantity=v),
        ("minOrderQuantity",),
        code="INVALID_MIN_ORDER_QUANTITY",
    ),
    DecimalInput(
        "createProduct",
        CREATE_PRODUCT,
        lambda w, v: new_product(packSize=v),
        ("packSize",),
        code="PACK_SIZE_INVALID",
    ),
    DecimalInput(
        "updateProduct",
        UPDATE_PRODUCT,
        lambda w, v: {"input": {"productId": w.product_id, "basePrice": v}},
        ("basePrice",),
        code="INVALID_PRICE",
    ),
    DecimalInput(
        "updateProduct",
        UPDATE_PRODUCT,
        lambda w, v: {"input": {"productId": w.product_id, "baseCost": v}},
        ("baseCost",),
        code="INVALID_COST",
    ),
    DecimalInput(
        "updateProduct",
        UPDATE_PRODUCT,
        lambda w, v: {"input": {"productId": w.product_id, "taxRate": v}},
        ("taxRate",),
        code="INVALID_TAX_RATE",
    ),
    DecimalInput(
        "updateSku",
        UPDATE_SKU,
        lambda w, v: {"input": {"skuId": w.shop.sku_id, "listPrice": v}},
        ("listPrice",),
        code="INVALID_PRICE",
    ),
    DecimalInput(
        "updateSku",
        UPDATE_SKU,
        lambda w, v: {"input": {"skuId": w.shop.sku_id, "cost": v}},
        ("cost",),
        code="INVALID_COST",
    ),
    DecimalInput(
        "updateSku",
        UPDATE_SKU,
        lambda w, v: {"input": {"skuId": w.shop.sku_id, "minOrderQuantity": v}},
        ("minOrderQuantity",),
        code="INVALID_MIN_ORDER_QUANTITY",
    ),
    DecimalInput(
        "updateSku",
        UPDATE_SKU,
        lambda w, v: {"input": {"skuId": w.shop.sku_id, "packSize": v}},
        ("packSize",),
        code="PACK_SIZE_INVALID",
    ),
    DecimalInput(
        "addProductOption",
        ADD_PRODUCT_OPTION,
        lambda w, v: {
            "input": {
                "productId": w.product_id,
                "name": "Disk",
                "values": [option_value(priceDelta=v)],
            }
        },
        ("values", "0", "priceDelta"),
        code="INVALID_PRICE",
    ),
    DecimalInput(
        "addProductOptionValues",
        ADD_OPTION_VALUES,
        lambda w, v: {"input": {"optionId": w.option_id, "values": [option_value(costDelta=v)]}},
        ("values", "0", "costDelta"),
        code="INVALID_PRICE",
    ),
    DecimalInput(
        "createPriceBook",
        CREATE_PRICE_BOOK,
        lambda w, v: {
            "input": {"name": "Tiered", "kind": "VOLUME", "entries": [book_entry(w, unitPrice=v)]}
        },
        ("entries", "0", "unitPrice"),
        code="INVALID_PRICE",
    ),
    DecimalInput(
        "setPriceBookEntries",
        SET_PRICE_BOOK_ENTRIES,
        lambda w, v: {
            "input": {"priceBookId": w.price_book_id, "entries": [book_entry(w, minQuantity=v)]}
        },
        ("entries", "0", "minQuantity"),
        code="INVALID_QUANTITY",
    ),
    # customers
    DecimalInput(
        "createCustomer",
        CREATE_CUSTOMER,
        lambda w, v: {"input": {"name": "Limitless Ltd", "creditLimit": v}},
        ("creditLimit",),
        code="INVALID_CREDIT_LIMIT",
    ),
    DecimalInput(
        "updateCustomer",
        UPDATE_CUSTOMER,
        lambda w, v: {"input": {"customerId": w.shop.customer_id, "paymentTerms": instalments(v)}},
        ("paymentTerms", "instalments", "0", "percent"),
        code="INVALID_PAYMENT_TERMS",
    ),
]


def answers(world: World, decimal_input: DecimalInput) -> dict[str, Any]:
    """For each malformed number: the HTTP status and the errors the client got back."""
    result: dict[str, Any] = {}
    for value in MALFORMED:
        response = world.client.raw(decimal_input.document, decimal_input.variables(world, value))
        body = response.json()
        if body.get("errors"):
            result[value] = (
                response.status_code,
                [e.get("extensions", {}).get("code") for e in body["errors"]],
            )
            continue
        user_errors = body["data"][decimal_input.mutation]["userErrors"]
        result[value] = (
            response.status_code,
            [(tuple(e["field"]), e["code"]) for e in user_errors],
        )
    return result


@pytest.mark.parametrize("decimal_input", DECIMAL_INPUTS, ids=lambda i: i.name)
def test_a_malformed_number_is_a_user_error_on_its_field_and_nothing_is_written(
    world: World, decimal_input: DecimalInput
) -> None:
    before = world.client.data(WORLD_STATE)

    got = answers(world, decimal_input)

    assert got == {
        value: (200, [(decimal_input.field, decimal_input.expected_code(value))])
        for value in MALFORMED
    }
    assert world.client.data(WORLD_STATE) == before


QUOTE = """query Quote($input: QuotePriceInput!) { quotePrice(input: $input) {
  unitPrice { amount } } }"""


def test_a_price_quote_for_a_malformed_quantity_is_an_invalid_quantity(world: World) -> None:
    codes = {
        value: world.client.error_codes(
            QUOTE, {"input": {"skuId": world.shop.sku_id, "quantity": value}}
        )
        for value in MALFORMED
    }
    assert codes == {value: ["INVALID_QUANTITY"] for value in MALFORMED}


def test_numbers_the_columns_hold_are_still_taken(world: World) -> None:
    """The check refuses what cannot be stored, not what merely looks unusual: trailing
    zeros, the largest amount a column holds and the smallest quantity step pass."""
    customer_id = customer(world.shop.owner, "Big Spender", creditLimit="99999999999999.0000000")
    edges = world.client.data(WORLD_STATE)["customers"]["edges"]
    [limit] = [
        e["node"]["creditLimit"]["amount"] for e in edges if e["node"]["name"] == "Big Spender"
    ]
    assert customer_id and limit == "99999999999999.00"
    payload = world.client.data(
        RECEIVE_STOCK, stock_input(world, quantity="0.001", reason="sample")
    )["receiveStock"]
    assert payload["userErrors"] == []


# --- numbers well formed, but too large for the books once multiplied or added up -----------

FIFTEEN_NINES = "999999999999999"  # the largest whole quantity a column holds


def user_errors(
    world: World, document: str, name: str, variables: dict[str, Any]
) -> list[tuple[tuple[str, ...], str]]:
    return ordered_errors_of(world.client.data(document, variables)[name])


def test_an_order_whose_totals_the_books_cannot_hold_is_refused(world: World) -> None:
    before = world.client.data(WORLD_STATE)

    one_huge_line = user_errors(
        world, CREATE_ORDER, "createOrder", order(world, quantity=FIFTEEN_NINES)
    )
    many_large_lines = order(world)
    many_large_lines["input"]["lines"] = [
        {"skuId": world.shop.sku_id, "quantity": "900000000000"}
    ] * 20  # 9.9e12 each
    too_many_large_lines = user_errors(world, CREATE_ORDER, "createOrder", many_large_lines)

    assert one_huge_line == [(("lines", "0", "quantity"), "TOTAL_TOO_LARGE")]
    assert too_many_large_lines == [(("lines",), "TOTAL_TOO_LARGE")]
    assert world.client.data(WORLD_STATE) == before


def test_stock_the_books_cannot_hold_is_refused(world: World) -> None:
    before = world.client.data(WORLD_STATE)

    received = user_errors(
        world,
        RECEIVE_STOCK,
        "receiveStock",
        stock_input(world, quantity=FIFTEEN_NINES, reason="delivery"),
    )
    adjusted = user_errors(
        world, ADJUST_STOCK, "adjustStock", stock_input(world, delta=FIFTEEN_NINES, reason="count")
    )

    assert received == [(("quantity",), "STOCK_TOO_LARGE")]
    assert adjusted == [(("delta",), "STOCK_TOO_LARGE")]
    assert world.client.data(WORLD_STATE) == before


GENERATE = """mutation G($id: ID!) { generateVariants(productId: $id) {
  userErrors { field code message } } }"""


def test_a_variant_priced_beyond_what_the_books_hold_is_refused(world: World) -> None:
    product = create_product(
        world.shop.owner,
        "VAULT",
        "Product VAULT",
        "99999999999999",
        cost="6.00",
        taxRate="0.1",
        hasOptions=True,
    )
    add_option(world.shop.owner, product["id"], "Finish", [{"name": "GOLD", "code": "GOLD"}])
    option = world.client.data(
        ADD_PRODUCT_OPTION,
        {
            "input": {
                "productId": product["id"],
                "name": "Size",
                "values": [option_value(priceDelta="1")],
            }
        },
    )["addProductOption"]
    assert option["userErrors"] == []
    before = world.client.data(WORLD_STATE)

    refused = user_errors(world, GENERATE, "generateVariants", {"id": product["id"]})

    assert refused == [(("productId",), "INVALID_PRICE")]
    assert world.client.data(WORLD_STATE) == before


DECIDE = """mutation D($input: DecideOrderChangeInput!) { decideOrderChange(input: $input) {
  changeRequest { id status } userErrors { field code message } } }"""
REQUEST_CHANGE = """mutation R($input: RequestOrderChangeInput!) {
  requestOrderChange(input: $input) { changeRequest { id } userErrors { field code } } }"""


def test_a_change_whose_total_the_books_cannot_hold_is_refused_at_approval(
    world: World, mailbox: Mailbox
) -> None:
    confirmed = confirmed_order(world.shop.owner, world.shop)
    requested = world.client.data(
        REQUEST_CHANGE,
        {
            "input": {
                "orderId": confirmed["id"],
                "lines": [{"orderLineId": confirmed["lines"][0]["id"], "quantity": FIFTEEN_NINES}],
            }
        },
    )["requestOrderChange"]
    assert requested["userErrors"] == []
    manager = invite_and_join(
        world.shop.owner, mailbox, f"manager-{uuid.uuid4().hex[:6]}@example.com", "management"
    )
    before = world.client.data(WORLD_STATE)

    decided = manager.client.data(
        DECIDE,
        {"input": {"changeRequestId": requested["changeRequest"]["id"], "decision": "APPROVE"}},
    )["decideOrderChange"]

    assert [(tuple(e["field"]), e["code"]) for e in decided["userErrors"]] == [
        (("changeRequestId",), "TOTAL_TOO_LARGE")
    ]
    assert world.client.data(WORLD_STATE) == before
