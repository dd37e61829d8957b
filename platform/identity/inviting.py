"""Inviting staff: invitations, resending them and accepting one."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

from sqlalchemy import select

import audit.services as audit
import rbac.services as rbac
from core.context import Actor
from core.db import bind_tenant
from core.errors import BusinessRuleError
from core.ids import new_id
from core.outbox import emit
from core.security import (
    hash_password_async,
    hash_token,
    tenant_of_token,
)
from core.tenancy import Principal, PrincipalKind
from identity import invitations, tokens
from identity.checks import (
    check_email,
    check_password,
    check_person_name,
    normalize_email,
    user_summary,
)
from identity.departments import department_by_key
from identity.errors import IdentityErrorCode, SignInErrorCode
from identity.events import InvitationAccepted, UserInvited
from identity.models import Invitation, User
from identity.tokens import IssuedSession, now
from identity.users import get_user

if TYPE_CHECKING:
    pass

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
    department = await department_by_key(actor, data.department_key)
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
        after={**user_summary(user), "roles": sorted(role_keys)},
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
