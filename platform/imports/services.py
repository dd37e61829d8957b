"""Import use cases: starting an import (the file is checked, kept and handed to the
worker), reading jobs and their row reports, and the column templates.

Starting needs imports:run and the permission the rows need (customers:write,
products:write or orders:write); the worker then writes every row through the domain's own
service as the user who started the import (`imports.runner`).
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import audit.services as audit
from core import access
from core.context import Actor
from core.db import after_commit
from core.errors import BusinessRuleError
from core.ids import new_id
from core.pagination import Page, keyset_page
from imports import files
from imports.errors import ImportErrorCode
from imports.kinds import COLUMNS, Column, Kind, missing_columns, template_csv
from imports.models import ImportIssue, ImportJob
from imports.runner import Mode, Status

IMPORT_JOB = "run_import"
TARGET_RESOURCE = {Kind.CUSTOMERS: "customers", Kind.PRODUCTS: "products", Kind.ORDERS: "orders"}
MODES = (Mode.ALL_OR_NOTHING, Mode.VALID_ROWS)
MAX_FILE_NAME = 255


@dataclass(frozen=True)
class NewImport:
    kind: Kind
    file_name: str
    content_base64: str
    dry_run: bool
    mode: str


@dataclass(frozen=True)
class ImportTemplate:
    kind: Kind
    columns: tuple[Column, ...]
    csv: str


# --- starting ------------------------------------------------------------------------------


def _decoded(content_base64: str) -> bytes:
    if len(content_base64) > files.MAX_FILE_BYTES * 4 // 3 + 4:
        raise _too_large()
    try:
        content = base64.b64decode(content_base64.strip(), validate=True)
    except (binascii.Error, ValueError) as error:
        raise BusinessRuleError.single(
            ImportErrorCode.INVALID_CONTENT, "The content is not base64.", "contentBase64"
        ) from error
    if not content:
        raise BusinessRuleError.single(
            ImportErrorCode.EMPTY_FILE, "The file is empty.", "contentBase64"
        )
    if len(content) > files.MAX_FILE_BYTES:
        raise _too_large()
    return content


def _too_large() -> BusinessRuleError:
    return BusinessRuleError.single(
        ImportErrorCode.FILE_TOO_LARGE,
        f"At most {files.MAX_FILE_BYTES // 1_000_000} MB per file.",
        "contentBase64",
    )


async def _checked_table(kind: Kind, file_format: str, content: bytes) -> files.Table:
    # Reading a large XLSX takes a while: keep it off the event loop.
    table = await asyncio.to_thread(files.read_table, file_format, content)
    missing = missing_columns(kind, table.columns)
    if missing:
        raise BusinessRuleError.single(
            ImportErrorCode.MISSING_COLUMNS,
            f"The file lacks the columns {', '.join(missing)}.",
            "contentBase64",
        )
    if not table.rows:
        raise BusinessRuleError.single(
            ImportErrorCode.EMPTY_FILE, "The file has no data rows.", "contentBase64"
        )
    return table


async def start_import(actor: Actor, data: NewImport) -> ImportJob:
    """Check the file (format, size, columns), keep it and queue the job; the worker runs
    it after this transaction commits."""
    principal = await actor.require("imports", "run")
    await actor.require(TARGET_RESOURCE[data.kind], "write")
    if data.mode not in MODES:
        raise BusinessRuleError.single(ImportErrorCode.INVALID_MODE, "Unknown mode.", "mode")
    name = data.file_name.strip()
    if not 1 <= len(name) <= MAX_FILE_NAME:
        raise BusinessRuleError.single(
            ImportErrorCode.INVALID_FILE_NAME, "1 to 255 characters.", "fileName"
        )
    content = _decoded(data.content_base64)
    file_format = files.file_format(name, content)
    table = await _checked_table(data.kind, file_format, content)
    job = ImportJob(
        tenant_id=actor.tenant_id,
        id=new_id(),
        kind=data.kind.value,
        file_name=name,
        file_format=file_format,
        mode=data.mode,
        dry_run=data.dry_run,
        status=Status.QUEUED,
        content=content,
        total_rows=len(table.rows),
        processed_rows=0,
        valid_rows=0,
        written_rows=0,
        duplicate_rows=0,
        error_rows=0,
        created_by_kind=principal.kind.value,
        created_by_id=principal.subject_id,
        updated_at=datetime.now(UTC),
    )
    actor.session.add(job)
    await actor.session.flush()
    await audit.record(actor, "imports.start", "import_job", job.id, after=_summary(job))
    enqueue, tenant_id, job_id = actor.services.enqueue_job, actor.tenant_id, job.id

    async def queue_job() -> None:
        await enqueue(IMPORT_JOB, str(tenant_id), str(job_id), _job_id=f"import:{job_id}")

    after_commit(actor.session, queue_job)
    return job


def _summary(job: ImportJob) -> dict[str, Any]:
    return {
        "kind": job.kind,
        "fileName": job.file_name,
        "format": job.file_format,
        "mode": job.mode,
        "dryRun": job.dry_run,
        "rows": job.total_rows,
    }


# --- reading -------------------------------------------------------------------------------


async def get_job(actor: Actor, job_id: uuid.UUID) -> ImportJob:
    """A job the caller may read (imports:read; a role scoped to its own records reaches the
    imports its user started), or NOT_FOUND."""
    return await access.get_scoped(actor, ImportJob, job_id)


async def jobs_by_id(actor: Actor, ids: list[uuid.UUID]) -> list[ImportJob | None]:
    return await access.rows_by_id(actor, ImportJob, ids)


async def list_jobs(actor: Actor, first: int | None, after: str | None) -> Page[ImportJob]:
    """Imports newest first."""
    return await keyset_page(
        actor.session,
        await access.restrict(actor, ImportJob),
        [ImportJob.created_at, ImportJob.id],
        first=first,
        after=after,
    )


async def job_issues(
    actor: Actor, job: ImportJob, first: int | None, after: str | None
) -> Page[ImportIssue]:
    """The report of a job the caller already reached, by row number."""
    statement = (await access.restrict(actor, ImportIssue)).where(ImportIssue.job_id == job.id)
    return await keyset_page(
        actor.session,
        statement,
        [ImportIssue.row_number, ImportIssue.id],
        first=first,
        after=after,
        descending=False,
    )


async def import_template(actor: Actor, kind: Kind) -> ImportTemplate:
    """The columns of one kind of import, with a CSV template (imports:read)."""
    await actor.require("imports", "read")
    return ImportTemplate(kind=kind, columns=COLUMNS[kind], csv=template_csv(kind))
