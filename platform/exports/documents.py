"""The HTTP route an export's file is downloaded from. It authenticates like GraphQL
requests (bearer token, the same context getter); only the user who asked gets the file,
anyone else a 404."""

from __future__ import annotations

import uuid
from typing import Any

from litestar import Response, get

from core.errors import NotFound
from core.gql.context import OrbitContext
from exports.services import export_file


@get("/documents/exports/{export_id:str}", include_in_schema=False)
async def export_download(export_id: str, request_context: OrbitContext) -> Response[Any]:
    """`request_context` is provided by the composition root with the GraphQL context getter."""
    try:
        row_id = uuid.UUID(export_id)
    except ValueError as error:
        raise NotFound() from error
    found = await export_file(await request_context.reader(), row_id)
    return Response(
        found.content,
        media_type=found.media_type,
        headers={
            "Content-Disposition": f'attachment; filename="{found.file_name}"',
            "Cache-Control": "private, no-store",
        },
    )
