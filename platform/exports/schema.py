"""GraphQL for exports: starting one and the caller's recent exports with their download
links."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any, cast

import strawberry
from strawberry import relay
from strawberry.scalars import JSON
from strawberry.types import Info

import exports.services as exports
from core.gql.context import context_of
from core.gql.types import (
    UserErrorType,
    error_list_field,
    from_row,
    payload_of,
    resolve_by_ids,
    run_mutation,
    user_error_type,
)
from exports.errors import ExportErrorCode
from exports.models import Export
from exports.services import Status

ExportError = user_error_type("ExportError", ExportErrorCode, description="Why no export started.")

strawberry.enum(Status, name="ExportStatus", description="Where an export is.")


@strawberry.type(name="Export", description="A console list written to a file by the worker.")
class ExportType(relay.Node):
    id: relay.NodeID[str]
    list_name: str = strawberry.field(
        name="list",
        description="ORDERS, CUSTOMERS, PRODUCTS, INVOICES, RECEIVABLES, PAYMENTS or AUDIT.",
    )
    file_format: str = strawberry.field(name="format", description="CSV or XLSX.")
    filter: JSON = strawberry.field(description="The list's filter, as it was given.")
    status: Status = strawberry.field(description="queued, running, done or failed.")
    row_count: int = strawberry.field(description="Rows in the file (when done).")
    file_name: str = strawberry.field(description="The file's name.")
    failure_code: str | None = strawberry.field(
        description="Why a failed export failed, e.g. EXPORT_TOO_LARGE (over the row "
        "limit, 50,000 unless the operator set another)."
    )
    failure_message: str | None = strawberry.field(description="The failure explained.")
    created_at: datetime = strawberry.field(description="When it was asked for.")
    finished_at: datetime | None = strawberry.field(description="When the worker finished.")
    expires_at: datetime = strawberry.field(description="When the file is deleted.")
    download_url: str | None = strawberry.field(
        description="Where the file is downloaded (GET with your bearer token; only you), "
        "once done."
    )

    @classmethod
    def of(cls, export: Export) -> ExportType:
        done = export.status == Status.DONE
        return from_row(
            cls,
            export,
            list_name=export.list_name.upper(),
            file_format=export.file_format.upper(),
            status=Status(export.status),
            download_url=exports.download_path(export) if done else None,
        )

    @classmethod
    async def resolve_nodes(
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Any]:
        return await resolve_by_ids(info, node_ids, exports.exports_by_id, cls.of, required)


@strawberry.input(description="What to export.")
class StartExportInput:
    list: str = strawberry.field(
        description="The list: ORDERS, CUSTOMERS, PRODUCTS, INVOICES, RECEIVABLES, PAYMENTS "
        "or AUDIT (UNKNOWN_LIST otherwise)."
    )
    format: str = strawberry.field(description="CSV or XLSX (UNKNOWN_FORMAT otherwise).")
    filter: JSON | None = strawberry.field(
        default=None,
        description="The list's filter as its query takes it, camelCase keys (orders: "
        "OrderFilterInput; customers: search plus CustomerFilter; products: search, active; "
        "invoices: InvoiceFilter; receivables: ReceivableFilter; payments: PaymentFilter; "
        "audit: AuditLogFilter). INVALID_FILTER for a key or value the list does not take.",
    )


@strawberry.type(description="Result of startExport.")
class ExportPayload:
    export: ExportType | None = strawberry.field(description="The queued export.")
    user_errors: list[UserErrorType] = error_list_field(ExportError, "Why nothing started.")


@strawberry.type
class Query:
    @strawberry.field(
        description="Your exports that have not expired, newest first (at most 20; only the "
        "user who asked sees an export)."
    )
    async def exports(self, info: Info) -> list[ExportType]:
        actor = await context_of(info).reader()
        return [ExportType.of(export) for export in await exports.recent_exports(actor)]


@strawberry.type
class Mutation:
    @strawberry.mutation(
        description="Export a console list with its filters to CSV or XLSX (the list's own "
        "read permission and your data scope apply). The worker writes the file and "
        "notifies you; follow it with exports. Over the row limit (50,000 unless the "
        "operator set another) the export fails with EXPORT_TOO_LARGE."
    )
    async def start_export(self, info: Info, input: StartExportInput) -> ExportPayload:
        data = exports.NewExport(
            list_name=input.list,
            file_format=input.format,
            filter=cast("Mapping[str, Any] | None", input.filter),
        )
        outcome = await run_mutation(info, lambda actor: exports.start_export(actor, data))
        return payload_of(ExportPayload, outcome, ExportType.of)
