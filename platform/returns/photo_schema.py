"""GraphQL helpers for return photos: upload ids from inputs and the signed photos of the
return lines the caller has read."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

import strawberry
from strawberry.types import Info

from core.gql.context import context_of
from files import StoredFileType
from returns.photos import photos_of_lines


def upload_ids(values: Sequence[strawberry.ID]) -> tuple[uuid.UUID, ...]:
    """Upload ids as given; one that is not an id can match no upload (FILE_NOT_FOUND)."""
    ids = []
    for value in values:
        try:
            ids.append(uuid.UUID(str(value)))
        except ValueError:
            ids.append(uuid.UUID(int=0))
    return tuple(ids)


async def line_photos(info: Info, line_id: uuid.UUID) -> list[StoredFileType]:
    context = context_of(info)
    rows = await context.loader(photos_of_lines).load(line_id)
    return [StoredFileType.of(row, context.services.settings) for row in rows]
