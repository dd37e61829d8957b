"""Renewal reminders: a yearly subscription's customer is reminded 60, 30, 14 and 7 days
before its term ends, each once however often the worker runs; a customer who opted out
gets only the last one; switching auto-renewal off or on is confirmed by email."""

from __future__ import annotations

from datetime import date, timedelta

from tests.support.graphql import GraphQLClient, row_id
from tests.support.orders import open_shop
from tests.support.portal import register_buyer
from tests.support.stack import Mailbox, Stack
from tests.support.subscriptions import (
    AUTO_RENEW,
    WISHES,
    create_plan,
    mutate,
    run_reminders,
    started,
)


def test_reminders_go_out_once_per_offset_and_respect_the_opt_out(
    api: GraphQLClient, mailbox: Mailbox, stack: Stack
) -> None:
    shop = open_shop(api)
    buyer = register_buyer(api, mailbox, shop.owner, "Yearly Buyer")
    plan_id = create_plan(shop.owner, shop.sku_id, "BOLT-Y", billingPeriod="YEAR")
    subscription = started(shop.owner, buyer.customer_id, plan_id, "1")
    number, end = subscription["number"], date.fromisoformat(subscription["currentPeriodEnd"])

    assert run_reminders(stack, shop.owner, end - timedelta(days=61)) == 0
    assert run_reminders(stack, shop.owner, end - timedelta(days=60)) == 1
    assert run_reminders(stack, shop.owner, end - timedelta(days=60)) == 0
    [first] = mailbox.wait_for(buyer.email, f"{number} renews on {end.isoformat()}")
    # Late by a week: the 30-day reminder goes out once, nothing is sent twice.
    assert run_reminders(stack, shop.owner, end - timedelta(days=23)) == 1
    assert run_reminders(stack, shop.owner, end - timedelta(days=23)) == 0

    opted = buyer.portal.data(
        WISHES, {"input": {"subscriptionId": row_id(subscription["id"]), "remindersOptedOut": True}}
    )["updateMySubscriptionWishes"]
    assert opted["userErrors"] == []
    assert opted["subscription"]["remindersOptedOut"] is True
    assert run_reminders(stack, shop.owner, end - timedelta(days=14)) == 0
    assert run_reminders(stack, shop.owner, end - timedelta(days=7)) == 1
    reminders = mailbox.wait_for(buyer.email, f"{number} renews on", count=3)
    assert len(reminders) == 3
    assert first["Subject"] == f"Subscription {number} renews on {end.isoformat()}"


def test_switching_auto_renewal_is_confirmed_by_email(api: GraphQLClient, mailbox: Mailbox) -> None:
    shop = open_shop(api)
    buyer = register_buyer(api, mailbox, shop.owner, "Renewing Buyer")
    plan_id = create_plan(shop.owner, shop.sku_id)
    subscription = started(shop.owner, buyer.customer_id, plan_id, "1")
    off = mutate(
        shop.owner,
        AUTO_RENEW,
        "setSubscriptionAutoRenew",
        subscriptionId=subscription["id"],
        autoRenew=False,
    )
    assert off["subscription"]["autoRenew"] is False
    mailbox.wait_for(buyer.email, f"Auto-renewal is off for subscription {subscription['number']}")
    on = buyer.portal.data(
        WISHES, {"input": {"subscriptionId": row_id(subscription["id"]), "autoRenew": True}}
    )["updateMySubscriptionWishes"]
    assert on["subscription"]["autoRenew"] is True
    mailbox.wait_for(buyer.email, f"Auto-renewal is on for subscription {subscription['number']}")
