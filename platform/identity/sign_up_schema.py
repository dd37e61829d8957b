"""GraphQL for signing a company up: the tenant and its owner's session."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

import identity.services as identity
from core.gql.types import UserErrorType, error_list_field, run_mutation, user_error_type
from identity.auth_schema import AuthPayload, auth_payload
from identity.errors import IdentityErrorCode, SignInErrorCode
from tenants import TenantType
from tenants.errors import TenantErrorCode

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


@strawberry.type
class Mutation:
    @strawberry.mutation(
        description="Sign a company up: creates the tenant, its departments, "
        "default roles and the owner (an administrator), and signs the owner in."
    )
    async def sign_up(self, info: Info, input: SignUpInput) -> SignUpPayload:
        data = identity.SignUpInput(
            organization_name=input.organization_name,
            slug=input.slug,
            owner_name=input.owner_name,
            email=input.email,
            password=input.password,
        )
        outcome = await run_mutation(info, lambda actor: identity.sign_up(actor, data))
        tenant, issued = outcome.value or (None, None)
        return SignUpPayload(
            **auth_payload(issued, outcome.user_errors).__dict__,
            tenant=TenantType.of(tenant) if tenant else None,
        )
