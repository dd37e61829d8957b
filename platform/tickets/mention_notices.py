"""What a mentioned colleague receives: a console notice linking to the ticket and, unless
they opted out, an email, once per message (the event keys both). The author is never told
of their own mention, and someone who can no longer read the ticket is told nothing."""

from __future__ import annotations

import uuid

import identity.services as identity
import tenants.services as tenants
from core.console_links import ticket_path
from core.context import Actor
from notifications import RenderedNotice, is_chinese
from tickets.events import TicketMentioned
from tickets.mentions import ACTIVE, user_can_read_ticket
from tickets.reading import message_for_system, ticket_for_system
from tickets.staff_notices import tell_user

KIND = "ticket_mention"
EXCERPT = 280


def _excerpt(body: str) -> str:
    flat = " ".join(body.split())
    return flat if len(flat) <= EXCERPT else flat[: EXCERPT - 1] + "…"


def notice(locale: str | None, author: str, number: str, subject: str, body: str) -> RenderedNotice:
    if is_chinese(locale):
        return RenderedNotice(
            f"{author} 在工单 {number} 中提到了你", f"{subject}\n“{_excerpt(body)}”"
        )
    return RenderedNotice(
        f"{author} mentioned you on ticket {number}", f"{subject}\n“{_excerpt(body)}”"
    )


async def notify_mentions(actor: Actor, mentioned: TicketMentioned, event_id: uuid.UUID) -> int:
    ticket = await ticket_for_system(actor, mentioned.ticket_id)
    message = await message_for_system(actor, mentioned.message_id)
    if ticket is None or message is None:
        return 0
    tenant = await tenants.current_tenant(actor)
    link = ticket_path(ticket.number)
    told = 0
    wanted = [i for i in mentioned.mentioned_user_ids if i != mentioned.author_id]
    for user in await identity.users_by_id(actor, wanted):
        if user is None or user.status != ACTIVE:
            continue
        if not await user_can_read_ticket(actor, user.id, ticket.id):
            continue
        locale = user.locale or tenant.locale
        rendered = notice(locale, message.author_label, ticket.number, ticket.subject, message.body)
        told += await tell_user(actor, user, KIND, rendered, event_id, link, locale)
    return told
