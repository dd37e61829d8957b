"""Paying online through Stripe, against localstripe (the Stripe API stand-in the test
stack starts; the official SDK is pointed at it): a portal customer starts a PaymentIntent
for an order's open amount, confirms it as Stripe.js would, and localstripe's signed webhook
records the payment and moves the order to Paid. Webhooks are verified (bad signature or
stale timestamp: 400, nothing recorded), processed once per event id, and a PaymentIntent
is paid once however many events say so, concurrently or out of order; another tenant's
endpoint never records this tenant's payment."""

from __future__ import annotations

import json
import threading
import time
from typing import Any

import httpx

from tests.support.graphql import GraphQLClient, TenantSession
from tests.support.portal import placed
from tests.support.stack import Mailbox, Stack
from tests.support.stripe import (
    PAY,
    PORTAL_ORDER_PAYMENT,
    confirm_with_card,
    events_recorded,
    intent_event,
    open_stripe_shop,
    pay,
    sdk,
    signed_post,
    stripe_base,
)
from tests.support.waiting import wait_until

PAYMENTS = """query { payments(first: 20) { edges { node { number method reference
  amount { amount currency } amountAllocated { amount } allocations { orderNumber } } } } }"""


def stripe_payments(session: TenantSession) -> list[dict[str, Any]]:
    return [
        e["node"]
        for e in session.client.data(PAYMENTS)["payments"]["edges"]
        if e["node"]["method"] == "STRIPE"
    ]


def test_a_portal_customer_pays_online_and_stripes_webhook_records_it_once(
    api: GraphQLClient, mailbox: Mailbox, stack: Stack
) -> None:
    shop = open_stripe_shop(api, mailbox, stack)
    bystander = open_stripe_shop(api, mailbox, stack)  # receives every event too
    order = placed(shop.buyer, (shop.bolt, "2"))  # 2 x 10.00 + 10 % tax
    assert order["status"] == "CONFIRMED"

    started = pay(shop.buyer, order["id"])
    assert started["userErrors"] == []
    online = started["payment"]
    assert online["amount"] == {"amount": "22.00", "currency": "USD"}
    assert online["paymentMethods"] == ["card"]
    assert online["clientSecret"].startswith(online["paymentIntentId"])
    assert online["stripeJsUrl"] == f"{stripe_base(stack)}/js.stripe.com/v3/"

    assert confirm_with_card(stack, shop, online["paymentIntentId"]).status == "succeeded"
    paid = wait_until(
        lambda: (
            (o := shop.buyer.portal.data(PORTAL_ORDER_PAYMENT, {"id": order["id"]})["portalOrder"])[
                "paymentStatus"
            ]
            == "PAID"
            and o
        ),
        30,
        "Stripe's webhook",
    )
    assert paid == {"status": "PAID", "paymentStatus": "PAID", "amountDue": {"amount": "0.00"}}
    [recorded] = stripe_payments(shop.owner)
    assert recorded["reference"] == online["paymentIntentId"]
    assert recorded["amount"] == {"amount": "22.00", "currency": "USD"}
    assert recorded["amountAllocated"] == {"amount": "22.00"}
    assert recorded["allocations"] == [{"orderNumber": order["number"]}]

    # Stripe's own event, delivered again: a duplicate, nothing changes.
    # localstripe serves every test's events (one server per session): page through them.
    events = (
        sdk(stack, shop.secret_key)
        .v1.events.list(params={"type": "payment_intent.succeeded", "limit": 100})
        .auto_paging_iter()
    )
    [event] = [e for e in events if e.data.object["id"] == online["paymentIntentId"]]
    assert events_recorded(stack, shop.tenant_id)[event.id] == "payment_recorded"
    replay = signed_post(shop, event.to_dict())
    assert replay.status_code == 200 and replay.json()["outcome"] == "duplicate"
    # Another event saying the same, and a late failure: recorded, but paid only once.
    again = signed_post(
        shop, intent_event("payment_intent.succeeded", online["paymentIntentId"], 2200)
    )
    late = signed_post(
        shop, intent_event("payment_intent.payment_failed", online["paymentIntentId"], 2200)
    )
    assert [again.json()["outcome"], late.json()["outcome"]] == ["already_recorded"] * 2
    assert len(stripe_payments(shop.owner)) == 1

    # The bystander tenant got the same event on its own route: nothing of its own to pay.
    wait_until(
        lambda: event.id in events_recorded(stack, bystander.tenant_id), 20, "the bystander's copy"
    )
    assert events_recorded(stack, bystander.tenant_id)[event.id] == "unknown_payment_intent"
    assert stripe_payments(bystander.owner) == []


def test_unverifiable_webhooks_are_refused_and_nothing_is_recorded(
    api: GraphQLClient, mailbox: Mailbox, stack: Stack
) -> None:
    shop = open_stripe_shop(api, mailbox, stack)
    event = intent_event("payment_intent.succeeded", "pi_forged", 2200)
    forged = signed_post(shop, event, secret="whsec_not_the_tenants")
    stale = signed_post(shop, event, timestamp=int(time.time()) - 3600)
    unsigned = httpx.post(shop.endpoint, content=json.dumps(event))
    assert [r.status_code for r in (forged, stale, unsigned)] == [400, 400, 400]
    assert "signature" in forged.json()["error"]
    assert events_recorded(stack, shop.tenant_id) == {}

    not_connected = open_stripe_shop(api, mailbox, stack, connect=False)
    refused = signed_post(not_connected, event, secret="whsec_anything")
    assert refused.status_code == 400 and "secret" in refused.json()["error"]
    assert (
        httpx.post(f"{stack.base_url}/webhooks/stripe/not-a-tenant", content="{}").status_code
        == 404
    )

    unknown = signed_post(shop, event)  # a genuine event for a PaymentIntent not Orbit's
    assert unknown.status_code == 200 and unknown.json()["outcome"] == "unknown_payment_intent"
    assert stripe_payments(shop.owner) == []


