"""Paying through Stripe: the portal starts a PaymentIntent for an order's open amount, the
customer confirms it with Stripe.js, and Stripe's webhook records the payment.

Webhooks arrive at `/webhooks/stripe/<tenant id>` and are verified with the tenant's signing
secret (Stripe's scheme: a bad signature, or a timestamp more than the tolerance in the past
or in the future, is a 400 and nothing is recorded), then read: a body that is not an event
with a data object, or a payment intent without its id, currency and amount, is a 400 with
the reason and nothing is recorded. Each event id is recorded once per tenant, so a replayed
or duplicated event changes nothing; a payment is recorded once per PaymentIntent, under the
checkout's row lock, so `succeeded` arriving twice, or after a late `payment_failed`,
records it once."""

from __future__ import annotations

import json
import re
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import stripe
from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert

import customers.services as customers
import orders.services as orders
from core import access, secrets
from core.context import Actor, Services
from core.errors import BusinessRuleError, UserError
from core.gql.types import UserErrorType
from core.ids import new_id
from core.money import minor_units
from payments import invoice_documents, receivables, services, stripe_gateway
from payments.errors import PaymentErrorCode
from payments.models import StripeAccount, StripeCheckout, StripeEvent

# An order has receivables from confirmation on (until it is cancelled).
SCHEDULED_STATUSES = (
    "confirmed",
    "awaiting_payment",
    "paid",
    "ready_to_ship",
    "shipped",
    "delivered",
    "completed",
)
# Where Stripe offers each method (presentment currencies, lower case).
METHOD_CURRENCIES = {
    "alipay": {"cny", "aud", "cad", "eur", "gbp", "hkd", "jpy", "myr", "nzd", "sgd", "usd"},
    "wechat_pay": {
        "cny",
        "aud",
        "cad",
        "chf",
        "dkk",
        "eur",
        "gbp",
        "hkd",
        "jpy",
        "nok",
        "sek",
        "sgd",
        "usd",
    },
}


@dataclass(frozen=True)
class CheckoutPlan:
    """What a new PaymentIntent is for, read in one transaction before Stripe is called."""

    tenant_id: uuid.UUID
    order_id: uuid.UUID
    order_number: str
    customer_id: uuid.UUID
    currency: str
    amount: Decimal
    allocations: list[tuple[uuid.UUID, Decimal]]
    secret_key: str
    publishable_key: str
    payment_methods: list[str]


@dataclass(frozen=True)
class Checkout:
    payment_intent_id: str
    client_secret: str
    publishable_key: str
    amount: Decimal
    currency: str
    payment_methods: list[str]


def to_minor(amount: Decimal, currency: str) -> int:
    return int(amount.scaleb(minor_units(currency)))


def from_minor(amount: int, currency: str) -> Decimal:
    return Decimal(amount).scaleb(-minor_units(currency))


def _not_available(message: str) -> BusinessRuleError:
    return BusinessRuleError.single(PaymentErrorCode.ONLINE_PAYMENT_UNAVAILABLE, message, "orderId")


