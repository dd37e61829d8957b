"""GraphQL helpers for ticket attachments: the signed files of
tickets and messages the caller has read."""

from __future__ import annotations

import uuid

from strawberry.types import Info

from core.gql.context import context_of
from files import StoredFileType
from tickets.attachments import attachments_of_messages, attachments_of_tickets


async def ticket_attachments(info: Info, ticket_id: uuid.UUID) -> list[StoredFileType]:
    context = context_of(info)
    rows = await context.loader(attachments_of_tickets).load(ticket_id)
    return [StoredFileType.of(row, context.services.settings) for row in rows]


async def message_attachments(info: Info, message_id: uuid.UUID) -> list[StoredFileType]:
    context = context_of(info)
    rows = await context.loader(attachments_of_messages).load(message_id)
    return [StoredFileType.of(row, context.services.settings) for row in rows]
