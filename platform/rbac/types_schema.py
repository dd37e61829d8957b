"""GraphQL types of access control that staff identity's viewer shows too (shared through
`rbac.__all__`): a granted permission and the data scope enum."""

from __future__ import annotations

import strawberry

from core.context import DataScope

strawberry.enum(DataScope, name="DataScope", description="How far a role's list queries reach.")
DataScopeEnum = DataScope


@strawberry.type(description="A granted permission: an action on a resource.")
class Permission:
    resource: str = strawberry.field(description="Resource key, e.g. customers.")
    action: str = strawberry.field(description="Action key, e.g. write.")