def test_concurrent_duplicate_webhooks_record_one_payment(
    api: GraphQLClient, mailbox: Mailbox, stack: Stack
) -> None:
    shop = open_stripe_shop(api, mailbox, stack)
    order = placed(shop.buyer, (shop.bolt, "1"))
    online = pay(shop.buyer, order["id"])["payment"]
    intent = online["paymentIntentId"]
    same = intent_event("payment_intent.succeeded", intent, 1100)
    distinct = [intent_event("payment_intent.succeeded", intent, 1100) for _ in range(5)]
    answers: list[str] = []
    lock = threading.Lock()

    def deliver(event: dict[str, Any]) -> None:
        response = signed_post(shop, event)
        with lock:
            answers.append(response.json()["outcome"])

    threads = [threading.Thread(target=deliver, args=(e,)) for e in [same] * 5 + distinct]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert answers.count("payment_recorded") == 1, answers
    assert sorted(set(answers) - {"payment_recorded"}) <= ["already_recorded", "duplicate"]
    assert answers.count("duplicate") >= 4  # the same event id, five times
    [recorded] = stripe_payments(shop.owner)
    assert recorded["amount"]["amount"] == "11.00"
    assert (
        shop.buyer.portal.data(PORTAL_ORDER_PAYMENT, {"id": order["id"]})["portalOrder"][
            "paymentStatus"
        ]
        == "PAID"
    )


def test_paying_online_needs_stripe_and_something_open(
    api: GraphQLClient, mailbox: Mailbox, stack: Stack
) -> None:
    offline = open_stripe_shop(api, mailbox, stack, connect=False)
    order = placed(offline.buyer, (offline.bolt, "1"))
    refused = pay(offline.buyer, order["id"])
    assert [(e["field"], e["code"]) for e in refused["userErrors"]] == [
        (["orderId"], "ONLINE_PAYMENT_UNAVAILABLE")
    ]

    shop = open_stripe_shop(api, mailbox, stack)
    order = placed(shop.buyer, (shop.bolt, "1"))
    online = pay(shop.buyer, order["id"])["payment"]
    confirm_with_card(stack, shop, online["paymentIntentId"])
    wait_until(
        lambda: (
            shop.buyer.portal.data(PORTAL_ORDER_PAYMENT, {"id": order["id"]})["portalOrder"][
                "paymentStatus"
            ]
            == "PAID"
        ),
        30,
        "the payment",
    )
    nothing = pay(shop.buyer, order["id"])
    assert [e["code"] for e in nothing["userErrors"]] == ["NOTHING_TO_PAY"]

    assert offline.buyer.portal.error_codes(PAY, {"orderId": order["id"]}) == ["NOT_FOUND"]
    assert shop.owner.client.error_codes(PAY, {"orderId": order["id"]}) == ["FORBIDDEN"]


ACCOUNT = """query { portalAccount { openBalance { amount currency }
  receivables { orderId orderNumber label amountOpen { amount } dueDate overdue }
  payments { number method amount { amount } receivedOn orderNumbers } } }"""


def test_the_portal_account_shows_the_balance_what_is_open_and_what_was_paid(
    api: GraphQLClient, mailbox: Mailbox, stack: Stack
) -> None:
    shop = open_stripe_shop(api, mailbox, stack)
    first = placed(shop.buyer, (shop.bolt, "1"))  # 11.00
    second = placed(shop.buyer, (shop.bolt, "2"))  # 22.00
    for order in (first, second):  # each schedules its receivable when paid or listed
        wait_until(
            lambda o=order: any(
                r["orderId"] == o["id"]
                for r in shop.buyer.portal.data(ACCOUNT)["portalAccount"]["receivables"]
            ),
            30,
            "the receivables",
        )
    account = shop.buyer.portal.data(ACCOUNT)["portalAccount"]
    assert account["openBalance"] == {"amount": "33.00", "currency": "USD"}
    assert [
        (r["orderNumber"], r["amountOpen"]["amount"], r["overdue"]) for r in account["receivables"]
    ] == [(first["number"], "11.00", False), (second["number"], "22.00", False)]
    assert account["payments"] == []

    online = pay(shop.buyer, first["id"])["payment"]
    confirm_with_card(stack, shop, online["paymentIntentId"])
    paid = wait_until(
        lambda: (a := shop.buyer.portal.data(ACCOUNT)["portalAccount"])["payments"] and a,
        30,
        "the payment",
    )
    assert paid["openBalance"]["amount"] == "22.00"
    assert [r["orderNumber"] for r in paid["receivables"]] == [second["number"]]
    [payment] = paid["payments"]
    assert (payment["method"], payment["amount"], payment["orderNumbers"]) == (
        "stripe",
        {"amount": "11.00"},
        [first["number"]],
    )

    other = open_stripe_shop(api, mailbox, stack)
    assert other.buyer.portal.data(ACCOUNT)["portalAccount"]["payments"] == []
    assert shop.owner.client.error_codes(ACCOUNT) == ["FORBIDDEN"]
