"""GraphQL for access control: roles, their permissions and data scope, role assignment."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

import strawberry
from strawberry import relay
from strawberry.types import Info

import rbac.services as rbac
from core.context import Actor
from core.gql.context import context_of
from core.gql.types import (
    UserErrorType,
    decode_id,
    error_list_field,
    from_row,
    payload_of,
    resolve_by_ids,
    run_mutation,
)
from rbac.catalog import Resource, built_in_text_code
from rbac.models import Role
from rbac.types_schema import DataScopeEnum, Permission, RoleError


async def _load_permissions(actor: Actor, role_keys: list[str]) -> list[list[tuple[str, str]]]:
    permissions = await rbac.role_permissions(actor, role_keys)
    return [permissions[k] for k in role_keys]


async def _load_member_counts(actor: Actor, role_keys: list[str]) -> list[int]:
    counts = await rbac.role_member_counts(actor, role_keys)
    return [counts[k] for k in role_keys]


@strawberry.type(
    name="Role",
    description="A named set of permissions with a data scope, "
    "held by staff users and API clients.",
)
class RoleType(relay.Node):
    id: relay.NodeID[str]
    key: str = strawberry.field(description="Stable key, e.g. sales; used by assignRoles.")
    name: str = strawberry.field(description="Display name (English for built-in roles).")
    name_code: str | None = strawberry.field(
        description="A built-in role's key while it keeps its built-in name: clients show "
        "the name in the reader's language; null for a name the tenant gave."
    )
    description: str = strawberry.field(description="What the role is for.")
    description_code: str | None = strawberry.field(
        description="A built-in role's key while it keeps its built-in description (see "
        "nameCode); null for a description the tenant wrote."
    )
    data_scope: DataScopeEnum = strawberry.field(
        description="How far the holder's list queries reach: own, department or all records."
    )
    is_system: bool = strawberry.field(
        description="Built in: cannot be deleted, and keeps every permission (administrator)."
    )

    @strawberry.field(description="The actions this role grants, by resource.")
    async def permissions(self, info: Info) -> list[Permission]:
        loader = context_of(info).loader(_load_permissions)
        return [Permission(resource=r, action=a) for r, a in await loader.load(self.key)]

    @strawberry.field(description="How many staff users and API clients hold this role.")
    async def member_count(self, info: Info) -> int:
        loader = context_of(info).loader(_load_member_counts)
        return await loader.load(self.key)

    @classmethod
    def of(cls, role: Role) -> RoleType:
        name_code, description_code = built_in_text_code(role.key, role.name, role.description)
        return from_row(
            cls,
            role,
            data_scope=DataScopeEnum(role.data_scope),
            name_code=name_code,
            description_code=description_code,
        )

    @classmethod
    async def resolve_nodes(
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Any]:
        return await resolve_by_ids(info, node_ids, rbac.roles_by_id, cls.of, required)


@strawberry.type(
    description="A resource permissions are granted on, and its actions: one row "
    "of a role editor's resources-by-actions matrix."
)
class PermissionResource:
    resource: str = strawberry.field(description="Resource key, e.g. customers.")
    description: str = strawberry.field(description="What the resource covers.")
    actions: list[str] = strawberry.field(description="Action keys, e.g. read, write.")

    @classmethod
    def of(cls, resource: Resource) -> PermissionResource:
        return from_row(cls, resource, resource=resource.key)


@strawberry.input(description="One permission: an action on a resource.")
class PermissionInput:
    resource: str = strawberry.field(description="Resource key from permissionCatalog.")
    action: str = strawberry.field(description="One of the resource's actions.")


def _pairs(permissions: list[PermissionInput] | None) -> list[tuple[str, str]] | None:
    return None if permissions is None else [(p.resource, p.action) for p in permissions]


@strawberry.input(description="A new role.")
class CreateRoleInput:
    key: str = strawberry.field(
        description="2-40 lowercase letters, digits, '-' or '_', starting with a letter; "
        "unique in the organisation and never changed."
    )
    name: str = strawberry.field(description="Display name, 1-100 characters.")
    description: str = strawberry.field(default="", description="What the role is for.")
    data_scope: DataScopeEnum = strawberry.field(description="How far list queries reach.")
    permissions: list[PermissionInput] = strawberry.field(description="What the role grants.")


@strawberry.input(description="Changes to a role; omitted fields stay as they are.")
class UpdateRoleInput:
    role_id: strawberry.ID = strawberry.field(description="Global id of the role.")
    name: str | None = strawberry.field(default=None, description="New display name.")
    description: str | None = strawberry.field(default=None, description="New description.")
    data_scope: DataScopeEnum | None = strawberry.field(default=None, description="New data scope.")
    permissions: list[PermissionInput] | None = strawberry.field(
        default=None, description="The role's complete new permission set."
    )


@strawberry.type(description="Result of createRole or updateRole.")
class RolePayload:
    role: RoleType | None = strawberry.field(description="The role after the change.")
    user_errors: list[UserErrorType] = error_list_field(RoleError)


@strawberry.type(description="Result of deleteRole.")
class DeleteRolePayload:
    deleted_role_id: strawberry.ID | None = strawberry.field(
        description="Global id of the deleted role."
    )
    user_errors: list[UserErrorType] = error_list_field(RoleError)


def _role_id(value: strawberry.ID) -> uuid.UUID:
    return decode_id(value, "Role")


@strawberry.type
class Query:
    @strawberry.field(description="The organisation's roles, by name (roles:read).")
    async def roles(self, info: Info) -> list[RoleType]:
        actor = await context_of(info).reader()
        return [RoleType.of(r) for r in await rbac.list_roles(actor)]

    @strawberry.field(
        description="Every resource and its actions that roles can grant (roles:read)."
    )
    async def permission_catalog(self, info: Info) -> list[PermissionResource]:
        actor = await context_of(info).reader()
        return [PermissionResource.of(r) for r in await rbac.permission_catalog(actor)]


@strawberry.type
class Mutation:
    @strawberry.mutation(
        description="Create a role with its permissions and data scope (roles:write)."
    )
    async def create_role(self, info: Info, input: CreateRoleInput) -> RolePayload:
        data = rbac.RoleInput(
            name=input.name,
            description=input.description,
            data_scope=input.data_scope,
            permissions=_pairs(input.permissions) or [],
        )
        outcome = await run_mutation(info, lambda actor: rbac.create_role(actor, input.key, data))
        return payload_of(RolePayload, outcome, RoleType.of)

    @strawberry.mutation(
        description="Rename a role, change its data scope or replace its "
        "permissions; holders everywhere are affected within a second "
        "(roles:write). The administrator role keeps every permission."
    )
    async def update_role(self, info: Info, input: UpdateRoleInput) -> RolePayload:
        changes = rbac.RoleChanges(
            name=input.name,
            description=input.description,
            data_scope=input.data_scope,
            permissions=_pairs(input.permissions),
        )
        outcome = await run_mutation(
            info, lambda actor: rbac.update_role(actor, _role_id(input.role_id), changes)
        )
        return payload_of(RolePayload, outcome, RoleType.of)

    @strawberry.mutation(
        description="Delete a role nobody holds (roles:write). Built-in roles cannot be deleted."
    )
    async def delete_role(self, info: Info, role_id: strawberry.ID) -> DeleteRolePayload:
        outcome = await run_mutation(info, lambda actor: rbac.delete_role(actor, _role_id(role_id)))
        return payload_of(DeleteRolePayload, outcome, lambda _deleted: role_id)
