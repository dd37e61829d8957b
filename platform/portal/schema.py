"""GraphQL for the customer portal: magic-link and password sign-in, and the signed-in
contact's view. Portal types carry only what a customer may see of their own records."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import strawberry
from strawberry import relay
from strawberry.types import Info

import customers.services as customers
import portal.services as portal
from core import access
from core.context import Actor
from core.gql.context import context_of
from core.gql.types import (
    UserErrorType,
    error_list_field,
    from_row,
    payload_of,
    resolve_by_ids,
    run_mutation,
    user_error_type,
)
from identity import (
    RETRY_AFTER_DESCRIPTION,
    AuthPayload,
    auth_payload,
    run_throttled_mutation,
    throttled_auth_payload,
)
from identity.errors import IdentityErrorCode
from portal.errors import PortalErrorCode
from tenants import TenantType

if TYPE_CHECKING:
    from customers.models import Contact, Customer

PortalError = user_error_type(
    "PortalError",
    PortalErrorCode,
    IdentityErrorCode,
    description="Why a portal request was refused.",
)


async def _own_customers(actor: Actor, ids: list[uuid.UUID]) -> list[Customer | None]:
    return await customers.customers_by_id(actor, ids, access.PORTAL)


@strawberry.type(description="The signed-in portal contact.")
class PortalContact:
    name: str = strawberry.field(description="Full name.")
    email: str = strawberry.field(description="Sign-in email.")
    phone: str | None = strawberry.field(description="Phone number, when known.")
    locale: str | None = strawberry.field(
        description="Their language for emails (en, zh-CN); null: the organisation's."
    )

    @classmethod
    def of(cls, contact: Contact) -> PortalContact:
        return from_row(cls, contact)


@strawberry.type(description="The customer company as its own contacts see it.")
class PortalCustomer(relay.Node):
    id: relay.NodeID[str]
    name: str = strawberry.field(description="Company name.")

    @classmethod
    def of(cls, customer: Customer) -> PortalCustomer:
        return from_row(cls, customer)

    @classmethod
    async def resolve_nodes(
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Any]:
        return await resolve_by_ids(info, node_ids, _own_customers, cls.of, required)


@strawberry.type(description="Who is signed in to the portal, for which customer and tenant.")
class PortalViewer:
    contact: PortalContact = strawberry.field(description="The signed-in contact.")
    customer: PortalCustomer = strawberry.field(description="The contact's customer.")
    tenant: TenantType = strawberry.field(description="The organisation serving the customer.")


@strawberry.input(description="Ask for a sign-in link by email.")
class RequestPortalMagicLinkInput:
    tenant_slug: str = strawberry.field(description="The organisation's slug.")
    email: str = strawberry.field(description="The contact's email.")


@strawberry.type(description="Result of requestPortalMagicLink.")
class RequestPortalMagicLinkPayload:
    accepted: bool = strawberry.field(
        description="True when the request was taken. The answer is the same whether or not "
        "the address has portal access; an email arrives only when it has."
    )
    user_errors: list[UserErrorType] = error_list_field(
        PortalError, description="Only when requests are throttled."
    )
    retry_after_seconds: int | None = strawberry.field(
        default=None, description=RETRY_AFTER_DESCRIPTION
    )


@strawberry.input(description="Sign a portal contact in with a password.")
class PortalLogInInput:
    tenant_slug: str = strawberry.field(description="The organisation's slug.")
    email: str = strawberry.field(description="The contact's email.")
    password: str = strawberry.field(description="The password the contact chose.")


@strawberry.type(description="Result of setPortalPassword.")
class SetPortalPasswordPayload:
    contact: PortalContact | None = strawberry.field(description="The signed-in contact.")
    user_errors: list[UserErrorType] = error_list_field(PortalError)


@strawberry.type(description="Result of setPortalLanguage.")
class SetPortalLanguagePayload:
    contact: PortalContact | None = strawberry.field(description="The signed-in contact.")
    user_errors: list[UserErrorType] = error_list_field(PortalError)


@strawberry.type
class Query:
    @strawberry.field(
        description="The signed-in portal contact, their customer and tenant "
        "(portal sessions only)."
    )
    async def portal_viewer(self, info: Info) -> PortalViewer:
        view = await portal.portal_view(await context_of(info).reader())
        return PortalViewer(
            contact=PortalContact.of(view.contact),
            customer=PortalCustomer.of(view.customer),
            tenant=TenantType.of(view.tenant),
        )


@strawberry.type
class Mutation:
    @strawberry.mutation(
        description="Email a one-time sign-in link to a contact with portal "
        "access. Throttled per address and per client."
    )
    async def request_portal_magic_link(
        self, info: Info, input: RequestPortalMagicLinkInput
    ) -> RequestPortalMagicLinkPayload:
        outcome, retry_after_seconds = await run_throttled_mutation(
            info, lambda actor: portal.request_magic_link(actor, input.tenant_slug, input.email)
        )
        return RequestPortalMagicLinkPayload(
            accepted=not outcome.user_errors,
            user_errors=outcome.user_errors,
            retry_after_seconds=retry_after_seconds,
        )

    @strawberry.mutation(
        description="Sign in with the token of a sign-in link; each link "
        "works once, before it expires."
    )
    async def redeem_portal_magic_link(self, info: Info, token: str) -> AuthPayload:
        outcome = await run_mutation(info, lambda actor: portal.redeem_magic_link(actor, token))
        return auth_payload(outcome.value, outcome.user_errors)

    @strawberry.mutation(
        description="Sign a portal contact in with their password. Only so "
        "many passwords are checked per account and per address in a window; "
        "beyond that the answer is TOO_MANY_ATTEMPTS with retryAfterSeconds, "
        "even for the right password."
    )
    async def portal_log_in(self, info: Info, input: PortalLogInInput) -> AuthPayload:
        return await throttled_auth_payload(
            info, lambda actor: portal.log_in(actor, input.tenant_slug, input.email, input.password)
        )

    @strawberry.mutation(
        description="Choose a password for later portal sign-ins (portal sessions only)."
    )
    async def set_portal_password(self, info: Info, password: str) -> SetPortalPasswordPayload:
        outcome = await run_mutation(info, lambda actor: portal.set_password(actor, password))
        return payload_of(SetPortalPasswordPayload, outcome, PortalContact.of)

    @strawberry.mutation(
        description="Choose the language emails to the signed-in contact are written in: "
        "en or zh-CN, null for the organisation's (portal sessions only)."
    )
    async def set_portal_language(self, info: Info, locale: str | None) -> SetPortalLanguagePayload:
        outcome = await run_mutation(info, lambda actor: portal.set_language(actor, locale))
        return payload_of(SetPortalLanguagePayload, outcome, PortalContact.of)
