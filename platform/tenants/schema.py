"""GraphQL for tenants: sign-up, the current tenant and its settings."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

import tenants.services as tenants
from core.gql.context import context_of
from core.gql.types import UserErrorType, error_list_field, run_mutation, user_error_type
from identity import AuthPayload, auth_payload
from identity.errors import IdentityErrorCode, SignInErrorCode
from tenants.errors import TenantErrorCode
from tenants.types_schema import TenantType

TenantError = user_error_type(
    "TenantError",
    TenantErrorCode,
    description="Why a change to the organisation's settings was refused.",
)
SignUpError = user_error_type(
    "SignUpError",
    TenantErrorCode,
    IdentityErrorCode,
    SignInErrorCode,
    description="Why the company was not signed up.",
)


@strawberry.input(description="A company signing up for Orbit.")
class SignUpInput:
    organization_name: str = strawberry.field(description="The company's name.")
    slug: str = strawberry.field(description="URL slug: 3-40 lowercase letters, digits, hyphens.")
    owner_name: str = strawberry.field(description="Name of the person signing up.")
    email: str = strawberry.field(description="The owner's email; signs in with it.")
    password: str = strawberry.field(description="At least 10 characters, not easily guessed.")


@strawberry.type(description="Result of signUp: the new tenant and the owner's session.")
class SignUpPayload(AuthPayload):
    user_errors: list[UserErrorType] = error_list_field(
        SignUpError, description="Why no session was issued."
    )
    tenant: TenantType | None = strawberry.field(description="The new tenant.")


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
        description="Sign a company up: creates the tenant, its departments, "
        "default roles and the owner (an administrator), and signs the owner in."
    )
    async def sign_up(self, info: Info, input: SignUpInput) -> SignUpPayload:
        data = tenants.SignUpInput(
            organization_name=input.organization_name,
            slug=input.slug,
            owner_name=input.owner_name,
            email=input.email,
            password=input.password,
        )
        outcome = await run_mutation(info, lambda actor: tenants.sign_up(actor, data))
        tenant, issued = outcome.value or (None, None)
        return SignUpPayload(
            **auth_payload(issued, outcome.user_errors).__dict__,
            tenant=TenantType.of(tenant) if tenant else None,
        )

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
        return UpdateTenantSettingsPayload(
            tenant=TenantType.of(outcome.value) if outcome.value else None,
            user_errors=outcome.user_errors,
        )
