"""GraphQL for tenants: the current tenant and its settings (sign-up is identity's)."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

import tenants.services as tenants
from core.gql.context import context_of
from core.gql.types import (
    UserErrorType,
    error_list_field,
    payload_of,
    run_mutation,
    user_error_type,
)
from tenants.errors import TenantErrorCode
from tenants.types_schema import TenantType

TenantError = user_error_type(
    "TenantError",
    TenantErrorCode,
    description="Why a change to the organisation's settings was refused.",
)


@strawberry.input(description="Company settings to change; omitted fields stay as they are.")
class UpdateTenantSettingsInput:
    name: str | None = strawberry.field(default=None, description="Company name.")
    time_zone: str | None = strawberry.field(default=None, description="IANA time zone.")
    currency: str | None = strawberry.field(default=None, description="ISO 4217 currency.")
    locale: str | None = strawberry.field(default=None, description="en or zh-CN.")


@strawberry.type(description="Result of updateTenantSettings.")
class UpdateTenantSettingsPayload:
    tenant: TenantType | None = strawberry.field(description="The tenant after the change.")
    user_errors: list[UserErrorType] = error_list_field(TenantError)


@strawberry.type
class Query:
    @strawberry.field(description="The caller's tenant.")
    async def tenant(self, info: Info) -> TenantType:
        actor = await context_of(info).reader()
        return TenantType.of(await tenants.current_tenant(actor))


@strawberry.type
class Mutation:
    @strawberry.mutation(
        description="Change the company profile, time zone, currency or "
        "default language (settings:write)."
    )
    async def update_tenant_settings(
        self, info: Info, input: UpdateTenantSettingsInput
    ) -> UpdateTenantSettingsPayload:
        data = tenants.SettingsInput(
            name=input.name, time_zone=input.time_zone, currency=input.currency, locale=input.locale
        )
        outcome = await run_mutation(info, lambda actor: tenants.update_settings(actor, data))
        return payload_of(UpdateTenantSettingsPayload, outcome, TenantType.of)
