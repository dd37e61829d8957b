"""The GraphQL type of a tenant, shared through `tenants.__all__` (the portal shows the
organisation serving the customer with it), and its branding."""

from __future__ import annotations

import base64

import strawberry
from strawberry.types import Info

from core.gql.context import context_of
from core.gql.types import from_row
from tenants import branding as branding_service
from tenants.branding import Branding
from tenants.models import Tenant


@strawberry.type(
    name="TenantBranding",
    description="How the organisation presents itself on invoices, credit notes, emails "
    "and the portal.",
)
class TenantBrandingType:
    legal_name: str | None = strawberry.field(
        description="Registered company name printed on documents (the company name if unset)."
    )
    address: str | None = strawberry.field(description="Postal address, one line per line.")
    tax_id: str | None = strawberry.field(description="Tax or VAT registration number.")
    bank_details: str | None = strawberry.field(
        description="Bank-transfer instructions shown to customers (portal and invoice PDF)."
    )
    has_logo: bool = strawberry.field(description="Whether a logo is set.")

    @strawberry.field(
        description="The logo as a data: URL (PNG or JPEG), or null when none is set."
    )
    async def logo_url(self, info: Info) -> str | None:
        if not self.has_logo:
            return None
        logo = await branding_service.read_logo(await context_of(info).reader())
        if logo is None:
            return None
        return f"data:{logo.content_type};base64,{base64.b64encode(logo.content).decode()}"

    @classmethod
    def of(cls, branding: Branding) -> TenantBrandingType:
        return from_row(cls, branding)


@strawberry.type(name="Tenant", description="The organisation (company) the caller belongs to.")
class TenantType:
    id: strawberry.ID = strawberry.field(description="The tenant's id.")
    slug: str = strawberry.field(description="URL slug used to sign in.")
    name: str = strawberry.field(description="Company name.")
    status: str = strawberry.field(description="active or suspended.")
    time_zone: str = strawberry.field(description="IANA time zone reports use.")
    currency: str = strawberry.field(description="ISO 4217 currency of prices and reports.")
    locale: str = strawberry.field(description="Default language for new users.")

    @strawberry.field(
        description="Legal name, address, tax id, bank-transfer instructions and logo."
    )
    async def branding(self, info: Info) -> TenantBrandingType:
        actor = await context_of(info).reader()
        return TenantBrandingType.of(await branding_service.read_branding(actor))

    @classmethod
    def of(cls, tenant: Tenant) -> TenantType:
        return from_row(cls, tenant)
