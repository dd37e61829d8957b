"""The HTTP route a return label's PDF is downloaded from (`/documents/returns/<return
id>.pdf`, as RMA-000042.pdf). It authenticates like GraphQL requests (the composition
root provides the same context getter); staff need returns:read with the customer in their
data scope, a portal contact gets their own customer's labels; anything else is 404."""

from __future__ import annotations

import uuid
from typing import Any

import structlog
from litestar import Request, Response, get

from core.context import Services
from core.errors import Forbidden, NotFound
from core.gql.context import OrbitContext
from returns import label_pdf
from returns.labels import return_label

log = structlog.get_logger("orbit.returns")


def _return_id(document: str) -> uuid.UUID:
    stem, dot, extension = document.rpartition(".")
    try:
        if not dot or extension.lower() != "pdf":
            raise ValueError(document)
        return uuid.UUID(stem)
    except ValueError as error:
        raise NotFound() from error


@get("/documents/returns/{document:str}", include_in_schema=False)
async def return_label_download(
    request: Request[Any, Any, Any], document: str, request_context: OrbitContext
) -> Response[Any]:
    return_id = _return_id(document)
    services: Services = request.app.state.services
    actor = await request_context.reader()
    try:
        label = await return_label(actor, return_id)
    except Forbidden as error:
        raise NotFound() from error
    try:
        pdf = label_pdf.render(label, services.settings)
    except label_pdf.FontMissing as missing:
        log.error("return_label.font_missing", reason=str(missing))
        return Response(
            {"error": "return labels are unavailable", "reason": str(missing)}, status_code=503
        )
    return Response(
        pdf,
        media_type="application/pdf",
        headers={
            "Content-Disposition": f'inline; filename="{label_pdf.file_name(label.row)}"',
            "Cache-Control": "private, no-store",
        },
    )
