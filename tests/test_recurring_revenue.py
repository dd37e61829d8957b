"""Recurring revenue as staff read it over GraphQL: a scripted year of subscriptions (starts,
a change and a cancellation at period end taken by the worker's roll-over, a customer coming
back, a plan change, a pause and a resume) gives exactly the hand-computed table of MRR
movements, churn and retention; the nightly reconciliation finds the ledger balanced; the
lifecycle segments name the rule that fired; bad ranges, permissions and other tenants."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, TypeVar

import pytest

import subscriptions.revenue_reconciliation as reconciliation
import subscriptions.segments as segments
from core.context import Actor
from tests.support.catalog import create_product
from tests.support.graphql import GraphQLClient, TenantSession, colleague, graphql_codes
from tests.support.inventory import receive
from tests.support.orders import Shop, customer, open_shop
from tests.support.services import StaffUser, run_as_system
from tests.support.stack import Mailbox, Stack
from tests.support.subscriptions import (
    CANCEL,
    CHANGE,
    PAUSE,
    RESUME,
    create_plan,
    mutate,
    run_period_ends,
    started,
)

T = TypeVar("T")
AMOUNT = "{ amount }"
REVENUE = f"""query Revenue($from: Date, $to: Date, $currency: String) {{
  recurringRevenue(fromMonth: $from, toMonth: $to, currency: $currency) {{
    currency mrr {AMOUNT} arr {AMOUNT} activeCustomers
    months {{ month mrrStart {AMOUNT} new {AMOUNT} expansion {AMOUNT}
      reactivation {AMOUNT} contraction {AMOUNT} churn {AMOUNT} mrrEnd {AMOUNT}
      customersStart customersChurned customersEnd
      logoChurnRate revenueChurnRate netRevenueRetention }} }} }}"""
MOVEMENTS = """query Movements($filter: MrrMovementFilterInput) {
  mrrMovements(filter: $filter, first: 50) { edges { node {
    kind cause effectiveOn amount { amount } customerMrrAfter { amount }
    customer { name } } } } }"""
LIFECYCLE = """query Lifecycle($id: ID!) { node(id: $id) { ... on Customer {
  lifecycle { segment rule reason } } } }"""

# The script's twelve months end with this one (its pause and resume happen today); by
# month: new, expansion, reactivation, contraction, churn, MRR at the end, customers at the
# end, logo churn, revenue churn, net revenue retention (None: nothing to divide by).
YEAR: list[tuple[str, str, str, str, str, str, int, str | None, str | None, str | None]] = [
    ("30", "0", "0", "0", "0", "30", 1, None, None, None),
    ("100", "20", "0", "0", "0", "150", 2, "0", "0", "1.6667"),
    ("20", "0", "0", "0", "0", "170", 3, "0", "0", "1"),
    ("0", "0", "0", "10", "0", "160", 3, "0", "0.0588", "0.9412"),
    ("0", "0", "0", "0", "50", "110", 2, "0.3333", "0.3125", "0.6875"),
    ("40", "0", "0", "0", "0", "150", 3, "0", "0", "1"),
    ("0", "60", "10", "0", "0", "220", 4, "0", "0", "1.4"),
    ("0", "0", "0", "0", "0", "220", 4, "0", "0", "1"),
    ("0", "0", "0", "0", "0", "220", 4, "0", "0", "1"),
    ("0", "0", "0", "0", "0", "220", 4, "0", "0", "1"),
    ("0", "0", "0", "0", "0", "220", 4, "0", "0", "1"),
    ("0", "0", "10", "0", "10", "220", 4, "0.25", "0.0455", "0.9545"),
]


def month(offset: int) -> date:
    """The first day of the script's month `offset` (0: eleven months ago)."""
    today = date.today()
    index = today.year * 12 + today.month - 1 - 11 + offset
    return date(index // 12, index % 12 + 1, 1)


@dataclass(frozen=True)
class Book:
    shop: Shop
    monthly: str
    pro: str


def priced_sku(shop: Shop, code: str, price: str) -> str:
    product = create_product(shop.owner, code, f"Service {code}", price, cost="1.00", taxRate="0.1")
    sku_id: str = product["skus"][0]["id"]
    receive(shop.owner, shop.warehouse_id, sku_id, "1000")
    return sku_id


@pytest.fixture
def book(api: GraphQLClient) -> Book:
    shop = open_shop(api, stock="1000")
    monthly = create_plan(shop.owner, shop.sku_id, "BOLT-M")
    pro = create_plan(shop.owner, priced_sku(shop, "PRO", "25.00"), "PRO-M")
    return Book(shop, monthly, pro)


def amount(value: dict[str, str]) -> Decimal:
    return Decimal(value["amount"])


def rate(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def schedule(session: TenantSession, mutation: str, name: str, **fields: Any) -> None:
    payload = mutate(session, mutation, name, timing="PERIOD_END", **fields)
    assert payload["userErrors"] == [], payload["userErrors"]


def play_the_year(stack: Stack, book: Book) -> dict[str, str]:
    """The script behind YEAR; returns the customers' ids by letter."""
    owner = book.shop.owner
    ids = {letter: customer(owner, f"Customer {letter}") for letter in "ABCD"}
    a = started(owner, ids["A"], book.monthly, "3", startDate=month(0).isoformat())
    schedule(owner, CHANGE, "changeSubscription", subscriptionId=a["id"], quantity="5")
    yearly = create_plan(
        owner, priced_sku(book.shop, "YEAR", "1200.00"), "YEAR", billingPeriod="YEAR"
    )
    started(owner, ids["B"], yearly, "1", startDate=month(1).isoformat())
    run_period_ends(stack, owner, month(1))
    c = started(owner, ids["C"], book.monthly, "2", startDate=month(2).isoformat())
    schedule(owner, CHANGE, "changeSubscription", subscriptionId=c["id"], quantity="1")
    run_period_ends(stack, owner, month(2))
    run_period_ends(stack, owner, month(3))
    schedule(owner, CANCEL, "cancelSubscription", subscriptionId=a["id"])
    run_period_ends(stack, owner, month(4))
    d = started(owner, ids["D"], book.monthly, "4", startDate=month(5).isoformat())
    schedule(owner, CHANGE, "changeSubscription", subscriptionId=d["id"], planId=book.pro)
    started(owner, ids["A"], book.monthly, "1", startDate=month(6).isoformat())
    run_period_ends(stack, owner, month(6))
    for mutation, name in ((PAUSE, "pauseSubscription"), (RESUME, "resumeSubscription")):
        payload = mutate(owner, mutation, name, subscriptionId=c["id"])
        assert payload["userErrors"] == [], payload["userErrors"]
    return ids


def test_a_scripted_year_gives_the_hand_computed_table(stack: Stack, book: Book) -> None:
    play_the_year(stack, book)
    span = {"from": month(0).replace(day=15).isoformat(), "to": date.today().isoformat()}
    revenue = book.shop.owner.client.data(REVENUE, span)["recurringRevenue"]

    months = revenue["months"]
    assert [m["month"] for m in months] == [month(i).isoformat() for i in range(12)]
    for offset, (got, expected) in enumerate(zip(months, YEAR, strict=True)):
        new, expansion, reactivation, contraction, churn, end, customers, logo, gross, nrr = (
            expected
        )
        assert (
            amount(got["new"]),
            amount(got["expansion"]),
            amount(got["reactivation"]),
            amount(got["contraction"]),
            amount(got["churn"]),
            amount(got["mrrEnd"]),
            got["customersEnd"],
        ) == (
            Decimal(new),
            Decimal(expansion),
            Decimal(reactivation),
            Decimal(contraction),
            Decimal(churn),
            Decimal(end),
            customers,
        ), offset
        assert (
            rate(got["logoChurnRate"]),
            rate(got["revenueChurnRate"]),
            rate(got["netRevenueRetention"]),
        ) == (rate(logo), rate(gross), rate(nrr)), offset
    assert (amount(revenue["mrr"]), amount(revenue["arr"]), revenue["activeCustomers"]) == (
        Decimal(220),
        Decimal(2640),
        4,
    )


def test_each_movement_names_its_customer_cause_and_day(stack: Stack, book: Book) -> None:
    play_the_year(stack, book)
    churns = book.shop.owner.client.data(MOVEMENTS, {"filter": {"kind": "CHURN"}})["mrrMovements"][
        "edges"
    ]

    assert sorted(
        (
            e["node"]["effectiveOn"],
            e["node"]["customer"]["name"],
            e["node"]["cause"],
            amount(e["node"]["amount"]),
            amount(e["node"]["customerMrrAfter"]),
        )
        for e in churns
    ) == [
        (month(4).isoformat(), "Customer A", "cancel", Decimal(50), Decimal(0)),
        (date.today().isoformat(), "Customer C", "pause", Decimal(10), Decimal(0)),
    ]


def as_system(stack: Stack, session: TenantSession, work: Callable[[Actor], Awaitable[T]]) -> T:
    return run_as_system(stack, StaffUser.of(session).tenant_id, work)


def test_the_nightly_reconciliation_finds_the_ledger_balanced(stack: Stack, book: Book) -> None:
    play_the_year(stack, book)

    findings = as_system(stack, book.shop.owner, reconciliation.reconcile)

    assert [(f.balanced, f.ledger_mrr, f.subscriptions_mrr) for f in findings] == [
        (True, Decimal(220), Decimal(220))
    ]


def recompute(stack: Stack, session: TenantSession, on: date) -> None:
    as_system(stack, session, lambda actor: segments.recompute_segments(actor, on))


def lifecycle(session: TenantSession, customer_id: str) -> dict[str, str] | None:
    found: dict[str, str] | None = session.client.data(LIFECYCLE, {"id": customer_id})["node"][
        "lifecycle"
    ]
    return found


def test_lifecycle_segments_name_the_rule_that_fired(stack: Stack, book: Book) -> None:
    owner = book.shop.owner
    today = date.today()
    fresh = customer(owner, "Fresh Ltd")
    started(owner, fresh, book.monthly, "1")
    ending = customer(owner, "Ending Ltd")
    started(owner, ending, book.monthly, "1", autoRenew=False)
    gone = customer(owner, "Gone Ltd")
    leaving = started(owner, gone, book.monthly, "1")
    payload = mutate(
        owner, CANCEL, "cancelSubscription", subscriptionId=leaving["id"], timing="NOW"
    )
    assert payload["userErrors"] == [], payload["userErrors"]
    never = customer(owner, "Prospect Ltd")

    recompute(stack, owner, today)

    assert lifecycle(owner, fresh) == {
        "segment": "NEW",
        "rule": "PAYING_LESS_THAN_90_DAYS",
        "reason": f"Paying since {today.isoformat()}, less than 90 days.",
    }
    at_risk = lifecycle(owner, ending)
    assert at_risk is not None
    assert (at_risk["segment"], at_risk["rule"]) == ("AT_RISK", "ENDING_WITHOUT_RENEWAL_QUOTE")
    churned = lifecycle(owner, gone)
    assert churned is not None
    assert (churned["segment"], churned["rule"]) == ("CHURNED", "CHURNED_NO_MRR")
    assert lifecycle(owner, never) is None


def test_bad_ranges_permissions_and_other_tenants(
    api: GraphQLClient, mailbox: Mailbox, book: Book
) -> None:
    owner = book.shop.owner
    started(owner, book.shop.customer_id, book.monthly, "2", startDate=month(0).isoformat())
    backwards = owner.client.execute(REVENUE, {"from": "2026-05-01", "to": "2026-04-01"})
    assert graphql_codes(backwards) == ["INVALID_PERIOD"]
    too_long = owner.client.execute(REVENUE, {"from": "2010-01-01", "to": "2020-04-01"})
    assert graphql_codes(too_long) == ["PERIOD_TOO_LONG"]
    warehouse = colleague(owner, mailbox, "warehouse")
    assert graphql_codes(warehouse.client.execute(REVENUE, {})) == ["FORBIDDEN"]

    other = open_shop(api)
    theirs = other.owner.client.data(REVENUE, {})["recurringRevenue"]
    assert amount(theirs["mrr"]) == 0
    assert all(amount(m["mrrEnd"]) == 0 for m in theirs["months"])
    assert other.owner.client.data(MOVEMENTS, {})["mrrMovements"]["edges"] == []


def test_amounts_read_in_the_currencys_minor_units(book: Book) -> None:
    owner = book.shop.owner
    yearly = create_plan(
        owner, priced_sku(book.shop, "CARE-Y", "160.00"), "CARE-Y", billingPeriod="YEAR"
    )
    subscription = started(owner, book.shop.customer_id, yearly, "1")
    revenue = owner.client.data(REVENUE, {})["recurringRevenue"]

    # 160 a year is 13.3333 a month in the ledger, read as 13.33; ARR is 160, not 159.9996.
    assert (revenue["mrr"]["amount"], revenue["arr"]["amount"]) == ("13.33", "160.00")
    assert revenue["months"][-1]["new"]["amount"] == "13.33"
    assert subscription["mrr"]["amount"] == "13.33"


def test_a_pause_and_resume_is_not_growth(stack: Stack, book: Book) -> None:
    owner = book.shop.owner
    steady = customer(owner, "Steady Ltd")
    subscription = started(owner, steady, book.monthly, "1", startDate=month(7).isoformat())
    for mutation, name in ((PAUSE, "pauseSubscription"), (RESUME, "resumeSubscription")):
        payload = mutate(owner, mutation, name, subscriptionId=subscription["id"])
        assert payload["userErrors"] == [], payload["userErrors"]

    recompute(stack, owner, date.today())

    # Churned and reactivated today: back to what it paid, not grown.
    found = lifecycle(owner, steady)
    assert found is not None
    assert (found["segment"], found["rule"]) == ("MATURE", "STEADY")
