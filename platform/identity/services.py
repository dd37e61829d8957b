"""Staff identity use cases: log-in, sessions, invitations, users and departments."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import timedelta
from functools import cache
from typing import TYPE_CHECKING, Any

from sqlalchemy import Select, bindparam, func, or_, select

import audit.services as audit
import rbac.services as rbac
import tenants.services as tenants
from core import access
from core.context import Actor, DataScope
from core.db import bind_tenant
from core.errors import BusinessRuleError, NotFound, UserError
from core.gql.pagination import Page, keyset_page
from core.ids import new_id
from core.outbox import emit
from core.ratelimit import AttemptThrottle, Budget
from core.security import (
    hash_password_async,
    hash_token,
    password_weakness,
    tenant_of_token,
    verify_password_async,
)
from core.tenancy import Principal, PrincipalKind
from identity import invitations, tokens
from identity.errors import IdentityErrorCode, SignInErrorCode
from identity.events import InvitationAccepted, UserInvited
from identity.models import DEPARTMENT_KEYS, ApiClient, Department, Invitation, User
from identity.tokens import IssuedSession as IssuedSession
from identity.tokens import now

if TYPE_CHECKING:
    from tenants.models import Tenant

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
DEPARTMENT_NAMES = {
    "sales": "Sales",
    "warehouse": "Warehouse & logistics",
    "finance": "Finance",
    "support": "Support & after-sales",
    "management": "Management",
}
MAX_NAME_LENGTH = 200


def normalize_email(email: str) -> str:
    return email.strip().lower()


def check_email(email: str, field: str = "email") -> UserError | None:
    if not EMAIL.match(email) or len(email) > 254:
        return UserError(IdentityErrorCode.INVALID_EMAIL, "Enter a valid email address.", (field,))
    return None


def check_person_name(name: str, field: str = "name") -> UserError | None:
    if not name.strip():
        return UserError(IdentityErrorCode.REQUIRED, "Enter the person's name.", (field,))
    if len(name.strip()) > MAX_NAME_LENGTH:
        return UserError(
            IdentityErrorCode.TOO_LONG, f"Use at most {MAX_NAME_LENGTH} characters.", (field,)
        )
    return None


def check_password(password: str, *context: str, field: str = "password") -> UserError | None:
    weakness = password_weakness(password, *context)
    return UserError(IdentityErrorCode.WEAK_PASSWORD, weakness, (field,)) if weakness else None


def _user_summary(user: User) -> dict[str, object]:
    return {
        "email": user.email,
        "name": user.name,
        "status": user.status,
        "departmentId": str(user.department_id) if user.department_id else None,
    }


# --- departments -------------------------------------------------------------------------


async def seed_departments(actor: Actor, tenant_id: uuid.UUID) -> dict[str, Department]:
    departments = {
        key: Department(tenant_id=tenant_id, id=new_id(), key=key, name=DEPARTMENT_NAMES[key])
        for key in DEPARTMENT_KEYS
    }
    actor.session.add_all(departments.values())
    await actor.session.flush()
    return departments


async def list_departments(actor: Actor) -> list[Department]:
    actor.require_staff()
    return list(
        (
            await actor.session.scalars(
                select(Department)
                .where(Department.tenant_id == actor.tenant_id)
                .order_by(Department.name)
            )
        ).all()
    )


async def departments_by_id(actor: Actor, ids: list[uuid.UUID]) -> list[Department | None]:
    rows = (
        await actor.session.scalars(
            select(Department).where(
                Department.tenant_id == actor.tenant_id, Department.id.in_(ids)
            )
        )
    ).all()
    found = {d.id: d for d in rows}
    return [found.get(i) for i in ids]


async def _department_by_key(actor: Actor, key: str) -> Department:
    department = await actor.session.scalar(
        select(Department).where(Department.tenant_id == actor.tenant_id, Department.key == key)
    )
    if department is None:
        raise BusinessRuleError.single(
            IdentityErrorCode.UNKNOWN_DEPARTMENT, f"Unknown department {key!r}.", "departmentKey"
        )
    return department


# --- sessions, for every kind of principal -----------------------------------------------


async def issue_session(actor: Actor, principal: Principal) -> IssuedSession:
    """A new session (access and refresh token) for a principal another domain has signed
    in: a portal contact, a new tenant's owner."""
    return await tokens.issue_session(actor, principal)


