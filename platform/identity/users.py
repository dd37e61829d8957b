"""Staff users: lookups, the users list, the viewer, role assignment and administration."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import func, or_, select

import audit.services as audit
import rbac.services as rbac
from core import access
from core.context import Actor, DataScope
from core.errors import BusinessRuleError, NotFound
from core.pagination import Page, keyset_page
from core.tenancy import PrincipalKind
from identity import tokens
from identity.checks import (
    check_person_name,
    user_summary,
)
from identity.departments import department_by_key
from identity.errors import IdentityErrorCode
from identity.models import ApiClient, User

if TYPE_CHECKING:
    pass

# --- users -------------------------------------------------------------------------------


async def get_user(actor: Actor, user_id: uuid.UUID) -> User:
    """The current tenant's user, or NOT_FOUND (also for another tenant's id)."""
    actor.require_staff()
    user = await actor.session.get(User, (actor.tenant_id, user_id))
    if user is None:
        raise NotFound()
    return user


async def users_by_id(actor: Actor, ids: list[uuid.UUID]) -> list[User | None]:
    rows = (
        await actor.session.scalars(
            select(User).where(User.tenant_id == actor.tenant_id, User.id.in_(ids))
        )
    ).all()
    found = {u.id: u for u in rows}
    return [found.get(i) for i in ids]


async def listed_users_by_id(actor: Actor, ids: list[uuid.UUID]) -> list[User | None]:
    """Users as the users list shows them (users:read), in `ids` order: node lookups."""
    return await access.rows_by_id(actor, User, ids)


async def lock_subject(actor: Actor, kind: PrincipalKind, subject_id: uuid.UUID) -> None:
    """Lock the staff user or API client of the current tenant that roles are given to
    (until commit); NOT_FOUND for anything else."""
    table: type[User] | type[ApiClient]
    if kind is PrincipalKind.STAFF:
        table = User
    elif kind is PrincipalKind.API_CLIENT:
        table = ApiClient
    else:
        raise NotFound()
    found = await actor.session.scalar(
        select(table.id)
        .where(table.tenant_id == actor.tenant_id, table.id == subject_id)
        .with_for_update()
    )
    if found is None:
        raise NotFound()


async def assign_roles(
    actor: Actor, kind: PrincipalKind, subject_id: uuid.UUID, role_keys: list[str]
) -> list[str]:
    """Replace the roles of a staff user or API client of the tenant (roles:write); the
    subject stays locked to commit, so two assignments to it apply one after the other."""
    await actor.require("roles", "write")
    await lock_subject(actor, kind, subject_id)
    return await rbac.assign_roles(actor, kind, subject_id, role_keys)


@dataclass
class UserFilter:
    status: str | None = None
    department_key: str | None = None
    search: str | None = None


async def list_users(
    actor: Actor, flt: UserFilter, first: int | None, after: str | None
) -> Page[User]:
    stmt = await access.restrict(actor, User, "read")
    if flt.status:
        stmt = stmt.where(User.status == flt.status)
    if flt.department_key:
        department = await department_by_key(actor, flt.department_key)
        stmt = stmt.where(User.department_id == department.id)
    if flt.search:
        pattern = f"%{flt.search.strip().lower()}%"
        stmt = stmt.where(or_(func.lower(User.name).like(pattern), User.email.like(pattern)))
    return await keyset_page(actor.session, stmt, [User.id], first=first, after=after)


async def current_user(actor: Actor) -> User:
    principal = actor.require_principal()
    if principal.kind is not PrincipalKind.STAFF:
        raise NotFound()
    return await get_user(actor, principal.subject_id)


class ViewerFacts:
    """Who the caller is and what they may do, each part read only when asked for (a
    `viewer { kind }` costs no query); a portal contact holds no roles."""

    def __init__(self, actor: Actor) -> None:
        self._actor = actor
        self._principal = actor.require_principal()
        self.kind: PrincipalKind = self._principal.kind

    @property
    def _is_staff_or_client(self) -> bool:
        return self.kind is not PrincipalKind.PORTAL

    async def user(self) -> User | None:
        return await current_user(self._actor) if self.kind is PrincipalKind.STAFF else None

    async def permissions(self) -> list[tuple[str, str]]:
        if not self._is_staff_or_client:
            return []
        return sorted(await self._actor.services.authorizer.permissions(self._principal))

    async def roles(self) -> list[str]:
        if not self._is_staff_or_client:
            return []
        return await self._actor.services.authorizer.roles_of(self._principal)

    async def role_names(self) -> list[rbac.RoleName]:
        return await rbac.names_of_own_roles(self._actor, await self.roles())

    async def data_scope(self) -> DataScope | None:
        if not self._is_staff_or_client:
            return None
        return await self._actor.services.authorizer.data_scope(self._principal)


def viewer(actor: Actor) -> ViewerFacts:
    """The caller; raises when nobody is signed in."""
    return ViewerFacts(actor)


async def set_my_locale(actor: Actor, locale: str) -> User:
    if locale not in ("en", "zh-CN"):
        raise BusinessRuleError.single(
            IdentityErrorCode.UNSUPPORTED_LOCALE, "Supported: en, zh-CN.", "locale"
        )
    user = await current_user(actor)
    before = user.locale
    user.locale = locale
    await audit.record(
        actor,
        "users.set_locale",
        "user",
        user.id,
        before={"locale": before},
        after={"locale": locale},
    )
    return user


# --- user administration -----------------------------------------------------------------


async def _set_status(actor: Actor, user_id: uuid.UUID, status: str, action: str) -> User:
    principal = await actor.require("users", "deactivate")
    user = await get_user(actor, user_id)
    if user.id == principal.subject_id:
        raise BusinessRuleError.single(
            IdentityErrorCode.CANNOT_CHANGE_SELF, "You cannot change your own status.", "userId"
        )
    if user.status == "invited" and status == "active":
        raise BusinessRuleError.single(
            IdentityErrorCode.NOT_JOINED, "The user has not accepted the invitation.", "userId"
        )
    before = user.status
    user.status = status
    if status == "deactivated":
        await tokens.revoke_subject(actor, actor.tenant_id, user.id)
    await audit.record(
        actor, action, "user", user.id, before={"status": before}, after={"status": status}
    )
    return user


async def deactivate_user(actor: Actor, user_id: uuid.UUID) -> User:
    return await _set_status(actor, user_id, "deactivated", "users.deactivate")


async def reactivate_user(actor: Actor, user_id: uuid.UUID) -> User:
    return await _set_status(actor, user_id, "active", "users.reactivate")


async def update_user(
    actor: Actor, user_id: uuid.UUID, name: str | None, department_key: str | None
) -> User:
    await actor.require("users", "update")
    user = await get_user(actor, user_id)
    before = user_summary(user)
    if name is not None:
        name_error = check_person_name(name)
        if name_error:
            raise BusinessRuleError(name_error)
        user.name = name.strip()
    if department_key is not None:
        user.department_id = (await department_by_key(actor, department_key)).id
    await audit.record(
        actor, "users.update", "user", user.id, before=before, after=user_summary(user)
    )
    return user
