"""Subscriptions as staff meet them over GraphQL: plans on a SKU, a subscription started for
a customer (its first period's order entered at once, or a trial first), changes now and at
the period's end with their history, cancelling, reactivating, pausing; each bad input's
code; the worker's renewal run creating one order per period even run twice at once; the
period roll-over (trial end, cancellation at period end, expiry); other tenants' ids."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import event

import subscriptions.services as subscriptions
from core.errors import BusinessRuleError
from tests.support.catalog import UPDATE_SKU
from tests.support.concurrency import all_at_once
from tests.support.database import tenant_id_of
from tests.support.graphql import (
    GraphQLClient,
    codes_of,
    errors_of,
    global_id,
    row_id,
    row_uuid,
    sign_up,
)
from tests.support.orders import Shop, customer, open_shop
from tests.support.payments import paid_in_full, scheduled
from tests.support.portal import register_buyer
from tests.support.services import StaffUser, in_process, run_as
from tests.support.stack import Mailbox, Stack, run_async
from tests.support.subscriptions import (
    AUTO_RENEW,
    CANCEL,
    CANCEL_MINE,
    CHANGE,
    CHANGE_MINE,
    CREATE_PLAN,
    CUSTOMER_SUBSCRIPTIONS,
    MY_SUBSCRIPTIONS,
    NODE,
    PAUSE,
    REACTIVATE,
    RESUME,
    SETTINGS,
    SUBSCRIPTIONS,
    create_plan,
    make_overdue,
    mutate,
    read,
    run_period_ends,
    run_renewals,
    start,
    started,
)
from tests.support.waiting import wait_until

ORDER_LINES = """query Lines($id: ID!) { node(id: $id) { ... on Order {
  lines { priceSourceLabel priceRule { kind } } } } }"""
SUBSCRIPTION_ORDERS = """query SubscriptionOrders {
  orders(filter: { channel: SUBSCRIPTION }, first: 50) { edges { node { id } } } }"""
UPDATE_CUSTOMER = """mutation UpdateCustomer($input: UpdateCustomerInput!) {
  updateCustomer(input: $input) { userErrors { field code } } }"""
UPDATE_WAREHOUSE = """mutation UpdateWarehouse($input: UpdateWarehouseInput!) {
  updateWarehouse(input: $input) { userErrors { field code } } }"""
UPDATE_TENANT = """mutation Settings($input: UpdateTenantSettingsInput!) {
  updateTenantSettings(input: $input) { userErrors { field code message } } }"""


@pytest.fixture
def shop(api: GraphQLClient) -> Shop:
    return open_shop(api)


def _day(value: str) -> date:
    return date.fromisoformat(value)


def test_a_started_subscription_bills_its_first_period_at_once(shop: Shop) -> None:
    plan_id = create_plan(shop.owner, shop.sku_id)
    subscription = started(shop.owner, shop.customer_id, plan_id, "2")
    assert subscription["number"].startswith("SUB-")
    assert subscription["status"] == "ACTIVE"
    assert subscription["mrr"]["amount"] == "20.00"
    [line] = subscription["lines"]
    assert (line["quantity"], line["unitPrice"]["amount"], line["priceAgreed"]) == (
        "2.000",
        "10.00",
        False,
    )
    [period] = subscription["periods"]
    assert period["periodIndex"] == 1
    assert period["periodStart"] == subscription["currentPeriodStart"]
    assert period["order"]["channel"] == "SUBSCRIPTION"
    assert period["order"]["status"] == "CONFIRMED"
    assert [c["kind"] for c in subscription["changes"]] == ["START"]
    listed = shop.owner.client.data(SUBSCRIPTIONS, {"filter": {"statuses": ["ACTIVE"]}})
    assert [e["node"]["id"] for e in listed["subscriptions"]["edges"]] == [subscription["id"]]
    on_customer = shop.owner.client.data(CUSTOMER_SUBSCRIPTIONS, {"id": shop.customer_id})
    assert [s["id"] for s in on_customer["node"]["subscriptions"]] == [subscription["id"]]


def test_a_plan_with_trial_days_starts_trialing_and_bills_nothing_yet(shop: Shop) -> None:
    plan_id = create_plan(shop.owner, shop.sku_id, "TRIAL-M", trialDays=14)
    subscription = started(shop.owner, shop.customer_id, plan_id, "1")
    assert subscription["status"] == "TRIALING"
    start_day = _day(subscription["startDate"])
    assert subscription["trialEnd"] == (start_day + timedelta(days=14)).isoformat()
    assert subscription["currentPeriodEnd"] == subscription["trialEnd"]
    assert subscription["periods"] == []
    assert subscription["mrr"]["amount"] == "0.00"


def test_each_bad_input_has_its_code(api: GraphQLClient, shop: Shop) -> None:
    plan_id = create_plan(shop.owner, shop.sku_id)
    bad_plan = shop.owner.client.data(
        CREATE_PLAN,
        {
            "input": {
                "code": "bad code",
                "name": " ",
                "skuId": shop.sku_id,
                "billingPeriod": "YEAR",
                "trialDays": 400,
            }
        },
    )["createSubscriptionPlan"]
    assert errors_of(bad_plan) == {
        (("code",), "INVALID_CODE"),
        (("name",), "INVALID_NAME"),
        (("trialDays",), "INVALID_TRIAL_DAYS"),
    }
    taken = shop.owner.client.data(
        CREATE_PLAN,
        {
            "input": {
                "code": "bolt-m",
                "name": "Again",
                "skuId": shop.sku_id,
                "billingPeriod": "MONTH",
            }
        },
    )["createSubscriptionPlan"]
    assert errors_of(taken) == {(("code",), "CODE_TAKEN")}
    nothing = start(shop.owner, shop.customer_id, plan_id, "0")
    assert errors_of(nothing) == {(("lines", "0", "quantity"), "INVALID_QUANTITY")}
    assert codes_of(start(shop.owner, shop.customer_id, plan_id, "-1")) == ["NEGATIVE_QUANTITY"]
    unknown = start(shop.owner, shop.customer_id, global_id("SubscriptionPlan", "0" * 32))
    assert errors_of(unknown) == {(("lines", "0", "planId"), "UNKNOWN_PLAN")}

    subscription = started(shop.owner, shop.customer_id, plan_id, "2")
    negative = mutate(
        shop.owner,
        CHANGE,
        "changeSubscription",
        subscriptionId=subscription["id"],
        quantityDelta="-3",
    )
    assert errors_of(negative) == {(("quantityDelta",), "NEGATIVE_QUANTITY")}
    assert read(shop.owner, subscription["id"])["lines"][0]["quantity"] == "2.000"
    cancelled = mutate(
        shop.owner, CANCEL, "cancelSubscription", subscriptionId=subscription["id"], timing="NOW"
    )
    assert cancelled["subscription"]["status"] == "CANCELLED"
    again = mutate(
        shop.owner, CANCEL, "cancelSubscription", subscriptionId=subscription["id"], timing="NOW"
    )
    assert codes_of(again) == ["ALREADY_CANCELLED"]

    # A customer kept in the tenant's former currency cannot subscribe to its plans.
    euro_customer = customer(shop.owner, "Euro Traders")
    changed = shop.owner.client.data(UPDATE_TENANT, {"input": {"currency": "EUR"}})
    assert changed["updateTenantSettings"]["userErrors"] == []
    mismatch = start(shop.owner, euro_customer, plan_id)
    assert errors_of(mismatch) == {(("lines", "0", "planId"), "PLAN_CURRENCY_MISMATCH")}


def test_the_portal_changes_and_cancels_only_where_the_plan_allows(
    api: GraphQLClient, mailbox: Mailbox, shop: Shop
) -> None:
    buyer = register_buyer(api, mailbox, shop.owner, "Portal Buyer")
    locked_plan = create_plan(
        shop.owner,
        shop.sku_id,
        "LOCKED",
        customerMayCancel=False,
        customerMayChangeQuantity=False,
    )
    open_plan = create_plan(shop.owner, shop.other_sku_id, "OPEN")
    locked = started(shop.owner, buyer.customer_id, locked_plan, "1")
    opened = started(shop.owner, buyer.customer_id, open_plan, "1")
    mine = buyer.portal.data(MY_SUBSCRIPTIONS)["mySubscriptions"]["edges"]
    assert {e["node"]["number"] for e in mine} == {locked["number"], opened["number"]}
    refused = buyer.portal.data(CANCEL_MINE, {"input": {"subscriptionId": row_id(locked["id"])}})
    assert codes_of(refused["cancelMySubscription"]) == ["NOT_CANCELLABLE_BY_CUSTOMER"]
    not_changed = buyer.portal.data(
        CHANGE_MINE, {"input": {"subscriptionId": row_id(locked["id"]), "quantity": "3"}}
    )
    assert codes_of(not_changed["changeMySubscription"]) == ["QUANTITY_NOT_CHANGEABLE_BY_CUSTOMER"]
    changed = buyer.portal.data(
        CHANGE_MINE, {"input": {"subscriptionId": row_id(opened["id"]), "quantity": "3"}}
    )["changeMySubscription"]
    assert changed["userErrors"] == []
    # At the period's end by default: the quantity stays until then.
    assert changed["subscription"]["lines"][0]["quantity"] == "1.000"
    cancelled = buyer.portal.data(CANCEL_MINE, {"input": {"subscriptionId": row_id(opened["id"])}})[
        "cancelMySubscription"
    ]
    assert cancelled["userErrors"] == []
    assert cancelled["subscription"]["cancelAtPeriodEnd"] is True
    assert cancelled["subscription"]["nextRenewal"] is None
    history = read(shop.owner, opened["id"])["changes"]
    assert [(c["kind"], c["applied"], c["actorKind"]) for c in history[:2]] == [
        ("CANCEL_AT_PERIOD_END", True, "portal"),
        ("QUANTITY", False, "portal"),
    ]


def test_a_change_now_is_prorated_on_the_next_renewal_order(stack: Stack, shop: Shop) -> None:
    plan_id = create_plan(shop.owner, shop.sku_id)
    subscription = started(shop.owner, shop.customer_id, plan_id, "2")
    changed = mutate(
        shop.owner,
        CHANGE,
        "changeSubscription",
        subscriptionId=subscription["id"],
        quantityDelta="1",
    )
    assert changed["userErrors"] == []
    after = changed["subscription"]
    assert after["lines"][0]["quantity"] == "3.000"
    assert after["mrr"]["amount"] == "30.00"
    charge = Decimal(after["changes"][0]["proratedCharge"])
    start_day, end_day = _day(after["currentPeriodStart"]), _day(after["currentPeriodEnd"])
    assert Decimal(0) < charge <= Decimal(10)
    assert end_day > start_day
    result = run_renewals(stack, shop.owner, end_day - timedelta(days=7))
    assert result.ordered >= 1
    renewed = read(shop.owner, subscription["id"])
    newest = renewed["periods"][0]
    assert (newest["periodIndex"], newest["periodStart"]) == (2, after["currentPeriodEnd"])
    total = Decimal(newest["order"]["total"]["amount"])
    # 3 x 10.00 and the prorated charge, tax 10 %.
    assert total == ((Decimal(30) + charge) * Decimal("1.1")).quantize(Decimal("0.01"))
    assert renewed["changes"][0]["billedOrderId"] == newest["orderId"]
    lines = shop.owner.client.data(ORDER_LINES, {"id": newest["orderId"]})["node"]["lines"]
    assert [(line["priceRule"]["kind"], line["priceSourceLabel"][:14]) for line in lines] == [
        ("LIST", "List price"),
        ("PRORATION", "Prorated from "),
    ]


def test_two_renewal_runs_at_once_create_one_order_per_period(stack: Stack, shop: Shop) -> None:
    plan_id = create_plan(shop.owner, shop.sku_id)
    subscriptions = [started(shop.owner, shop.customer_id, plan_id, "1") for _ in range(3)]
    due = _day(subscriptions[0]["currentPeriodEnd"]) - timedelta(days=7)
    results = all_at_once(
        [lambda: run_renewals(stack, shop.owner, due), lambda: run_renewals(stack, shop.owner, due)]
    )
    # At least these three (other tests' subscriptions of the session may be due too), and
    # each period once: the runs split the work, they do not repeat it.
    assert sum(r.ordered for r in results) >= 3
    assert run_renewals(stack, shop.owner, due).ordered == 0
    for subscription in subscriptions:
        periods = read(shop.owner, subscription["id"])["periods"]
        assert [p["periodIndex"] for p in periods] == [2, 1]
        assert len({p["orderId"] for p in periods}) == 2


def test_periods_roll_over_trials_end_and_cancellations_take_effect(
    stack: Stack, shop: Shop
) -> None:
    trial_plan = create_plan(shop.owner, shop.sku_id, "TRIAL", trialDays=10)
    trialing = started(shop.owner, shop.customer_id, trial_plan, "1")
    plan_id = create_plan(shop.owner, shop.other_sku_id, "NUT-M")
    leaving = started(shop.owner, shop.customer_id, plan_id, "1")
    ending = mutate(
        shop.owner,
        CANCEL,
        "cancelSubscription",
        subscriptionId=leaving["id"],
        timing="PERIOD_END",
    )
    assert ending["subscription"]["cancelAtPeriodEnd"] is True
    lapsing = started(shop.owner, shop.customer_id, plan_id, "1", autoRenew=False)

    trial_end = _day(trialing["trialEnd"])
    run_renewals(stack, shop.owner, trial_end - timedelta(days=7))
    run_period_ends(stack, shop.owner, trial_end)
    active = read(shop.owner, trialing["id"])
    assert active["status"] == "ACTIVE"
    assert active["currentPeriodStart"] == trialing["trialEnd"]
    assert active["periods"][0]["periodStart"] == trialing["trialEnd"]
    assert active["mrr"]["amount"] == "10.00"
    assert active["changes"][0]["kind"] == "TRIAL_END"

    period_end = _day(leaving["currentPeriodEnd"])
    run_renewals(stack, shop.owner, period_end - timedelta(days=7))
    run_period_ends(stack, shop.owner, period_end)
    cancelled = read(shop.owner, leaving["id"])
    assert (cancelled["status"], len(cancelled["periods"])) == ("CANCELLED", 1)
    expired = read(shop.owner, lapsing["id"])
    assert (expired["status"], len(expired["periods"])) == ("EXPIRED", 1)


def test_pause_resume_reactivate_and_auto_renew_are_recorded(shop: Shop) -> None:
    plan_id = create_plan(shop.owner, shop.sku_id)
    subscription = started(shop.owner, shop.customer_id, plan_id, "1")
    paused = mutate(shop.owner, PAUSE, "pauseSubscription", subscriptionId=subscription["id"])
    assert (paused["subscription"]["status"], paused["subscription"]["mrr"]["amount"]) == (
        "PAUSED",
        "0.00",
    )
    assert codes_of(
        mutate(shop.owner, PAUSE, "pauseSubscription", subscriptionId=subscription["id"])
    ) == ["NOT_PAUSABLE"]
    resumed = mutate(shop.owner, RESUME, "resumeSubscription", subscriptionId=subscription["id"])
    assert resumed["subscription"]["status"] == "ACTIVE"
    off = mutate(
        shop.owner,
        AUTO_RENEW,
        "setSubscriptionAutoRenew",
        subscriptionId=subscription["id"],
        autoRenew=False,
    )
    assert off["subscription"]["autoRenew"] is False
    assert codes_of(
        mutate(shop.owner, REACTIVATE, "reactivateSubscription", subscriptionId=subscription["id"])
    ) == ["NOT_CANCELLED"]
    mutate(
        shop.owner, CANCEL, "cancelSubscription", subscriptionId=subscription["id"], timing="NOW"
    )
    back = mutate(
        shop.owner, REACTIVATE, "reactivateSubscription", subscriptionId=subscription["id"]
    )
    assert back["subscription"]["status"] == "ACTIVE"
    assert [c["kind"] for c in back["subscription"]["changes"]] == [
        "REACTIVATE",
        "CANCEL",
        "AUTO_RENEW",
        "RESUME",
        "PAUSE",
        "START",
    ]


def test_the_renewal_settings_are_checked(shop: Shop) -> None:
    bad = shop.owner.client.data(
        SETTINGS,
        {
            "input": {
                "renewalLeadDays": 90,
                "retryDays": [3, 1],
                "prorationMode": "NEXT_RENEWAL",
                "reminderOffsets": [60, 0],
            }
        },
    )["updateSubscriptionSettings"]
    assert errors_of(bad) == {
        (("renewalLeadDays",), "INVALID_SETTINGS"),
        (("retryDays",), "INVALID_SETTINGS"),
        (("reminderOffsets",), "INVALID_SETTINGS"),
    }
    good = shop.owner.client.data(
        SETTINGS,
        {
            "input": {
                "renewalLeadDays": 3,
                "retryDays": [1, 2],
                "prorationMode": "IMMEDIATE_ORDER",
                "reminderOffsets": [30, 7],
            }
        },
    )["updateSubscriptionSettings"]
    assert good["settings"] == {
        "renewalLeadDays": 3,
        "retryDays": [1, 2],
        "prorationMode": "IMMEDIATE_ORDER",
        "reminderOffsets": [30, 7],
    }


def test_another_tenants_subscription_is_not_found(api: GraphQLClient, shop: Shop) -> None:
    plan_id = create_plan(shop.owner, shop.sku_id)
    subscription = started(shop.owner, shop.customer_id, plan_id, "1")
    other = sign_up(api, name="Elsewhere Ltd")
    assert read(other, subscription["id"]) is None
    assert other.client.error_codes(NODE, {"id": subscription["id"]}) == ["NOT_FOUND"]
    codes = other.client.error_codes(
        CANCEL, {"input": {"subscriptionId": subscription["id"], "timing": "NOW"}}
    )
    assert codes == ["NOT_FOUND"]
    assert read(shop.owner, subscription["id"])["status"] == "ACTIVE"


def test_a_quote_starts_a_subscription_at_its_agreed_prices(stack: Stack, shop: Shop) -> None:
    plan_id = create_plan(shop.owner, shop.sku_id)
    quote_id = uuid.uuid4()
    data = subscriptions.QuoteSubscription(
        customer_id=row_uuid(shop.customer_id),
        quote_id=quote_id,
        start_date=date.today(),
        lines=[
            subscriptions.QuoteSubscriptionLine(
                row_uuid(plan_id), Decimal(2), Decimal("7.50"), Decimal(10)
            )
        ],
    )
    user = StaffUser.of(shop.owner)
    subscription_id = run_as(
        stack, user, lambda actor: subscriptions.start_subscription_for_quote(actor, data)
    )
    found = read(shop.owner, global_id("Subscription", subscription_id))
    [line] = found["lines"]
    assert (line["unitPrice"]["amount"], line["discountPercent"], line["priceAgreed"]) == (
        "7.50",
        "10.0000",
        True,
    )
    assert found["mrr"]["amount"] == "13.50"
    renewal_quote = uuid.uuid4()
    run_as(
        stack,
        user,
        lambda actor: subscriptions.note_renewal_quote(actor, subscription_id, renewal_quote),
    )
    noted = shop.owner.client.data(
        "query Q($id: ID!) { subscription(id: $id) { quoteId renewalQuoteId } }",
        {"id": found["id"]},
    )["subscription"]
    assert noted == {
        "quoteId": global_id("Quote", quote_id),
        "renewalQuoteId": global_id("Quote", renewal_quote),
    }
    bad = subscriptions.QuoteSubscription(
        customer_id=row_uuid(shop.customer_id),
        quote_id=quote_id,
        start_date=date.today(),
        lines=[
            subscriptions.QuoteSubscriptionLine(
                row_uuid(plan_id), Decimal(-1), Decimal("7.50"), Decimal(0)
            )
        ],
    )
    with pytest.raises(BusinessRuleError) as refused:
        run_as(stack, user, lambda actor: subscriptions.start_subscription_for_quote(actor, bad))
    assert [e.code.value for e in refused.value.errors] == ["NEGATIVE_QUANTITY"]


def test_an_overdue_renewal_makes_the_subscription_past_due_until_paid(
    stack: Stack, shop: Shop
) -> None:
    plan_id = create_plan(shop.owner, shop.sku_id)
    subscription = started(shop.owner, shop.customer_id, plan_id, "1")
    order_id = subscription["periods"][0]["orderId"]
    receivable = scheduled(shop.owner, order_id)
    make_overdue(stack, receivable["id"], 2)
    past_due = wait_until(
        lambda: read(shop.owner, subscription["id"])["status"] == "PAST_DUE" or None,
        40,
        "the subscription past due",
    )
    assert past_due
    found = read(shop.owner, subscription["id"])
    assert (found["changes"][0]["kind"], found["changes"][0]["actorKind"]) == (
        "PAST_DUE",
        "system",
    )
    assert found["mrr"]["amount"] == "10.00"
    paid_in_full(shop.owner, shop.customer_id, receivable)
    wait_until(
        lambda: read(shop.owner, subscription["id"])["status"] == "ACTIVE" or None,
        40,
        "the subscription active again",
    )
    back = read(shop.owner, subscription["id"])
    assert back["changes"][0]["kind"] == "PAID"
    assert back["periods"][0]["status"] == "PAID"


def test_a_change_at_period_end_is_billed_by_the_renewal_and_applied_at_roll_over(
    stack: Stack, shop: Shop
) -> None:
    plan_id = create_plan(shop.owner, shop.sku_id)
    subscription = started(shop.owner, shop.customer_id, plan_id, "1")
    later = mutate(
        shop.owner,
        CHANGE,
        "changeSubscription",
        subscriptionId=subscription["id"],
        quantity="3",
        timing="PERIOD_END",
    )
    assert later["userErrors"] == []
    assert later["subscription"]["mrr"]["amount"] == "10.00"
    end = _day(subscription["currentPeriodEnd"])
    # Other tests' subscriptions of the session may be due that day too.
    assert run_renewals(stack, shop.owner, end - timedelta(days=7)).ordered >= 1
    renewal = read(shop.owner, subscription["id"])["periods"][0]
    # 3 x 10.00, tax 10 %.
    assert renewal["order"]["total"]["amount"] == "33.00"
    assert run_period_ends(stack, shop.owner, end) >= 1
    rolled = read(shop.owner, subscription["id"])
    assert rolled["currentPeriodStart"] == subscription["currentPeriodEnd"]
    assert rolled["lines"][0]["quantity"] == "3.000"
    assert rolled["mrr"]["amount"] == "30.00"
    assert [(c["kind"], c["applied"]) for c in rolled["changes"][:2]] == [
        ("RENEW", True),
        ("QUANTITY", True),
    ]


def test_a_refused_renewal_waits_for_the_next_run_while_the_others_are_ordered(
    stack: Stack, shop: Shop
) -> None:
    kept = started(shop.owner, shop.customer_id, create_plan(shop.owner, shop.sku_id), "1")
    plan_id = create_plan(shop.owner, shop.other_sku_id, "NUT-M")
    refused = started(shop.owner, shop.customer_id, plan_id, "1")
    set_sku_active(shop, shop.other_sku_id, active=False)
    due = _day(kept["currentPeriodEnd"]) - timedelta(days=7)

    result = run_renewals(stack, shop.owner, due)
    assert (result.ordered, result.failed) == (1, 1)
    assert [p["periodIndex"] for p in read(shop.owner, kept["id"])["periods"]] == [2, 1]
    # Nothing of the refused renewal was kept: no period, no order (the two first
    # periods' orders and the one renewal order are all there is).
    assert [p["periodIndex"] for p in read(shop.owner, refused["id"])["periods"]] == [1]
    assert len(shop.owner.client.data(SUBSCRIPTION_ORDERS)["orders"]["edges"]) == 3

    set_sku_active(shop, shop.other_sku_id, active=True)
    # The refused renewal is looked at again hours later; the kept one is done.
    again = run_renewals(stack, shop.owner, due + timedelta(days=1))
    assert (again.ordered, again.failed) == (1, 0)
    assert [p["periodIndex"] for p in read(shop.owner, refused["id"])["periods"]] == [2, 1]


def test_without_an_active_warehouse_no_renewal_of_the_run_is_kept(
    stack: Stack, shop: Shop
) -> None:
    """The chunk's stock is reserved together: when it cannot be (no warehouse takes the
    lines), every renewal waits for the next run and none is half-written."""
    plan_id = create_plan(shop.owner, shop.sku_id)
    pair = [started(shop.owner, shop.customer_id, plan_id, "1") for _ in range(2)]
    set_warehouse_active(shop, active=False)
    due = _day(pair[0]["currentPeriodEnd"]) - timedelta(days=7)

    result = run_renewals(stack, shop.owner, due)
    assert (result.ordered, result.failed) == (0, 2)
    for subscription in pair:
        assert [p["periodIndex"] for p in read(shop.owner, subscription["id"])["periods"]] == [1]
    assert len(shop.owner.client.data(SUBSCRIPTION_ORDERS)["orders"]["edges"]) == 2

    set_warehouse_active(shop, active=True)
    assert run_renewals(stack, shop.owner, due + timedelta(days=1)).ordered == 2


def test_a_renewal_run_costs_the_same_statements_for_2_and_12_renewals(
    api: GraphQLClient, stack: Stack
) -> None:
    """The renewal orders of a chunk are entered together: the run's statements do not
    grow with the subscriptions due (each renewal once cost about twenty)."""
    counted = []
    for count in (2, 12):
        shop = open_shop(api)
        plan_id = create_plan(shop.owner, shop.sku_id)
        subscriptions = [started(shop.owner, shop.customer_id, plan_id, "1") for _ in range(count)]
        due = _day(subscriptions[0]["currentPeriodEnd"]) - timedelta(days=7)
        result, statements = statements_of_renewal_run(stack, shop, due)
        assert result.ordered == count
        counted.append(statements)
    assert counted[0] == counted[1], f"{counted[0]} statements for 2 renewals, {counted[1]} for 12"


def test_renewals_of_one_customer_in_one_run_count_against_its_credit_limit_in_turn(
    stack: Stack, shop: Shop
) -> None:
    """As one order after the other: the first renewal confirmed counts in the open
    receivables the second is checked with."""
    plan_id = create_plan(shop.owner, shop.sku_id)
    pair = [started(shop.owner, shop.customer_id, plan_id, "1") for _ in range(2)]
    # The two first periods' orders (11.00 each) are owed; one renewal more fits in 40.
    on_credit = shop.owner.client.data(
        UPDATE_CUSTOMER,
        {
            "input": {
                "customerId": shop.customer_id,
                "paymentTerms": {"kind": "NET", "netDays": 30},
                "creditLimit": "40",
            }
        },
    )
    assert on_credit["updateCustomer"]["userErrors"] == []
    due = _day(pair[0]["currentPeriodEnd"]) - timedelta(days=7)
    assert run_renewals(stack, shop.owner, due).ordered == 2
    statuses = [read(shop.owner, s["id"])["periods"][0]["order"]["status"] for s in pair]
    assert sorted(statuses) == ["CONFIRMED", "PENDING_APPROVAL"]


def set_warehouse_active(shop: Shop, active: bool) -> None:
    payload = shop.owner.client.data(
        UPDATE_WAREHOUSE, {"input": {"warehouseId": shop.warehouse_id, "active": active}}
    )
    assert payload["updateWarehouse"]["userErrors"] == []


def set_sku_active(shop: Shop, sku_id: str, active: bool) -> None:
    payload = shop.owner.client.data(UPDATE_SKU, {"input": {"skuId": sku_id, "active": active}})
    assert payload["updateSku"]["userErrors"] == []


def statements_of_renewal_run(
    stack: Stack, shop: Shop, on: date
) -> tuple[subscriptions.RunResult, int]:
    """The renewal run of the shop's tenant as the worker runs it, with the SQL statements
    it sent."""
    tenant_id = uuid.UUID(tenant_id_of(stack, shop.owner))
    sent: list[str] = []

    def count(*arguments: Any) -> None:
        sent.append(arguments[2])

    async def run() -> subscriptions.RunResult:
        async with in_process(stack, pool_size=2) as services:
            event.listen(services.db.engine.sync_engine, "before_cursor_execute", count)
            return await subscriptions.run_renewals(services, on, tenant_id)

    return run_async(run()), len(sent)
