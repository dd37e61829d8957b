"""The GraphQL type of a tenant, shared through `tenants.__all__` (the portal shows the
organisation serving the customer with it)."""

from __future__ import annotations

import strawberry

from core.gql.types import from_row
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
        return from_row(cls, tenant)
