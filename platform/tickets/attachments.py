"""Files attached to a ticket (with the first report) or to one of its messages: the
caller's own uploads, claimed through the files domain when the ticket or message is
written, so a refused write leaves them unattached."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

import files.services as files
from core.context import Actor
from files import FilePurpose
from tickets.models import Ticket

TICKET = "ticket"
TICKET_MESSAGE = "ticket_message"


async def attach_files(
    actor: Actor,
    ticket: Ticket,
    subject_kind: str,
    subject_id: uuid.UUID,
    file_ids: Sequence[uuid.UUID],
) -> None:
    if not file_ids:
        return
    await files.claim_files(
        actor,
        files.Claim(
            file_ids=file_ids,
            purpose=FilePurpose.TICKET_ATTACHMENT,
            subject_kind=subject_kind,
            subject_id=subject_id,
            customer_id=ticket.customer_id,
            field=("attachmentIds",),
        ),
    )


async def attachments_of_tickets(
    actor: Actor, ids: list[uuid.UUID]
) -> list[list[files.StoredFile]]:
    """A DataLoader batch of tickets the caller has read."""
    return await files.files_of_subjects(actor, TICKET, ids)


async def attachments_of_messages(
    actor: Actor, ids: list[uuid.UUID]
) -> list[list[files.StoredFile]]:
    """A DataLoader batch of messages the caller has read (a portal contact never gets
    internal notes, so never their files)."""
    return await files.files_of_subjects(actor, TICKET_MESSAGE, ids)
