"""Saved cards and off-session charges: what subscription renewals need from Stripe.

A customer saves a card on their Stripe Customer object with a SetupIntent (usage
off_session) that Stripe.js confirms in the browser; Orbit keeps only the PaymentMethod id
(`saved_card`). A renewal's order is then charged without the customer
(`charge_order_off_session`): its open receivables are planned as for paying online, a
PaymentIntent is created and confirmed off-session under an idempotency key (asking again
after a lost answer never charges twice), and a success is recorded exactly as Stripe's
webhook records one, under the checkout's row lock, so the webhook and the worker racing
record one payment. The tenant's keys are read here, so a system actor (the worker) can
charge too."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import stripe
from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert

import orders.services as orders
from core import secrets
from core.context import Actor
from core.errors import BusinessRuleError
from core.ids import new_id
from payments import receivables, stripe_gateway
from payments.errors import CardErrorCode
from payments.models import StripeAccount, StripeCheckout, StripeCustomer
from payments.stripe_payments import (
    SCHEDULED_STATUSES,
    _record_stripe_payment,
    from_minor,
    to_minor,
)


@dataclass(frozen=True)
class CardSetup:
    """What Stripe.js needs to save a card: the SetupIntent's client secret and the keys."""

    setup_intent_id: str
    client_secret: str
    publishable_key: str
    stripe_js_url: str


@dataclass(frozen=True)
class CardCharge:
    """How an off-session charge went: succeeded, failed, requires_action (the bank wants
    the customer, who is not there), or not_ready (the order has nothing open to charge
    yet: no receivables, or not confirmed)."""

    status: str
    payment_intent_id: str | None
    error: str | None
    amount: Decimal | None = None


SUCCEEDED, FAILED, REQUIRES_ACTION, NOT_READY = (
    "succeeded",
    "failed",
    "requires_action",
    "not_ready",
)


@dataclass(frozen=True)
class _Keys:
    secret_key: str
    publishable_key: str


def _refuse(code: CardErrorCode, message: str, field: str | None = None) -> BusinessRuleError:
    return BusinessRuleError.single(code, message, field)


async def _keys(actor: Actor) -> _Keys:
    account = await actor.session.get(StripeAccount, actor.tenant_id)
    if account is None or account.secret_key_ciphertext is None or not account.publishable_key:
        raise _refuse(
            CardErrorCode.STRIPE_NOT_CONNECTED,
            "Cards cannot be saved here: the seller has not connected Stripe.",
        )
    return _Keys(
        secrets.decrypt(actor.services.settings, account.secret_key_ciphertext),
        account.publishable_key,
    )


def _client(actor: Actor, keys: _Keys) -> stripe.StripeClient:
    return stripe_gateway.client(actor.services.settings, keys.secret_key)


def _unavailable(error: stripe.StripeError) -> BusinessRuleError:
    return _refuse(
        CardErrorCode.STRIPE_UNAVAILABLE,
        f"Stripe could not be asked now: {stripe_gateway.reason(error)}",
    )


async def _stripe_customer(actor: Actor, customer_id: uuid.UUID, keys: _Keys) -> str:
    """The customer's Stripe Customer id, created on first use. The idempotency key is the
    Orbit customer's, so two first uses at once make one Stripe Customer."""
    stored = await actor.session.get(StripeCustomer, (actor.tenant_id, customer_id))
    if stored is not None:
        return stored.stripe_customer_id
    created = await _client(actor, keys).v1.customers.create_async(
        params={
            "metadata": {
                "orbit_tenant_id": str(actor.tenant_id),
                "orbit_customer_id": str(customer_id),
            }
        },
        options={"idempotency_key": f"orbit-customer-{actor.tenant_id}-{customer_id}"},
    )
    await actor.session.execute(
        insert(StripeCustomer)
        .values(tenant_id=actor.tenant_id, customer_id=customer_id, stripe_customer_id=created.id)
        .on_conflict_do_nothing()
    )
    stored = await actor.session.get(
        StripeCustomer, (actor.tenant_id, customer_id), populate_existing=True
    )
    assert stored is not None
    return stored.stripe_customer_id


async def start_card_setup(actor: Actor, customer_id: uuid.UUID) -> CardSetup:
    """A SetupIntent (usage off_session) on the customer's Stripe Customer, for Stripe.js to
    confirm with the card the customer enters. The caller has checked the actor may act for
    the customer."""
    keys = await _keys(actor)
    try:
        stripe_customer = await _stripe_customer(actor, customer_id, keys)
        params: Any = {
            "customer": stripe_customer,
            "usage": "off_session",
            "payment_method_types": ["card"],
            "metadata": {"orbit_customer_id": str(customer_id)},
        }
        intent = await _client(actor, keys).v1.setup_intents.create_async(params=params)
    except stripe.StripeError as error:
        raise _unavailable(error) from error
    return CardSetup(
        setup_intent_id=intent.id,
        client_secret=intent.client_secret or "",
        publishable_key=keys.publishable_key,
        stripe_js_url=actor.services.settings.stripe_js_url,
    )


