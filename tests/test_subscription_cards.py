"""Automatic card payment of subscription renewals, against localstripe: the portal customer
saves a card (a SetupIntent confirmed as Stripe.js would), the renewal order is charged
off-session by the worker's run (called with explicit times, never waited for) and its
payment recorded once even when Stripe's webhook for the same PaymentIntent arrives too; a
declined card is retried on the tenant's retry days and the subscription ends past due;
each refusal has its code; another tenant's subscription is not found."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

from tests.support.concurrency import all_at_once
from tests.support.database import owner_sql
from tests.support.graphql import (
    GraphQLClient,
    TenantSession,
    codes_of,
    errors_of,
    row_id,
    row_uuid,
)
from tests.support.payments import scheduled
from tests.support.stack import Mailbox, Stack
from tests.support.stripe import (
    events_recorded,
    intent_event,
    open_stripe_shop,
    post_signed_webhook,
    sdk,
    stripe_base,
)
from tests.support.subscription_cards import (
    DECLINED_CARD,
    GOOD_CARD,
    REMOVE_CARD,
    SAVE_CARD,
    START_SETUP,
    card_saved,
    confirm_setup,
    handled,
    portal_error_codes,
    portal_mutation,
    renewal_billed,
    run_card_charges,
    save_card,
    start_setup,
    trial_subscription,
)
from tests.support.subscriptions import (
    SETTINGS,
    create_plan,
    make_overdue,
    read,
    run_renewals,
    started,
)
from tests.support.waiting import wait_until

ORDER_PAYMENT = """query O($id: ID!) { node(id: $id) { ... on Order { number paymentStatus
  amountPaid { amount } } } }"""
PAYMENTS = """query { payments(first: 20) { edges { node { number method reference
  amount { amount currency } allocations { orderNumber } } } } }"""


UPDATE_APPROVALS = """mutation U($input: UpdateApprovalSettingsInput!) {
  updateApprovalSettings(input: $input) { userErrors { field code message } } }"""
ORDER_APPROVAL = """query O($id: ID!) { node(id: $id) { ... on Order { status
  approval { steps { id } } } } }"""
DECIDE_APPROVAL = """mutation D($input: DecideApprovalInput!) { decideApproval(input: $input) {
  userErrors { field code message } } }"""


def stripe_payments(session: TenantSession) -> list[dict[str, Any]]:
    return [
        e["node"]
        for e in session.client.data(PAYMENTS)["payments"]["edges"]
        if e["node"]["method"] == "STRIPE"
    ]


def order_payment(session: TenantSession, order_id: str) -> dict[str, Any]:
    found: dict[str, Any] = session.client.data(ORDER_PAYMENT, {"id": order_id})["node"]
    return found


def _now() -> datetime:
    return datetime.now(UTC)


def test_a_renewal_is_charged_to_the_saved_card_and_recorded_once(
    api: GraphQLClient, mailbox: Mailbox, stack: Stack
) -> None:
    shop = open_stripe_shop(api, mailbox, stack)
    subscription = trial_subscription(shop)
    started_setup = start_setup(shop, subscription["id"])
    assert started_setup["userErrors"] == []
    setup = started_setup["setup"]
    assert setup["clientSecret"].startswith(setup["setupIntentId"])
    assert setup["stripeJsUrl"] == f"{stripe_base(stack)}/js.stripe.com/v3/"
    assert setup["publishableKey"].startswith("pk_test_")
    assert confirm_setup(stack, shop, setup["setupIntentId"], GOOD_CARD).status == "succeeded"
    saved = save_card(shop, subscription["id"], setup["setupIntentId"])
    assert saved["userErrors"] == []
    assert saved["subscription"]["cardSaved"] is True
    staff_view = read(shop.owner, subscription["id"])
    assert staff_view["cardSaved"] is True
    assert staff_view["changes"][0]["kind"] == "PAYMENT_METHOD"

    renewal_billed(stack, shop, subscription)
    assert run_card_charges(stack, shop, _now()) >= 1
    renewed = read(shop.owner, subscription["id"])
    [period] = renewed["periods"]
    assert period["status"] == "PAID"
    [attempt] = renewed["paymentAttempts"]
    assert attempt["attemptNo"] == 1
    assert attempt["status"] == "succeeded"
    assert attempt["paymentIntentId"].startswith("pi_")
    assert attempt["nextRetryAt"] is None
    assert renewed["changes"][0]["kind"] == "PAID"
    assert order_payment(shop.owner, period["orderId"]) == {
        "number": period["order"]["number"],
        "paymentStatus": "PAID",
        "amountPaid": {"amount": "22.00"},
    }
    [payment] = stripe_payments(shop.owner)
    assert payment["reference"] == attempt["paymentIntentId"]
    assert payment["amount"] == {"amount": "22.00", "currency": "USD"}

    # Stripe's webhook for the same PaymentIntent, as Stripe would send it: nothing more.
    event = intent_event("payment_intent.succeeded", attempt["paymentIntentId"], 2200)
    answer = post_signed_webhook(shop.endpoint, shop.webhook_secret, json.dumps(event))
    assert answer.status_code == 200, answer.text
    assert answer.json()["outcome"] == "already_recorded"
    # localstripe posts its own succeeded event for the PaymentIntent too.
    wait_until(
        lambda: len(events_recorded(stack, shop.tenant_id)) >= 2, 30, "localstripe's webhook"
    )
    assert len(stripe_payments(shop.owner)) == 1
    # A run again (a restarted worker) charges nothing more.
    run_card_charges(stack, shop, _now())
    assert len(read(shop.owner, subscription["id"])["paymentAttempts"]) == 1
    assert len(stripe_payments(shop.owner)) == 1


def test_the_webhook_first_then_the_worker_still_records_one_payment(
    api: GraphQLClient, mailbox: Mailbox, stack: Stack
) -> None:
    """The webhook racing ahead of the worker's commit finds no checkout yet and records
    nothing; the worker records the payment; the webhook again finds it recorded."""
    shop = open_stripe_shop(api, mailbox, stack)
    subscription = trial_subscription(shop)
    card_saved(stack, shop, subscription["id"], GOOD_CARD)
    renewal_billed(stack, shop, subscription)
    run_card_charges(stack, shop, _now())
    [attempt] = read(shop.owner, subscription["id"])["paymentAttempts"]
    intent_id = attempt["paymentIntentId"]
    events = [intent_event("payment_intent.succeeded", intent_id, 2200) for _ in range(3)]
    outcomes = {
        post_signed_webhook(shop.endpoint, shop.webhook_secret, json.dumps(e)).json()["outcome"]
        for e in events
    }
    assert outcomes == {"already_recorded"}
    assert len(stripe_payments(shop.owner)) == 1


def test_two_charge_runs_at_once_charge_the_card_once(
    api: GraphQLClient, mailbox: Mailbox, stack: Stack
) -> None:
    shop = open_stripe_shop(api, mailbox, stack)
    subscription = trial_subscription(shop)
    card_saved(stack, shop, subscription["id"], GOOD_CARD)
    renewal_billed(stack, shop, subscription)
    moment = _now()
    all_at_once(
        [
            lambda: run_card_charges(stack, shop, moment),
            lambda: run_card_charges(stack, shop, moment),
        ]
    )
    view = read(shop.owner, subscription["id"])
    assert [a["attemptNo"] for a in view["paymentAttempts"]] == [1]
    assert view["periods"][0]["status"] == "PAID"
    assert len(stripe_payments(shop.owner)) == 1


def test_a_renewal_held_for_approval_is_charged_once_it_is_confirmed(
    api: GraphQLClient, mailbox: Mailbox, stack: Stack
) -> None:
    """An order not confirmed yet has no receivables to charge: the charge is looked at
    again shortly, and made once the order is approved."""
    shop = open_stripe_shop(api, mailbox, stack)
    holding = shop.owner.client.data(
        UPDATE_APPROVALS, {"input": {"amountThresholds": [{"above": "10", "level": "FINANCE"}]}}
    )
    assert holding["updateApprovalSettings"]["userErrors"] == []
    subscription = trial_subscription(shop)
    card_saved(stack, shop, subscription["id"], GOOD_CARD)
    renewal_billed(stack, shop, subscription)
    [period] = read(shop.owner, subscription["id"])["periods"]
    order = shop.owner.client.data(ORDER_APPROVAL, {"id": period["orderId"]})["node"]
    assert order["status"] == "PENDING_APPROVAL"

    moment = _now()
    run_card_charges(stack, shop, moment)
    assert read(shop.owner, subscription["id"])["paymentAttempts"] == []
    [retry_at] = owner_sql(
        stack,
        "SELECT retry_at FROM subscription_due WHERE subscription_id = $1",
        row_uuid(subscription["id"]),
    )
    assert retry_at["retry_at"] == moment + timedelta(minutes=15)

    [step] = order["approval"]["steps"]
    decided = shop.owner.client.data(
        DECIDE_APPROVAL, {"input": {"stepId": step["id"], "decision": "APPROVE"}}
    )
    assert decided["decideApproval"]["userErrors"] == []
    run_card_charges(stack, shop, moment + timedelta(minutes=16))
    view = read(shop.owner, subscription["id"])
    assert [(a["attemptNo"], a["status"]) for a in view["paymentAttempts"]] == [(1, "succeeded")]
    assert view["periods"][0]["status"] == "PAID"


def test_a_declined_card_is_retried_on_the_retry_days_then_the_subscription_is_past_due(
    api: GraphQLClient, mailbox: Mailbox, stack: Stack
) -> None:
    shop = open_stripe_shop(api, mailbox, stack)
    # The tenant's own retry days (the default is 1, 3, 7).
    terms = {
        "renewalLeadDays": 7,
        "retryDays": [1, 2, 5],
        "prorationMode": "NEXT_RENEWAL",
        "reminderOffsets": [60, 30, 14, 7],
    }
    settings = shop.owner.client.data(SETTINGS, {"input": terms})
    assert settings["updateSubscriptionSettings"]["userErrors"] == []
    subscription = trial_subscription(shop)
    card_saved(stack, shop, subscription["id"], DECLINED_CARD)
    renewal_billed(stack, shop, subscription)

    first = _now()
    run_card_charges(stack, shop, first)
    after_first = read(shop.owner, subscription["id"])
    [attempt] = after_first["paymentAttempts"]
    assert (attempt["attemptNo"], attempt["status"]) == (1, "failed")
    assert attempt["error"]
    assert after_first["status"] == "TRIALING"
    retry_at = datetime.fromisoformat(attempt["nextRetryAt"])
    assert abs(retry_at - (first + timedelta(days=1))) < timedelta(seconds=1)

    # Not yet due: nothing is tried.
    run_card_charges(stack, shop, first + timedelta(hours=23))
    assert len(read(shop.owner, subscription["id"])["paymentAttempts"]) == 1

    for attempt_no, day in ((2, 1), (3, 2)):
        run_card_charges(stack, shop, first + timedelta(days=day, seconds=1))
        view = read(shop.owner, subscription["id"])
        latest = view["paymentAttempts"][0]
        assert (latest["attemptNo"], latest["status"]) == (attempt_no, "failed")
        expected_next = first + timedelta(days={2: 2, 3: 5}[attempt_no])
        assert abs(datetime.fromisoformat(latest["nextRetryAt"]) - expected_next) < timedelta(
            seconds=1
        )
        assert view["status"] == "TRIALING"
        assert view["periods"][0]["status"] == "BILLED"

    run_card_charges(stack, shop, first + timedelta(days=5, seconds=1))
    past_due = read(shop.owner, subscription["id"])
    assert [a["attemptNo"] for a in past_due["paymentAttempts"]] == [4, 3, 2, 1]
    assert past_due["paymentAttempts"][0]["nextRetryAt"] is None
    assert past_due["status"] == "PAST_DUE"
    assert past_due["periods"][0]["status"] == "PAYMENT_FAILED"
    assert past_due["changes"][0]["kind"] == "PAST_DUE"
    # Nothing is tried any more; no payment was recorded.
    run_card_charges(stack, shop, first + timedelta(days=30))
    assert len(read(shop.owner, subscription["id"])["paymentAttempts"]) == 4
    assert stripe_payments(shop.owner) == []


def test_each_refusal_has_its_code(api: GraphQLClient, mailbox: Mailbox, stack: Stack) -> None:
    unconnected = open_stripe_shop(api, mailbox, stack, connect=False)
    offline = trial_subscription(unconnected)
    assert codes_of(start_setup(unconnected, offline["id"])) == ["STRIPE_NOT_CONNECTED"]

    shop = open_stripe_shop(api, mailbox, stack)
    subscription = trial_subscription(shop)
    setup = start_setup(shop, subscription["id"])["setup"]
    # Not confirmed yet.
    assert errors_of(save_card(shop, subscription["id"], setup["setupIntentId"])) == {
        (("setupIntentId",), "CARD_SETUP_NOT_SUCCEEDED")
    }
    assert errors_of(save_card(shop, subscription["id"], "seti_unknown")) == {
        (("setupIntentId",), "CARD_SETUP_NOT_FOUND")
    }
    # A SetupIntent of another Stripe Customer, even confirmed.
    client = sdk(stack, shop.secret_key)
    stranger = client.v1.customers.create(params={"email": "stranger@example.com"})
    foreign = client.v1.setup_intents.create(params={"customer": stranger.id})
    confirm_setup(stack, shop, foreign.id, GOOD_CARD)
    assert errors_of(save_card(shop, subscription["id"], foreign.id)) == {
        (("setupIntentId",), "CARD_SETUP_OF_OTHER_CUSTOMER")
    }
    assert read(shop.owner, subscription["id"])["cardSaved"] is False
    removed = portal_mutation(
        shop, REMOVE_CARD, "removeMySubscriptionCard", subscriptionId=row_id(subscription["id"])
    )
    assert codes_of(removed) == ["CARD_NOT_SAVED"]

    card_saved(stack, shop, subscription["id"], GOOD_CARD)
    removed = portal_mutation(
        shop, REMOVE_CARD, "removeMySubscriptionCard", subscriptionId=row_id(subscription["id"])
    )
    assert removed["userErrors"] == []
    assert removed["subscription"]["cardSaved"] is False


def test_another_tenants_subscription_is_not_found(
    api: GraphQLClient, mailbox: Mailbox, stack: Stack
) -> None:
    shop = open_stripe_shop(api, mailbox, stack)
    other = open_stripe_shop(api, mailbox, stack)
    subscription = trial_subscription(shop)
    setup = start_setup(shop, subscription["id"])["setup"]
    confirm_setup(stack, shop, setup["setupIntentId"], GOOD_CARD)
    mine = row_id(subscription["id"])
    assert portal_error_codes(other, START_SETUP, subscriptionId=mine) == ["NOT_FOUND"]
    saving = {"subscriptionId": mine, "setupIntentId": setup["setupIntentId"]}
    assert portal_error_codes(other, SAVE_CARD, **saving) == ["NOT_FOUND"]
    assert portal_error_codes(other, REMOVE_CARD, subscriptionId=mine) == ["NOT_FOUND"]
    assert read(shop.owner, subscription["id"])["cardSaved"] is False


def test_an_overdue_reminder_waits_for_the_cards_retries(
    api: GraphQLClient, mailbox: Mailbox, stack: Stack
) -> None:
    shop = open_stripe_shop(api, mailbox, stack)
    plan_id = create_plan(shop.owner, shop.bolt, "CARD-A")
    subscription = started(shop.owner, shop.buyer.customer_id, plan_id, "1")
    card_saved(stack, shop, subscription["id"], DECLINED_CARD)
    period_end = datetime.fromisoformat(subscription["currentPeriodEnd"]).date()
    assert run_renewals(stack, shop.owner, period_end - timedelta(days=7)).ordered == 1
    run_card_charges(stack, shop, _now())
    renewal = read(shop.owner, subscription["id"])["periods"][0]
    assert renewal["status"] == "BILLED"

    make_overdue(stack, scheduled(shop.owner, renewal["orderId"])["id"], 2)
    wait_until(
        lambda: handled(shop, "receivable.overdue", "subscriptions.renewal_overdue") or None,
        40,
        "the overdue renewal handled",
    )

    waiting = read(shop.owner, subscription["id"])
    assert (waiting["status"], waiting["paymentAttempts"][0]["status"]) == ("ACTIVE", "failed")
    assert waiting["paymentAttempts"][0]["nextRetryAt"] is not None
