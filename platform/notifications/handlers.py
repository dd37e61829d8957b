"""Notification event handlers: the invitation email and the inviter's "joined" notice."""

from __future__ import annotations

import uuid

import notifications.services as notifications
from core.context import Actor
from core.events import EventHandler, event_of, handles
from core.outbox import OutboxEvent
from identity.events import InvitationAccepted, UserInvited


@handles("notifications.invitation_email", UserInvited)
async def send_invitation_email(actor: Actor, event: OutboxEvent) -> None:
    """The token is created only now, so no secret ever sits in the outbox; a re-run
    replaces it, so only the newest email's link works."""
    invited = event_of(UserInvited, event)
    await notifications.send_invitation_email(actor, invited.invitation_id, event.id)


@handles("notifications.member_joined", InvitationAccepted)
async def notify_inviter(actor: Actor, event: OutboxEvent) -> None:
    accepted = event_of(InvitationAccepted, event)
    if not accepted.invited_by:
        return
    await notifications.notify_member_joined(
        actor, accepted.user_id, uuid.UUID(accepted.invited_by), event.id
    )


HANDLERS: tuple[EventHandler, ...] = (send_invitation_email, notify_inviter)
