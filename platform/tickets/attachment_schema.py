"""GraphQL helpers for ticket attachments: upload ids from inputs and the signed files of
tickets and messages the caller has read."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

import strawberry
from strawberry.types import Info

from core.gql.context import context_of
from files import StoredFileType
from tickets.attachments import attachments_of_messages, attachments_of_tickets


def upload_ids(values: Sequence[strawberry.ID]) -> tuple[uuid.UUID, ...]:
    """Upload ids as given; one that is not an id can match no upload (FILE_NOT_FOUND)."""
    ids = []
    for value in values:
        try:
            ids.append(uuid.UUID(str(value)))
        except ValueError:
            ids.append(uuid.UUID(int=0))
    return tuple(ids)


async def ticket_attachments(info: Info, ticket_id: uuid.UUID) -> list[StoredFileType]:
    context = context_of(info)
    rows = await context.loader(attachments_of_tickets).load(ticket_id)
    return [StoredFileType.of(row, context.services.settings) for row in rows]


async def message_attachments(info: Info, message_id: uuid.UUID) -> list[StoredFileType]:
    context = context_of(info)
    rows = await context.loader(attachments_of_messages).load(message_id)
    return [StoredFileType.of(row, context.services.settings) for row in rows]
