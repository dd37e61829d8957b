"""GraphQL for bulk imports: starting one, following its progress and reading its row
report, and the columns (with a CSV template) of each kind."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

import strawberry
from strawberry import relay
from strawberry.types import Info

import imports.services as imports
from core.gql.context import context_of
from core.gql.pagination import Connection, to_connection
from core.gql.types import (
    UserErrorType,
    decode_id,
    error_list_field,
    from_row,
    payload_of,
    resolve_by_ids,
    run_mutation,
    user_error_type,
)
from imports.errors import ImportErrorCode
from imports.kinds import Column, Kind
from imports.models import ImportIssue, ImportJob
from imports.runner import Mode, Status

ImportJobError = user_error_type(
    "ImportJobError", ImportErrorCode, description="Why an import did not start."
)


strawberry.enum(Kind, name="ImportKind", description="What an import creates.")


strawberry.enum(
    Mode, name="ImportMode", description="What a commit does when some rows are rejected."
)
strawberry.enum(Status, name="ImportStatus", description="Where an import job is.")


@strawberry.type(
    name="ImportIssue",
    description="One line of an import's report: a row that was rejected or skipped, and why.",
)
class ImportIssueType:
    row_number: int = strawberry.field(
        description="The row as a spreadsheet numbers it (the header is row 1)."
    )
    column: str | None = strawberry.field(description="The column at fault, if one is.")
    code: str = strawberry.field(
        description="Stable code, e.g. REQUIRED, UNKNOWN_SKU, DUPLICATE (skipped, not an error)."
    )
    message: str = strawberry.field(description="Human-readable explanation.")

    @classmethod
    def of(cls, issue: ImportIssue) -> ImportIssueType:
        return from_row(cls, issue)


@strawberry.type(
    name="ImportJob",
    description="One uploaded file being (or having been) checked or imported by the worker.",
)
class ImportJobType(relay.Node):
    id: relay.NodeID[str]
    kind: Kind = strawberry.field(description="What the rows create.")
    file_name: str = strawberry.field(description="The uploaded file's name.")
    file_format: str = strawberry.field(description="csv or xlsx.")
    mode: Mode = strawberry.field(
        description="What happens to valid rows when others are rejected."
    )
    dry_run: bool = strawberry.field(description="Only checked; nothing is written.")
    status: Status = strawberry.field(description="queued, running, completed or failed.")
    total_rows: int = strawberry.field(description="Data rows in the file.")
    processed_rows: int = strawberry.field(description="Rows the worker has gone through.")
    valid_rows: int = strawberry.field(
        description="Rows that passed every rule (written, or to be written by a commit)."
    )
    written_rows: int = strawberry.field(description="Rows actually written.")
    duplicate_rows: int = strawberry.field(description="Rows skipped as already existing.")
    error_rows: int = strawberry.field(
        description="Rows rejected (an order's rows count when any of them is)."
    )
    failure_code: str | None = strawberry.field(
        description="Why a failed job failed, e.g. ROWS_REJECTED (nothing written)."
    )
    failure_message: str | None = strawberry.field(description="The failure explained.")
    created_at: datetime = strawberry.field(description="When it was started.")
    started_at: datetime | None = strawberry.field(description="When the worker took it.")
    finished_at: datetime | None = strawberry.field(description="When it finished.")
    row: strawberry.Private[ImportJob]

    @strawberry.field(description="The report: rejected and skipped rows, by row number.")
    async def issues(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[ImportIssueType]:
        actor = await context_of(info).reader()
        page = await imports.job_issues(actor, self.row, first, after)
        return to_connection(page, ImportIssueType.of)

    @classmethod
    def of(cls, job: ImportJob) -> ImportJobType:
        return from_row(
            cls,
            job,
            kind=Kind(job.kind),
            mode=Mode(job.mode),
            status=Status(job.status),
            row=job,
        )

    @classmethod
    async def resolve_nodes(
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Any]:
        return await resolve_by_ids(info, node_ids, imports.jobs_by_id, cls.of, required)


@strawberry.type(name="ImportColumn", description="A column an import of some kind reads.")
class ImportColumnType:
    name: str = strawberry.field(description="The header to use (case-insensitive).")
    required: bool = strawberry.field(description="Rows without it are rejected.")
    description: str = strawberry.field(description="What goes in it.")
    example: str = strawberry.field(description="An example value.")

    @classmethod
    def of(cls, column: Column) -> ImportColumnType:
        return from_row(cls, column)


@strawberry.type(name="ImportTemplate", description="The columns of one kind of import.")
class ImportTemplateType:
    kind: Kind = strawberry.field(description="The kind.")
    columns: list[ImportColumnType] = strawberry.field(description="Its columns, in order.")
    csv: str = strawberry.field(description="A CSV file with the header and an example row.")


@strawberry.input(description="A file to import (or only check, with dryRun).")
class StartImportInput:
    kind: Kind = strawberry.field(description="What the rows create.")
    file_name: str = strawberry.field(description="The file's name (.csv or .xlsx).")
    content_base64: str = strawberry.field(
        description="The file's bytes, base64-encoded (at most 7 MB and 50,000 rows)."
    )
    dry_run: bool = strawberry.field(
        default=True, description="Only check every row as a commit would; write nothing."
    )
    mode: Mode = strawberry.field(
        default=Mode.ALL_OR_NOTHING,
        description="ALL_OR_NOTHING writes nothing if any row is rejected; VALID_ROWS "
        "writes the valid rows and reports the rest.",
    )


@strawberry.type(description="Result of startImport.")
class ImportJobPayload:
    import_job: ImportJobType | None = strawberry.field(description="The queued job.")
    user_errors: list[UserErrorType] = error_list_field(ImportJobError, "Why nothing started.")


@strawberry.type
class Query:
    @strawberry.field(description="One import job (imports:read).")
    async def import_job(self, info: Info, id: strawberry.ID) -> ImportJobType:
        actor = await context_of(info).reader()
        return ImportJobType.of(await imports.get_job(actor, decode_id(id, "ImportJob")))

    @strawberry.field(
        description="Import jobs, newest first (imports:read; a role scoped to "
        "its own records sees its user's)."
    )
    async def import_jobs(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[ImportJobType]:
        actor = await context_of(info).reader()
        return to_connection(await imports.list_jobs(actor, first, after), ImportJobType.of)

    @strawberry.field(description="The columns of one kind of import, with a CSV template.")
    async def import_template(self, info: Info, kind: Kind) -> ImportTemplateType:
        actor = await context_of(info).reader()
        template = await imports.import_template(actor, kind)
        return ImportTemplateType(
            kind=kind,
            columns=[ImportColumnType.of(c) for c in template.columns],
            csv=template.csv,
        )


@strawberry.type
class Mutation:
    @strawberry.mutation(
        description="Upload a file and queue its import (imports:run and "
        "the write permission of the kind). The worker checks or writes "
        "the rows; follow it with importJob."
    )
    async def start_import(self, info: Info, input: StartImportInput) -> ImportJobPayload:
        data = imports.NewImport(
            kind=input.kind,
            file_name=input.file_name,
            content_base64=input.content_base64,
            dry_run=input.dry_run,
            mode=input.mode.value,
        )
        outcome = await run_mutation(info, lambda actor: imports.start_import(actor, data))
        return payload_of(ImportJobPayload, outcome, ImportJobType.of)
