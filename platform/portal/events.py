"""Events the portal emits (payloads in docs/events.md)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from core.event_types import Event, event


@event("portal.magic_link_requested")
@dataclass(frozen=True)
class MagicLinkRequested(Event):
    """A contact asked for a sign-in link; the email job gives the link its token."""

    contact_id: uuid.UUID
    link_id: uuid.UUID
