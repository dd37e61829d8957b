"""GraphQL types of staff users and departments, shared through `identity.__all__` (other
domains' types name a customer's owner or a stock movement's author with them)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import datetime
from enum import Enum
from typing import Any

import strawberry
from strawberry import relay
from strawberry.types import Info

import identity.services as identity
import rbac.services as rbac
from core.context import Actor
from core.gql.context import context_of
from core.gql.types import from_row, resolve_by_ids
from identity.models import Department, User


@strawberry.enum(description="Lifecycle of a staff account.")
class UserStatus(Enum):
    INVITED = "invited"
    ACTIVE = "active"
    DEACTIVATED = "deactivated"


@strawberry.type(name="Department", description="A department staff belong to.")
class DepartmentType:
    id: strawberry.ID = strawberry.field(description="Department id.")
    key: str = strawberry.field(description="Stable key: sales, warehouse, finance, ...")
    name: str = strawberry.field(description="Display name (English for built-in ones).")
    name_code: str | None = strawberry.field(
        description="The department's key while it keeps its built-in name: clients show "
        "the name in the reader's language; null for a name the tenant gave."
    )

    @classmethod
    def of(cls, department: Department) -> DepartmentType:
        return from_row(
            cls,
            department,
            name_code=identity.built_in_name_code(department.key, department.name),
        )


async def _load_departments(actor: Actor, ids: list[uuid.UUID]) -> list[Department | None]:
    return await identity.departments_by_id(actor, ids)


async def _load_user_roles(actor: Actor, subjects: list[str]) -> list[list[str]]:
    roles = await rbac.role_keys_of_subjects(actor, subjects)
    return [roles[s] for s in subjects]


@strawberry.type(name="User", description="A staff member of the tenant.")
class UserType(relay.Node):
    id: relay.NodeID[str]
    email: str = strawberry.field(description="Sign-in email (lowercase).")
    name: str = strawberry.field(description="Display name.")
    status: UserStatus = strawberry.field(description="invited, active or deactivated.")
    locale: str | None = strawberry.field(description="Preferred language, when chosen.")
    created_at: datetime = strawberry.field(description="When the user was created.")
    last_login_at: datetime | None = strawberry.field(description="Most recent sign-in.")
    department_id: strawberry.Private[uuid.UUID | None]

    @strawberry.field(description="The user's department.")
    async def department(self, info: Info) -> DepartmentType | None:
        if self.department_id is None:
            return None
        loader = context_of(info).loader(_load_departments)
        department = await loader.load(self.department_id)
        return DepartmentType.of(department) if department else None

    @strawberry.field(description="Keys of the roles the user holds.")
    async def roles(self, info: Info) -> list[str]:
        loader = context_of(info).loader(_load_user_roles)
        return list(await loader.load(f"user:{self.id}"))

    @classmethod
    def of(cls, user: User) -> UserType:
        return from_row(cls, user, status=UserStatus(user.status))

    @classmethod
    async def resolve_nodes(
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Any]:
        return await resolve_by_ids(info, node_ids, identity.listed_users_by_id, cls.of, required)
