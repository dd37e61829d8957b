"""GraphQL operations on plans (subscriptions:plans to change them) and the tenant's
renewal settings."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.types import Info

import subscriptions.services as subscriptions
from core.errors import NotFound
from core.gql.context import context_of
from core.gql.pagination import Connection, to_connection
from core.gql.types import (
    UserErrorType,
    decode_id,
    error_list_field,
    input_row_id,
    payload_of,
    run_mutation,
)
from subscriptions.rules import BillingPeriod, ProrationMode, RenewalTerms
from subscriptions.types_schema import PlanType, SettingsType, SubscriptionError


@strawberry.input(description="A plan's terms.")
class PlanInput:
    code: str = strawberry.field(description="The tenant's code (letters, digits, . _ -).")
    name: str = strawberry.field(description="The plan's name.")
    sku_id: strawberry.ID = strawberry.field(description="Global id of the Sku billed.")
    billing_period: BillingPeriod = strawberry.field(description="How often it is billed.")
    trial_days: int = strawberry.field(default=0, description="Days of free trial (0 to 365).")
    customer_may_cancel: bool = strawberry.field(
        default=True, description="Whether the customer may cancel in the portal."
    )
    customer_may_change_quantity: bool = strawberry.field(
        default=True, description="Whether the customer may change the quantity in the portal."
    )
    active: bool = strawberry.field(default=True, description="Offered to new subscriptions.")

    def data(self) -> subscriptions.PlanData:
        return subscriptions.PlanData(
            code=self.code,
            name=self.name,
            sku_id=input_row_id(self.sku_id, "Sku"),
            billing_period=self.billing_period,
            trial_days=self.trial_days,
            customer_may_cancel=self.customer_may_cancel,
            customer_may_change_quantity=self.customer_may_change_quantity,
            active=self.active,
        )


@strawberry.input(description="A plan to change.")
class UpdatePlanInput:
    plan_id: strawberry.ID = strawberry.field(description="Global id of the SubscriptionPlan.")
    plan: PlanInput = strawberry.field(description="Its new terms.")


@strawberry.input(description="The tenant's renewal rules.")
class SubscriptionSettingsInput:
    renewal_lead_days: int = strawberry.field(
        description="Days before a period ends that its renewal order is made (0 to 60)."
    )
    retry_days: list[int] = strawberry.field(
        description="Rising days after a failed charge to retry it (1 to 60, up to 10)."
    )
    proration_mode: ProrationMode = strawberry.field(description="How changes are charged.")
    reminder_offsets: list[int] = strawberry.field(
        description="Days before a term ends that reminders go out (1 to 365, up to 10)."
    )


@strawberry.type(description="Result of createSubscriptionPlan and updateSubscriptionPlan.")
class SubscriptionPlanPayload:
    plan: PlanType | None = strawberry.field(description="The plan as saved.")
    user_errors: list[UserErrorType] = error_list_field(SubscriptionError)


@strawberry.type(description="Result of updateSubscriptionSettings.")
class SubscriptionSettingsPayload:
    settings: SettingsType | None = strawberry.field(description="The settings as saved.")
    user_errors: list[UserErrorType] = error_list_field(SubscriptionError)


@strawberry.type
class Query:
    @strawberry.field(description="The tenant's plans by code (subscriptions:read).")
    async def subscription_plans(
        self,
        info: Info,
        active_only: Annotated[
            bool, strawberry.argument(description="Only plans offered to new subscriptions.")
        ] = False,
        first: Annotated[int | None, strawberry.argument(description="Page size.")] = None,
        after: Annotated[
            str | None, strawberry.argument(description="Cursor: the page after it.")
        ] = None,
    ) -> Connection[PlanType]:
        actor = await context_of(info).reader()
        page = await subscriptions.list_plans(actor, active_only, first, after)
        return to_connection(page, PlanType.of)

    @strawberry.field(description="One plan by its global id; null when out of reach.")
    async def subscription_plan(
        self,
        info: Info,
        id: Annotated[
            strawberry.ID, strawberry.argument(description="Global id of the SubscriptionPlan.")
        ],
    ) -> PlanType | None:
        try:
            row_id = decode_id(id, "SubscriptionPlan")
        except NotFound:
            return None
        actor = await context_of(info).reader()
        [found] = await subscriptions.visible_plans_by_id(actor, [row_id])
        return PlanType.of(found) if found else None

    @strawberry.field(description="The tenant's renewal rules (subscriptions:read).")
    async def subscription_settings(self, info: Info) -> SettingsType:
        actor = await context_of(info).reader()
        return SettingsType.of(await subscriptions.renewal_settings(actor))


@strawberry.type
class Mutation:
    @strawberry.mutation(
        description="Create a plan (subscriptions:plans): its SKU's price-book price is its "
        "price per billing period."
    )
    async def create_subscription_plan(
        self, info: Info, input: PlanInput
    ) -> SubscriptionPlanPayload:
        data = input.data()
        outcome = await run_mutation(info, lambda actor: subscriptions.create_plan(actor, data))
        return payload_of(SubscriptionPlanPayload, outcome, PlanType.of)

    @strawberry.mutation(
        description="Change a plan (subscriptions:plans); subscriptions keep their agreed "
        "prices, and a plan in use keeps its billing period."
    )
    async def update_subscription_plan(
        self, info: Info, input: UpdatePlanInput
    ) -> SubscriptionPlanPayload:
        plan_id = decode_id(input.plan_id, "SubscriptionPlan")
        data = input.plan.data()
        outcome = await run_mutation(
            info, lambda actor: subscriptions.update_plan(actor, plan_id, data)
        )
        return payload_of(SubscriptionPlanPayload, outcome, PlanType.of)

    @strawberry.mutation(description="Change the tenant's renewal rules (subscriptions:plans).")
    async def update_subscription_settings(
        self, info: Info, input: SubscriptionSettingsInput
    ) -> SubscriptionSettingsPayload:
        terms = RenewalTerms(
            lead_days=input.renewal_lead_days,
            retry_days=tuple(input.retry_days),
            proration_mode=input.proration_mode,
            reminder_offsets=tuple(input.reminder_offsets),
        )
        outcome = await run_mutation(
            info, lambda actor: subscriptions.save_renewal_settings(actor, terms)
        )
        return payload_of(SubscriptionSettingsPayload, outcome, SettingsType.of)
