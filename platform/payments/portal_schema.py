"""GraphQL for portal customers paying an order online through Stripe."""

from __future__ import annotations

import uuid

import strawberry
from strawberry.types import Info

from core.gql.context import context_of
from core.gql.money import MoneyType
from core.gql.types import UserErrorType, input_row_id, run_mutation
from payments import stripe_payments


@strawberry.type(name="OnlinePayment", description="A Stripe payment the customer confirms "
                 "in the browser with Stripe.js; the order's payment is recorded when Stripe "
                 "reports it.")
class OnlinePaymentType:
    payment_intent_id: str = strawberry.field(description="Stripe's PaymentIntent id.")
    client_secret: str = strawberry.field(description="For Stripe.js: confirms this payment "
                                          "only.")
    publishable_key: str = strawberry.field(description="The tenant's publishable key for "
                                            "Stripe.js.")
    stripe_js_url: str = strawberry.field(description="Where to load Stripe.js from.")
    amount: MoneyType = strawberry.field(description="What is being paid: the order's open "
                                         "amount.")
    payment_methods: list[str] = strawberry.field(description="Stripe payment method types "
                                                  "offered, e.g. card, alipay.")


@strawberry.type(description="Result of payOrderOnline.")
class PayOrderOnlinePayload:
    payment: OnlinePaymentType | None = strawberry.field(description="The payment to confirm.")
    user_errors: list[UserErrorType] = strawberry.field(description="Why it cannot be paid "
                                                        "online now.")


def _order_row_id(value: strawberry.ID) -> uuid.UUID:
    """Portal orders are addressed by their plain id (PortalOrder.id); a global Order id
    works too."""
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return input_row_id(value, "Order")


@strawberry.type
class Mutation:
    @strawberry.mutation(description="Start paying one of the signed-in customer's orders "
                         "online: a Stripe PaymentIntent for its open amount (portal only).")
    async def pay_order_online(self, info: Info, order_id: strawberry.ID
                               ) -> PayOrderOnlinePayload:
        row_id = _order_row_id(order_id)
        planned = await run_mutation(
            info, lambda actor: stripe_payments.plan_checkout(actor, row_id))
        if planned.value is None:
            return PayOrderOnlinePayload(payment=None, user_errors=planned.user_errors)
        plan = planned.value
        settings = context_of(info).services.settings
        try:  # outside any transaction: no connection is held while Stripe answers
            checkout = await stripe_payments.create_payment_intent(settings, plan)
        except stripe_payments.CheckoutRefused as refused:
            return PayOrderOnlinePayload(payment=None, user_errors=[refused.user_error])
        saved = await run_mutation(
            info, lambda actor: stripe_payments.save_checkout(actor, plan, checkout))
        if saved.value is None:
            return PayOrderOnlinePayload(payment=None, user_errors=saved.user_errors)
        return PayOrderOnlinePayload(payment=OnlinePaymentType(
            payment_intent_id=checkout.payment_intent_id, client_secret=checkout.client_secret,
            publishable_key=checkout.publishable_key, stripe_js_url=settings.stripe_js_url,
            amount=MoneyType.from_amount(checkout.amount, checkout.currency),
            payment_methods=checkout.payment_methods), user_errors=[])
