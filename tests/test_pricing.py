"""The pricing engine, as the price tester (`quotePrice`) shows it: one documented order —
promotion, volume break, customer tier, region, list price — with deterministic tie-breaks,
exact decimal arithmetic rounded once per line, and the rule that decided each price."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest

from catalog import pricing
from core.context import Actor
from core.errors import BusinessRuleError
from tests.support.catalog import (
    SET_ENTRIES,
    UPDATE_BOOK,
    add_option,
    create_book,
    create_product,
    entry,
    generate,
    value,
)
from tests.support.graphql import GraphQLClient, TenantSession, row_id, row_uuid, sign_up
from tests.support.services import in_process
from tests.support.stack import Stack, run_async

QUOTE = """query Quote($input: QuotePriceInput!) { quotePrice(input: $input) {
  quantity unitPrice { amount currency } lineTotal { amount currency } priceSource
  priceSourceLabel tier region date sku { code } priceBook { name } } }"""
CREATE_CUSTOMER = """mutation C($input: CreateCustomerInput!) {
  createCustomer(input: $input) { customer { id } userErrors { field code } } }"""
SETTINGS = """mutation Settings($input: UpdateTenantSettingsInput!) {
  updateTenantSettings(input: $input) { userErrors { code } } }"""
TENANT = "query TenantId { tenant { id } }"

IN_MARCH = "2026-03-15"
BEFORE_MARCH = "2026-02-28"


def quote(session: TenantSession, sku_id: str, quantity: str, **context: Any) -> dict[str, Any]:
    result: dict[str, Any] = session.client.data(
        QUOTE, {"input": {"skuId": sku_id, "quantity": quantity, **context}}
    )["quotePrice"]
    return result


@dataclass
class PricedCatalogue:
    session: TenantSession
    sku_id: str
    books: dict[str, str]

    def source(self, kind: str, book: str, *extra: str) -> str:
        return ":".join([kind, row_id(self.books[book]), *extra])


@pytest.fixture(scope="module")
def priced(api: GraphQLClient) -> PricedCatalogue:
    """A SKU listed at 100.00 and every kind of price book for it. Books that would tie are
    created in the opposite order of how they must rank."""
    session = sign_up(api)
    sku_id = create_product(session, "PX-1", "Pump", "100.00")["skus"][0]["id"]
    window = {"validFrom": "2026-03-01", "validTo": "2026-03-31"}
    specs: list[tuple[str, str, list[dict[str, Any]], dict[str, Any]]] = [
        ("VIP price", "TIER", [entry(sku_id, "90.00")], {"customerTier": "vip"}),
        ("Wholesale price", "TIER", [entry(sku_id, "85.00")], {"customerTier": "wholesale"}),
        ("Aaa wholesale", "TIER", [entry(sku_id, "85.00")], {"customerTier": "wholesale"}),
        ("East region", "REGIONAL", [entry(sku_id, "95.00")], {"region": "East"}),
        ("Volume", "VOLUME", [entry(sku_id, "80.00", "10"), entry(sku_id, "70.00", "50")], {}),
        ("VIP volume", "VOLUME", [entry(sku_id, "78.00", "10")], {"customerTier": "vip"}),
        ("Spring promo 2026", "PROMOTION", [entry(sku_id, "75.00")], window),
        (
            "VIP spring extra",
            "PROMOTION",
            [entry(sku_id, "79.00")],
            {**window, "customerTier": "vip", "priority": 5},
        ),
        (
            "Old promo",
            "PROMOTION",
            [entry(sku_id, "1.00")],
            {"validFrom": "2026-01-01", "validTo": "2026-12-31", "active": False},
        ),
    ]
    books = {
        name: create_book(session, name, kind, entries, **fields)["id"]
        for name, kind, entries, fields in specs
    }
    return PricedCatalogue(session, sku_id, books)


# (tier, region, quantity, date) → (unit price, price source, label)
CASES: list[tuple[str, dict[str, Any], str, tuple[str, tuple[str, ...], str]]] = [
    (
        "a customer without tier or region pays the list price",
        {"tier": "standard"},
        "1",
        ("100.00", ("list",), "List price"),
    ),
    (
        "a tier price beats the list price",
        {"tier": "vip"},
        "1",
        ("90.00", ("tier", "VIP price"), "VIP price"),
    ),
    (
        "tiers compare case-insensitively",
        {"tier": "VIP"},
        "1",
        ("90.00", ("tier", "VIP price"), "VIP price"),
    ),
    (
        "a regional price applies in its region, whatever the letter case",
        {"region": "east"},
        "1",
        ("95.00", ("region", "East region"), "East region"),
    ),
    (
        "another region pays the list price",
        {"region": "West"},
        "1",
        ("100.00", ("list",), "List price"),
    ),
    (
        "a tier price beats a regional one",
        {"tier": "vip", "region": "East"},
        "1",
        ("90.00", ("tier", "VIP price"), "VIP price"),
    ),
    (
        "equal tier prices: the book name decides",
        {"tier": "wholesale"},
        "1",
        ("85.00", ("tier", "Aaa wholesale"), "Aaa wholesale"),
    ),
    ("one below the first volume break", {}, "9.999", ("100.00", ("list",), "List price")),
    (
        "exactly at the first volume break",
        {},
        "10",
        ("80.00", ("volume", "Volume", "10"), "Volume (from 10)"),
    ),
    (
        "just below the second break",
        {},
        "49.999",
        ("80.00", ("volume", "Volume", "10"), "Volume (from 10)"),
    ),
    (
        "at the second break: the largest break not above the quantity",
        {},
        "50",
        ("70.00", ("volume", "Volume", "50"), "Volume (from 50)"),
    ),
    (
        "a volume break beats the tier price",
        {"tier": "vip"},
        "10",
        ("78.00", ("volume", "VIP volume", "10"), "VIP volume (from 10)"),
    ),
    (
        "among volume books the larger break wins",
        {"tier": "vip"},
        "60",
        ("70.00", ("volume", "Volume", "50"), "Volume (from 50)"),
    ),
    (
        "a promotion on its first day",
        {"date": "2026-03-01"},
        "1",
        ("75.00", ("promotion", "Spring promo 2026"), "Spring promo 2026"),
    ),
    (
        "a promotion on its last day",
        {"date": "2026-03-31"},
        "1",
        ("75.00", ("promotion", "Spring promo 2026"), "Spring promo 2026"),
    ),
    ("the day after a promotion", {"date": "2026-04-01"}, "1", ("100.00", ("list",), "List price")),
    (
        "the day before a promotion",
        {"date": BEFORE_MARCH},
        "1",
        ("100.00", ("list",), "List price"),
    ),
    (
        "a promotion beats even a cheaper volume break",
        {"date": IN_MARCH},
        "50",
        ("75.00", ("promotion", "Spring promo 2026"), "Spring promo 2026"),
    ),
    (
        "between promotions the higher priority wins over the lower price",
        {"date": IN_MARCH, "tier": "vip"},
        "1",
        ("79.00", ("promotion", "VIP spring extra"), "VIP spring extra"),
    ),
]


@pytest.mark.parametrize(
    "tier_region_date, quantity, expected",
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_the_resolution_order(
    priced: PricedCatalogue,
    tier_region_date: dict[str, Any],
    quantity: str,
    expected: tuple[str, tuple[str, ...], str],
) -> None:
    context = {"date": BEFORE_MARCH, **tier_region_date}
    result = quote(priced.session, priced.sku_id, quantity, **context)
    unit_price, source, label = expected
    expected_source = "list" if source == ("list",) else priced.source(*source)
    assert (result["unitPrice"], result["priceSource"], result["priceSourceLabel"]) == (
        {"amount": unit_price, "currency": "USD"},
        expected_source,
        label,
    )
    expected_total = (Decimal(unit_price) * Decimal(quantity)).quantize(Decimal("0.01"))
    assert result["lineTotal"] == {"amount": str(expected_total), "currency": "USD"}
    assert result["priceBook"] == (None if source == ("list",) else {"name": source[1]})
    assert result["date"] == context["date"]


def test_inactive_and_deleted_books_price_nothing(api: GraphQLClient) -> None:
    session = sign_up(api)
    sku_id = create_product(session, "IN-1", list_price="10")["skus"][0]["id"]
    book = create_book(session, "VIP", "TIER", [entry(sku_id, "9")], customerTier="vip")
    assert quote(session, sku_id, "1", tier="vip")["priceSourceLabel"] == "VIP"

    session.client.data(UPDATE_BOOK, {"input": {"priceBookId": book["id"], "active": False}})
    assert quote(session, sku_id, "1", tier="vip")["priceSource"] == "list"
    session.client.data(UPDATE_BOOK, {"input": {"priceBookId": book["id"], "active": True}})
    session.client.data(SET_ENTRIES, {"input": {"priceBookId": book["id"], "entries": []}})
    assert quote(session, sku_id, "1", tier="vip")["priceSource"] == "list"


def test_a_customers_tier_and_region_decide_their_price(api: GraphQLClient) -> None:
    session = sign_up(api)
    sku_id = create_product(session, "CU-1", list_price="50")["skus"][0]["id"]
    create_book(session, "Wholesale", "TIER", [entry(sku_id, "40")], customerTier="wholesale")
    create_book(session, "North", "REGIONAL", [entry(sku_id, "45")], region="North")
    created = session.client.data(
        CREATE_CUSTOMER, {"input": {"name": "Northwind", "tier": "wholesale", "region": "North"}}
    )["createCustomer"]
    assert created["userErrors"] == []
    customer_id = created["customer"]["id"]

    theirs = quote(session, sku_id, "2", customerId=customer_id)
    assert (
        theirs["tier"],
        theirs["region"],
        theirs["unitPrice"]["amount"],
        theirs["lineTotal"]["amount"],
        theirs["priceSourceLabel"],
    ) == ("wholesale", "North", "40.00", "80.00", "Wholesale")
    as_standard = quote(session, sku_id, "2", customerId=customer_id, tier="standard")
    assert (as_standard["priceSourceLabel"], as_standard["unitPrice"]["amount"]) == (
        "North",
        "45.00",
    )


def test_line_totals_are_rounded_once_half_up(api: GraphQLClient) -> None:
    session = sign_up(api)
    thirds = create_product(session, "TH-1", list_price="0.3333")["skus"][0]["id"]
    cents = create_product(session, "CT-1", list_price="0.125")["skus"][0]["id"]
    kilo = create_product(session, "KG-1", list_price="19.99", unit="kg")["skus"][0]["id"]

    def priced(sku_id: str, quantity: str) -> tuple[str, str]:
        result = quote(session, sku_id, quantity)
        return result["unitPrice"]["amount"], result["lineTotal"]["amount"]

    assert priced(thirds, "3") == ("0.3333", "1.00")  # not 3 x 0.33 = 0.99
    assert priced(cents, "1") == ("0.125", "0.13")  # half up, not half even (0.12)
    assert priced(cents, "3") == ("0.125", "0.38")  # 0.375
    assert priced(kilo, "0.125") == ("19.99", "2.50")  # 2.49875
    assert quote(session, kilo, "1.5")["quantity"] == "1.500"


def test_amounts_follow_the_tenants_currency(api: GraphQLClient) -> None:
    session = sign_up(api)
    sku_id = create_product(session, "YEN-1", list_price="1234.5")["skus"][0]["id"]
    changed = session.client.data(SETTINGS, {"input": {"currency": "JPY"}})
    assert changed["updateTenantSettings"]["userErrors"] == []
    result = quote(session, sku_id, "1")
    assert result["unitPrice"] == {"amount": "1234.5", "currency": "JPY"}
    assert result["lineTotal"] == {"amount": "1235", "currency": "JPY"}
    assert quote(session, sku_id, "2")["lineTotal"] == {"amount": "2469", "currency": "JPY"}


def test_quantities_are_checked(tenant: TenantSession) -> None:
    sku_id = create_product(tenant, "Q-1")["skus"][0]["id"]
    for quantity in ("0", "-1", "0.0001", "NaN"):
        assert tenant.client.error_codes(
            QUOTE, {"input": {"skuId": sku_id, "quantity": quantity}}
        ) == ["INVALID_QUANTITY"], quantity


def test_the_date_defaults_to_today_in_the_tenants_time_zone(tenant: TenantSession) -> None:
    sku_id = create_product(tenant, "D-1")["skus"][0]["id"]
    tenant.client.data(SETTINGS, {"input": {"timeZone": "Pacific/Kiritimati"}})
    today_there = dt.datetime.now(dt.timezone(dt.timedelta(hours=14))).date()
    # Midnight there may pass between the two clocks.
    assert quote(tenant, sku_id, "1")["date"] in {
        today_there.isoformat(),
        (today_there + dt.timedelta(days=1)).isoformat(),
    }


# --- pricing an order's lines, as the orders domain will -----------------------------------


async def price_lines(
    stack: Stack,
    tenant_id: uuid.UUID,
    context: pricing.PriceContext,
    lines: list[pricing.QuoteLine],
) -> tuple[list[pricing.PriceQuote], int]:
    """Quote `lines` in one unit of work of system work bound to the tenant; returns the
    quotes and the SQL statements the pricing took."""
    async with in_process(stack, pool_size=1) as services:
        statements = 0

        def count() -> None:
            nonlocal statements
            statements += 1

        services.db.on_statement(count)
        async with services.db.transaction(tenant_id) as session:
            actor = Actor(services=services, session=session, system_tenant_id=tenant_id)
            before = statements
            quotes = await pricing.quote_lines(actor, context, lines, dt.date(2026, 3, 10))
            return quotes, statements - before


def test_an_orders_lines_are_priced_with_two_statements_however_many(
    stack: Stack, api: GraphQLClient
) -> None:
    session = sign_up(api)
    tenant_id = uuid.UUID(session.client.data(TENANT)["tenant"]["id"])
    product = create_product(session, "ORD", "Chair", "20", hasOptions=True)
    add_option(
        session, product["id"], "Colour", [value(f"C{i}", f"C{i}", f"{i}") for i in range(6)]
    )
    skus = sorted(generate(session, product["id"]), key=lambda s: s["code"])
    sku_ids = [row_uuid(s["id"]) for s in skus]
    create_book(session, "Bulk", "VOLUME", [entry(s["id"], "15", "100") for s in skus])
    context = pricing.PriceContext(currency="USD", tier="standard")

    def lines(count: int) -> list[pricing.QuoteLine]:
        return [
            pricing.QuoteLine(sku_ids[i % 6], Decimal(100 if i % 2 else 3)) for i in range(count)
        ]

    few, few_statements = run_async(price_lines(stack, tenant_id, context, lines(2)))
    many, many_statements = run_async(price_lines(stack, tenant_id, context, lines(12)))
    assert few_statements == many_statements == 2
    assert [(q.unit_price.amount, q.price_source.split(":")[0]) for q in many[:4]] == [
        (Decimal("20"), "list"),
        (Decimal("15"), "volume"),
        (Decimal("22"), "list"),
        (Decimal("15"), "volume"),
    ]
    assert [q.line_total.amount for q in few] == [Decimal("60.00"), Decimal("1500.00")]


def test_order_lines_naming_no_sku_are_user_errors(stack: Stack, api: GraphQLClient) -> None:
    session = sign_up(api)
    tenant_id = uuid.UUID(session.client.data(TENANT)["tenant"]["id"])
    foreign = create_product(sign_up(api), "FX")["skus"][0]["id"]
    own = create_product(session, "OWN")["skus"][0]["id"]
    context = pricing.PriceContext(currency="USD")
    lines = [
        pricing.QuoteLine(row_uuid(own), Decimal(1)),
        pricing.QuoteLine(row_uuid(foreign), Decimal(1)),
        pricing.QuoteLine(row_uuid(own), Decimal("0")),
    ]
    with pytest.raises(BusinessRuleError) as raised:
        run_async(price_lines(stack, tenant_id, context, lines))
    errors = {(e.field, e.code) for e in raised.value.errors}
    assert errors == {
        (("lines", "1", "skuId"), "UNKNOWN_SKU"),
        (("lines", "2", "quantity"), "INVALID_QUANTITY"),
    }
