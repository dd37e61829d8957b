"""GraphQL for the portal's saved card: start a Stripe SetupIntent for Stripe.js to confirm
with the card entered, keep the card it saved for the subscription's renewals, or forget
it. Staff read `cardSaved` and `paymentAttempts` on Subscription. Ids are plain row ids, as
elsewhere in the portal."""

from __future__ import annotations

import uuid

import strawberry
from strawberry.types import Info

from core.context import Actor
from core.gql.types import (
    NO_ROW,
    UserErrorType,
    error_list_field,
    payload_of,
    run_mutation,
    user_error_type,
)
from payments.errors import CardErrorCode
from subscriptions import charging
from subscriptions.errors import SubscriptionErrorCode
from subscriptions.models import Subscription
from subscriptions.portal_schema import PortalSubscriptionType

SubscriptionCardError = user_error_type(
    "SubscriptionCardError",
    SubscriptionErrorCode,
    CardErrorCode,
    description="Why a card could not be saved or removed.",
)


def _row_id(value: strawberry.ID | None) -> uuid.UUID:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return NO_ROW


@strawberry.type(
    name="SubscriptionCardSetup",
    description="A Stripe SetupIntent the customer confirms in the browser with Stripe.js "
    "(the card element); then saveMySubscriptionCard keeps the card.",
)
class CardSetupType:
    setup_intent_id: str = strawberry.field(description="Stripe's SetupIntent id.")
    client_secret: str = strawberry.field(description="For Stripe.js: confirms this setup only.")
    publishable_key: str = strawberry.field(
        description="The seller's publishable key for Stripe.js."
    )
    stripe_js_url: str = strawberry.field(description="Where to load Stripe.js from.")


@strawberry.type(description="Result of startMySubscriptionCardSetup.")
class StartMySubscriptionCardSetupPayload:
    setup: CardSetupType | None = strawberry.field(description="The setup to confirm.")
    user_errors: list[UserErrorType] = error_list_field(SubscriptionCardError)


@strawberry.type(description="Result of saving or removing a subscription's card.")
class MySubscriptionCardPayload:
    subscription: PortalSubscriptionType | None = strawberry.field(
        description="The subscription after the mutation."
    )
    user_errors: list[UserErrorType] = error_list_field(SubscriptionCardError)


@strawberry.input(description="One of your subscriptions to save a card for.")
class StartMySubscriptionCardSetupInput:
    subscription_id: strawberry.ID = strawberry.field(description="The subscription's id.")


@strawberry.input(description="The card setup Stripe.js confirmed, to keep for renewals.")
class SaveMySubscriptionCardInput:
    subscription_id: strawberry.ID = strawberry.field(description="The subscription's id.")
    setup_intent_id: str = strawberry.field(
        description="The SetupIntent startMySubscriptionCardSetup gave, once confirmed."
    )


@strawberry.input(description="One of your subscriptions whose saved card to forget.")
class RemoveMySubscriptionCardInput:
    subscription_id: strawberry.ID = strawberry.field(description="The subscription's id.")


async def _portal(info: Info, operation: object) -> MySubscriptionCardPayload:
    async def checked(actor: Actor) -> Subscription:
        actor.require_portal()
        return await operation(actor)  # type: ignore[operator, no-any-return]

    outcome = await run_mutation(info, checked)
    return payload_of(MySubscriptionCardPayload, outcome, PortalSubscriptionType.of)


@strawberry.type
class Mutation:
    @strawberry.mutation(
        description="Start saving a card for your subscription's renewals: a Stripe "
        "SetupIntent (off-session use) on your customer's Stripe account (portal only)."
    )
    async def start_my_subscription_card_setup(
        self, info: Info, input: StartMySubscriptionCardSetupInput
    ) -> StartMySubscriptionCardSetupPayload:
        row_id = _row_id(input.subscription_id)

        async def start(actor: Actor) -> CardSetupType:
            actor.require_portal()
            setup = await charging.start_card_setup(actor, row_id)
            return CardSetupType(
                setup_intent_id=setup.setup_intent_id,
                client_secret=setup.client_secret,
                publishable_key=setup.publishable_key,
                stripe_js_url=setup.stripe_js_url,
            )

        outcome = await run_mutation(info, start)
        return payload_of(StartMySubscriptionCardSetupPayload, outcome)

    @strawberry.mutation(
        description="Keep the card a confirmed SetupIntent saved: your subscription's "
        "renewals are charged to it (CARD_SETUP_NOT_SUCCEEDED, CARD_SETUP_OF_OTHER_CUSTOMER "
        "otherwise)."
    )
    async def save_my_subscription_card(
        self, info: Info, input: SaveMySubscriptionCardInput
    ) -> MySubscriptionCardPayload:
        row_id = _row_id(input.subscription_id)
        return await _portal(
            info, lambda actor: charging.save_card(actor, row_id, input.setup_intent_id)
        )

    @strawberry.mutation(
        description="Forget your subscription's saved card: renewals are paid like any "
        "order again (CARD_NOT_SAVED when none is saved)."
    )
    async def remove_my_subscription_card(
        self, info: Info, input: RemoveMySubscriptionCardInput
    ) -> MySubscriptionCardPayload:
        row_id = _row_id(input.subscription_id)
        return await _portal(info, lambda actor: charging.remove_card(actor, row_id))