class CheckoutRefused(Exception):
    """Stripe would not create the PaymentIntent: a user error, never a server error."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.user_error = UserErrorType.of(
            UserError(PaymentErrorCode.ONLINE_PAYMENT_UNAVAILABLE, message, ("orderId",))
        )


async def plan_checkout(
    actor: Actor,
    order_id: uuid.UUID,
    receivable_ids: set[uuid.UUID] | None = None,
    cap: Decimal | None = None,
) -> CheckoutPlan:
    """The portal customer's order and its open receivables (only `receivable_ids` when
    given; oldest first up to `cap` when given), and the tenant's Stripe keys."""
    order = await orders.get_order(actor, order_id, access.PORTAL)  # the customer's own only
    account = await actor.session.get(StripeAccount, actor.tenant_id)
    if account is None or account.secret_key_ciphertext is None or not account.publishable_key:
        raise _not_available("Paying online is not set up; please pay by bank transfer.")
    if order.status not in SCHEDULED_STATUSES:
        raise BusinessRuleError.single(
            PaymentErrorCode.ORDER_NOT_CONFIRMED,
            f"Order {order.number} can be paid once it is confirmed.",
            "orderId",
        )
    # The worker schedules receivables on confirmation; a customer paying first does it here.
    open_ones = [
        r
        for r in await receivables.schedule_order(actor, order.id)
        if r.status == receivables.ReceivableStatus.OPEN.value
    ]
    allocations = [
        (r.id, r.amount - r.amount_paid)
        for r in open_ones
        if r.amount > r.amount_paid and (receivable_ids is None or r.id in receivable_ids)
    ]
    if cap is not None:
        allocations = _capped(allocations, cap)
    if not allocations:
        raise BusinessRuleError.single(
            PaymentErrorCode.NOTHING_TO_PAY,
            f"Order {order.number} has nothing open to pay.",
            "orderId",
        )
    currency = order.currency.lower()
    methods = [
        m
        for m in account.payment_methods
        if m == "card" or currency in METHOD_CURRENCIES.get(m, set())
    ]
    return CheckoutPlan(
        tenant_id=actor.tenant_id,
        order_id=order.id,
        order_number=order.number,
        customer_id=order.customer_id,
        currency=order.currency,
        amount=sum((a for _, a in allocations), Decimal(0)),
        allocations=allocations,
        secret_key=secrets.decrypt(actor.services.settings, account.secret_key_ciphertext),
        publishable_key=account.publishable_key,
        payment_methods=methods or ["card"],
    )


def _capped(
    allocations: list[tuple[uuid.UUID, Decimal]], cap: Decimal
) -> list[tuple[uuid.UUID, Decimal]]:
    capped, left = [], cap
    for receivable_id, amount in allocations:
        part = min(amount, left)
        if part > 0:
            capped.append((receivable_id, part))
            left -= part
    return capped


async def plan_invoice_checkout(actor: Actor, invoice_id: uuid.UUID) -> CheckoutPlan:
    """What paying one of the portal customer's invoices online covers: an instalment
    invoice its receivable, any other invoice the order's open receivables (oldest first),
    up to what the invoice still has due."""
    invoice = await invoice_documents.reachable_invoice(actor, invoice_id, access.PORTAL)
    if invoice.status == invoice_documents.Status.VOID.value:
        raise BusinessRuleError.single(
            PaymentErrorCode.INVOICE_VOID, f"{invoice.number} is void.", "invoiceId"
        )
    due = invoice_documents.amount_due(invoice)
    if due <= 0:
        raise BusinessRuleError.single(
            PaymentErrorCode.NOTHING_TO_PAY,
            f"{invoice.number} has nothing left to pay.",
            "invoiceId",
        )
    only = {invoice.receivable_id} if invoice.receivable_id else None
    return await plan_checkout(actor, invoice.order_id, only, due)


async def create_payment_intent(settings: Any, plan: CheckoutPlan) -> Checkout:
    """Ask Stripe for a PaymentIntent of the plan's amount (outside any transaction)."""
    # `payment_method_types` as of the client's pinned API version (stripe_gateway); the
    # SDK's parameter types describe the newest version, which renamed it.
    params: Any = {
        "amount": to_minor(plan.amount, plan.currency),
        "currency": plan.currency.lower(),
        "payment_method_types": plan.payment_methods,
        "metadata": {
            "orbit_tenant_id": str(plan.tenant_id),
            "orbit_order_id": str(plan.order_id),
            "orbit_order_number": plan.order_number,
        },
    }
    try:
        intent = await stripe_gateway.client(
            settings, plan.secret_key
        ).v1.payment_intents.create_async(params=params)
    except stripe.StripeError as error:
        raise CheckoutRefused(
            f"Stripe could not start the payment: {stripe_gateway.reason(error)}"
        ) from error
    return Checkout(
        payment_intent_id=intent.id,
        client_secret=intent.client_secret or "",
        publishable_key=plan.publishable_key,
        amount=plan.amount,
        currency=plan.currency,
        payment_methods=plan.payment_methods,
    )


async def save_checkout(actor: Actor, plan: CheckoutPlan, checkout: Checkout) -> Checkout:
    actor.require_portal()
    actor.session.add(
        StripeCheckout(
            tenant_id=actor.tenant_id,
            id=new_id(),
            payment_intent_id=checkout.payment_intent_id,
            customer_id=plan.customer_id,
            order_id=plan.order_id,
            currency=plan.currency,
            amount=plan.amount,
            status="created",
            allocations=[{"receivableId": str(r), "amount": str(a)} for r, a in plan.allocations],
        )
    )
    await actor.session.flush()
    return checkout


