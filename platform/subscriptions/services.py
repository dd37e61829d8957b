"""Subscription use cases, the module other domains import: plans (`plans`), starting a
subscription by staff or from an accepted quote (`starting`), changing it (`changing`),
reading (`reading`), the tenant's renewal settings (`settings`) and the worker's renewal
runs (`renewals`). Quotes call `plans_by_id`, `start_subscription_for_quote` and
`note_renewal_quote`."""

from __future__ import annotations

from subscriptions.changing import (
    ChangeRequest,
    cancel_subscription,
    change_subscription,
    note_renewal_quote,
    pause_subscription,
    reactivate_subscription,
    resume_subscription,
    set_auto_renew,
    set_reminders_opted_out,
)
from subscriptions.plans import (
    PlanData,
    PlanInfo,
    create_plan,
    list_plans,
    plans_by_id,
    update_plan,
    visible_plans_by_id,
)
from subscriptions.reading import (
    SubscriptionFilter,
    attempts_of_subscriptions,
    changes_of_subscriptions,
    lines_of_subscriptions,
    list_subscriptions,
    periods_of_orders,
    periods_of_subscriptions,
    subscription_by_number,
    subscriptions_by_id,
    subscriptions_of_customers,
)
from subscriptions.reminders import run_reminders
from subscriptions.renewals import RunResult, run_period_ends, run_renewals
from subscriptions.rules import (
    BillingPeriod,
    ChangeTiming,
    ProrationMode,
    RenewalTerms,
    SubscriptionStatus,
)
from subscriptions.settings import renewal_settings, save_renewal_settings
from subscriptions.starting import (
    NewSubscription,
    NewSubscriptionLine,
    QuoteSubscription,
    QuoteSubscriptionLine,
    start_subscription,
    start_subscription_for_quote,
)

__all__ = [
    "BillingPeriod",
    "ChangeRequest",
    "ChangeTiming",
    "NewSubscription",
    "NewSubscriptionLine",
    "PlanData",
    "PlanInfo",
    "ProrationMode",
    "QuoteSubscription",
    "QuoteSubscriptionLine",
    "RenewalTerms",
    "RunResult",
    "SubscriptionFilter",
    "SubscriptionStatus",
    "attempts_of_subscriptions",
    "cancel_subscription",
    "change_subscription",
    "changes_of_subscriptions",
    "create_plan",
    "lines_of_subscriptions",
    "list_plans",
    "list_subscriptions",
    "note_renewal_quote",
    "pause_subscription",
    "periods_of_orders",
    "periods_of_subscriptions",
    "plans_by_id",
    "reactivate_subscription",
    "renewal_settings",
    "resume_subscription",
    "run_period_ends",
    "run_reminders",
    "run_renewals",
    "save_renewal_settings",
    "set_auto_renew",
    "set_reminders_opted_out",
    "start_subscription",
    "start_subscription_for_quote",
    "subscription_by_number",
    "subscriptions_by_id",
    "subscriptions_of_customers",
    "update_plan",
    "visible_plans_by_id",
]
