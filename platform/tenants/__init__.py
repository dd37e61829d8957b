"""Tenants: the companies that sign up, their profile and settings.

Other domains' schemas show a tenant with `TenantType` from here."""

from tenants.types_schema import TenantType

__all__ = ["TenantType"]
