"""GraphQL operations on subscriptions for staff and integrators: the list and lookups,
starting one, changing quantity or plan, cancelling, reactivating, pausing, resuming and
auto-renewal (the types are in `types_schema`)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date
from decimal import Decimal
from typing import Annotated

import strawberry
from strawberry.types import Info

import subscriptions.services as subscriptions
from core.context import Actor
from core.errors import NotFound
from core.gql.context import context_of
from core.gql.pagination import Connection, to_connection
from core.gql.types import (
    UserErrorType,
    decode_id,
    error_list_field,
    input_row_id,
    optional_input_row_id,
    payload_of,
    run_mutation,
)
from subscriptions.models import Subscription
from subscriptions.rules import ChangeTiming, SubscriptionStatus
from subscriptions.types_schema import SubscriptionError, SubscriptionType


@strawberry.input(description="Which subscriptions to list; every filter given must match.")
class SubscriptionFilterInput:
    statuses: list[SubscriptionStatus] | None = strawberry.field(
        default=None, description="Only those in one of these statuses."
    )
    customer_id: strawberry.ID | None = strawberry.field(
        default=None, description="Only this Customer's."
    )
    plan_id: strawberry.ID | None = strawberry.field(
        default=None, description="Only those with a line of this SubscriptionPlan."
    )
    renewing_before: date | None = strawberry.field(
        default=None, description="Only those whose current period ends before this day."
    )


@strawberry.input(description="One plan to subscribe to.")
class SubscriptionLineInput:
    plan_id: strawberry.ID = strawberry.field(description="Global id of the SubscriptionPlan.")
    quantity: Decimal = strawberry.field(description="How many (above 0).")


@strawberry.input(description="A subscription to start.")
class StartSubscriptionInput:
    customer_id: strawberry.ID = strawberry.field(description="Global id of the Customer.")
    lines: list[SubscriptionLineInput] = strawberry.field(
        description="The plans (all with the same billing period)."
    )
    start_date: date | None = strawberry.field(
        default=None, description="First day; default today (the tenant's)."
    )
    auto_renew: bool = strawberry.field(default=True, description="Renew at each period's end.")


@strawberry.input(
    description="A change of one line's quantity or plan. Give quantity (the new one) or "
    "quantityDelta (to add; negative removes), and/or planId."
)
class ChangeSubscriptionInput:
    subscription_id: strawberry.ID = strawberry.field(description="Global id of the Subscription.")
    line_id: strawberry.ID | None = strawberry.field(
        default=None, description="Global id of the SubscriptionLine; default the first."
    )
    quantity: Decimal | None = strawberry.field(default=None, description="The new quantity.")
    quantity_delta: Decimal | None = strawberry.field(
        default=None, description="How much to add (negative: remove)."
    )
    plan_id: strawberry.ID | None = strawberry.field(
        default=None, description="Global id of the SubscriptionPlan to move to."
    )
    timing: ChangeTiming = strawberry.field(
        default=ChangeTiming.NOW,
        description="NOW (prorated by days for the rest of the period) or PERIOD_END.",
    )


@strawberry.input(description="A subscription to cancel.")
class CancelSubscriptionInput:
    subscription_id: strawberry.ID = strawberry.field(description="Global id of the Subscription.")
    timing: ChangeTiming = strawberry.field(
        default=ChangeTiming.PERIOD_END, description="NOW, or at the end of the period."
    )


@strawberry.input(description="A subscription to act on.")
class SubscriptionIdInput:
    subscription_id: strawberry.ID = strawberry.field(description="Global id of the Subscription.")


@strawberry.input(description="Whether a subscription renews at its period's end.")
class SetAutoRenewInput:
    subscription_id: strawberry.ID = strawberry.field(description="Global id of the Subscription.")
    auto_renew: bool = strawberry.field(description="Renew or not.")


@strawberry.type(description="Result of a subscription mutation.")
class SubscriptionPayload:
    subscription: SubscriptionType | None = strawberry.field(
        description="The subscription after the mutation."
    )
    user_errors: list[UserErrorType] = error_list_field(SubscriptionError)


def _filter(flt: SubscriptionFilterInput | None) -> subscriptions.SubscriptionFilter:
    if flt is None:
        return subscriptions.SubscriptionFilter()
    return subscriptions.SubscriptionFilter(
        statuses=tuple(flt.statuses or ()),
        customer_id=optional_input_row_id(flt.customer_id, "Customer"),
        plan_id=optional_input_row_id(flt.plan_id, "SubscriptionPlan"),
        renewing_before=flt.renewing_before,
    )


Operation = Callable[[Actor], Awaitable[Subscription]]


async def _run(info: Info, operation: Operation) -> SubscriptionPayload:
    outcome = await run_mutation(info, operation)
    return payload_of(SubscriptionPayload, outcome, SubscriptionType.of)


@strawberry.type
class Query:
    @strawberry.field(
        description="Subscriptions of customers in your data scope, newest first "
        "(subscriptions:read)."
    )
    async def subscriptions(
        self,
        info: Info,
        filter: Annotated[
            SubscriptionFilterInput | None, strawberry.argument(description="Which ones.")
        ] = None,
        first: Annotated[int | None, strawberry.argument(description="Page size.")] = None,
        after: Annotated[
            str | None, strawberry.argument(description="Cursor: the page after it.")
        ] = None,
    ) -> Connection[SubscriptionType]:
        actor = await context_of(info).reader()
        actor.require_staff()
        page = await subscriptions.list_subscriptions(actor, _filter(filter), first, after)
        return to_connection(page, SubscriptionType.of)

    @strawberry.field(description="One subscription by its global id; null when out of reach.")
    async def subscription(
        self,
        info: Info,
        id: Annotated[
            strawberry.ID, strawberry.argument(description="Global id of the Subscription.")
        ],
    ) -> SubscriptionType | None:
        try:
            row_id = decode_id(id, "Subscription")
        except NotFound:
            return None
        actor = await context_of(info).reader()
        actor.require_staff()
        [found] = await subscriptions.subscriptions_by_id(actor, [row_id])
        return SubscriptionType.of(found) if found else None

    @strawberry.field(description="One subscription by its number (SUB-000042); null if none.")
    async def subscription_by_number(
        self,
        info: Info,
        number: Annotated[str, strawberry.argument(description="The subscription's number.")],
    ) -> SubscriptionType | None:
        actor = await context_of(info).reader()
        actor.require_staff()
        found = await subscriptions.subscription_by_number(actor, number)
        return SubscriptionType.of(found) if found else None


@strawberry.type
class Mutation:
    @strawberry.mutation(
        description="Start a customer's subscription (subscriptions:write), priced from the "
        "price books on the start date. A plan with trial days starts it TRIALING; "
        "otherwise it is ACTIVE and its first period's order is entered at once."
    )
    async def start_subscription(
        self, info: Info, input: StartSubscriptionInput
    ) -> SubscriptionPayload:
        data = subscriptions.NewSubscription(
            customer_id=input_row_id(input.customer_id, "Customer"),
            lines=[
                subscriptions.NewSubscriptionLine(
                    input_row_id(line.plan_id, "SubscriptionPlan"), line.quantity
                )
                for line in input.lines
            ],
            start_date=input.start_date,
            auto_renew=input.auto_renew,
        )
        return await _run(info, lambda actor: subscriptions.start_subscription(actor, data))

    @strawberry.mutation(
        description="Change a line's quantity or plan (subscriptions:write), now (what is "
        "added is charged for the rest of the period by days: on the next renewal order or "
        "an order at once, per the tenant's setting) or at the period's end."
    )
    async def change_subscription(
        self, info: Info, input: ChangeSubscriptionInput
    ) -> SubscriptionPayload:
        request = subscriptions.ChangeRequest(
            subscription_id=decode_id(input.subscription_id, "Subscription"),
            line_id=optional_input_row_id(input.line_id, "SubscriptionLine"),
            quantity=input.quantity,
            quantity_delta=input.quantity_delta,
            plan_id=optional_input_row_id(input.plan_id, "SubscriptionPlan"),
            timing=input.timing,
        )
        return await _run(info, lambda actor: subscriptions.change_subscription(actor, request))

    @strawberry.mutation(
        description="Cancel a subscription now or at its period's end (subscriptions:write); "
        "again: ALREADY_CANCELLED."
    )
    async def cancel_subscription(
        self, info: Info, input: CancelSubscriptionInput
    ) -> SubscriptionPayload:
        row_id = decode_id(input.subscription_id, "Subscription")
        return await _run(
            info, lambda actor: subscriptions.cancel_subscription(actor, row_id, input.timing)
        )

    @strawberry.mutation(
        description="Undo a cancellation at period end, or restart a cancelled or expired "
        "subscription from today (its first period billed at once) (subscriptions:write)."
    )
    async def reactivate_subscription(
        self, info: Info, input: SubscriptionIdInput
    ) -> SubscriptionPayload:
        row_id = decode_id(input.subscription_id, "Subscription")
        return await _run(info, lambda actor: subscriptions.reactivate_subscription(actor, row_id))

    @strawberry.mutation(description="Pause a running subscription (subscriptions:write).")
    async def pause_subscription(
        self, info: Info, input: SubscriptionIdInput
    ) -> SubscriptionPayload:
        row_id = decode_id(input.subscription_id, "Subscription")
        return await _run(info, lambda actor: subscriptions.pause_subscription(actor, row_id))

    @strawberry.mutation(
        description="Resume a paused subscription; its period is extended by the days it "
        "was paused (subscriptions:write)."
    )
    async def resume_subscription(
        self, info: Info, input: SubscriptionIdInput
    ) -> SubscriptionPayload:
        row_id = decode_id(input.subscription_id, "Subscription")
        return await _run(info, lambda actor: subscriptions.resume_subscription(actor, row_id))

    @strawberry.mutation(
        description="Whether the subscription renews at its period's end "
        "(subscriptions:write); the customer is told by email."
    )
    async def set_subscription_auto_renew(
        self, info: Info, input: SetAutoRenewInput
    ) -> SubscriptionPayload:
        row_id = decode_id(input.subscription_id, "Subscription")
        return await _run(
            info, lambda actor: subscriptions.set_auto_renew(actor, row_id, input.auto_renew)
        )
