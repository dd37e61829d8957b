"""Notification event handlers: the invitation email and the inviter's "joined" notice."""

from __future__ import annotations

import uuid

import identity.services as identity
import notifications.services as notifications
from core.context import Actor
from core.events import EventHandler, handles
from core.outbox import OutboxEvent


@handles("notifications.invitation_email", identity.USER_INVITED)
async def send_invitation_email(actor: Actor, event: OutboxEvent) -> None:
    """The token is created only now, so no secret ever sits in the outbox; a re-run
    replaces it, so only the newest email's link works."""
    await notifications.send_invitation_email(
        actor, uuid.UUID(event.payload["invitationId"]), event.id
    )


@handles("notifications.member_joined", identity.INVITATION_ACCEPTED)
async def notify_inviter(actor: Actor, event: OutboxEvent) -> None:
    inviter = event.payload.get("invitedBy")
    if not inviter:
        return
    await notifications.notify_member_joined(
        actor, uuid.UUID(event.payload["userId"]), uuid.UUID(inviter), event.id
    )


HANDLERS: tuple[EventHandler, ...] = (send_invitation_email, notify_inviter)
