"""Use cases of access control: default roles, role editing, role assignment, data scope."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError

import audit.services as audit
from core import access
from core.context import Actor, DataScope
from core.db import after_commit
from core.errors import BusinessRuleError, NotFound, UserError
from core.ids import new_id
from core.tenancy import Principal, PrincipalKind
from rbac.catalog import ADMIN_ROLE as ADMIN_ROLE
from rbac.catalog import DEFAULT_ROLE_FOR_DEPARTMENT as DEFAULT_ROLE_FOR_DEPARTMENT
from rbac.catalog import DEFAULT_ROLES, RESOURCE_ACTIONS, RESOURCES, Resource, built_in_text_code
from rbac.enforcer import role_subject
from rbac.errors import RbacErrorCode
from rbac.models import CasbinRule, Role

ROLE_KEY = re.compile(r"^[a-z][a-z0-9_-]{1,39}$")
MAX_DESCRIPTION = 500
_ANNOUNCED_KEY = "orbit.rbac.announced"


def subject_of(kind: PrincipalKind, subject_id: uuid.UUID) -> str:
    return Principal(kind=kind, tenant_id=uuid.UUID(int=0), subject_id=subject_id).casbin_subject


def _announce_change(actor: Actor, tenant_id: uuid.UUID) -> None:
    """Once the transaction commits, every process drops the tenant's cached rules."""
    announced: set[uuid.UUID] = actor.session.info.setdefault(_ANNOUNCED_KEY, set())
    if tenant_id in announced:
        return
    announced.add(tenant_id)
    authorizer = actor.services.authorizer

    async def publish() -> None:
        await authorizer.publish_change(tenant_id)

    after_commit(actor.session, publish)


async def permission_catalog(actor: Actor) -> tuple[Resource, ...]:
    """Every resource and its actions: the rows and columns of a role editor."""
    await actor.require("roles", "read")
    return RESOURCES


async def seed_default_roles(actor: Actor, tenant_id: uuid.UUID) -> None:
    """Create the department roles a new tenant starts with (editable afterwards)."""
    for default in DEFAULT_ROLES:
        actor.session.add(
            Role(
                tenant_id=tenant_id,
                id=new_id(),
                key=default.key,
                name=default.name,
                description=default.description,
                data_scope=default.data_scope.value,
                is_system=default.key == ADMIN_ROLE,
            )
        )
        for resource, action in sorted(default.permissions):
            actor.session.add(
                CasbinRule(
                    tenant_id=tenant_id,
                    id=new_id(),
                    ptype="p",
                    v0=role_subject(default.key),
                    v1=resource,
                    v2=action,
                )
            )
    await actor.session.flush()


async def _roles_by_key(
    actor: Actor, keys: Iterable[str], *, lock: bool = False
) -> dict[str, Role]:
    stmt = select(Role).where(Role.tenant_id == actor.tenant_id, Role.key.in_(set(keys)))
    if lock:
        stmt = stmt.with_for_update(read=True)
    rows = (await actor.session.scalars(stmt)).all()
    return {r.key: r for r in rows}


async def check_role_keys(actor: Actor, role_keys: list[str], field: str = "roleKeys") -> None:
    """Every key names a role of the tenant. The roles stay share-locked until commit, so a
    concurrent deleteRole waits and then sees them in use instead of leaving links behind."""
    known = await _roles_by_key(actor, role_keys, lock=True)
    missing = [k for k in role_keys if k not in known]
    if missing:
        raise BusinessRuleError.single(
            RbacErrorCode.UNKNOWN_ROLE, f"Unknown role(s): {', '.join(missing)}.", field
        )


async def set_subject_roles(
    actor: Actor, subject: str, role_keys: list[str], tenant_id: uuid.UUID | None = None
) -> list[str]:
    """Replace a user's or API client's roles (the caller checks the permission)."""
    tenant = tenant_id or actor.tenant_id
    previous = await subject_role_keys(actor, subject, tenant)
    await actor.session.execute(
        delete(CasbinRule).where(
            CasbinRule.tenant_id == tenant, CasbinRule.ptype == "g", CasbinRule.v0 == subject
        )
    )
    for key in sorted(set(role_keys)):
        actor.session.add(
            CasbinRule(
                tenant_id=tenant, id=new_id(), ptype="g", v0=subject, v1=role_subject(key), v2=""
            )
        )
    await actor.session.flush()
    _announce_change(actor, tenant)
    return previous


