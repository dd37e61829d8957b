"""Global search over GraphQL: orders by number or external reference, customers by name,
phone or email, products by SKU or name, invoices by number; the caller's data scope and
permissions decide what comes back; the invoices list searches by number."""

from __future__ import annotations

from typing import Any

import asyncpg
import pytest

from tests.support.customers import contact, create_customer, hand_over, unique_email
from tests.support.database import owner_dsn, owner_sql
from tests.support.graphql import GraphQLClient, TenantSession, colleague
from tests.support.invoices import issued
from tests.support.orders import Shop, confirmed_order, created, open_shop, order_input
from tests.support.stack import Mailbox, Stack, run_async

SEARCH = """query S($text: String!, $first: Int) { search(text: $text, first: $first) {
  orders { id number externalRef } customers { id name } products { id name }
  invoices { id number } } }"""
INVOICES_BY_NUMBER = """query I($number: String) { invoices(first: 20, filter: {number: $number})
  { edges { node { number } } } }"""


def search(session: TenantSession, text: str, first: int | None = None) -> dict[str, Any]:
    found: dict[str, Any] = session.client.data(SEARCH, {"text": text, "first": first})["search"]
    return found


def names(found: dict[str, Any], kind: str, key: str = "name") -> list[str]:
    return [row[key] for row in found[kind] or []]


@pytest.fixture
def shop(api: GraphQLClient) -> Shop:
    return open_shop(api, stock="1000")


def test_each_kind_is_found_by_what_a_user_types(shop: Shop) -> None:
    owner = shop.owner
    email = unique_email("lotus")
    lotus = create_customer(
        owner, "Lotus Garden Foods", [contact(email, "Mei Lin", phone="+86 138-0013-8000")]
    )
    order = created(owner, order_input(shop, (shop.sku_id, "2"), externalRef="PO-77812"))
    invoice = issued(owner, confirmed_order(owner, shop)["id"])

    assert names(search(owner, order["number"]), "orders", "number") == [order["number"]]
    assert names(search(owner, "po-778"), "orders", "externalRef") == ["PO-77812"]
    assert names(search(owner, "lotus garden"), "customers") == [lotus["name"]]
    assert names(search(owner, "138 0013"), "customers") == [lotus["name"]]
    assert names(search(owner, email.upper()), "customers") == [lotus["name"]]
    assert names(search(owner, "bolt"), "products") == ["Product BOLT"]
    assert names(search(owner, invoice["number"]), "invoices", "number") == [invoice["number"]]
    nothing = search(owner, "zz-no-such-thing")
    assert nothing == {"orders": [], "customers": [], "products": [], "invoices": []}


def test_a_one_letter_term_finds_nothing_and_a_bad_page_size_is_refused(shop: Shop) -> None:
    assert search(shop.owner, " b ") == {
        "orders": [],
        "customers": [],
        "products": [],
        "invoices": [],
    }
    codes = shop.owner.client.error_codes(SEARCH, {"text": "bolt", "first": 500})
    assert codes == ["INVALID_PAGE_SIZE"]


def test_results_keep_to_the_callers_data_scope_and_permissions(
    shop: Shop, mailbox: Mailbox
) -> None:
    owner = shop.owner
    confirmed_order(owner, shop)
    issued(owner, confirmed_order(owner, shop)["id"])
    rep = colleague(owner, mailbox, "sales")
    warehouse = colleague(owner, mailbox, "warehouse")

    # A sales rep sees only the customers they own, and those customers' orders.
    assert search(rep, "harbour")["customers"] == []
    assert search(rep, "INV-")["invoices"] == []
    hand_over(owner, shop.customer_id, rep)
    assert names(search(rep, "harbour"), "customers") == ["Harbour Supplies"]
    assert len(search(rep, "INV-")["invoices"] or []) == 1

    # The warehouse reads orders but not invoices: that group is absent, not empty.
    seen = search(warehouse, "INV-")
    assert seen["invoices"] is None
    assert len(search(warehouse, "Harbour")["orders"] or []) == 2


def test_the_invoices_list_searches_by_number(shop: Shop) -> None:
    owner = shop.owner
    numbers = [issued(owner, confirmed_order(owner, shop)["id"])["number"] for _ in range(2)]
    edges = owner.client.data(INVOICES_BY_NUMBER, {"number": numbers[1][-3:].lower()})
    assert [e["node"]["number"] for e in edges["invoices"]["edges"]] == [numbers[1]]


def test_the_searched_columns_have_trigram_indexes_the_planner_can_use(stack: Stack) -> None:
    """Part-of-the-text matches (ILIKE '%…%') need pg_trgm's GIN indexes on the very
    expressions the searches use; with sequential scans off, the plan shows them."""
    rows = owner_sql(
        stack,
        "SELECT indexname FROM pg_indexes WHERE indexname LIKE '%trgm'",
    )
    assert {row[0] for row in rows} >= {
        "orders_number_trgm",
        "orders_external_ref_trgm",
        "orders_customer_name_trgm",
        "customers_name_trgm",
        "customers_email_trgm",
        "customer_contacts_name_trgm",
        "customer_contacts_email_trgm",
        "products_name_trgm",
        "skus_code_trgm",
        "invoices_number_trgm",
    }
    plan = run_async(_plan(stack, "SELECT id FROM orders WHERE number ILIKE '%000123%'"))
    assert "orders_number_trgm" in plan


async def _plan(stack: Stack, query: str) -> str:
    """The plan of `query` with sequential scans off (tiny test tables favour them)."""
    conn = await asyncpg.connect(owner_dsn(stack))
    try:
        await conn.execute("SET enable_seqscan = off")
        return " ".join(row[0] for row in await conn.fetch(f"EXPLAIN {query}"))
    finally:
        await conn.close()