async def end_sessions_of(actor: Actor, subject_id: uuid.UUID) -> None:
    """End every session of a user or portal contact of the caller's tenant at once."""
    await tokens.revoke_subject(actor, actor.tenant_id, subject_id)


# --- owner and log-in -------------------------------------------------------------------


async def create_owner(
    actor: Actor, tenant_id: uuid.UUID, name: str, email: str, password: str
) -> User:
    departments = await seed_departments(actor, tenant_id)
    owner = User(
        tenant_id=tenant_id,
        id=new_id(),
        email=email,
        name=name,
        password_hash=await hash_password_async(password),
        status="active",
        department_id=departments["management"].id,
    )
    actor.session.add(owner)
    await actor.session.flush()
    await rbac.set_subject_roles(actor, f"user:{owner.id}", [rbac.ADMIN_ROLE], tenant_id)
    return owner


def password_throttle(actor: Actor, scope: str, account: str) -> AttemptThrottle:
    """Password checks of one account and from the caller's address, counted before each
    check: at most the configured number per account and per address in a window. A right
    password starts the account's count afresh and costs the address nothing."""
    s = actor.settings
    prefix = f"{s.redis_namespace}:{scope}"
    return AttemptThrottle(
        actor.services.redis,
        s.login_failure_window_seconds,
        [
            Budget(f"{prefix}-account:{account}", s.login_max_failures_per_account, "clear"),
            Budget(
                f"{prefix}-ip:{actor.client_ip or 'unknown'}", s.login_max_failures_per_ip, "refund"
            ),
        ],
        attempts="sign-in attempts",
    )


def _bad_credentials() -> BusinessRuleError:
    return BusinessRuleError.single(
        SignInErrorCode.INVALID_CREDENTIALS, "The organisation, email or password is incorrect."
    )


async def _tenant_and_user(
    actor: Actor, slug: str, email: str
) -> tuple[Tenant | None, User | None]:
    tenant = await tenants.tenant_by_slug(actor, slug)
    if tenant is None:
        return None, None
    await bind_tenant(actor.session, tenant.id)
    return tenant, await actor.session.scalar(
        select(User).where(User.tenant_id == tenant.id, User.email == email)
    )


async def log_in(actor: Actor, tenant_slug: str, email: str, password: str) -> IssuedSession:
    """Sign a staff user in. Raises Throttled (TOO_MANY_ATTEMPTS) before checking anything
    once the account or the address has used its attempts; the password is checked even
    when the organisation or user does not exist, so the answer takes as long."""
    email = normalize_email(email)
    slug = tenant_slug.strip().lower()
    throttle = password_throttle(actor, "login", f"{slug}:{email}")
    await throttle.admit()
    tenant, user = await _tenant_and_user(actor, slug, email)
    verified = await verify_password_async(user.password_hash if user else None, password)
    if tenant is None or user is None or not verified:
        raise _bad_credentials()
    await throttle.succeeded()
    if user.status != "active":
        raise BusinessRuleError.single(
            SignInErrorCode.ACCOUNT_DEACTIVATED, "This account is deactivated."
        )
    if tenant.status != "active":
        raise BusinessRuleError.single(
            SignInErrorCode.TENANT_SUSPENDED, "This organisation is suspended."
        )
    user.last_login_at = now()
    principal = Principal(kind=PrincipalKind.STAFF, tenant_id=tenant.id, subject_id=user.id)
    actor.principal = principal
    await audit.record(actor, "auth.log_in", "user", user.id, actor_label=user.email)
    return await tokens.issue_session(actor, principal)


async def refresh_session(actor: Actor, raw_token: str) -> IssuedSession:
    _, issued = await tokens.rotate(actor, raw_token)
    actor.principal = issued.principal
    label = await actor.services.verify_principal(actor.session, issued.principal)
    if label is None:
        raise BusinessRuleError.single(
            SignInErrorCode.INVALID_REFRESH_TOKEN,
            "The session has expired; sign in again.",
            "refreshToken",
        )
    actor.actor_label = label
    await audit.record(
        actor, "auth.refresh", target_type_of(issued.principal.kind), issued.principal.subject_id
    )
    return issued


