"""Factories that arrange a tenant's world through the public API: products, stock,
customers, confirmed orders, their receivables, payments and invoices, and a Stripe
connection. For tests that need that world without testing how it is made."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

from tests.support.database import owner_sql
from tests.support.graphql import GraphQLClient, TenantSession, sign_up
from tests.support.stack import Stack

T = TypeVar("T")

CREATE_PRODUCT = """mutation CreateProduct($input: CreateProductInput!) {
  createProduct(input: $input) { product { id skus { id } options { id } }
    userErrors { field code message } } }"""
ADD_OPTION = """mutation AddOption($input: AddProductOptionInput!) {
  addProductOption(input: $input) { option { id } userErrors { field code message } } }"""
CREATE_WAREHOUSE = """mutation CreateWarehouse($input: CreateWarehouseInput!) {
  createWarehouse(input: $input) { warehouse { id } userErrors { field code message } } }"""
RECEIVE = """mutation Receive($input: ReceiveStockInput!) {
  receiveStock(input: $input) { stockLevel { id } userErrors { field code message } } }"""
CREATE_CUSTOMER = """mutation CreateCustomer($input: CreateCustomerInput!) {
  createCustomer(input: $input) { customer { id } userErrors { field code message } } }"""
CREATE_BOOK = """mutation CreateBook($input: CreatePriceBookInput!) {
  createPriceBook(input: $input) { priceBook { id } userErrors { field code message } } }"""
CREATE_ORDER = """mutation CreateOrder($input: CreateOrderInput!) {
  createOrder(input: $input) { order { id status lines { id } }
    userErrors { field code message } } }"""
RECEIVABLES = """query Receivables { receivables(first: 100) {
  edges { node { id orderId amountOpen { amount } } } } }"""
RECORD_PAYMENT = """mutation RecordPayment($input: RecordPaymentInput!) {
  recordPayment(input: $input) { payment { id } userErrors { field code message } } }"""
ISSUE_INVOICE = """mutation IssueInvoice($input: IssueInvoiceInput!) {
  issueInvoice(input: $input) { invoice { id } userErrors { field code message } } }"""
UPDATE_STRIPE = """mutation UpdateStripe($input: UpdateStripeSettingsInput!) {
  updateStripeSettings(input: $input) { userErrors { field code message } } }"""

ADDRESS = {
    "kind": "SHIP_TO",
    "recipient": "Dock 4",
    "line1": "1 Harbour Rd",
    "city": "Bremen",
    "country": "DE",
}


def wait_until(probe: Callable[[], T | None], timeout: float = 30.0, what: str = "") -> T:
    """Poll `probe` until it returns something truthy, or fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = probe()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting for {what or probe}")
        time.sleep(0.2)


def created(
    session: TenantSession, document: str, name: str, input_: dict[str, Any], result: str
) -> Any:
    """Run a mutation that must succeed and return its payload's `result` field."""
    payload = session.client.data(document, {"input": input_})[name]
    assert payload["userErrors"] == [], payload["userErrors"]
    return payload[result]


def create_product(session: TenantSession, code: str, **fields: Any) -> dict[str, Any]:
    """A product priced 10.00 (cost 6.00, tax 10 %) unless `fields` say otherwise."""
    product: dict[str, Any] = created(
        session,
        CREATE_PRODUCT,
        "createProduct",
        {
            "code": code,
            "name": f"Product {code}",
            "listPrice": "10.00",
            "cost": "6.00",
            "taxRate": "0.1",
            **fields,
        },
        "product",
    )
    return product


def add_option(session: TenantSession, product_id: str, name: str, value_code: str) -> str:
    """An option of a configurable product with one value; the option's id."""
    option: dict[str, Any] = created(
        session,
        ADD_OPTION,
        "addProductOption",
        {
            "productId": product_id,
            "name": name,
            "values": [{"name": value_code, "code": value_code}],
        },
        "option",
    )
    return str(option["id"])


def create_warehouse(session: TenantSession, code: str) -> str:
    warehouse: dict[str, Any] = created(
        session,
        CREATE_WAREHOUSE,
        "createWarehouse",
        {"code": code, "name": f"Warehouse {code}", "regions": [], "priority": 100},
        "warehouse",
    )
    return str(warehouse["id"])


