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
from tenants import branding
from tenants.errors import TenantErrorCode
from tenants.types_schema import TenantBrandingType, TenantType

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


@strawberry.input(
    description="Branding to change; omitted fields stay as they are, an empty text clears one."
)
class UpdateTenantBrandingInput:
    legal_name: str | None = strawberry.field(
        default=None, description="Registered company name (at most 200 characters)."
    )
    address: str | None = strawberry.field(
        default=None, description="Postal address, one line per line (at most 500 characters)."
    )
    tax_id: str | None = strawberry.field(
        default=None, description="Tax or VAT registration number (at most 50 characters)."
    )
    bank_details: str | None = strawberry.field(
        default=None,
        description="Bank-transfer instructions for customers (at most 1000 characters).",
    )
    logo_base64: str | None = strawberry.field(
        default=None,
        description="A new logo: a PNG or JPEG image, base64-encoded (a data: URL works too), "
        "at most 512 KB and 2000 pixels a side.",
    )
    remove_logo: bool = strawberry.field(default=False, description="Drop the current logo.")


@strawberry.type(description="Result of updateTenantBranding.")
class UpdateTenantBrandingPayload:
    branding: TenantBrandingType | None = strawberry.field(
        description="The branding after the change."
    )
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

    @strawberry.mutation(
        description="Change the legal name, address, tax id, bank-transfer instructions or "
        "logo printed on documents and shown in the portal (settings:write)."
    )
    async def update_tenant_branding(
        self, info: Info, input: UpdateTenantBrandingInput
    ) -> UpdateTenantBrandingPayload:
        change = branding.BrandingChange(
            legal_name=input.legal_name,
            address=input.address,
            tax_id=input.tax_id,
            bank_details=input.bank_details,
            logo_base64=input.logo_base64,
            remove_logo=input.remove_logo,
        )
        outcome = await run_mutation(info, lambda actor: branding.update_branding(actor, change))
        return payload_of(UpdateTenantBrandingPayload, outcome, TenantBrandingType.of)
