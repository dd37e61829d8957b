"""Export use cases: starting one (the caller must be able to read the list; the filter is
checked up front), the caller's recent exports and their files, and the worker's run, which
reads the list through its own service as the user who asked, so permissions and data scope
are the list's own.

Only the user who asked reaches an export or its file; files are kept for KEEP_DAYS."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any

import structlog
from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

import identity.services as identity
import notifications.services as notifications
from core.context import Actor, Services
from core.db import after_commit
from core.errors import BusinessRuleError, NotFound
from core.ids import new_id
from core.pagination import MAX_PAGE_SIZE
from core.tenancy import Principal, PrincipalKind
from exports import files, notices, sources
from exports.errors import ExportErrorCode
from exports.files import FileFormat
from exports.models import Export
from exports.sources import Cell, ExportList, FilterReader, InvalidFilter, ListSource
from notifications import is_chinese

EXPORT_JOB = "run_export"
KEEP_DAYS = 7
RECENT = 20
EXPORT_READY = "export_ready"
EXPORTS_PAGE = "/exports"

log = structlog.get_logger("orbit.exports")


class Status(StrEnum):
    """Where an export is (stored as its value)."""

    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


@dataclass(frozen=True)
class NewExport:
    list_name: str
    file_format: str
    filter: Mapping[str, Any] | None


@dataclass(frozen=True)
class ExportFile:
    file_name: str
    media_type: str
    content: bytes


# --- starting ------------------------------------------------------------------------------


def _list_of(name: str) -> ExportList:
    try:
        return ExportList(name.strip().lower())
    except ValueError as error:
        known = ", ".join(kind.name for kind in ExportList)
        raise BusinessRuleError.single(
            ExportErrorCode.UNKNOWN_LIST, f"Export one of {known}.", "list"
        ) from error


def _format_of(name: str) -> FileFormat:
    try:
        return FileFormat(name.strip().lower())
    except ValueError as error:
        raise BusinessRuleError.single(
            ExportErrorCode.UNKNOWN_FORMAT, "Export as CSV or XLSX.", "format"
        ) from error


def parsed_filter(source: ListSource, raw: Mapping[str, Any] | None) -> Any:
    """The list's own filter object from its GraphQL filter given as JSON."""
    if raw is not None and not isinstance(raw, Mapping):
        raise BusinessRuleError.single(
            ExportErrorCode.INVALID_FILTER, "The filter must be a JSON object.", "filter"
        )
    try:
        return source.parse(FilterReader(raw or {}, _known_keys(source)))
    except InvalidFilter as error:
        raise BusinessRuleError.single(
            ExportErrorCode.INVALID_FILTER, str(error), "filter"
        ) from error


def _known_keys(source: ListSource) -> tuple[str, ...]:
    return source.filter_keys


async def start_export(actor: Actor, data: NewExport) -> Export:
    """Check the list, format and filter, read the list's first row as the caller (its
    permission and data scope: Forbidden without them) and queue the job."""
    principal = actor.require_principal()
    kind = _list_of(data.list_name)
    file_format = _format_of(data.file_format)
    source = sources.source_of(kind)
    flt = parsed_filter(source, data.filter)
    await source.fetch(actor, flt, 1, None)
    now = datetime.now(UTC)
    export = Export(
        tenant_id=actor.tenant_id,
        id=new_id(),
        list_name=kind.value,
        file_format=file_format.value,
        filter=dict(data.filter or {}),
        status=Status.QUEUED,
        row_count=0,
        file_name=f"{kind.value}-{now:%Y%m%d-%H%M%S}.{file_format.value}",
        created_by_kind=principal.kind.value,
        created_by_id=principal.subject_id,
        expires_at=now + timedelta(days=KEEP_DAYS),
    )
    actor.session.add(export)
    await actor.session.flush()
    enqueue, tenant_id, export_id = actor.services.enqueue_job, actor.tenant_id, export.id

    async def queue_job() -> None:
        await enqueue(EXPORT_JOB, str(tenant_id), str(export_id), _job_id=f"export:{export_id}")

    after_commit(actor.session, queue_job)
    return export


# --- reading -------------------------------------------------------------------------------


def _mine(actor: Actor) -> Any:
    principal = actor.require_principal()
    return select(Export).where(
        Export.tenant_id == actor.tenant_id,
        Export.created_by_kind == principal.kind.value,
        Export.created_by_id == principal.subject_id,
    )


async def recent_exports(actor: Actor) -> list[Export]:
    """The caller's exports that have not expired, newest first (at most RECENT)."""
    statement = (
        _mine(actor)
        .where(Export.expires_at > datetime.now(UTC))
        .order_by(Export.created_at.desc(), Export.id.desc())
        .limit(RECENT)
    )
    return list((await actor.session.scalars(statement)).all())


async def exports_by_id(actor: Actor, ids: list[uuid.UUID]) -> list[Export | None]:
    rows = (await actor.session.scalars(_mine(actor).where(Export.id.in_(ids)))).all()
    found = {row.id: row for row in rows}
    return [found.get(export_id) for export_id in ids]


async def export_file(actor: Actor, export_id: uuid.UUID) -> ExportFile:
    """The file of one of the caller's finished exports; NOT_FOUND for anyone else's, an
    unfinished or an expired one."""
    export = await actor.session.scalar(
        _mine(actor)
        .where(Export.id == export_id, Export.status == Status.DONE)
        .where(Export.expires_at > datetime.now(UTC))
    )
    if export is None:
        raise NotFound()
    content = await actor.session.scalar(
        select(Export.content).where(Export.id == export.id, Export.tenant_id == actor.tenant_id)
    )
    if content is None:
        raise NotFound()
    file_format = FileFormat(export.file_format)
    return ExportFile(export.file_name, files.MEDIA_TYPES[file_format], content)