def target_type_of(kind: PrincipalKind) -> str:
    """The audit target type naming a principal's record."""
    return {
        PrincipalKind.STAFF: "user",
        PrincipalKind.API_CLIENT: "api_client",
        PrincipalKind.PORTAL: "contact",
    }[kind]


async def log_out(actor: Actor, raw_token: str) -> None:
    stored = await tokens.find_for_logout(actor, raw_token)
    if stored is None:
        return
    await tokens.revoke_family(actor, stored.tenant_id, stored.family_id)
    principal = Principal(
        kind=PrincipalKind(stored.subject_kind),
        tenant_id=stored.tenant_id,
        subject_id=stored.subject_id,
        customer_id=stored.customer_id,
    )
    actor.principal = principal
    actor.actor_label = await actor.services.verify_principal(actor.session, principal)
    await audit.record(actor, "auth.log_out", target_type_of(principal.kind), stored.subject_id)


def _status_check(table: type[User] | type[ApiClient], label: Any) -> Select[Any]:
    """The subject's status and label, then its tenant's status (no row when either is
    missing)."""
    subject = select(table.status, label).where(
        table.tenant_id == bindparam("tenant_id"), table.id == bindparam("subject_id")
    )
    return tenants.with_status(subject, table.tenant_id)


@cache
def _status_checks() -> dict[PrincipalKind, Select[Any]]:
    """Built once: this runs at the start of every authenticated request."""
    return {
        PrincipalKind.STAFF: _status_check(User, User.email),
        PrincipalKind.API_CLIENT: _status_check(ApiClient, ApiClient.name),
    }


async def verify_staff_or_client(actor: Actor, principal: Principal) -> str | None:
    """The user's email or the client's name while the tenant and the user or API client
    are active; None otherwise."""
    row = (
        await actor.session.execute(
            _status_checks()[principal.kind],
            {"tenant_id": principal.tenant_id, "subject_id": principal.subject_id},
        )
    ).first()
    if row is None or row[0] != "active" or row[2] != "active":
        return None
    return str(row[1])


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
        department = await _department_by_key(actor, flt.department_key)
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


@dataclass(frozen=True)
class ViewerFacts:
    """Who the caller is and what they may do; a portal contact holds no roles."""

    kind: PrincipalKind
    user: User | None
    permissions: list[tuple[str, str]]
    roles: list[str]
    data_scope: DataScope | None


async def viewer(actor: Actor) -> ViewerFacts:
    """The caller, their permissions (sorted), roles and widest data scope."""
    principal = actor.require_principal()
    if principal.kind is PrincipalKind.PORTAL:
        return ViewerFacts(principal.kind, None, [], [], None)
    authorizer = actor.services.authorizer
    user = await current_user(actor) if principal.kind is PrincipalKind.STAFF else None
    return ViewerFacts(
        kind=principal.kind,
        user=user,
        permissions=sorted(await authorizer.permissions(principal)),
        roles=await authorizer.roles_of(principal),
        data_scope=await authorizer.data_scope(principal),
    )


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


# --- invitations -------------------------------------------------------------------------


@dataclass
class InviteInput:
    email: str
    name: str
    department_key: str
    role_keys: list[str] | None = None


async def invite_user(actor: Actor, data: InviteInput) -> User:
    principal = await actor.require("users", "invite")
    email = normalize_email(data.email)
    errors = [e for e in [check_email(email)] if e]
    name_error = check_person_name(data.name)
    if name_error:
        errors.append(name_error)
    if errors:
        raise BusinessRuleError(*errors)
    department = await _department_by_key(actor, data.department_key)
    role_keys = (
        data.role_keys
        if data.role_keys is not None
        else [rbac.DEFAULT_ROLE_FOR_DEPARTMENT.get(department.key, "sales")]
    )
    if (
        role_keys
        and not await actor.can("roles", "write")
        and role_keys != [rbac.DEFAULT_ROLE_FOR_DEPARTMENT.get(department.key)]
    ):
        raise BusinessRuleError.single(
            IdentityErrorCode.CANNOT_ASSIGN_ROLES,
            "Only users who manage roles may choose other roles.",
            "roleKeys",
        )
    await rbac.check_role_keys(actor, role_keys)
    if await actor.session.scalar(
        select(User.id).where(User.tenant_id == actor.tenant_id, User.email == email)
    ):
        raise BusinessRuleError.single(
            IdentityErrorCode.EMAIL_TAKEN, "Someone with this email is already a user.", "email"
        )
    user = User(
        tenant_id=actor.tenant_id,
        id=new_id(),
        email=email,
        name=data.name.strip(),
        status="invited",
        department_id=department.id,
    )
    actor.session.add(user)
    await actor.session.flush()
    await rbac.set_subject_roles(actor, f"user:{user.id}", role_keys)
    invitation = await _new_invitation(actor, user, principal.subject_id)
    await audit.record(
        actor,
        "users.invite",
        "user",
        user.id,
        after={**_user_summary(user), "roles": sorted(role_keys)},
    )
    await emit(actor, UserInvited(user_id=user.id, invitation_id=invitation.id))
    return user


