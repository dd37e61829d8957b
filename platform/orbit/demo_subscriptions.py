"""The demo tenant's subscriptions: two plans (toner every month with a two-week trial, and
paper every year that only staff may cancel) and subscriptions in several states — trialing,
active, and set to cancel at the period's end — started and changed through the
subscriptions services like any subscription. (A past-due one needs a failed card charge,
which the demo cannot make.)"""

from __future__ import annotations

from decimal import Decimal

import subscriptions.services as subscriptions
from orbit.demo_story import Demo


async def seed_subscriptions(demo: Demo) -> None:
    actor = demo.act_as(None)
    toner = await subscriptions.create_plan(
        actor,
        subscriptions.PlanData(
            code="TONER-MONTHLY",
            name="Toner supply, monthly",
            sku_id=demo.skus["TONER-K"],
            billing_period=subscriptions.BillingPeriod.MONTH,
            trial_days=14,
        ),
    )
    paper = await subscriptions.create_plan(
        actor,
        subscriptions.PlanData(
            code="PAPER-YEARLY",
            name="Office paper, yearly",
            sku_id=demo.skus["PAPER-A4"],
            billing_period=subscriptions.BillingPeriod.YEAR,
            customer_may_cancel=False,
        ),
    )
    for customer, plan_id, quantity in (
        ("northwind", toner.id, "2"),
        ("contoso", paper.id, "10"),
        ("fabrikam", paper.id, "5"),
    ):
        await subscriptions.start_subscription(
            actor,
            subscriptions.NewSubscription(
                customer_id=demo.customers[customer],
                lines=[subscriptions.NewSubscriptionLine(plan_id, Decimal(quantity))],
            ),
        )
    [leaving] = (
        await subscriptions.list_subscriptions(
            actor,
            subscriptions.SubscriptionFilter(customer_id=demo.customers["fabrikam"]),
            1,
            None,
        )
    ).rows
    await subscriptions.cancel_subscription(
        actor, leaving.id, subscriptions.ChangeTiming.PERIOD_END
    )