def download_path(export: Export) -> str:
    return f"/documents/exports/{export.id}"


# --- the worker's run ----------------------------------------------------------------------


class _Failed(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code, self.message = code, message


@dataclass(frozen=True)
class _Claimed:
    tenant_id: uuid.UUID
    export_id: uuid.UUID
    kind: ExportList
    file_format: FileFormat
    filter: dict[str, Any]
    principal: Principal


async def run_export_job(services: Services, tenant_id: uuid.UUID, export_id: uuid.UUID) -> None:
    """Write one queued export's file (again, when a crashed run left it running)."""
    claimed = await _claim(services, tenant_id, export_id)
    if claimed is None:
        return
    try:
        content, rows = await _render(services, claimed)
    except _Failed as failure:
        await _finish(services, claimed, failure=failure)
    except Exception:
        log.exception("export.crashed", export_id=str(export_id))
        await _finish(
            services, claimed, failure=_Failed("INTERNAL_ERROR", "The export stopped unexpectedly.")
        )
        raise
    else:
        await _finish(services, claimed, content=content, rows=rows)


async def _claim(services: Services, tenant_id: uuid.UUID, export_id: uuid.UUID) -> _Claimed | None:
    async with services.db.transaction(tenant_id) as session:
        export = await session.scalar(
            select(Export)
            .where(Export.tenant_id == tenant_id, Export.id == export_id)
            .with_for_update()
        )
        if export is None or export.status not in (Status.QUEUED, Status.RUNNING):
            return None
        export.status = Status.RUNNING
        return _Claimed(
            tenant_id,
            export_id,
            ExportList(export.list_name),
            FileFormat(export.file_format),
            dict(export.filter),
            Principal(
                kind=PrincipalKind(export.created_by_kind),
                tenant_id=tenant_id,
                subject_id=export.created_by_id,
            ),
        )


async def _render(services: Services, job: _Claimed) -> tuple[bytes, int]:
    source = sources.source_of(job.kind)
    async with services.db.transaction(job.tenant_id) as session:
        label = await services.verify_principal(session, job.principal)
        if label is None:
            raise _Failed("UNAUTHENTICATED", "The user who asked can no longer sign in.")
        actor = Actor(
            services=services, session=session, principal=job.principal, actor_label=label
        )
        try:
            flt = parsed_filter(source, job.filter)
        except BusinessRuleError as error:
            raise _Failed(ExportErrorCode.INVALID_FILTER.value, str(error)) from error
        rows = await _rows(actor, source, flt)
        chinese = is_chinese(await _locale_of(actor, job.principal))
    headers = [column.header_zh if chinese else column.header for column in source.columns]
    content = await asyncio.to_thread(files.write, job.file_format, job.kind.value, headers, rows)
    return content, len(rows)


async def _rows(actor: Actor, source: ListSource, flt: Any) -> list[list[Cell]]:
    rows: list[list[Cell]] = []
    after: str | None = None
    max_rows = actor.settings.export_max_rows
    while True:
        page = await source.fetch(actor, flt, MAX_PAGE_SIZE, after)
        rows.extend([column.value(row) for column in source.columns] for row in page.rows)
        if len(rows) > max_rows:
            raise _Failed(
                ExportErrorCode.EXPORT_TOO_LARGE.value,
                f"The list has more than {max_rows:,} rows; narrow its filters.",
            )
        if not page.has_next_page or not page.cursors:
            return rows
        after = page.cursors[-1]


async def _locale_of(actor: Actor, principal: Principal) -> str | None:
    if principal.kind is not PrincipalKind.STAFF:
        return None
    [user] = await identity.users_by_id(actor, [principal.subject_id])
    return None if user is None else user.locale


async def _finish(
    services: Services,
    job: _Claimed,
    *,
    content: bytes | None = None,
    rows: int = 0,
    failure: _Failed | None = None,
) -> None:
    async with services.db.transaction(job.tenant_id) as session:
        export = await session.scalar(
            select(Export).where(Export.tenant_id == job.tenant_id, Export.id == job.export_id)
        )
        if export is None:
            return
        await _purge_expired(session, job.tenant_id)
        export.finished_at = datetime.now(UTC)
        export.row_count = rows
        if failure is None:
            export.status, export.content = Status.DONE, content
        else:
            export.status = Status.FAILED
            export.failure_code, export.failure_message = failure.code, failure.message
        if job.principal.kind is PrincipalKind.STAFF:
            actor = Actor(
                services=services, session=session, principal=job.principal, actor_label=""
            )
            await _notify(actor, export)


async def _purge_expired(session: AsyncSession, tenant_id: uuid.UUID) -> None:
    """Delete the tenant's expired exports: files are kept KEEP_DAYS, and every finished
    export clears those past their time."""
    await session.execute(
        delete(Export).where(Export.tenant_id == tenant_id, Export.expires_at <= datetime.now(UTC))
    )


async def _notify(actor: Actor, export: Export) -> None:
    chinese = is_chinese(await _locale_of(actor, actor.require_principal()))
    notice = notices.export_finished(export, chinese, KEEP_DAYS)
    await notifications.notify(
        actor, export.created_by_id, EXPORT_READY, notice, export.id, link=EXPORTS_PAGE
    )