def receive(session: TenantSession, warehouse_id: str, sku_id: str, quantity: str) -> None:
    created(
        session,
        RECEIVE,
        "receiveStock",
        {
            "warehouseId": warehouse_id,
            "skuId": sku_id,
            "quantity": quantity,
            "reason": "delivery note 4711",
        },
        "stockLevel",
    )


def create_customer(session: TenantSession, name: str, **fields: Any) -> str:
    customer: dict[str, Any] = created(
        session,
        CREATE_CUSTOMER,
        "createCustomer",
        {"name": name, "addresses": [ADDRESS], **fields},
        "customer",
    )
    return str(customer["id"])


def create_price_book(session: TenantSession, name: str, kind: str = "VOLUME") -> str:
    book: dict[str, Any] = created(
        session, CREATE_BOOK, "createPriceBook", {"name": name, "kind": kind}, "priceBook"
    )
    return str(book["id"])


@dataclass
class Shop:
    """A tenant selling one stocked SKU (10.00 + 10 % tax) to one prepaid customer."""

    owner: TenantSession
    warehouse_id: str
    sku_id: str
    customer_id: str


def open_shop(api: GraphQLClient, stock: str = "100") -> Shop:
    owner = sign_up(api, name="Harbour Trading")
    warehouse_id = create_warehouse(owner, "MAIN")
    sku_id = create_product(owner, "BOLT")["skus"][0]["id"]
    receive(owner, warehouse_id, sku_id, stock)
    return Shop(owner, warehouse_id, sku_id, create_customer(owner, "Harbour Supplies"))


def confirmed_order(shop: Shop, quantity: str = "3") -> dict[str, Any]:
    """An order of `quantity` of the shop's SKU, submitted and so confirmed."""
    order: dict[str, Any] = created(
        shop.owner,
        CREATE_ORDER,
        "createOrder",
        {
            "customerId": shop.customer_id,
            "submit": True,
            "lines": [{"skuId": shop.sku_id, "quantity": quantity}],
        },
        "order",
    )
    assert order["status"] == "CONFIRMED", order
    return order


def receivable_of(session: TenantSession, order_id: str) -> dict[str, Any]:
    """The order's receivable, once the worker has scheduled it."""

    def found() -> dict[str, Any] | None:
        edges = session.client.data(RECEIVABLES)["receivables"]["edges"]
        return next((e["node"] for e in edges if e["node"]["orderId"] == order_id), None)

    return wait_until(found, 30, "the order's receivable")


def record_payment(shop: Shop, receivable: dict[str, Any]) -> str:
    """A bank transfer settling the receivable in full; the payment's id."""
    amount = receivable["amountOpen"]["amount"]
    payment: dict[str, Any] = created(
        shop.owner,
        RECORD_PAYMENT,
        "recordPayment",
        {
            "customerId": shop.customer_id,
            "method": "BANK_TRANSFER",
            "amount": amount,
            "currency": "USD",
            "receivedOn": date.today().isoformat(),
            "allocations": [{"receivableId": receivable["id"], "amount": amount}],
        },
        "payment",
    )
    return str(payment["id"])


def issue_invoice(session: TenantSession, order_id: str) -> str:
    """An invoice for the whole order, not emailed; its id."""
    invoice: dict[str, Any] = created(
        session,
        ISSUE_INVOICE,
        "issueInvoice",
        {"orderId": order_id, "basis": "ORDER", "sendEmail": False},
        "invoice",
    )
    return str(invoice["id"])


def tenant_id_of(stack: Stack, session: TenantSession) -> str:
    [row] = owner_sql(stack, "SELECT id::text FROM tenants WHERE slug = $1", session.slug)
    return str(row[0])


def connect_stripe(session: TenantSession) -> str:
    """Store Stripe keys and a webhook signing secret for the tenant; the secret."""
    webhook_secret = f"whsec_{uuid.uuid4().hex}"
    payload = session.client.data(
        UPDATE_STRIPE,
        {
            "input": {
                "secretKey": f"sk_test_{uuid.uuid4().hex}",
                "webhookSecret": webhook_secret,
                "publishableKey": f"pk_test_{uuid.uuid4().hex}",
            }
        },
    )["updateStripeSettings"]
    assert payload["userErrors"] == [], payload["userErrors"]
    return webhook_secret
