"""Events staff identity emits (payloads in docs/events.md)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from core.event_types import Event, event


@event("user.invited")
@dataclass(frozen=True)
class UserInvited(Event):
    """An invitation to send; the email job gives it its token."""

    user_id: uuid.UUID
    invitation_id: uuid.UUID


@event("user.invitation_accepted")
@dataclass(frozen=True)
class InvitationAccepted(Event):
    """`invited_by` is empty text when the inviter is unknown."""

    user_id: uuid.UUID
    invited_by: str
