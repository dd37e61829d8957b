"""Photos of returned items: the requester's own image uploads, claimed per return line
when the return is written (so a refused request leaves them unattached), and read back
by whoever may read the return."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

import files.services as files
from core.context import Actor
from files import FilePurpose
from returns.models import ReturnLine

RETURN_LINE = "return_line"


async def attach_photos(
    actor: Actor, line: ReturnLine, photo_ids: Sequence[uuid.UUID], index: int
) -> None:
    if not photo_ids:
        return
    await files.claim_files(
        actor,
        files.Claim(
            file_ids=photo_ids,
            purpose=FilePurpose.RETURN_PHOTO,
            subject_kind=RETURN_LINE,
            subject_id=line.id,
            customer_id=line.customer_id,
            field=("lines", str(index), "photoIds"),
        ),
    )


async def photos_of_lines(actor: Actor, ids: list[uuid.UUID]) -> list[list[files.StoredFile]]:
    """A DataLoader batch of return lines the caller has read."""
    return await files.files_of_subjects(actor, RETURN_LINE, ids)