async def prepare_invitation_letter(
    actor: Actor, invitation_id: uuid.UUID
) -> invitations.InvitationLetter | None:
    """What an invitation email says, with its one-time token made now (see
    `identity.invitations.prepare_letter`); None when nothing is to be sent."""
    return await invitations.prepare_letter(actor, invitation_id)


async def _new_invitation(actor: Actor, user: User, invited_by: uuid.UUID) -> Invitation:
    """The token itself is created by the email job, so no secret sits in the outbox."""
    invitation = Invitation(
        tenant_id=actor.tenant_id,
        id=new_id(),
        user_id=user.id,
        invited_by=invited_by,
        token_hash=hash_token(str(new_id())),
        expires_at=now() + timedelta(seconds=actor.settings.invitation_ttl_seconds),
    )
    actor.session.add(invitation)
    await actor.session.flush()
    return invitation


async def resend_invitation(actor: Actor, user_id: uuid.UUID) -> User:
    principal = await actor.require("users", "invite")
    user = await get_user(actor, user_id)
    if user.status != "invited":
        raise BusinessRuleError.single(
            IdentityErrorCode.NOT_INVITED, "This user has already joined."
        )
    invitation = await _new_invitation(actor, user, principal.subject_id)
    await audit.record(actor, "users.resend_invitation", "user", user.id)
    await emit(actor, UserInvited(user_id=user.id, invitation_id=invitation.id))
    return user


async def accept_invitation(
    actor: Actor, raw_token: str, password: str, name: str | None
) -> IssuedSession:
    tenant_id = tenant_of_token(raw_token)
    invalid = BusinessRuleError.single(
        SignInErrorCode.INVALID_INVITATION,
        "This invitation link is invalid or has expired.",
        "token",
    )
    if tenant_id is None:
        raise invalid
    await bind_tenant(actor.session, tenant_id)
    invitation = await actor.session.scalar(
        select(Invitation)
        .where(Invitation.tenant_id == tenant_id, Invitation.token_hash == hash_token(raw_token))
        .with_for_update()
    )
    if invitation is None or invitation.accepted_at or invitation.expires_at <= now():
        raise invalid
    user = await actor.session.get(User, (tenant_id, invitation.user_id), with_for_update=True)
    if user is None or user.status != "invited":
        raise invalid
    problems = [
        e
        for e in (
            check_password(password, user.email, user.name, name or ""),
            check_person_name(name) if name else None,
        )
        if e
    ]
    if problems:
        raise BusinessRuleError(*problems)
    invitation.accepted_at = now()
    user.password_hash = await hash_password_async(password)
    user.status = "active"
    if name and name.strip():
        user.name = name.strip()
    principal = Principal(kind=PrincipalKind.STAFF, tenant_id=tenant_id, subject_id=user.id)
    actor.principal = principal
    await audit.record(
        actor,
        "users.accept_invitation",
        "user",
        user.id,
        before={"status": "invited"},
        after={"status": "active"},
        actor_label=user.email,
    )
    await emit(
        actor, InvitationAccepted(user_id=user.id, invited_by=str(invitation.invited_by or ""))
    )
    return await tokens.issue_session(actor, principal)


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
    before = _user_summary(user)
    if name is not None:
        name_error = check_person_name(name)
        if name_error:
            raise BusinessRuleError(name_error)
        user.name = name.strip()
    if department_key is not None:
        user.department_id = (await _department_by_key(actor, department_key)).id
    await audit.record(
        actor, "users.update", "user", user.id, before=before, after=_user_summary(user)
    )
    return user
