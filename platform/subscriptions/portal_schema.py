"""GraphQL for the portal: the signed-in contact's customer's subscriptions with their
periods and next renewal, changing a quantity or cancelling where the plan allows it, and
auto-renewal and reminder wishes. Ids are plain row ids, as elsewhere in the portal."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from typing import Annotated

import strawberry
from strawberry.types import Info

import subscriptions.services as subscriptions
from core.context import Actor
from core.errors import NotFound
from core.gql.context import context_of
from core.gql.money import MoneyType
from core.gql.pagination import Connection, to_connection
from core.gql.types import NO_ROW, UserErrorType, error_list_field, payload_of, run_mutation
from core.money import Money
from subscriptions.models import (
    Subscription,
    SubscriptionLine,
    SubscriptionPeriod,
    SubscriptionPlan,
)
from subscriptions.recording import mrr_of
from subscriptions.rules import BillingPeriod, ChangeTiming, PeriodStatus, SubscriptionStatus
from subscriptions.types_schema import SubscriptionError


def _row_id(value: strawberry.ID | None) -> uuid.UUID:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return NO_ROW


async def _lines(actor: Actor, ids: list[uuid.UUID]) -> list[list[SubscriptionLine]]:
    return await subscriptions.lines_of_subscriptions(actor, ids)


async def _periods(actor: Actor, ids: list[uuid.UUID]) -> list[list[SubscriptionPeriod]]:
    return await subscriptions.periods_of_subscriptions(actor, ids)


async def _plans(actor: Actor, ids: list[uuid.UUID]) -> list[SubscriptionPlan | None]:
    return await subscriptions.visible_plans_by_id(actor, ids)


@strawberry.type(name="PortalSubscriptionLine", description="One plan of your subscription.")
class PortalLineType:
    id: strawberry.ID = strawberry.field(description="The line's id (name it when changing).")
    plan_name: str = strawberry.field(description="The plan's name.")
    quantity: Decimal = strawberry.field(description="How many.")
    unit_price: MoneyType = strawberry.field(description="Price per unit and period.")
    discount_percent: Decimal = strawberry.field(description="Your discount, in percent.")
    may_change_quantity: bool = strawberry.field(
        description="Whether you may change the quantity here."
    )

    @classmethod
    def of(
        cls, row: SubscriptionLine, plan: SubscriptionPlan | None, currency: str
    ) -> PortalLineType:
        return cls(
            id=strawberry.ID(str(row.id)),
            plan_name=plan.name if plan else "",
            quantity=row.quantity,
            unit_price=MoneyType.from_amount(row.unit_price, currency),
            discount_percent=row.discount_percent,
            may_change_quantity=bool(plan and plan.customer_may_change_quantity),
        )


@strawberry.type(name="PortalSubscriptionPeriod", description="One billed period.")
class PortalPeriodType:
    period_start: date = strawberry.field(description="First day.")
    period_end: date = strawberry.field(description="The next period's first day.")
    status: PeriodStatus = strawberry.field(description="Billing progress.")
    order_id: strawberry.ID | None = strawberry.field(description="Its PortalOrder's id.")


@strawberry.type(name="PortalSubscription", description="One of your subscriptions.")
class PortalSubscriptionType:
    id: strawberry.ID = strawberry.field(description="The subscription's id.")
    number: str = strawberry.field(description="Its number, e.g. SUB-000042.")
    status: SubscriptionStatus = strawberry.field(description="Where it stands.")
    billing_period: BillingPeriod = strawberry.field(description="How often it is billed.")
    current_period_start: date = strawberry.field(description="The current period's first day.")
    next_renewal: date | None = strawberry.field(
        description="When it renews next (null when it will not)."
    )
    trial_end: date | None = strawberry.field(description="When the trial ends.")
    cancel_at_period_end: bool = strawberry.field(description="Ends with the current period.")
    auto_renew: bool = strawberry.field(description="Renews at the period's end.")
    reminders_opted_out: bool = strawberry.field(
        description="You asked for no renewal reminders but the last one."
    )
    card_saved: bool = strawberry.field(description="Renewals are charged to your saved card.")
    row: strawberry.Private[Subscription]

    @classmethod
    def of(cls, row: Subscription) -> PortalSubscriptionType:
        renews = (
            row.auto_renew
            and not row.cancel_at_period_end
            and row.status not in (SubscriptionStatus.CANCELLED, SubscriptionStatus.EXPIRED)
        )
        return cls(
            id=strawberry.ID(str(row.id)),
            number=row.number,
            status=SubscriptionStatus(row.status),
            billing_period=BillingPeriod(row.billing_period),
            current_period_start=row.current_period_start,
            next_renewal=row.current_period_end if renews else None,
            trial_end=row.trial_end,
            cancel_at_period_end=row.cancel_at_period_end,
            auto_renew=row.auto_renew,
            reminders_opted_out=row.reminders_opted_out,
            card_saved=row.payment_method is not None,
            row=row,
        )

    @strawberry.field(description="The plans.")
    async def lines(self, info: Info) -> list[PortalLineType]:
        context = context_of(info)
        rows = await context.loader(_lines).load(self.row.id)
        plans = [await context.loader(_plans).load(row.plan_id) for row in rows]
        return [
            PortalLineType.of(row, plan, self.row.currency)
            for row, plan in zip(rows, plans, strict=True)
        ]

    @strawberry.field(description="What it costs per month, tax excluded.")
    async def monthly_value(self, info: Info) -> MoneyType:
        rows = await context_of(info).loader(_lines).load(self.row.id)
        return MoneyType.of(Money(mrr_of(self.row, rows), self.row.currency).rounded())

    @strawberry.field(description="Whether you may cancel it here.")
    async def may_cancel(self, info: Info) -> bool:
        context = context_of(info)
        rows = await context.loader(_lines).load(self.row.id)
        plans = [await context.loader(_plans).load(row.plan_id) for row in rows]
        return all(plan is not None and plan.customer_may_cancel for plan in plans)

    @strawberry.field(description="Billed periods, newest first.")
    async def periods(self, info: Info) -> list[PortalPeriodType]:
        rows = await context_of(info).loader(_periods).load(self.row.id)
        return [
            PortalPeriodType(
                period_start=row.period_start,
                period_end=row.period_end,
                status=PeriodStatus(row.status),
                order_id=strawberry.ID(str(row.order_id)) if row.order_id else None,
            )
            for row in rows
        ]


@strawberry.input(description="A new quantity for a line of your subscription.")
class ChangeMySubscriptionInput:
    subscription_id: strawberry.ID = strawberry.field(description="The subscription's id.")
    line_id: strawberry.ID | None = strawberry.field(
        default=None, description="The line's id; default the first."
    )
    quantity: Decimal = strawberry.field(description="The new quantity.")
    timing: ChangeTiming = strawberry.field(
        default=ChangeTiming.PERIOD_END,
        description="From the next period (default), or now (the rest of the period is "
        "charged by days).",
    )


@strawberry.input(description="One of your subscriptions to cancel.")
class CancelMySubscriptionInput:
    subscription_id: strawberry.ID = strawberry.field(description="The subscription's id.")


@strawberry.input(description="Your wishes for one of your subscriptions.")
class MySubscriptionWishesInput:
    subscription_id: strawberry.ID = strawberry.field(description="The subscription's id.")
    auto_renew: bool | None = strawberry.field(
        default=None, description="Renew at the period's end (you get a confirmation email)."
    )
    reminders_opted_out: bool | None = strawberry.field(
        default=None, description="No renewal reminders but the last one."
    )


@strawberry.type(description="Result of a portal subscription mutation.")
class MySubscriptionPayload:
    subscription: PortalSubscriptionType | None = strawberry.field(
        description="The subscription after the mutation."
    )
    user_errors: list[UserErrorType] = error_list_field(SubscriptionError)


@strawberry.type
class Query:
    @strawberry.field(description="Your customer's subscriptions, newest first (portal only).")
    async def my_subscriptions(
        self,
        info: Info,
        first: Annotated[int | None, strawberry.argument(description="Page size.")] = None,
        after: Annotated[
            str | None, strawberry.argument(description="Cursor: the page after it.")
        ] = None,
    ) -> Connection[PortalSubscriptionType]:
        actor = await context_of(info).reader()
        actor.require_portal()
        page = await subscriptions.list_subscriptions(
            actor, subscriptions.SubscriptionFilter(), first, after
        )
        return to_connection(page, PortalSubscriptionType.of)

    @strawberry.field(description="One of your customer's subscriptions (portal only).")
    async def my_subscription(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="The subscription's id.")],
    ) -> PortalSubscriptionType:
        actor = await context_of(info).reader()
        actor.require_portal()
        row_id = _row_id(id)
        [found] = await subscriptions.subscriptions_by_id(actor, [row_id])
        if found is None:
            raise NotFound()
        return PortalSubscriptionType.of(found)


async def _portal_run(info: Info, operation: object) -> MySubscriptionPayload:
    async def checked(actor: Actor) -> Subscription:
        actor.require_portal()
        return await operation(actor)  # type: ignore[operator, no-any-return]

    outcome = await run_mutation(info, checked)
    return payload_of(MySubscriptionPayload, outcome, PortalSubscriptionType.of)


@strawberry.type
class Mutation:
    @strawberry.mutation(
        description="Change the quantity of a line of your subscription, where its plan "
        "allows it (otherwise QUANTITY_NOT_CHANGEABLE_BY_CUSTOMER)."
    )
    async def change_my_subscription(
        self, info: Info, input: ChangeMySubscriptionInput
    ) -> MySubscriptionPayload:
        request = subscriptions.ChangeRequest(
            subscription_id=_row_id(input.subscription_id),
            line_id=_row_id(input.line_id) if input.line_id else None,
            quantity=input.quantity,
            timing=input.timing,
        )
        return await _portal_run(
            info, lambda actor: subscriptions.change_subscription(actor, request)
        )

    @strawberry.mutation(
        description="Cancel your subscription at the end of its period, where its plans allow "
        "it (otherwise NOT_CANCELLABLE_BY_CUSTOMER)."
    )
    async def cancel_my_subscription(
        self, info: Info, input: CancelMySubscriptionInput
    ) -> MySubscriptionPayload:
        row_id = _row_id(input.subscription_id)
        return await _portal_run(
            info,
            lambda actor: subscriptions.cancel_subscription(actor, row_id, ChangeTiming.PERIOD_END),
        )

    @strawberry.mutation(
        description="Turn auto-renewal on or off, and renewal reminders, for your subscription."
    )
    async def update_my_subscription_wishes(
        self, info: Info, input: MySubscriptionWishesInput
    ) -> MySubscriptionPayload:
        row_id = _row_id(input.subscription_id)

        async def update(actor: Actor) -> Subscription:
            found: Subscription | None = None
            if input.auto_renew is not None:
                found = await subscriptions.set_auto_renew(actor, row_id, input.auto_renew)
            if input.reminders_opted_out is not None:
                found = await subscriptions.set_reminders_opted_out(
                    actor, row_id, input.reminders_opted_out
                )
            if found is None:
                [found] = await subscriptions.subscriptions_by_id(actor, [row_id])
            if found is None:
                raise NotFound()
            return found

        return await _portal_run(info, update)
