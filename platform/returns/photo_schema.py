"""GraphQL helpers for return photos: the signed photos of the
return lines the caller has read."""

from __future__ import annotations

import uuid

from strawberry.types import Info

from core.gql.context import context_of
from files import StoredFileType
from returns.photos import photos_of_lines


async def line_photos(info: Info, line_id: uuid.UUID) -> list[StoredFileType]:
    context = context_of(info)
    rows = await context.loader(photos_of_lines).load(line_id)
    return [StoredFileType.of(row, context.services.settings) for row in rows]
