"""Reminders for approvals that wait too long: the worker's cron job.

Each active step has a row in the platform-level `approval_reminder_queue` saying when to
look at it next. The job takes the due rows and, per row, in a transaction bound to the
row's tenant: locks the queue row (skipping rows another worker holds), re-reads the step
and the tenant's `reminder_after_hours`, records the n-th reminder the step has earned
(unique per step and number) with an `approval.reminder` event, and moves the row to the
next reminder's time. A job that runs twice or a worker that restarts finds the reminder
recorded and sends nothing again; the event's handler notifies the approvers.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import structlog
from sqlalchemy import delete, select
from sqlalchemy.dialects.postgresql import insert

from approvals import rules
from approvals.events import ApprovalReminderSent
from approvals.models import (
    ApprovalReminder,
    ApprovalReminderDue,
    ApprovalRequest,
    ApprovalStep,
)
from approvals.rules import StepStatus
from approvals.settings import effective_settings
from approvals.submission import RECHECK_WITHOUT_REMINDERS
from core.context import Actor, Services
from core.ids import new_id
from core.outbox import emit

BATCH_SIZE = 100

log = structlog.get_logger("orbit.approvals")


def utcnow() -> datetime:
    return datetime.now(UTC)


async def send_due_reminders(services: Services, batch_size: int = BATCH_SIZE) -> int:
    """Record the reminders that are due across tenants; returns how many were recorded."""
    async with services.db.transaction() as session:
        due = (
            await session.execute(
                select(ApprovalReminderDue.tenant_id, ApprovalReminderDue.step_id)
                .where(ApprovalReminderDue.due_at <= utcnow())
                .order_by(ApprovalReminderDue.due_at)
                .limit(batch_size)
            )
        ).all()
    recorded = 0
    for tenant_id, step_id in due:
        async with services.db.transaction(tenant_id) as session:
            actor = Actor(services=services, session=session, system_tenant_id=tenant_id)
            recorded += await remind_step(actor, step_id)
    if recorded:
        log.info("approval.reminders", recorded=recorded)
    return recorded


async def remind_step(actor: Actor, step_id: uuid.UUID) -> int:
    """1 when a new reminder of the step was recorded, else 0."""
    entry = await actor.session.scalar(
        select(ApprovalReminderDue)
        .where(ApprovalReminderDue.step_id == step_id, ApprovalReminderDue.due_at <= utcnow())
        .with_for_update(skip_locked=True)
    )
    if entry is None:
        return 0
    step, busy = await _step_unless_busy(actor, step_id)
    if busy:
        return 0  # a decision holds it: look again on the next run
    if step is None or step.status != StepStatus.PENDING.value or step.activated_at is None:
        await actor.session.execute(
            delete(ApprovalReminderDue).where(ApprovalReminderDue.step_id == step_id)
        )
        return 0
    hours = (await effective_settings(actor)).reminder_after_hours
    if hours is None:
        entry.due_at = utcnow() + RECHECK_WITHOUT_REMINDERS
        return 0
    earned = rules.reminders_due((utcnow() - step.activated_at).total_seconds(), hours)
    entry.due_at = step.activated_at + timedelta(hours=hours * (earned + 1))
    if earned < 1:
        return 0
    return await _record(actor, step, earned, hours)


async def _step_unless_busy(actor: Actor, step_id: uuid.UUID) -> tuple[ApprovalStep | None, bool]:
    """(the step, key-share locked for the reminder's foreign key; busy): busy when a
    decision holds the step. Never waiting on a step while holding its queue row keeps this
    job out of a deadlock with a decision (which locks the step, then deletes the row)."""
    step = await actor.session.scalar(
        select(ApprovalStep)
        .where(ApprovalStep.tenant_id == actor.tenant_id, ApprovalStep.id == step_id)
        .with_for_update(key_share=True, skip_locked=True)
    )
    if step is not None:
        return step, False
    exists = await actor.session.scalar(
        select(ApprovalStep.id).where(
            ApprovalStep.tenant_id == actor.tenant_id, ApprovalStep.id == step_id
        )
    )
    return None, exists is not None


async def _record(actor: Actor, step: ApprovalStep, number: int, hours: int) -> int:
    inserted = await actor.session.execute(
        insert(ApprovalReminder)
        .values(
            tenant_id=actor.tenant_id,
            id=new_id(),
            step_id=step.id,
            reminder_no=number,
        )
        .on_conflict_do_nothing(
            index_elements=[
                ApprovalReminder.tenant_id,
                ApprovalReminder.step_id,
                ApprovalReminder.reminder_no,
            ]
        )
        .returning(ApprovalReminder.id)
    )
    if inserted.first() is None:
        return 0
    request = await actor.session.get(ApprovalRequest, (actor.tenant_id, step.request_id))
    assert request is not None
    await emit(
        actor,
        ApprovalReminderSent(
            request_id=request.id,
            step_id=step.id,
            order_id=request.order_id,
            number=request.order_number,
            level=step.level,
            reminder_no=number,
            after_hours=hours,
        ),
    )
    return 1
