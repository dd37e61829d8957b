"""The GraphQL shape of a stored file, for the domains that attach files to their types."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

import strawberry

from core.settings import Settings
from files.services import StoredFile, download_path


@strawberry.type(name="StoredFile", description="An uploaded file attached to something.")
class StoredFileType:
    id: strawberry.ID = strawberry.field(description="The file's id.")
    file_name: str = strawberry.field(description="Its name as uploaded.")
    content_type: str = strawberry.field(
        description="Its media type, as read from the content (not as the uploader claimed)."
    )
    size_bytes: int = strawberry.field(description="Its size in bytes.")
    url: str = strawberry.field(
        description="A signed path to fetch it from (GET, no token needed), valid for about "
        "15 minutes; ask again for a fresh one."
    )

    @classmethod
    def of(cls, row: StoredFile, settings: Settings) -> StoredFileType:
        return cls(
            id=strawberry.ID(str(row.id)),
            file_name=row.file_name,
            content_type=row.content_type,
            size_bytes=row.size_bytes,
            url=download_path(settings, row),
        )


def upload_ids(values: Sequence[strawberry.ID]) -> tuple[uuid.UUID, ...]:
    """Upload ids as an input gave them; one that is not an id matches no upload, so the
    claim reports it as FILE_NOT_FOUND on its index."""
    ids = []
    for value in values:
        try:
            ids.append(uuid.UUID(str(value)))
        except ValueError:
            ids.append(uuid.UUID(int=0))
    return tuple(ids)