# --- webhooks ------------------------------------------------------------------------------

# How far a signature's timestamp may be from now, either way: Stripe's library only
# refuses stale ones, but a stamp from the future would outlive any replay window.
SIGNATURE_TOLERANCE_SECONDS = stripe.Webhook.DEFAULT_TOLERANCE
PAYMENT_INTENT_EVENTS = (
    "payment_intent.succeeded",
    "payment_intent.payment_failed",
    "payment_intent.canceled",
)
# The most a payment intent can carry in minor units and still fit NUMERIC(18, 4).
MAX_MINOR_AMOUNT = 10**14 - 1
STRIPE_NAME = re.compile(r"[A-Za-z0-9_.:-]+")
CURRENCY = re.compile(r"[A-Za-z]{3}")


@dataclass(frozen=True)
class WebhookAnswer:
    status_code: int
    body: dict[str, Any]


@dataclass(frozen=True)
class WebhookEvent:
    """What Orbit reads of a verified Stripe event: its id, type and data object."""

    id: str
    type: str
    object: dict[str, Any]


class UnusableWebhook(Exception):
    """A webhook Orbit cannot use; it is answered 400 with the reason, nothing recorded
    (Stripe retries non-2xx answers, which is harmless for a body that will not change)."""


def _refused(reason: str) -> WebhookAnswer:
    return WebhookAnswer(400, {"error": reason})


def verified_event(payload: bytes, signature: str, secret: str, now: float) -> WebhookEvent:
    """The event, once the signature matches `secret` with a timestamp within the tolerance
    of `now` either way, and the body is an event Orbit can read. Raises UnusableWebhook."""
    try:
        text = payload.decode("utf-8")
        stripe.WebhookSignature.verify_header(text, signature, secret, SIGNATURE_TOLERANCE_SECONDS)
    except UnicodeDecodeError as error:
        raise UnusableWebhook("the payload is not UTF-8 text") from error
    except stripe.SignatureVerificationError as error:
        raise UnusableWebhook(
            "the signature does not match, or its timestamp is too old"
        ) from error
    if _signed_at(signature) > now + SIGNATURE_TOLERANCE_SECONDS:
        raise UnusableWebhook("the signature's timestamp is in the future")
    return _event_of(text)


def _signed_at(signature: str) -> int:
    """The `t=` of a Stripe-Signature header, read as Stripe's verify_header read it."""
    items = [item.split("=", 2) for item in signature.split(",")]
    return int(next(item[1] for item in items if item[0] == "t"))


def _event_of(text: str) -> WebhookEvent:
    try:
        body = json.loads(text)
    except (ValueError, RecursionError) as error:
        raise UnusableWebhook("the payload is not JSON") from error
    if (
        not isinstance(body, dict)
        or body.get("object") != "event"
        or not (_is_name(body.get("id"), 255) and _is_name(body.get("type"), 100))
    ):
        raise UnusableWebhook("the payload is not a Stripe event")
    if "data" not in body:
        raise UnusableWebhook("the event has no data")
    data = body["data"]
    if not isinstance(data, dict) or not isinstance(data.get("object"), dict):
        raise UnusableWebhook("the event's data is not an object holding an object")
    event = WebhookEvent(body["id"], body["type"], data["object"])
    if event.type in PAYMENT_INTENT_EVENTS and not _is_payment_intent(event.object):
        raise UnusableWebhook("the event's payment intent lacks its id, currency or amount")
    return event


def _is_name(value: Any, limit: int) -> bool:
    """An identifier as Stripe writes them (evt_1Nq…, payment_intent.succeeded), short
    enough for its column: never a NUL or other text PostgreSQL would refuse."""
    return (
        isinstance(value, str)
        and STRIPE_NAME.fullmatch(value) is not None
        and (len(value) <= limit)
    )


def _is_minor_amount(value: Any) -> bool:
    return (
        isinstance(value, int) and not isinstance(value, bool) and (0 <= value <= MAX_MINOR_AMOUNT)
    )


