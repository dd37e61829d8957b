"""@mentions in ticket messages: staff name colleagues (in an internal note, mostly) and
each one who may read the ticket is told in the console and by email, once per message.
Someone who could not open the ticket cannot be mentioned on it, so a notice never leaks
a ticket."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

import identity.services as identity
from core import access
from core.context import Actor
from core.errors import Forbidden, NotFound, UserError
from core.outbox import emit
from core.tenancy import Principal, PrincipalKind
from tickets.errors import TicketErrorCode
from tickets.events import TicketMentioned
from tickets.models import Ticket, TicketMessage

MAX_MENTIONS = 20
ACTIVE = "active"


def _as_user(actor: Actor, user_id: uuid.UUID) -> Actor:
    """The same unit of work, asking as another staff user of the tenant."""
    return Actor(
        services=actor.services,
        session=actor.session,
        principal=Principal(PrincipalKind.STAFF, actor.tenant_id, user_id),
    )


async def user_can_read_ticket(actor: Actor, user_id: uuid.UUID, ticket_id: uuid.UUID) -> bool:
    """Whether a staff user may read the ticket: the permission and data scope their own
    request would meet."""
    try:
        await access.get_scoped(_as_user(actor, user_id), Ticket, ticket_id)
    except (NotFound, Forbidden):
        return False
    return True


def _path(index: int) -> tuple[str, ...]:
    return ("mentionedUserIds", str(index))


async def mention_errors(
    actor: Actor, ticket: Ticket, requested: Sequence[uuid.UUID]
) -> list[UserError]:
    if len(requested) > MAX_MENTIONS:
        return [
            UserError(
                TicketErrorCode.TOO_MANY_MENTIONS,
                f"Mention at most {MAX_MENTIONS} people in one message.",
                ("mentionedUserIds",),
                params={"limit": str(MAX_MENTIONS)},
            )
        ]
    wanted = list(dict.fromkeys(requested))
    users = {u.id: u for u in await identity.users_by_id(actor, wanted) if u is not None}
    errors = []
    for index, user_id in enumerate(requested):
        user = users.get(user_id)
        if user is None or user.status != ACTIVE:
            errors.append(
                UserError(
                    TicketErrorCode.UNKNOWN_MENTION,
                    "No active user of this company has this id.",
                    _path(index),
                )
            )
        elif not await user_can_read_ticket(actor, user.id, ticket.id):
            errors.append(
                UserError(
                    TicketErrorCode.MENTION_CANNOT_SEE_TICKET,
                    f"{user.name} cannot see this ticket, so they cannot be mentioned on it.",
                    _path(index),
                    params={"name": user.name},
                )
            )
    return errors


async def emit_mentions(actor: Actor, ticket: Ticket, message: TicketMessage) -> None:
    if not message.mentioned_user_ids:
        return
    await emit(
        actor,
        TicketMentioned(
            ticket_id=ticket.id,
            number=ticket.number,
            customer_id=ticket.customer_id,
            message_id=message.id,
            author_id=message.author_id,
            mentioned_user_ids=tuple(message.mentioned_user_ids),
        ),
    )
