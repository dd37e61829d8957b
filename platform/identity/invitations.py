"""Invitation emails' content: the one-time token is made when the email is sent, so no
secret ever waits in the outbox."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update

import tenants.services as tenants
from core.context import Actor
from core.security import hash_token, new_tenant_token
from identity.models import Invitation, User
from identity.tokens import now as utcnow


@dataclass(frozen=True)
class InvitationLetter:
    """What the invitation email says; its token exists only here and in the email."""

    to: str
    invitee_name: str
    inviter_name: str | None
    tenant_name: str
    locale: str
    link: str
    expires_at: datetime


async def prepare_letter(actor: Actor, invitation_id: uuid.UUID) -> InvitationLetter | None:
    """Give an open invitation its secret token and retire the user's older links; None when
    the invitation was accepted, expired or superseded by a newer one (nothing is sent)."""
    tenant_id = actor.tenant_id
    invitation = await actor.session.get(
        Invitation, (tenant_id, invitation_id), with_for_update=True
    )
    if invitation is None or invitation.accepted_at or invitation.expires_at <= utcnow():
        return None
    invitee = await actor.session.get(User, (tenant_id, invitation.user_id))
    if (
        invitee is None
        or invitee.status != "invited"
        or await _has_newer_invitation(actor, invitation)
    ):
        return None
    await _retire_older_invitations(actor, invitation)
    token = new_tenant_token(tenant_id)
    invitation.token_hash = hash_token(token)
    await actor.session.flush()
    tenant = await tenants.current_tenant(actor)
    inviter = (
        await actor.session.get(User, (tenant_id, invitation.invited_by))
        if (invitation.invited_by)
        else None
    )
    return InvitationLetter(
        to=invitee.email,
        invitee_name=invitee.name,
        inviter_name=inviter.name if inviter else None,
        tenant_name=tenant.name,
        locale=invitee.locale or tenant.locale,
        expires_at=invitation.expires_at,
        link=f"{actor.settings.public_url}/accept-invitation?token={token}",
    )


async def _has_newer_invitation(actor: Actor, invitation: Invitation) -> bool:
    newer = await actor.session.scalar(
        select(Invitation.id)
        .where(
            Invitation.tenant_id == invitation.tenant_id,
            Invitation.user_id == invitation.user_id,
            Invitation.created_at > invitation.created_at,
        )
        .limit(1)
    )
    return newer is not None


async def _retire_older_invitations(actor: Actor, invitation: Invitation) -> None:
    """Only the newest invitation email's link works."""
    await actor.session.execute(
        update(Invitation)
        .where(
            Invitation.tenant_id == invitation.tenant_id,
            Invitation.user_id == invitation.user_id,
            Invitation.id != invitation.id,
            Invitation.accepted_at.is_(None),
            Invitation.expires_at > utcnow(),
        )
        .values(expires_at=utcnow())
    )
