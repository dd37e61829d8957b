"""GraphQL for tenants: sign-up, the current tenant and its settings."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

import tenants.services as tenants
from core.gql.context import context_of
from core.gql.types import UserErrorType, run_mutation
from identity.schema import AuthPayload, auth_payload
from tenants.models import Tenant


@strawberry.type(name="Tenant", description="The organisation (company) the caller belongs to.")
class TenantType:
    id: strawberry.ID = strawberry.field(description="The tenant's id.")
    slug: str = strawberry.field(description="URL slug used to sign in.")
    name: str = strawberry.field(description="Company name.")
    status: str = strawberry.field(description="active or suspended.")
    time_zone: str = strawberry.field(description="IANA time zone reports use.")
    currency: str = strawberry.field(description="ISO 4217 currency of prices and reports.")
    locale: str = strawberry.field(description="Default language for new users.")

    @classmethod
    def of(cls, tenant: Tenant) -> TenantType:
        return cls(
            id=strawberry.ID(str(tenant.id)),
            slug=tenant.slug,
            name=tenant.name,
            status=tenant.status,
            time_zone=tenant.time_zone,
            currency=tenant.currency,
            locale=tenant.locale,
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
    user_errors: list[UserErrorType] = strawberry.field(description="Why nothing changed.")


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