async def subject_role_keys(
    actor: Actor, subject: str, tenant_id: uuid.UUID | None = None
) -> list[str]:
    rows = (
        await actor.session.scalars(
            select(CasbinRule.v1).where(
                CasbinRule.tenant_id == (tenant_id or actor.tenant_id),
                CasbinRule.ptype == "g",
                CasbinRule.v0 == subject,
            )
        )
    ).all()
    return sorted(r.removeprefix("role:") for r in rows)


async def role_keys_of_subjects(actor: Actor, subjects: list[str]) -> dict[str, list[str]]:
    rows = (
        await actor.session.execute(
            select(CasbinRule.v0, CasbinRule.v1).where(
                CasbinRule.tenant_id == actor.tenant_id,
                CasbinRule.ptype == "g",
                CasbinRule.v0.in_(subjects),
            )
        )
    ).all()
    result: dict[str, list[str]] = {s: [] for s in subjects}
    for subject, role in rows:
        result[subject].append(role.removeprefix("role:"))
    return {s: sorted(keys) for s, keys in result.items()}


async def check_admin_remains(actor: Actor, losing_admin: str) -> None:
    """Someone must still hold the administrator role once `losing_admin` loses it. The
    admin role row is locked to commit, so two admins cannot remove each other at once."""
    if losing_admin == actor.require_principal().casbin_subject:
        raise BusinessRuleError.single(
            RbacErrorCode.CANNOT_REMOVE_OWN_ADMIN,
            "You cannot remove your own administrator role.",
            "roleKeys",
        )
    await actor.session.scalar(
        select(Role.id)
        .where(Role.tenant_id == actor.tenant_id, Role.key == ADMIN_ROLE)
        .with_for_update()
    )
    others = await actor.session.scalar(
        select(func.count()).where(
            CasbinRule.tenant_id == actor.tenant_id,
            CasbinRule.ptype == "g",
            CasbinRule.v1 == role_subject(ADMIN_ROLE),
            CasbinRule.v0 != losing_admin,
        )
    )
    if not others:
        raise BusinessRuleError.single(
            RbacErrorCode.LAST_ADMIN, "Someone must remain an administrator.", "roleKeys"
        )


async def assign_roles(
    actor: Actor, subject_kind: PrincipalKind, subject_id: uuid.UUID, role_keys: list[str]
) -> list[str]:
    """Replace the roles of a user or API client of the tenant (roles:write). Identity,
    whose subjects they are, has locked the subject (`identity.services.assign_roles`)."""
    await actor.require("roles", "write")
    await check_role_keys(actor, role_keys)
    subject = subject_of(subject_kind, subject_id)
    if ADMIN_ROLE not in role_keys and ADMIN_ROLE in await subject_role_keys(actor, subject):
        await check_admin_remains(actor, subject)
    previous = await set_subject_roles(actor, subject, role_keys)
    target_type = "user" if subject_kind is PrincipalKind.STAFF else "api_client"
    await audit.record(
        actor,
        "roles.assign",
        target_type,
        subject_id,
        before={"roles": previous},
        after={"roles": sorted(set(role_keys))},
    )
    return sorted(set(role_keys))


async def list_roles(actor: Actor) -> list[Role]:
    statement = (await access.restrict(actor, Role, "read")).order_by(Role.name)
    return list((await actor.session.scalars(statement)).all())


@dataclass(frozen=True)
class RoleName:
    key: str
    name: str
    name_code: str | None


async def names_of_own_roles(actor: Actor, keys: list[str]) -> list[RoleName]:
    """The names of roles the caller holds (`keys` from the authorizer): anyone may read
    their own roles' names, without roles:read."""
    if not keys:
        return []
    rows = await actor.session.execute(
        select(Role.key, Role.name, Role.description).where(
            Role.tenant_id == actor.tenant_id, Role.key.in_(keys)
        )
    )
    named = {key: (name, description) for key, name, description in rows}
    return [
        RoleName(key, named[key][0], built_in_text_code(key, *named[key])[0])
        for key in keys
        if key in named
    ]


async def roles_by_id(actor: Actor, ids: list[uuid.UUID]) -> list[Role | None]:
    return await access.rows_by_id(actor, Role, ids)


