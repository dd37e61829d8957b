"""GraphQL for customer notices: the `customerNoticeSettings` query and
`updateCustomerNoticeSettings`."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

import customer_notices.services as notices
from core.gql.context import context_of
from core.gql.types import UserErrorType, error_list_field, run_mutation, user_error_type

CustomerNoticeError = user_error_type(
    "CustomerNoticeError", description="Why the customer notice settings were not changed."
)


@strawberry.type(
    name="CustomerNoticeSettings",
    description="Which emails an order's customer gets: the portal contact who placed it, "
    "else the customer's own address, in the contact's language.",
)
class CustomerNoticeSettingsType:
    order_confirmed: bool = strawberry.field(description="When the order is confirmed.")
    order_shipped: bool = strawberry.field(
        description="When a shipment of it leaves, with carrier, tracking number and link."
    )
    order_delivered: bool = strawberry.field(description="When the order is delivered.")

    @classmethod
    def of(cls, switches: notices.NoticeSwitches) -> CustomerNoticeSettingsType:
        return cls(
            order_confirmed=switches.order_confirmed,
            order_shipped=switches.order_shipped,
            order_delivered=switches.order_delivered,
        )


@strawberry.input(description="Every customer notice, on or off.")
class UpdateCustomerNoticeSettingsInput:
    order_confirmed: bool = strawberry.field(description="Email when an order is confirmed.")
    order_shipped: bool = strawberry.field(description="Email when a shipment leaves.")
    order_delivered: bool = strawberry.field(description="Email when an order is delivered.")


@strawberry.type(description="Result of updateCustomerNoticeSettings.")
class CustomerNoticeSettingsPayload:
    settings: CustomerNoticeSettingsType | None = strawberry.field(description="The settings now.")
    user_errors: list[UserErrorType] = error_list_field(CustomerNoticeError)


@strawberry.type
class Query:
    @strawberry.field(description="Which emails customers get about their orders (settings:read).")
    async def customer_notice_settings(self, info: Info) -> CustomerNoticeSettingsType:
        actor = await context_of(info).reader()
        return CustomerNoticeSettingsType.of(await notices.read_settings(actor))


@strawberry.type
class Mutation:
    @strawberry.mutation(
        description="Switch the emails customers get about their orders on or off (settings:write)."
    )
    async def update_customer_notice_settings(
        self, info: Info, input: UpdateCustomerNoticeSettingsInput
    ) -> CustomerNoticeSettingsPayload:
        switches = notices.NoticeSwitches(
            order_confirmed=input.order_confirmed,
            order_shipped=input.order_shipped,
            order_delivered=input.order_delivered,
        )
        outcome = await run_mutation(info, lambda actor: notices.update_settings(actor, switches))
        settings = CustomerNoticeSettingsType.of(outcome.value) if outcome.value else None
        return CustomerNoticeSettingsPayload(settings=settings, user_errors=outcome.user_errors)