async def saved_card(actor: Actor, customer_id: uuid.UUID, setup_intent_id: str) -> str:
    """The PaymentMethod id a confirmed SetupIntent saved, once it succeeded and belongs to
    the customer's Stripe Customer; otherwise a user error on `setupIntentId`."""
    keys = await _keys(actor)
    stored = await actor.session.get(StripeCustomer, (actor.tenant_id, customer_id))
    try:
        intent = await _client(actor, keys).v1.setup_intents.retrieve_async(setup_intent_id)
    except stripe.InvalidRequestError as error:
        raise _refuse(
            CardErrorCode.CARD_SETUP_NOT_FOUND, "Stripe knows no such card setup.", "setupIntentId"
        ) from error
    except stripe.StripeError as error:
        raise _unavailable(error) from error
    if stored is None or intent.customer != stored.stripe_customer_id:
        raise _refuse(
            CardErrorCode.CARD_SETUP_OF_OTHER_CUSTOMER,
            "This card setup belongs to someone else.",
            "setupIntentId",
        )
    if intent.status != "succeeded" or not intent.payment_method:
        raise _refuse(
            CardErrorCode.CARD_SETUP_NOT_SUCCEEDED,
            "The card was not saved: confirm it with your bank first.",
            "setupIntentId",
        )
    method = intent.payment_method
    return str(method if isinstance(method, str) else method.id)


# --- off-session charges -------------------------------------------------------------------


@dataclass(frozen=True)
class _ChargePlan:
    customer_id: uuid.UUID
    currency: str
    amount: Decimal
    allocations: list[tuple[uuid.UUID, Decimal]]
    order_number: str


async def _plan_charge(actor: Actor, order_id: uuid.UUID) -> _ChargePlan | None:
    """The order's open receivables (scheduled here when the worker has not yet), or None
    when the order is not confirmed yet or has nothing open."""
    found = await orders.orders_for_system(actor, [order_id])
    order = found[0] if found else None
    if order is None or order.status not in SCHEDULED_STATUSES:
        return None
    open_ones = [
        (r.id, r.amount - r.amount_paid)
        for r in await receivables.schedule_order(actor, order.id)
        if r.status == receivables.ReceivableStatus.OPEN.value and r.amount > r.amount_paid
    ]
    if not open_ones:
        return None
    return _ChargePlan(
        customer_id=order.customer_id,
        currency=order.currency,
        amount=sum((a for _, a in open_ones), Decimal(0)),
        allocations=open_ones,
        order_number=order.number,
    )


async def charge_order_off_session(
    actor: Actor, order_id: uuid.UUID, payment_method_id: str, idempotency_key: str
) -> CardCharge:
    """Charge the order's open amount to the saved card, the customer absent. The same
    `idempotency_key` asked again returns Stripe's first answer (no second charge). A
    success is recorded as a Stripe payment in the actor's transaction."""
    plan = await _plan_charge(actor, order_id)
    if plan is None:
        return CardCharge(NOT_READY, None, "The order has nothing open to charge yet.")
    keys = await _keys(actor)
    stripe_customer = await actor.session.get(StripeCustomer, (actor.tenant_id, plan.customer_id))
    params: Any = {
        "amount": to_minor(plan.amount, plan.currency),
        "currency": plan.currency.lower(),
        "payment_method": payment_method_id,
        "off_session": True,
        "confirm": True,
        "metadata": {
            "orbit_tenant_id": str(actor.tenant_id),
            "orbit_order_id": str(order_id),
            "orbit_order_number": plan.order_number,
        },
    }
    if stripe_customer is not None:
        params["customer"] = stripe_customer.stripe_customer_id
    try:
        intent = await _client(actor, keys).v1.payment_intents.create_async(
            params=params, options={"idempotency_key": idempotency_key}
        )
    except stripe.StripeError as error:  # a declined card (CardError) or Stripe unreachable
        return CardCharge(FAILED, _intent_of(error), stripe_gateway.reason(error))
    if intent.status == "requires_action":
        return CardCharge(
            REQUIRES_ACTION, intent.id, "The bank asks the customer to confirm the charge."
        )
    if intent.status != "succeeded":
        return CardCharge(FAILED, intent.id, f"Stripe left the payment {intent.status}.")
    # localstripe leaves amount_received out; Stripe always sends it.
    cents = intent.to_dict().get("amount_received") or intent.amount
    received = from_minor(int(cents), plan.currency)
    await _record(actor, plan, order_id, intent.id, received)
    return CardCharge(SUCCEEDED, intent.id, None, received)


def _intent_of(error: stripe.StripeError) -> str | None:
    """The PaymentIntent a refused charge made, where Stripe says which."""
    detail = error.error
    intent = getattr(detail, "payment_intent", None) if detail is not None else None
    if intent is None:
        return None
    return str(intent.get("id") if isinstance(intent, dict) else getattr(intent, "id", None))


async def _record(
    actor: Actor, plan: _ChargePlan, order_id: uuid.UUID, intent_id: str, received: Decimal
) -> None:
    """Save the checkout and record its payment under the checkout's lock, as the webhook
    does: whichever comes second finds it succeeded and records nothing."""
    await actor.session.execute(
        insert(StripeCheckout)
        .values(
            tenant_id=actor.tenant_id,
            id=new_id(),
            payment_intent_id=intent_id,
            customer_id=plan.customer_id,
            order_id=order_id,
            currency=plan.currency,
            amount=plan.amount,
            status="created",
            allocations=[{"receivableId": str(r), "amount": str(a)} for r, a in plan.allocations],
        )
        .on_conflict_do_nothing()
    )
    checkout = await actor.session.scalar(
        select(StripeCheckout)
        .where(
            StripeCheckout.tenant_id == actor.tenant_id,
            StripeCheckout.payment_intent_id == intent_id,
        )
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    assert checkout is not None
    if checkout.status == "succeeded":
        return
    intent = {"id": intent_id, "currency": plan.currency.lower()}
    await _record_stripe_payment(actor, checkout, received, intent)
    checkout.updated_at = datetime.now(UTC)
