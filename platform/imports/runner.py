"""Running an import job in the worker, as the user who started it.

Every unit (a customer, a product, an order with all its lines) is written by the same
service the API uses: customers and products each in a savepoint of its own, a chunk's
orders with one call of `orders.services.create_orders` (create_order's checks, batched). A unit
that breaks a rule leaves nothing behind, so an order is never half imported. What happens
to the units that passed depends on the job:

* dry run: one transaction, rolled back at the end; the report is what a commit would do.
* ALL_OR_NOTHING: one transaction, committed only when no row was rejected.
* VALID_ROWS: one transaction per chunk, each committed with the job's progress.

Duplicates (an external reference or SKU code that exists, also one another import wrote
meanwhile) are the service's own "taken" errors, reported as DUPLICATE and skipped.
Progress is saved every chunk, so the console can show it while the job runs.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

import structlog
from sqlalchemy import delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

import audit.services as audit
import orders.services as orders
from core.context import Actor, Services
from core.db import after_commit_mark, bind_tenant, discard_after_commit, run_after_commit
from core.errors import AccessError, BusinessRuleError
from core.ids import new_id
from core.outbox import emit
from core.tenancy import Principal, PrincipalKind
from imports.authorization import remembering
from imports.events import ImportCompleted
from imports.files import read_table
from imports.kinds import Kind, RowIssue, missing_columns
from imports.models import ImportIssue, ImportJob
from imports.preparation import Unit, prepare

CHUNK_ROWS = 500
# Orders are written by one batch call per chunk: fewer, larger chunks cost fewer statements.
ORDER_CHUNK_ROWS = 2000
DUPLICATE_CODES = {"EXTERNAL_REF_TAKEN", "SKU_TAKEN"}

log = structlog.get_logger("orbit.imports")


class Status(StrEnum):
    """Where an import job is (stored as its value)."""

    QUEUED = "queued"
    RUNNING = "running"
    COMPLETED = "completed"
    FAILED = "failed"


class Mode(StrEnum):
    """What a commit does when some rows are rejected (stored as its value)."""

    ALL_OR_NOTHING = "all_or_nothing"
    VALID_ROWS = "valid_rows"


@dataclass
class Claimed:
    tenant_id: uuid.UUID
    job_id: uuid.UUID
    kind: Kind
    file_format: str
    mode: str
    dry_run: bool
    principal: Principal
    content: bytes
    label: str | None = None


@dataclass
class Tally:
    processed: int = 0
    valid: int = 0
    duplicates: int = 0
    errors: int = 0
    issues: list[RowIssue] = field(default_factory=list)

    def values(self) -> dict[str, Any]:
        return {
            "processed_rows": self.processed,
            "valid_rows": self.valid,
            "duplicate_rows": self.duplicates,
            "error_rows": self.errors,
        }


class JobFailed(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code, self.message = code, message


def _now() -> datetime:
    return datetime.now(UTC)


# --- the job -------------------------------------------------------------------------------


async def run_import_job(services: Services, tenant_id: uuid.UUID, job_id: uuid.UUID) -> None:
    """Run one queued job (again, after a crash: rows written before count as duplicates)."""
    claimed = await _claim(services, tenant_id, job_id)
    if claimed is None:
        return
    try:
        await _run(services, claimed)
    except JobFailed as failure:
        await _finish_failed(services, claimed, Tally(), failure.code, failure.message)
    except Exception:
        log.exception("import.crashed", job_id=str(job_id))
        await _finish_failed(
            services,
            claimed,
            Tally(),
            "INTERNAL_ERROR",
            "The import stopped unexpectedly; nothing more was written.",
        )
        raise


async def _claim(services: Services, tenant_id: uuid.UUID, job_id: uuid.UUID) -> Claimed | None:
    async with services.db.transaction(tenant_id) as session:
        job = await session.scalar(
            select(ImportJob)
            .where(ImportJob.tenant_id == tenant_id, ImportJob.id == job_id)
            .with_for_update()
            .execution_options(populate_existing=True)
        )
        if job is None or job.status not in (Status.QUEUED, Status.RUNNING):
            return None
        content = await session.scalar(
            select(ImportJob.content).where(
                ImportJob.tenant_id == tenant_id, ImportJob.id == job_id
            )
        )
        await session.execute(
            delete(ImportIssue).where(
                ImportIssue.tenant_id == tenant_id, ImportIssue.job_id == job_id
            )
        )
        job.status, job.started_at, job.updated_at = Status.RUNNING, _now(), _now()
        for name, value in Tally().values().items():
            setattr(job, name, value)
        principal = Principal(
            kind=PrincipalKind(job.created_by_kind),
            tenant_id=tenant_id,
            subject_id=job.created_by_id,
        )
        return Claimed(
            tenant_id,
            job_id,
            Kind(job.kind),
            job.file_format,
            job.mode,
            job.dry_run,
            principal,
            content or b"",
        )


async def _run(services: Services, job: Claimed) -> None:
    try:
        table = read_table(job.file_format, job.content)
    except BusinessRuleError as error:
        raise JobFailed(error.errors[0].code, error.errors[0].message) from error
    missing = missing_columns(job.kind, table.columns)
    if missing:
        raise JobFailed("MISSING_COLUMNS", f"Missing columns: {', '.join(missing)}.")
    async with services.db.sessions() as session:
        actor = await _acting_user(services, session, job)
        units = await prepare(actor, job.kind, table)
        await session.rollback()
        if job.dry_run or job.mode == Mode.ALL_OR_NOTHING:
            await _run_in_one_transaction(services, session, job, units)
        else:
            await _run_in_chunks(services, session, job, units)


async def _acting_user(services: Services, session: AsyncSession, job: Claimed) -> Actor:
    """The user who started the import, if they may still act (else the job fails)."""
    await session.begin()
    await bind_tenant(session, job.tenant_id)
    return await _acting_user_in(services, session, job)


def _chunks(job: Claimed, units: Sequence[Unit]) -> list[list[Unit]]:
    size = ORDER_CHUNK_ROWS if job.kind is Kind.ORDERS else CHUNK_ROWS
    chunks: list[list[Unit]] = [[]]
    rows = 0
    for unit in units:
        if rows >= size:
            chunks.append([])
            rows = 0
        chunks[-1].append(unit)
        rows += len(unit.rows)
    return chunks


async def _run_in_one_transaction(
    services: Services, session: AsyncSession, job: Claimed, units: list[Unit]
) -> None:
    tally = Tally()
    await session.begin()
    await bind_tenant(session, job.tenant_id)
    actor = await _acting_user_in(services, session, job)
    for chunk in _chunks(job, units):
        await _apply_chunk(actor, chunk, tally)
        await _save_progress_apart(services, job, tally)
    if job.dry_run or tally.errors:
        discard_after_commit(session)
        await session.rollback()
        if job.dry_run:
            await _finish(services, job, tally, written=0)
        else:
            await _finish_failed(
                services,
                job,
                tally,
                "ROWS_REJECTED",
                f"{tally.errors} rows were rejected; nothing was written.",
            )
        return
    await _finalize(actor, job, tally, written=tally.valid)
    await session.commit()
    await run_after_commit(session)


async def _run_in_chunks(
    services: Services, session: AsyncSession, job: Claimed, units: list[Unit]
) -> None:
    tally = Tally()
    written = 0
    chunks = _chunks(job, units)
    for index, chunk in enumerate(chunks):
        await session.begin()
        await bind_tenant(session, job.tenant_id)
        actor = await _acting_user_in(services, session, job)
        start = len(tally.issues)
        await _apply_chunk(actor, chunk, tally)
        written = tally.valid
        await _save_issues(session, job, tally.issues[start:])
        if index == len(chunks) - 1:
            await _finalize(actor, job, tally, written=written, issues_saved=True)
        else:
            await _save_progress(session, job, tally, written)
        await session.commit()
    # The committed chunks' events are relayed once the job is done, so their dispatch does
    # not compete with the remaining chunks (the relay's sweep finds any left behind).
    await run_after_commit(session)


async def _acting_user_in(services: Services, session: AsyncSession, job: Claimed) -> Actor:
    label = await services.verify_principal(session, job.principal)
    if label is None:
        raise JobFailed("UNAUTHENTICATED", "The user who started the import can no longer sign in.")
    job.label = label
    return Actor(
        services=remembering(services), session=session, principal=job.principal, actor_label=label
    )


# --- units ---------------------------------------------------------------------------------


async def _apply_chunk(actor: Actor, chunk: list[Unit], tally: Tally) -> None:
    batched = await _write_orders(actor, [unit for unit in chunk if unit.order is not None])
    for unit in chunk:
        if unit.issues:
            issues = unit.issues
        elif id(unit) in batched:
            issues = batched[id(unit)]
        else:
            issues = await _write_unit(actor, unit)
        if issues and issues[0].code != "DUPLICATE":
            issues = [*issues, *_rejected_with(unit, issues)]
        rows = len(unit.rows)
        tally.processed += rows
        if not issues:
            tally.valid += rows
        elif all(issue.code == "DUPLICATE" for issue in issues):
            tally.duplicates += rows
        else:
            tally.errors += rows
        tally.issues.extend(issues)
    # Written rows stay in the transaction, not in the session: keep its identity map small.
    actor.session.expunge_all()


async def _write_unit(actor: Actor, unit: Unit) -> list[RowIssue]:
    """Write one unit in a savepoint; its user errors (or DUPLICATE) when it is refused."""
    assert unit.write is not None
    session = actor.session
    mark = after_commit_mark(session)
    try:
        async with session.begin_nested():
            await unit.write(actor)
    except BusinessRuleError as error:
        discard_after_commit(session, mark)
        return _refused(unit, error)
    except AccessError as error:
        discard_after_commit(session, mark)
        return [RowIssue(unit.rows[0].number, None, error.code, str(error))]
    return []


async def _write_orders(actor: Actor, units: list[Unit]) -> dict[int, list[RowIssue]]:
    """Write the chunk's orders with one batch call (each order is written whole or not at
    all); the issues of each unit, keyed by `id(unit)` (none for a written order)."""
    if not units:
        return {}
    try:
        results = await orders.create_orders(
            actor, [unit.order for unit in units if unit.order is not None]
        )
    except AccessError as error:
        return {
            id(unit): [RowIssue(unit.rows[0].number, None, error.code, str(error))]
            for unit in units
        }
    return {
        id(unit): _refused(unit, result) if isinstance(result, BusinessRuleError) else []
        for unit, result in zip(units, results, strict=True)
    }


def _refused(unit: Unit, error: BusinessRuleError) -> list[RowIssue]:
    """A refused unit's user errors as report lines; a taken reference is a DUPLICATE."""
    taken = [e for e in error.errors if e.code in DUPLICATE_CODES]
    if taken:
        column = unit.issues_for(taken[:1])[0].column
        return [
            RowIssue(row.number, column, "DUPLICATE", "Already exists; skipped.")
            for row in unit.rows
        ]
    return unit.issues_for(error.errors)