def _is_payment_intent(intent: dict[str, Any]) -> bool:
    currency, received = intent.get("currency"), intent.get("amount_received")
    return (
        _is_name(intent.get("id"), 255)
        and isinstance(currency, str)
        and CURRENCY.fullmatch(currency) is not None
        and _is_minor_amount(intent.get("amount"))
        and (received is None or _is_minor_amount(received))
    )


async def receive_webhook(
    services_: Services, tenant_id: uuid.UUID, payload: bytes, signature: str | None
) -> WebhookAnswer:
    async with services_.db.transaction(tenant_id) as session:
        account = await session.get(StripeAccount, tenant_id)
        ciphertext = account.webhook_secret_ciphertext if account else None
    if ciphertext is None:
        return _refused("this tenant has no Stripe webhook signing secret")
    secret = secrets.decrypt(services_.settings, ciphertext)
    try:
        event = verified_event(payload, signature or "", secret, time.time())
    except UnusableWebhook as unusable:
        return _refused(str(unusable))
    async with services_.db.transaction(tenant_id) as session:
        actor = Actor(
            services=services_, session=session, system_tenant_id=tenant_id, actor_label="Stripe"
        )
        first_time = await session.scalar(
            insert(StripeEvent)
            .values(tenant_id=tenant_id, event_id=event.id, type=event.type, outcome="received")
            .on_conflict_do_nothing()
            .returning(StripeEvent.event_id)
        )
        if first_time is None:
            return WebhookAnswer(200, {"received": True, "outcome": "duplicate"})
        outcome = await _apply(actor, event)
        stored = await session.get(StripeEvent, (tenant_id, event.id))
        if stored is not None:
            stored.outcome = outcome
    return WebhookAnswer(200, {"received": True, "outcome": outcome})


async def _apply(actor: Actor, event: WebhookEvent) -> str:
    intent = event.object
    if event.type not in PAYMENT_INTENT_EVENTS:
        return "ignored"
    checkout = await actor.session.scalar(
        select(StripeCheckout)
        .where(
            StripeCheckout.tenant_id == actor.tenant_id,
            StripeCheckout.payment_intent_id == intent["id"],
        )
        .with_for_update()
    )
    if checkout is None:
        return "unknown_payment_intent"
    if checkout.status == "succeeded":
        return "already_recorded"
    if event.type != "payment_intent.succeeded":
        checkout.status = "failed" if event.type.endswith("failed") else "canceled"
        checkout.updated_at = datetime.now(UTC)
        return f"checkout_{checkout.status}"
    currency = str(intent["currency"]).upper()
    if currency != checkout.currency:
        return "currency_mismatch"
    received = intent.get("amount_received") or intent["amount"]
    await _record_stripe_payment(actor, checkout, from_minor(int(received), currency), intent)
    return "payment_recorded"


async def _record_stripe_payment(
    actor: Actor, checkout: StripeCheckout, amount: Decimal, intent: dict[str, Any]
) -> None:
    """Allocate what Stripe received to the checkout's receivables, each up to what is
    still open now (a manual payment may have settled part meanwhile)."""
    planned = [(uuid.UUID(a["receivableId"]), Decimal(a["amount"])) for a in checkout.allocations]
    locked = await receivables.locked_receivables(actor, sorted(r for r, _ in planned))
    left, allocations = amount, []
    for receivable_id, wanted in planned:
        receivable = locked.get(receivable_id)
        if receivable is None or receivable.status != receivables.ReceivableStatus.OPEN.value:
            continue
        part = min(wanted, receivable.amount - receivable.amount_paid, left)
        if part > 0:
            allocations.append(services.AllocationInput(receivable_id, part))
            left -= part
    customer = await customers.customer_for_system(actor, checkout.customer_id)
    assert customer is not None  # a foreign key keeps it
    data = services.NewPayment(
        customer_id=customer.id,
        method=services.Method.STRIPE,
        amount=amount,
        currency=checkout.currency,
        received_on=datetime.now(UTC).date(),
        reference=str(intent["id"]),
        allocations=allocations,
    )
    recorded = await services.write_payment(
        actor,
        data,
        customer,
        locked,
        amount_allocated=amount - left,
        stripe_payment_intent_id=str(intent["id"]),
    )
    checkout.status, checkout.payment_id = "succeeded", recorded.payment.id
    checkout.updated_at = datetime.now(UTC)
