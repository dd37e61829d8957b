"""Tenants: the companies that sign up, their profile, settings and branding.

Other domains' schemas show a tenant with `TenantType` from here; documents and emails print
the seller's branding with `read_branding`, `read_logo` and `seller_details`."""

from tenants.branding import Branding, Logo, read_branding, read_logo, seller_details
from tenants.types_schema import TenantType

__all__ = ["Branding", "Logo", "TenantType", "read_branding", "read_logo", "seller_details"]
