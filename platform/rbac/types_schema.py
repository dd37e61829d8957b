"""GraphQL types of access control that staff identity shows too (shared through
`rbac.__all__`): a granted permission, the data scope enum and the error type of role
changes (identity assigns roles to its users and API clients)."""

from __future__ import annotations

import strawberry

from core.context import DataScope
from core.gql.types import user_error_type
from rbac.errors import RbacErrorCode

strawberry.enum(DataScope, name="DataScope", description="How far a role's list queries reach.")
DataScopeEnum = DataScope


@strawberry.type(description="A granted permission: an action on a resource.")
class Permission:
    resource: str = strawberry.field(description="Resource key, e.g. customers.")
    action: str = strawberry.field(description="Action key, e.g. write.")


RoleError = user_error_type(
    "RoleError",
    RbacErrorCode,
    description="Why a change to a role or role assignment was refused.",
)
