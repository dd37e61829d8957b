"""Subscriptions through GraphQL: plans, starting and changing subscriptions, the portal's
own view, and the worker's renewal runs called in-process as the worker calls them."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

import subscriptions.services as subscriptions
from tests.support.database import owner_sql, tenant_id_of
from tests.support.graphql import TenantSession, row_uuid
from tests.support.services import in_process
from tests.support.stack import Stack, run_async

PLAN_FIELDS = """id code name billingPeriod trialDays customerMayCancel
  customerMayChangeQuantity active skuId"""
LINE_FIELDS = """id lineNo quantity unitPrice { amount currency } discountPercent priceSource
  priceAgreed plan { id code }"""
SUBSCRIPTION_FIELDS = f"""id number status currency billingPeriod cancelAtPeriodEnd startDate
  currentPeriodStart currentPeriodEnd trialEnd autoRenew cardSaved version
  mrr {{ amount currency }} customer {{ id name }} lines {{ {LINE_FIELDS} }}
  periods {{ id periodIndex periodStart periodEnd status orderId
    order {{ id number channel status total {{ amount }} }} }}
  changes {{ kind effectiveOn applied actorKind proratedCharge billedOrderId }}
  paymentAttempts {{ attemptNo status paymentIntentId error nextRetryAt }}"""
PAYLOAD = f"subscription {{ {SUBSCRIPTION_FIELDS} }} userErrors {{ field code message }}"
CREATE_PLAN = f"""mutation CreatePlan($input: PlanInput!) {{
  createSubscriptionPlan(input: $input) {{ plan {{ {PLAN_FIELDS} }}
    userErrors {{ field code message }} }} }}"""
UPDATE_PLAN = f"""mutation UpdatePlan($input: UpdatePlanInput!) {{
  updateSubscriptionPlan(input: $input) {{ plan {{ {PLAN_FIELDS} }}
    userErrors {{ field code message }} }} }}"""
PLANS = (
    f"""query Plans {{ subscriptionPlans(first: 50) {{ edges {{ node {{ {PLAN_FIELDS} }} }} }} }}"""
)
START = f"""mutation Start($input: StartSubscriptionInput!) {{
  startSubscription(input: $input) {{ {PAYLOAD} }} }}"""
CHANGE = f"""mutation Change($input: ChangeSubscriptionInput!) {{
  changeSubscription(input: $input) {{ {PAYLOAD} }} }}"""
CANCEL = f"""mutation Cancel($input: CancelSubscriptionInput!) {{
  cancelSubscription(input: $input) {{ {PAYLOAD} }} }}"""
REACTIVATE = f"""mutation Reactivate($input: SubscriptionIdInput!) {{
  reactivateSubscription(input: $input) {{ {PAYLOAD} }} }}"""
PAUSE = f"""mutation Pause($input: SubscriptionIdInput!) {{
  pauseSubscription(input: $input) {{ {PAYLOAD} }} }}"""
RESUME = f"""mutation Resume($input: SubscriptionIdInput!) {{
  resumeSubscription(input: $input) {{ {PAYLOAD} }} }}"""
AUTO_RENEW = f"""mutation AutoRenew($input: SetAutoRenewInput!) {{
  setSubscriptionAutoRenew(input: $input) {{ {PAYLOAD} }} }}"""
SUBSCRIPTION = f"""query Subscription($id: ID!) {{ subscription(id: $id) {{
  {SUBSCRIPTION_FIELDS} }} }}"""
NODE = """query Node($id: ID!) { node(id: $id) { id ... on Subscription { number } } }"""
SUBSCRIPTIONS = """query Subscriptions($filter: SubscriptionFilterInput) {
  subscriptions(filter: $filter, first: 50) { edges { node { id number status } } } }"""
SETTINGS = """mutation Settings($input: SubscriptionSettingsInput!) {
  updateSubscriptionSettings(input: $input) { settings { renewalLeadDays retryDays
    prorationMode reminderOffsets } userErrors { field code message } } }"""
CUSTOMER_SUBSCRIPTIONS = """query CustomerSubscriptions($id: ID!) { node(id: $id) {
  ... on Customer { subscriptions { id number status } } } }"""

PORTAL_FIELDS = """id number status billingPeriod currentPeriodStart nextRenewal trialEnd
  cancelAtPeriodEnd autoRenew remindersOptedOut cardSaved mayCancel
  monthlyValue { amount currency }
  lines { id planName quantity unitPrice { amount } mayChangeQuantity }
  periods { periodStart periodEnd status orderId }"""
MY_SUBSCRIPTIONS = f"""query Mine {{ mySubscriptions(first: 20) {{ edges {{ node {{
  {PORTAL_FIELDS} }} }} }} }}"""
PORTAL_PAYLOAD = f"subscription {{ {PORTAL_FIELDS} }} userErrors {{ field code message }}"
CHANGE_MINE = f"""mutation ChangeMine($input: ChangeMySubscriptionInput!) {{
  changeMySubscription(input: $input) {{ {PORTAL_PAYLOAD} }} }}"""
CANCEL_MINE = f"""mutation CancelMine($input: CancelMySubscriptionInput!) {{
  cancelMySubscription(input: $input) {{ {PORTAL_PAYLOAD} }} }}"""
WISHES = f"""mutation Wishes($input: MySubscriptionWishesInput!) {{
  updateMySubscriptionWishes(input: $input) {{ {PORTAL_PAYLOAD} }} }}"""


def create_plan(session: TenantSession, sku_id: str, code: str = "BOLT-M", **fields: Any) -> str:
    payload = session.client.data(
        CREATE_PLAN,
        {
            "input": {
                "code": code,
                "name": f"{code} plan",
                "skuId": sku_id,
                "billingPeriod": "MONTH",
                **fields,
            }
        },
    )["createSubscriptionPlan"]
    assert payload["userErrors"] == [], payload["userErrors"]
    plan_id: str = payload["plan"]["id"]
    return plan_id


def start(
    session: TenantSession, customer_id: str, plan_id: str, quantity: str = "2", **fields: Any
) -> dict[str, Any]:
    payload: dict[str, Any] = session.client.data(
        START,
        {
            "input": {
                "customerId": customer_id,
                "lines": [{"planId": plan_id, "quantity": quantity}],
                **fields,
            }
        },
    )["startSubscription"]
    return payload


def started(
    session: TenantSession, customer_id: str, plan_id: str, quantity: str = "2", **fields: Any
) -> dict[str, Any]:
    payload = start(session, customer_id, plan_id, quantity, **fields)
    assert payload["userErrors"] == [], payload["userErrors"]
    subscription: dict[str, Any] = payload["subscription"]
    return subscription


def mutate(session: TenantSession, mutation: str, name: str, **input: Any) -> dict[str, Any]:
    payload: dict[str, Any] = session.client.data(mutation, {"input": input})[name]
    return payload


def read(session: TenantSession, subscription_id: str) -> dict[str, Any]:
    found: dict[str, Any] = session.client.data(SUBSCRIPTION, {"id": subscription_id})[
        "subscription"
    ]
    return found


def run_renewals(stack: Stack, owner: TenantSession, on: date) -> subscriptions.RunResult:
    """The worker's renewal run as of `on`, in this process, for the owner's
    tenant only (other tests' subscriptions are not this test's to move)."""
    tenant_id = uuid.UUID(tenant_id_of(stack, owner))

    async def run() -> subscriptions.RunResult:
        async with in_process(stack, pool_size=4) as services:
            return await subscriptions.run_renewals(services, on, tenant_id)

    return run_async(run())


def run_period_ends(stack: Stack, owner: TenantSession, on: date) -> int:
    """The worker's period roll-over as of `on`, in this process, for the owner's
    tenant only (other tests' subscriptions are not this test's to move)."""
    tenant_id = uuid.UUID(tenant_id_of(stack, owner))

    async def run() -> int:
        async with in_process(stack, pool_size=4) as services:
            return await subscriptions.run_period_ends(services, on, tenant_id)

    return run_async(run())


def run_reminders(stack: Stack, owner: TenantSession, on: date) -> int:
    """The worker's renewal-reminder run as of `on`, in this process, for the owner's
    tenant only (other tests' subscriptions are not this test's to move)."""
    tenant_id = uuid.UUID(tenant_id_of(stack, owner))

    async def run() -> int:
        async with in_process(stack, pool_size=4) as services:
            return await subscriptions.run_reminders(services, on, tenant_id)

    return run_async(run())


def make_overdue(stack: Stack, receivable_id: str, days_overdue: int) -> None:
    """Time passing for a receivable, which a test cannot wait for: its due date moves back
    and the overdue-reminder queue makes it due for a look now."""
    receivable = row_uuid(receivable_id)
    owner_sql(
        stack,
        "UPDATE receivables SET due_date = current_date - $2::int WHERE id = $1",
        receivable,
        days_overdue,
    )
    owner_sql(
        stack,
        "UPDATE receivable_reminder_queue SET due_at = now() - interval '1 second'"
        " WHERE receivable_id = $1",
        receivable,
    )
