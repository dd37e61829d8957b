"""Use cases of access control: default roles, role editing, role assignment, data scope."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import delete, select

import audit.services as audit
from core.context import Actor, DataScope
from core.db import after_commit
from core.errors import BusinessRuleError, NotFound, UserError
from core.ids import new_id
from core.tenancy import Principal, PrincipalKind
from rbac.catalog import ADMIN_ROLE, DEFAULT_ROLES, RESOURCE_ACTIONS, RESOURCES, Resource
from rbac.enforcer import role_subject
from rbac.models import CasbinRule, Role

ROLE_KEY = re.compile(r"^[a-z][a-z0-9_-]{1,39}$")


def subject_of(kind: PrincipalKind, subject_id: uuid.UUID) -> str:
    return Principal(kind=kind, tenant_id=uuid.UUID(int=0), subject_id=subject_id).casbin_subject


def _announce_change(actor: Actor, tenant_id: uuid.UUID) -> None:
    authorizer = actor.services.authorizer

    async def publish() -> None:
        await authorizer.publish_change(tenant_id)

    after_commit(actor.session, publish)


def permission_catalog() -> tuple[Resource, ...]:
    return RESOURCES


async def seed_default_roles(actor: Actor, tenant_id: uuid.UUID) -> None:
    """Create the department roles a new tenant starts with (editable afterwards)."""
    for default in DEFAULT_ROLES:
        actor.session.add(Role(
            tenant_id=tenant_id, id=new_id(), key=default.key, name=default.name,
            description=default.description, data_scope=default.data_scope.value,
            is_system=default.key == ADMIN_ROLE,
        ))
        for resource, action in sorted(default.permissions):
            actor.session.add(CasbinRule(tenant_id=tenant_id, id=new_id(), ptype="p",
                                         v0=role_subject(default.key), v1=resource, v2=action))
    await actor.session.flush()


async def _roles_by_key(actor: Actor, keys: Iterable[str]) -> dict[str, Role]:
    wanted = set(keys)
    rows = (await actor.session.scalars(
        select(Role).where(Role.tenant_id == actor.tenant_id, Role.key.in_(wanted))
    )).all()
    return {r.key: r for r in rows}


async def check_role_keys(actor: Actor, role_keys: list[str], field: str = "roleKeys") -> None:
    known = await _roles_by_key(actor, role_keys)
    missing = [k for k in role_keys if k not in known]
    if missing:
        raise BusinessRuleError.single("UNKNOWN_ROLE", f"Unknown role(s): {', '.join(missing)}.",
                                       field)


async def set_subject_roles(actor: Actor, subject: str, role_keys: list[str],
                            tenant_id: uuid.UUID | None = None) -> list[str]:
    """Replace a user's or API client's roles (the caller checks the permission)."""
    tenant = tenant_id or actor.tenant_id
    previous = await subject_role_keys(actor, subject, tenant)
    await actor.session.execute(delete(CasbinRule).where(
        CasbinRule.tenant_id == tenant, CasbinRule.ptype == "g", CasbinRule.v0 == subject
    ))
    for key in sorted(set(role_keys)):
        actor.session.add(CasbinRule(tenant_id=tenant, id=new_id(), ptype="g", v0=subject,
                                     v1=role_subject(key), v2=""))
    await actor.session.flush()
    _announce_change(actor, tenant)
    return previous


async def subject_role_keys(actor: Actor, subject: str,
                            tenant_id: uuid.UUID | None = None) -> list[str]:
    rows = (await actor.session.scalars(select(CasbinRule.v1).where(
        CasbinRule.tenant_id == (tenant_id or actor.tenant_id), CasbinRule.ptype == "g",
        CasbinRule.v0 == subject,
    ))).all()
    return sorted(r.removeprefix("role:") for r in rows)


async def role_keys_of_subjects(actor: Actor, subjects: list[str]) -> dict[str, list[str]]:
    rows = (await actor.session.execute(select(CasbinRule.v0, CasbinRule.v1).where(
        CasbinRule.tenant_id == actor.tenant_id, CasbinRule.ptype == "g",
        CasbinRule.v0.in_(subjects),
    ))).all()
    result: dict[str, list[str]] = {s: [] for s in subjects}
    for subject, role in rows:
        result[subject].append(role.removeprefix("role:"))
    return {s: sorted(keys) for s, keys in result.items()}


async def assign_roles(actor: Actor, subject_kind: PrincipalKind, subject_id: uuid.UUID,
                       role_keys: list[str]) -> list[str]:
    await actor.require("roles", "write")
    await check_role_keys(actor, role_keys)
    subject = subject_of(subject_kind, subject_id)
    if (subject == actor.require_principal().casbin_subject and ADMIN_ROLE not in role_keys
            and ADMIN_ROLE in await subject_role_keys(actor, subject)):
        raise BusinessRuleError.single("CANNOT_REMOVE_OWN_ADMIN",
                                       "You cannot remove your own administrator role.", "roleKeys")
    previous = await set_subject_roles(actor, subject, role_keys)
    await audit.record(actor, "roles.assign", subject_kind.value, subject_id,
                       before={"roles": previous}, after={"roles": sorted(set(role_keys))})
    return sorted(set(role_keys))


async def list_roles(actor: Actor) -> list[Role]:
    await actor.require("roles", "read")
    return list((await actor.session.scalars(
        select(Role).where(Role.tenant_id == actor.tenant_id).order_by(Role.name)
    )).all())


async def role_permissions(actor: Actor, role_keys: list[str]) -> dict[str, list[tuple[str, str]]]:
    subjects = [role_subject(k) for k in role_keys]
    rows = (await actor.session.execute(select(CasbinRule.v0, CasbinRule.v1, CasbinRule.v2).where(
        CasbinRule.tenant_id == actor.tenant_id, CasbinRule.ptype == "p",
        CasbinRule.v0.in_(subjects),
    ))).all()
    result: dict[str, list[tuple[str, str]]] = {k: [] for k in role_keys}
    for subject, resource, action in rows:
        result[subject.removeprefix("role:")].append((resource, action))
    return {k: sorted(v) for k, v in result.items()}


@dataclass
class RoleInput:
    name: str
    description: str
    data_scope: DataScope
    permissions: list[tuple[str, str]]


def check_role_input(data: RoleInput) -> list[UserError]:
    errors: list[UserError] = []
    if not data.name.strip() or len(data.name) > 100:
        errors.append(UserError("INVALID_NAME", "Name must be 1 to 100 characters.", ("name",)))
    unknown = [f"{r}:{a}" for r, a in data.permissions if (r, a) not in RESOURCE_ACTIONS]
    if unknown:
        errors.append(UserError("UNKNOWN_PERMISSION",
                                f"Unknown permission(s): {', '.join(unknown)}.", ("permissions",)))
    return errors


async def _write_permissions(actor: Actor, role: Role, permissions: list[tuple[str, str]]) -> None:
    subject = role_subject(role.key)
    await actor.session.execute(delete(CasbinRule).where(
        CasbinRule.tenant_id == actor.tenant_id, CasbinRule.ptype == "p", CasbinRule.v0 == subject
    ))
    for resource, action in sorted(set(permissions)):
        actor.session.add(CasbinRule(tenant_id=actor.tenant_id, id=new_id(), ptype="p",
                                     v0=subject, v1=resource, v2=action))
    await actor.session.flush()
    _announce_change(actor, actor.tenant_id)


async def create_role(actor: Actor, key: str, data: RoleInput) -> Role:
    await actor.require("roles", "write")
    errors = check_role_input(data)
    if not ROLE_KEY.match(key):
        errors.append(UserError("INVALID_KEY", "Key must be 2-40 lowercase letters, digits, "
                                "'-' or '_', starting with a letter.", ("key",)))
    elif await _roles_by_key(actor, [key]):
        errors.append(UserError("ROLE_KEY_TAKEN", "A role with this key exists.", ("key",)))
    if errors:
        raise BusinessRuleError(*errors)
    role = Role(tenant_id=actor.tenant_id, id=new_id(), key=key, name=data.name.strip(),
                description=data.description, data_scope=data.data_scope.value)
    actor.session.add(role)
    await _write_permissions(actor, role, data.permissions)
    await audit.record(actor, "roles.create", "role", role.id, after={
        "key": key, "name": role.name, "dataScope": role.data_scope,
        "permissions": [f"{r}:{a}" for r, a in sorted(set(data.permissions))],
    })
    return role


async def get_role(actor: Actor, role_id: uuid.UUID) -> Role:
    role = await actor.session.get(Role, (actor.tenant_id, role_id))
    if role is None:
        raise NotFound()
    return role


async def update_role(actor: Actor, role_id: uuid.UUID, data: RoleInput) -> Role:
    await actor.require("roles", "write")
    role = await get_role(actor, role_id)
    errors = check_role_input(data)
    if role.key == ADMIN_ROLE and set(data.permissions) != RESOURCE_ACTIONS:
        errors.append(UserError("ADMIN_ROLE_LOCKED",
                                "The administrator role always holds every permission.",
                                ("permissions",)))
    if errors:
        raise BusinessRuleError(*errors)
    before_permissions = (await role_permissions(actor, [role.key]))[role.key]
    before = {"name": role.name, "description": role.description, "dataScope": role.data_scope,
              "permissions": [f"{r}:{a}" for r, a in before_permissions]}
    role.name, role.description = data.name.strip(), data.description
    role.data_scope = data.data_scope.value
    await _write_permissions(actor, role, data.permissions)
    await audit.record(actor, "roles.update", "role", role.id, before=before, after={
        "name": role.name, "description": role.description, "dataScope": role.data_scope,
        "permissions": [f"{r}:{a}" for r, a in sorted(set(data.permissions))],
    })
    return role


async def delete_role(actor: Actor, role_id: uuid.UUID) -> None:
    await actor.require("roles", "write")
    role = await get_role(actor, role_id)
    if role.is_system:
        raise BusinessRuleError.single("ROLE_LOCKED", "This role cannot be deleted.")
    holders = (await actor.session.scalars(select(CasbinRule.v0).where(
        CasbinRule.tenant_id == actor.tenant_id, CasbinRule.ptype == "g",
        CasbinRule.v1 == role_subject(role.key),
    ))).all()
    if holders:
        raise BusinessRuleError.single(
            "ROLE_IN_USE", f"{len(holders)} user(s) or client(s) still hold this role.")
    await actor.session.execute(delete(CasbinRule).where(
        CasbinRule.tenant_id == actor.tenant_id, CasbinRule.v0 == role_subject(role.key)))
    await actor.session.delete(role)
    _announce_change(actor, actor.tenant_id)
    await audit.record(actor, "roles.delete", "role", role.id, before={"key": role.key})


async def data_scope(actor: Actor) -> DataScope:
    return await actor.services.authorizer.data_scope(actor.require_staff())