async def role_member_counts(actor: Actor, role_keys: list[str]) -> dict[str, int]:
    """How many users and API clients hold each role."""
    rows = (
        await actor.session.execute(
            select(CasbinRule.v1, func.count())
            .where(
                CasbinRule.tenant_id == actor.tenant_id,
                CasbinRule.ptype == "g",
                CasbinRule.v1.in_([role_subject(k) for k in role_keys]),
            )
            .group_by(CasbinRule.v1)
        )
    ).all()
    counts = {subject.removeprefix("role:"): int(count) for subject, count in rows}
    return {k: counts.get(k, 0) for k in role_keys}


async def role_permissions(actor: Actor, role_keys: list[str]) -> dict[str, list[tuple[str, str]]]:
    subjects = [role_subject(k) for k in role_keys]
    rows = (
        await actor.session.execute(
            select(CasbinRule.v0, CasbinRule.v1, CasbinRule.v2).where(
                CasbinRule.tenant_id == actor.tenant_id,
                CasbinRule.ptype == "p",
                CasbinRule.v0.in_(subjects),
            )
        )
    ).all()
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


@dataclass
class RoleChanges:
    """What updateRole changes; None leaves that part of the role as it is."""

    name: str | None = None
    description: str | None = None
    data_scope: DataScope | None = None
    permissions: list[tuple[str, str]] | None = None


def check_role_input(data: RoleInput) -> list[UserError]:
    errors: list[UserError] = []
    if not data.name.strip() or len(data.name) > 100:
        errors.append(
            UserError(RbacErrorCode.INVALID_NAME, "Name must be 1 to 100 characters.", ("name",))
        )
    if len(data.description) > MAX_DESCRIPTION:
        errors.append(
            UserError(
                RbacErrorCode.INVALID_DESCRIPTION,
                f"Description must be at most {MAX_DESCRIPTION} characters.",
                ("description",),
            )
        )
    unknown = sorted({f"{r}:{a}" for r, a in data.permissions if (r, a) not in RESOURCE_ACTIONS})
    if unknown:
        errors.append(
            UserError(
                RbacErrorCode.UNKNOWN_PERMISSION,
                f"Unknown permission(s): {', '.join(unknown)}.",
                ("permissions",),
            )
        )
    return errors


def check_admin_role_kept(role: Role, data: RoleInput) -> list[UserError]:
    """The administrator role is how a tenant can always recover access control."""
    if role.key != ADMIN_ROLE:
        return []
    errors: list[UserError] = []
    if set(data.permissions) != RESOURCE_ACTIONS:
        errors.append(
            UserError(
                RbacErrorCode.ADMIN_ROLE_LOCKED,
                "The administrator role always holds every permission.",
                ("permissions",),
            )
        )
    if data.data_scope is not DataScope.ALL:
        errors.append(
            UserError(
                RbacErrorCode.ADMIN_ROLE_LOCKED,
                "The administrator role always sees all records.",
                ("dataScope",),
            )
        )
    return errors


def _permission_labels(permissions: Iterable[tuple[str, str]]) -> list[str]:
    return [f"{r}:{a}" for r, a in sorted(set(permissions))]


def _role_summary(role: Role, permissions: Iterable[tuple[str, str]]) -> dict[str, object]:
    return {
        "key": role.key,
        "name": role.name,
        "description": role.description,
        "dataScope": role.data_scope,
        "permissions": _permission_labels(permissions),
    }


async def _write_permissions(actor: Actor, role: Role, permissions: list[tuple[str, str]]) -> None:
    subject = role_subject(role.key)
    await actor.session.execute(
        delete(CasbinRule).where(
            CasbinRule.tenant_id == actor.tenant_id,
            CasbinRule.ptype == "p",
            CasbinRule.v0 == subject,
        )
    )
    for resource, action in sorted(set(permissions)):
        actor.session.add(
            CasbinRule(
                tenant_id=actor.tenant_id,
                id=new_id(),
                ptype="p",
                v0=subject,
                v1=resource,
                v2=action,
            )
        )
    await actor.session.flush()
    _announce_change(actor, actor.tenant_id)


def _key_taken() -> UserError:
    return UserError(RbacErrorCode.ROLE_KEY_TAKEN, "A role with this key exists.", ("key",))


