"""Saved cards for subscription renewals against localstripe: a Stripe-connected shop with a
trial plan, the portal's card mutations, what Stripe.js does with a SetupIntent, and the
worker's card-charge run called in-process with an explicit time."""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta
from typing import Any

from subscriptions import charging
from tests.support.graphql import row_id
from tests.support.services import in_process
from tests.support.stack import Stack, run_async
from tests.support.stripe import StripeShop, sdk
from tests.support.subscriptions import create_plan, run_renewals, started

GOOD_CARD = "4242424242424242"
# localstripe attaches it, but every charge on it is declined.
DECLINED_CARD = "4000000000000341"

MY_CARD_FIELDS = "id number status cardSaved periods { status orderId }"
START_SETUP = """mutation Start($input: StartMySubscriptionCardSetupInput!) {
  startMySubscriptionCardSetup(input: $input) {
    setup { setupIntentId clientSecret publishableKey stripeJsUrl }
    userErrors { field code message } } }"""
SAVE_CARD = f"""mutation Save($input: SaveMySubscriptionCardInput!) {{
  saveMySubscriptionCard(input: $input) {{ subscription {{ {MY_CARD_FIELDS} }}
    userErrors {{ field code message }} }} }}"""
REMOVE_CARD = f"""mutation Remove($input: RemoveMySubscriptionCardInput!) {{
  removeMySubscriptionCard(input: $input) {{ subscription {{ {MY_CARD_FIELDS} }}
    userErrors {{ field code message }} }} }}"""


def trial_subscription(shop: StripeShop, code: str = "CARD-M") -> dict[str, Any]:
    """A monthly subscription of the shop's portal customer to 2 BOLT (22.00 a month with
    tax) starting with a 10-day trial, so nothing is billed before its first renewal."""
    plan_id = create_plan(shop.owner, shop.bolt, code, trialDays=10)
    return started(shop.owner, shop.buyer.customer_id, plan_id, "2")


def portal_mutation(shop: StripeShop, mutation: str, name: str, **input: Any) -> dict[str, Any]:
    payload: dict[str, Any] = shop.buyer.portal.data(mutation, {"input": input})[name]
    return payload


def portal_error_codes(shop: StripeShop, mutation: str, **input: Any) -> list[str]:
    """The GraphQL errors' codes of a portal mutation (NOT_FOUND for what is out of reach)."""
    return shop.buyer.portal.error_codes(mutation, {"input": input})


def start_setup(shop: StripeShop, subscription_id: str) -> dict[str, Any]:
    """startMySubscriptionCardSetup for a subscription (its staff id)."""
    return portal_mutation(
        shop,
        START_SETUP,
        "startMySubscriptionCardSetup",
        subscriptionId=row_id(subscription_id),
    )


def confirm_setup(stack: Stack, shop: StripeShop, setup_intent_id: str, number: str) -> Any:
    """What Stripe.js does with the card element: a PaymentMethod of the card entered, and
    the SetupIntent confirmed with it."""
    client = sdk(stack, shop.secret_key)
    method = client.v1.payment_methods.create(
        params={
            "type": "card",
            "card": {"number": number, "exp_month": 12, "exp_year": 2030, "cvc": "123"},
        }
    )
    return client.v1.setup_intents.confirm(setup_intent_id, params={"payment_method": method.id})


def save_card(shop: StripeShop, subscription_id: str, setup_intent_id: str) -> dict[str, Any]:
    return portal_mutation(
        shop,
        SAVE_CARD,
        "saveMySubscriptionCard",
        subscriptionId=row_id(subscription_id),
        setupIntentId=setup_intent_id,
    )


def card_saved(stack: Stack, shop: StripeShop, subscription_id: str, number: str) -> None:
    """The portal customer saves the card `number` for the subscription's renewals."""
    started_setup = start_setup(shop, subscription_id)
    assert started_setup["userErrors"] == [], started_setup["userErrors"]
    setup_intent_id = started_setup["setup"]["setupIntentId"]
    assert confirm_setup(stack, shop, setup_intent_id, number).status == "succeeded"
    saved = save_card(shop, subscription_id, setup_intent_id)
    assert saved["userErrors"] == [], saved["userErrors"]
    assert saved["subscription"]["cardSaved"] is True


def renewal_billed(stack: Stack, shop: StripeShop, subscription: dict[str, Any]) -> None:
    """The renewal run on the day the trial's renewal order is due (7 days before its end):
    the order is billed and, with a card on file, its charge is due at once."""
    trial_end = date.fromisoformat(subscription["trialEnd"])
    result = run_renewals(stack, shop.owner, trial_end - timedelta(days=7))
    assert result.ordered >= 1


def run_card_charges(stack: Stack, shop: StripeShop, on: datetime) -> int:
    """The worker's card-charge run as of `on`, in this process, for the shop's tenant only
    (other tests' cards are not this test's to charge)."""

    async def run() -> int:
        async with in_process(stack, pool_size=4) as services:
            return await charging.run_card_charges(services, on, uuid.UUID(shop.tenant_id))

    return run_async(run())


DELIVERIES = """query Deliveries($type: String!) {
  eventDeliveries(first: 50, filter: {eventType: $type, status: DONE}) {
    edges { node { handler } } } }"""


def handled(shop: StripeShop, event_type: str, handler: str) -> bool:
    """Whether `handler` has handled an event of `event_type` in the shop's tenant."""
    edges = shop.owner.client.data(DELIVERIES, {"type": event_type})["eventDeliveries"]["edges"]
    return any(edge["node"]["handler"] == handler for edge in edges)