def _rejected_with(unit: Unit, issues: list[RowIssue]) -> list[RowIssue]:
    """The other rows of a refused order: not imported either, and the report says why."""
    at_fault = {issue.row_number for issue in issues}
    return [
        RowIssue(
            row.number,
            None,
            "ORDER_REJECTED",
            "Not imported: another row of this order has an error.",
        )
        for row in unit.rows
        if row.number not in at_fault
    ]


# --- saving progress and the outcome -------------------------------------------------------


async def _save_progress(session: AsyncSession, job: Claimed, tally: Tally, written: int) -> None:
    await session.execute(
        update(ImportJob)
        .where(ImportJob.tenant_id == job.tenant_id, ImportJob.id == job.job_id)
        .values(**tally.values(), written_rows=written, updated_at=_now())
    )


async def _save_progress_apart(services: Services, job: Claimed, tally: Tally) -> None:
    """Progress of a job whose writes wait for one commit, in a transaction of its own."""
    async with services.db.transaction(job.tenant_id) as session:
        await _save_progress(session, job, tally, written=0)


async def _save_issues(session: AsyncSession, job: Claimed, issues: list[RowIssue]) -> None:
    if issues:
        await session.execute(
            insert(ImportIssue),
            [
                {
                    "tenant_id": job.tenant_id,
                    "id": new_id(),
                    "job_id": job.job_id,
                    "row_number": i.row_number,
                    "column": i.column,
                    "code": i.code,
                    "message": i.message,
                }
                for i in issues
            ],
        )