async def create_role(actor: Actor, key: str, data: RoleInput) -> Role:
    """A new role with its permissions and data scope (roles:write)."""
    await actor.require("roles", "write")
    errors = check_role_input(data)
    if not ROLE_KEY.match(key):
        errors.append(
            UserError(
                RbacErrorCode.INVALID_KEY,
                "Key must be 2-40 lowercase letters, digits, '-' or '_', starting with a letter.",
                ("key",),
            )
        )
    elif await _roles_by_key(actor, [key]):
        errors.append(_key_taken())
    if errors:
        raise BusinessRuleError(*errors)
    role = Role(
        tenant_id=actor.tenant_id,
        id=new_id(),
        key=key,
        name=data.name.strip(),
        description=data.description,
        data_scope=data.data_scope.value,
    )
    actor.session.add(role)
    try:
        await actor.session.flush()
    except IntegrityError as error:  # the same key created concurrently
        raise BusinessRuleError(_key_taken()) from error
    await _write_permissions(actor, role, data.permissions)
    await audit.record(
        actor, "roles.create", "role", role.id, after=_role_summary(role, data.permissions)
    )
    return role


async def get_role(actor: Actor, role_id: uuid.UUID, *, for_update: bool = False) -> Role:
    """The tenant's role, or NOT_FOUND (also for another tenant's id)."""
    role = await actor.session.get(Role, (actor.tenant_id, role_id), with_for_update=for_update)
    if role is None:
        raise NotFound()
    return role


async def update_role(actor: Actor, role_id: uuid.UUID, changes: RoleChanges) -> Role:
    """Rename a role, change its data scope or replace its permissions (roles:write).
    The row stays locked to commit, so concurrent edits apply one after the other."""
    await actor.require("roles", "write")
    role = await get_role(actor, role_id, for_update=True)
    before_permissions = (await role_permissions(actor, [role.key]))[role.key]
    data = RoleInput(
        name=role.name if changes.name is None else changes.name,
        description=role.description if changes.description is None else changes.description,
        data_scope=DataScope(role.data_scope) if changes.data_scope is None else changes.data_scope,
        permissions=before_permissions if changes.permissions is None else changes.permissions,
    )
    errors = check_role_input(data) + check_admin_role_kept(role, data)
    if errors:
        raise BusinessRuleError(*errors)
    before = _role_summary(role, before_permissions)
    role.name, role.description = data.name.strip(), data.description
    role.data_scope = data.data_scope.value
    await actor.session.flush()
    if changes.permissions is not None:
        await _write_permissions(actor, role, data.permissions)
    _announce_change(actor, actor.tenant_id)
    await audit.record(
        actor,
        "roles.update",
        "role",
        role.id,
        before=before,
        after=_role_summary(role, data.permissions),
    )
    return role


async def delete_role(actor: Actor, role_id: uuid.UUID) -> Role:
    """Delete a role nobody holds (roles:write); the administrator role stays."""
    await actor.require("roles", "write")
    role = await get_role(actor, role_id, for_update=True)
    if role.is_system:
        raise BusinessRuleError.single(
            RbacErrorCode.ROLE_LOCKED, "This role cannot be deleted.", "roleId"
        )
    holders = (await role_member_counts(actor, [role.key]))[role.key]
    if holders:
        raise BusinessRuleError.single(
            RbacErrorCode.ROLE_IN_USE,
            f"{holders} user(s) or API client(s) still hold this role.",
            "roleId",
        )
    permissions = (await role_permissions(actor, [role.key]))[role.key]
    await actor.session.execute(
        delete(CasbinRule).where(
            CasbinRule.tenant_id == actor.tenant_id, CasbinRule.v0 == role_subject(role.key)
        )
    )
    await actor.session.delete(role)
    await actor.session.flush()
    _announce_change(actor, actor.tenant_id)
    await audit.record(
        actor, "roles.delete", "role", role.id, before=_role_summary(role, permissions)
    )
    return role


async def data_scope(actor: Actor) -> DataScope:
    return await actor.services.authorizer.data_scope(actor.require_staff())


async def staff_holding(actor: Actor, resource: str, action: str) -> list[uuid.UUID]:
    """Ids of the tenant's staff users whose roles grant `action` on `resource`, for event
    handlers that notify them (no permission needed: handlers act for nobody)."""
    granting_roles = select(CasbinRule.v0).where(
        CasbinRule.tenant_id == actor.tenant_id,
        CasbinRule.ptype == "p",
        CasbinRule.v1 == resource,
        CasbinRule.v2 == action,
    )
    subjects = (
        await actor.session.scalars(
            select(CasbinRule.v0)
            .where(
                CasbinRule.tenant_id == actor.tenant_id,
                CasbinRule.ptype == "g",
                CasbinRule.v1.in_(granting_roles),
                CasbinRule.v0.startswith("user:"),
            )
            .distinct()
        )
    ).all()
    return sorted(uuid.UUID(subject.removeprefix("user:")) for subject in subjects)
