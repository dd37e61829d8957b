"""The HTTP routes of stored files.

`POST /files` (multipart: `purpose` and `file`) checks and keeps an upload for the signed-in
caller and answers 201 with its id, which a mutation then attaches (`attachmentIds`,
`photoIds`); a refused upload answers 400 with the user error (code, message). `GET
/files/<tenant>/<file>/<name>?expires=…&signature=…` serves a file through the short-lived
signed URL GraphQL hands out; anything unsigned, expired or forged is 404."""

from __future__ import annotations

import uuid
from typing import Annotated, Any
from urllib.parse import quote

from litestar import Request, Response, get, post
from litestar.datastructures import UploadFile
from litestar.enums import RequestEncodingType
from litestar.params import Body

from core.context import Actor, Services
from core.errors import BusinessRuleError, NotFound
from core.gql.context import OrbitContext
from files import links
from files.rules import LARGEST_UPLOAD
from files.services import FileContent, Upload, download_path, signed_file, store_upload

MULTIPART = Body(media_type=RequestEncodingType.MULTI_PART)


def _error_response(error: BusinessRuleError) -> Response[Any]:
    first = error.errors[0]
    return Response(
        {
            "code": first.code.value,
            "message": first.message,
            "errors": [
                {"code": e.code.value, "message": e.message, "params": e.params or {}}
                for e in error.errors
            ],
        },
        status_code=400,
    )


@post(
    "/files",
    include_in_schema=False,
    request_max_body_size=LARGEST_UPLOAD + 1024 * 1024,
    status_code=201,
)
async def upload_file(
    data: Annotated[dict[str, Any], MULTIPART], request_context: OrbitContext
) -> Response[Any]:
    upload = data.get("file")
    if not isinstance(upload, UploadFile):
        return Response(
            {"code": "FILE_MISSING", "message": "Send the file in the form field 'file'."},
            status_code=400,
        )
    content = await upload.read()
    purpose = data.get("purpose")
    try:
        async with request_context.writer() as actor:
            row = await store_upload(
                actor, Upload(str(purpose or ""), upload.filename or "file", content)
            )
            answer = {
                "id": str(row.id),
                "fileName": row.file_name,
                "contentType": row.content_type,
                "sizeBytes": row.size_bytes,
                "url": download_path(actor.settings, row),
            }
    except BusinessRuleError as error:
        return _error_response(error)
    return Response(answer, status_code=201)


def _inline(found: FileContent) -> bool:
    return found.row.content_type.startswith("image/") or found.row.content_type == (
        "application/pdf"
    )


@get("/files/{tenant:str}/{file:str}/{name:str}", include_in_schema=False)
async def download_file(
    request: Request[Any, Any, Any], tenant: str, file: str, name: str
) -> Response[Any]:
    services: Services = request.app.state.services
    try:
        tenant_id, file_id = uuid.UUID(tenant), uuid.UUID(file)
        expires = int(request.query_params.get("expires", ""))
    except ValueError as error:
        raise NotFound() from error
    signature = request.query_params.get("signature", "")
    if not links.verify(services.settings, tenant_id, file_id, expires, signature):
        raise NotFound()
    async with services.db.transaction(tenant_id) as session:
        found = await signed_file(
            Actor(services=services, session=session, system_tenant_id=tenant_id), file_id
        )
    disposition = "inline" if _inline(found) else "attachment"
    return Response(
        found.content,
        media_type=found.row.content_type,
        headers={
            "Content-Disposition": f"{disposition}; filename*=UTF-8''{quote(found.row.file_name)}",
            "Cache-Control": "private, max-age=600",
            "X-Content-Type-Options": "nosniff",
            "Content-Security-Policy": "sandbox; default-src 'none'",
        },
    )