async def _finalize(
    actor: Actor,
    job: Claimed,
    tally: Tally,
    *,
    written: int,
    status: str = Status.COMPLETED,
    failure: tuple[str, str] | None = None,
    issues_saved: bool = False,
) -> None:
    """Record the outcome in the actor's transaction: counts, report, audit and event."""
    if not issues_saved:
        await _save_issues(actor.session, job, tally.issues)
    code, message = failure or (None, None)
    await actor.session.execute(
        update(ImportJob)
        .where(ImportJob.tenant_id == job.tenant_id, ImportJob.id == job.job_id)
        .values(
            **tally.values(),
            written_rows=written,
            status=status,
            failure_code=code,
            failure_message=message,
            finished_at=_now(),
            updated_at=_now(),
            content=None,
        )
    )
    completed = ImportCompleted(
        import_job_id=job.job_id,
        kind=job.kind.value,
        dry_run=job.dry_run,
        mode=job.mode,
        status=status,
        rows=tally.processed,
        written=written,
        duplicates=tally.duplicates,
        errors=tally.errors,
        failure_code=code,
    )
    outcome = {key: value for key, value in completed.payload().items() if key != "importJobId"}
    await audit.record(actor, "imports.finish", "import_job", job.job_id, after=outcome)
    await emit(actor, completed)


async def _finish(services: Services, job: Claimed, tally: Tally, *, written: int) -> None:
    async with services.db.transaction(job.tenant_id) as session:
        actor = Actor(
            services=services, session=session, principal=job.principal, actor_label=job.label
        )
        await _finalize(actor, job, tally, written=written)


async def _finish_failed(
    services: Services, job: Claimed, tally: Tally, code: str, message: str
) -> None:
    async with services.db.transaction(job.tenant_id) as session:
        actor = Actor(
            services=services, session=session, principal=job.principal, actor_label=job.label
        )
        await _finalize(actor, job, tally, written=0, status=Status.FAILED, failure=(code, message))
