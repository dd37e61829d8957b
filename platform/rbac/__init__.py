"""Role-based access control: Casbin RBAC with domains, one domain per tenant."""

from rbac.types_schema import DataScopeEnum, Permission, RoleError

__all__ = ["DataScopeEnum", "Permission", "RoleError"]
