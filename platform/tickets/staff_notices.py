"""Telling a staff user about a ticket: a console notice keyed by the event (so a
re-delivered event tells nobody twice) and, only when that notice is new and the user has
not turned the kind off, the same in an email with a button to the ticket."""

from __future__ import annotations

import uuid
from typing import Any

import notifications.services as notifications
from core.context import Actor
from core.mail import send_mail
from notifications import RenderedNotice, is_chinese, simple_email


async def tell_user(
    actor: Actor,
    user: Any,
    kind: str,
    rendered: RenderedNotice,
    event_id: uuid.UUID,
    link: str,
    locale: str | None,
) -> bool:
    """False when the user already had this notice."""
    if not await notifications.notify(actor, user.id, kind, rendered, event_id, link):
        return False
    if await notifications.wants_email(actor, user.id, kind):
        button = "查看工单" if is_chinese(locale) else "Open the ticket"
        mail = simple_email(
            rendered.title,
            rendered.body.split("\n"),
            f"{actor.settings.public_url}{link}",
            button,
        )
        await send_mail(
            actor.settings,
            to=user.email,
            subject=mail.subject,
            text=mail.text,
            html=mail.html,
            message_key=f"{event_id}.{user.id}",
        )
    return True
