"""GraphQL for portal customers paying an order online through Stripe."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime

import strawberry
from strawberry.types import Info

import payments.services as payment_services
from core.context import Actor
from core.gql.context import context_of
from core.gql.money import MoneyType
from core.gql.types import (
    UserErrorType,
    error_list_field,
    from_row,
    input_row_id,
    payload_of,
    run_mutation,
)
from payments import payment_options, stripe_payments
from payments.schema_types import PaymentError, ReceivableTermType


@strawberry.type(
    name="OnlinePayment",
    description="A Stripe payment the customer confirms "
    "in the browser with Stripe.js; the order's payment is recorded when Stripe "
    "reports it.",
)
class OnlinePaymentType:
    payment_intent_id: str = strawberry.field(description="Stripe's PaymentIntent id.")
    client_secret: str = strawberry.field(description="For Stripe.js: confirms this payment only.")
    publishable_key: str = strawberry.field(
        description="The tenant's publishable key for Stripe.js."
    )
    stripe_js_url: str = strawberry.field(description="Where to load Stripe.js from.")
    amount: MoneyType = strawberry.field(description="What is being paid: the order's open amount.")
    payment_methods: list[str] = strawberry.field(
        description="Stripe payment method types offered, e.g. card, alipay."
    )


@strawberry.type(description="Result of payOrderOnline.")
class PayOrderOnlinePayload:
    payment: OnlinePaymentType | None = strawberry.field(description="The payment to confirm.")
    user_errors: list[UserErrorType] = error_list_field(
        PaymentError, "Why it cannot be paid online now."
    )


def _invoice_row_id(value: strawberry.ID) -> uuid.UUID:
    """Portal invoices are addressed by their plain id; a global Invoice id works too."""
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return input_row_id(value, "Invoice")


def _order_row_id(value: strawberry.ID) -> uuid.UUID:
    """Portal orders are addressed by their plain id (PortalOrder.id); a global Order id
    works too."""
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return input_row_id(value, "Order")


@strawberry.type
class Mutation:
    @strawberry.mutation(
        description="Start paying one of the signed-in customer's orders "
        "online: a Stripe PaymentIntent for its open amount (portal only)."
    )
    async def pay_order_online(self, info: Info, order_id: strawberry.ID) -> PayOrderOnlinePayload:
        row_id = _order_row_id(order_id)
        return await _pay_online(info, lambda actor: stripe_payments.plan_checkout(actor, row_id))

    @strawberry.mutation(
        description="Start paying what one of the signed-in customer's "
        "invoices still has due online: an instalment invoice pays its "
        "instalment, any other the order's open amounts, oldest first, up to "
        "the invoice's amount due (portal only)."
    )
    async def pay_invoice_online(
        self, info: Info, invoice_id: strawberry.ID
    ) -> PayOrderOnlinePayload:
        row_id = _invoice_row_id(invoice_id)
        return await _pay_online(
            info, lambda actor: stripe_payments.plan_invoice_checkout(actor, row_id)
        )


async def _pay_online(
    info: Info, plan_for: Callable[[Actor], Awaitable[stripe_payments.CheckoutPlan]]
) -> PayOrderOnlinePayload:
    """Plan in one transaction, ask Stripe outside any, save the checkout in another."""
    planned = await run_mutation(info, plan_for)
    if planned.value is None:
        return PayOrderOnlinePayload(payment=None, user_errors=planned.user_errors)
    plan = planned.value
    settings = context_of(info).services.settings
    try:  # outside any transaction: no connection is held while Stripe answers
        checkout = await stripe_payments.create_payment_intent(settings, plan)
    except stripe_payments.CheckoutRefused as refused:
        return PayOrderOnlinePayload(payment=None, user_errors=[refused.user_error])
    saved = await run_mutation(
        info, lambda actor: stripe_payments.save_checkout(actor, plan, checkout)
    )
    online = from_row(
        OnlinePaymentType,
        checkout,
        stripe_js_url=settings.stripe_js_url,
        amount=MoneyType.from_amount(checkout.amount, checkout.currency),
    )
    return payload_of(PayOrderOnlinePayload, saved, lambda _: online)


@strawberry.type(
    name="PortalReceivable", description="An amount the customer owes for one of its orders."
)
class PortalReceivableType:
    order_id: strawberry.ID = strawberry.field(description="The order's id (PortalOrder.id).")
    order_number: str = strawberry.field(description="The order's number.")
    label: str = strawberry.field(
        description='What it is in English, e.g. "Net 30".',
        deprecation_reason="English only: word term.",
    )
    term: ReceivableTermType = strawberry.field(
        description="What it is, for clients to word in the customer's language."
    )
    amount_open: MoneyType = strawberry.field(description="What is still owed.")
    due_date: date | None = strawberry.field(description="When it is due; null until known.")
    overdue: bool = strawberry.field(description="Past its due date.")


@strawberry.type(name="PortalPayment", description="A payment the customer made.")
class PortalPaymentType:
    number: str = strawberry.field(description="Payment number.")
    method: str = strawberry.field(description="bank_transfer, cash, cheque or stripe.")
    amount: MoneyType = strawberry.field(description="The amount received.")
    received_on: date = strawberry.field(description="When it was received.")
    order_numbers: list[str] = strawberry.field(description="The orders it paid.")


@strawberry.type(
    name="PortalAccount", description="The customer's balance, what is open and what was paid."
)
class PortalAccountType:
    open_balance: MoneyType = strawberry.field(
        description="What the customer owes on its orders in all."
    )
    receivables: list[PortalReceivableType] = strawberry.field(
        description="Open amounts, oldest first."
    )
    payments: list[PortalPaymentType] = strawberry.field(
        description="The latest 50 payments, newest first."
    )


@strawberry.type(
    name="PortalPaymentOptions", description="How the signed-in customer can pay the organisation."
)
class PortalPaymentOptionsType:
    online_payment_available: bool = strawberry.field(
        description="Whether Pay now (online, through Stripe) is offered: false until the "
        "organisation has connected Stripe."
    )
    bank_transfer_instructions: str | None = strawberry.field(
        description="The organisation's bank-transfer instructions, or null when it has none."
    )


@strawberry.type
class Query:
    @strawberry.field(
        description="How the signed-in customer can pay: online, by bank transfer, or both "
        "(portal only)."
    )
    async def portal_payment_options(self, info: Info) -> PortalPaymentOptionsType:
        actor = await context_of(info).reader()
        options = await payment_options.portal_payment_options(actor)
        return from_row(PortalPaymentOptionsType, options)

    @strawberry.field(
        description="The signed-in customer's balance, open amounts and "
        "payment history (portal only)."
    )
    async def portal_account(self, info: Info) -> PortalAccountType:
        actor = await context_of(info).reader()
        account = await payment_services.own_account(actor)
        allocations = await payment_services.allocations_of_payments(
            actor, [p.id for p in account.payments]
        )
        today = datetime.now(UTC).date()
        return PortalAccountType(
            open_balance=MoneyType.from_amount(account.open_balance, account.currency),
            receivables=[
                PortalReceivableType(
                    order_id=strawberry.ID(str(r.order_id)),
                    order_number=r.order_number,
                    label=r.label,
                    term=ReceivableTermType.of(r),
                    amount_open=MoneyType.from_amount(r.amount - r.amount_paid, r.currency),
                    due_date=r.due_date,
                    overdue=r.due_date is not None and r.due_date < today,
                )
                for r in account.receivables
            ],
            payments=[
                PortalPaymentType(
                    number=p.number,
                    method=p.method,
                    amount=MoneyType.from_amount(p.amount, p.currency),
                    received_on=p.received_on,
                    order_numbers=sorted({a.order_number for a in paid}),
                )
                for p, paid in zip(account.payments, allocations, strict=True)
            ],
        )
