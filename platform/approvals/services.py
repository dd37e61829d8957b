"""Approval use cases: the approver's inbox, deciding a step (approve or reject with a
reason), reading an order's approval request, and closing requests whose order was
cancelled. Opening a request happens on submit (approvals.submission); reminders are the
worker's (approvals.reminders).

An approver holds `approvals:<level>` for the step's level (finance, manager, director).
Decisions lock the request, then its steps, then the order, so concurrent decisions on one
step queue and exactly one wins.
"""

from __future__ import annotations

import base64
import json
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import delete, select, tuple_

import audit.services as audit
import orders.services as orders
from approvals import rules
from approvals.errors import ApprovalErrorCode
from approvals.events import ApprovalDecided
from approvals.models import ApprovalReminderDue, ApprovalRequest, ApprovalStep
from approvals.rules import Decision, Level, RequestStatus, StepStatus
from approvals.settings import effective_settings
from approvals.submission import OrderToApprove, open_request, schedule_reminder
from core import access
from core.context import Actor
from core.errors import BusinessRuleError, CommonErrorCode, NotFound
from core.outbox import emit
from core.pagination import Page, page_size
from core.tenancy import Principal, PrincipalKind

LEVELS = {level.value for level in Level}


@dataclass(frozen=True)
class DecisionInput:
    step_id: uuid.UUID
    decision: Decision
    reason: str | None = None
    allow_backorder: bool = False


@dataclass(frozen=True)
class DecisionOutcome:
    step: ApprovalStep
    request: ApprovalRequest
    order_id: uuid.UUID


def utcnow() -> datetime:
    return datetime.now(UTC)


# --- reading -------------------------------------------------------------------------------


async def held_levels(actor: Actor) -> set[str]:
    """The approval levels the caller may decide at."""
    principal = actor.principal
    if principal is None or principal.kind is PrincipalKind.PORTAL:
        return set()
    held = await actor.services.authorizer.permissions(principal)
    return {action for resource, action in held if resource == "approvals"} & LEVELS


def _encode(step: ApprovalStep) -> str:
    raw = json.dumps([step.activated_at.isoformat() if step.activated_at else "", str(step.id)])
    return base64.urlsafe_b64encode(raw.encode()).decode()


def _decode(cursor: str) -> tuple[datetime, uuid.UUID]:
    try:
        stamp, step_id = json.loads(base64.urlsafe_b64decode(cursor.encode()).decode())
        return datetime.fromisoformat(stamp), uuid.UUID(step_id)
    except (ValueError, TypeError, UnicodeDecodeError) as error:
        raise BusinessRuleError.single(
            CommonErrorCode.INVALID_CURSOR, "The cursor is malformed.", "after"
        ) from error


def _not_own(principal: Principal) -> Any:
    """Requests neither submitted nor created by the principal."""
    mine = principal.subject_id
    return ApprovalRequest.requested_by_id.is_distinct_from(
        mine
    ) & ApprovalRequest.order_created_by_id.is_distinct_from(mine)


async def approval_inbox(actor: Actor, first: int | None, after: str | None) -> Page[ApprovalStep]:
    """Active steps awaiting the caller's decision (approvals:read and the step's level),
    longest waiting first; with self-approval forbidden, not those of the caller's orders."""
    steps = await access.restrict(actor, ApprovalStep)
    principal = actor.require_principal()
    size = page_size(first)
    levels = await held_levels(actor)
    if not levels:
        return Page(rows=[], has_next_page=False, cursors=[])
    statement = steps.join(
        ApprovalRequest,
        (ApprovalRequest.tenant_id == ApprovalStep.tenant_id)
        & (ApprovalRequest.id == ApprovalStep.request_id),
    ).where(
        ApprovalStep.status == StepStatus.PENDING.value,
        ApprovalStep.level.in_(levels),
    )
    if (await effective_settings(actor)).forbid_self_approval:
        statement = statement.where(_not_own(principal))
    if after:
        statement = statement.where(
            tuple_(ApprovalStep.activated_at, ApprovalStep.id) > tuple_(*_decode(after))
        )
    rows = list(
        (
            await actor.session.scalars(
                statement.order_by(ApprovalStep.activated_at, ApprovalStep.id).limit(size + 1)
            )
        ).all()
    )
    return Page(
        rows=rows[:size],
        has_next_page=len(rows) > size,
        cursors=[_encode(step) for step in rows[:size]],
    )


async def requests_by_id(actor: Actor, ids: list[uuid.UUID]) -> list[ApprovalRequest | None]:
    """Requests the caller already reached (through a step or an order), a batch."""
    rows = (
        await actor.session.scalars(
            select(ApprovalRequest).where(
                ApprovalRequest.tenant_id == actor.tenant_id, ApprovalRequest.id.in_(ids)
            )
        )
    ).all()
    found = {r.id: r for r in rows}
    return [found.get(i) for i in ids]


async def readable_requests_by_id(
    actor: Actor, ids: list[uuid.UUID]
) -> list[ApprovalRequest | None]:
    """Requests of orders the caller may read (orders:read and the order's customer in
    their data scope), a batch for node lookups; portal contacts reach none."""
    if actor.require_principal().kind is PrincipalKind.PORTAL:
        return [None] * len(ids)
    statement = (await access.restrict(actor, ApprovalRequest)).where(
        ApprovalRequest.id.in_(ids),
        ApprovalRequest.order_id.in_(await orders.visible_order_ids(actor)),
    )
    found = {r.id: r for r in (await actor.session.scalars(statement)).all()}
    return [found.get(i) for i in ids]


async def steps_of_requests(actor: Actor, request_ids: list[uuid.UUID]) -> list[list[ApprovalStep]]:
    rows = (
        await actor.session.scalars(
            select(ApprovalStep)
            .where(
                ApprovalStep.tenant_id == actor.tenant_id, ApprovalStep.request_id.in_(request_ids)
            )
            .order_by(ApprovalStep.request_id, ApprovalStep.sequence)
        )
    ).all()
    grouped: dict[uuid.UUID, list[ApprovalStep]] = {i: [] for i in request_ids}
    for step in rows:
        grouped[step.request_id].append(step)
    return [grouped[i] for i in request_ids]


async def latest_requests_of_orders(
    actor: Actor, order_ids: list[uuid.UUID]
) -> list[ApprovalRequest | None]:
    """Each order's newest approval request (orders the caller already reached)."""
    rows = (
        await actor.session.scalars(
            select(ApprovalRequest)
            .where(
                ApprovalRequest.tenant_id == actor.tenant_id,
                ApprovalRequest.order_id.in_(order_ids),
            )
            .order_by(
                ApprovalRequest.order_id,
                ApprovalRequest.created_at.desc(),
                ApprovalRequest.id.desc(),
            )
            .distinct(ApprovalRequest.order_id)
        )
    ).all()
    found = {r.order_id: r for r in rows}
    return [found.get(i) for i in order_ids]


async def steps_by_id(actor: Actor, ids: list[uuid.UUID]) -> list[ApprovalStep | None]:
    """Steps by id for node lookups: those the caller may decide at, or whose order the
    caller can read; anything else is not found."""
    rows = list(
        (
            await actor.session.scalars(
                select(ApprovalStep).where(
                    ApprovalStep.tenant_id == actor.tenant_id, ApprovalStep.id.in_(ids)
                )
            )
        ).all()
    )
    levels = await held_levels(actor)
    requests = {
        r.id: r for r in await requests_by_id(actor, [s.request_id for s in rows]) if r is not None
    }
    readable = (
        {
            o.id
            for o in await orders.orders_by_id(
                actor, sorted({r.order_id for r in requests.values()})
            )
            if o is not None
        }
        if rows and await actor.can("orders", "read")
        else set()
    )
    found = {
        s.id: s for s in rows if s.level in levels or requests[s.request_id].order_id in readable
    }
    return [found.get(i) for i in ids]


# --- deciding ------------------------------------------------------------------------------


async def _step(actor: Actor, step_id: uuid.UUID, *, lock: bool = False) -> ApprovalStep:
    statement = select(ApprovalStep).where(
        ApprovalStep.tenant_id == actor.tenant_id, ApprovalStep.id == step_id
    )
    if lock:
        statement = statement.with_for_update().execution_options(populate_existing=True)
    step = await actor.session.scalar(statement)
    if step is None:
        raise NotFound()
    return step


async def _locked_request(actor: Actor, request_id: uuid.UUID) -> ApprovalRequest:
    request = await actor.session.scalar(
        select(ApprovalRequest)
        .where(ApprovalRequest.tenant_id == actor.tenant_id, ApprovalRequest.id == request_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    assert request is not None  # a step's request (foreign key)
    return request


def _check_open(step: ApprovalStep, request: ApprovalRequest) -> None:
    if step.status in (StepStatus.APPROVED.value, StepStatus.REJECTED.value):
        who = step.decided_by_label or "someone"
        raise BusinessRuleError.single(
            ApprovalErrorCode.ALREADY_DECIDED,
            f"This step was already {step.status} by {who}.",
            "stepId",
        )
    if step.status != StepStatus.PENDING.value or request.status != RequestStatus.PENDING.value:
        raise BusinessRuleError.single(
            ApprovalErrorCode.STEP_NOT_ACTIVE,
            "This step is not awaiting a decision (an earlier step is "
            "still open, or the request was closed).",
            "stepId",
        )


async def _check_not_own(actor: Actor, principal: Principal, request: ApprovalRequest) -> None:
    own = principal.subject_id in (request.requested_by_id, request.order_created_by_id)
    if own and (await effective_settings(actor)).forbid_self_approval:
        raise BusinessRuleError.single(
            ApprovalErrorCode.SELF_APPROVAL_FORBIDDEN,
            "You submitted or created this order; another approver must decide.",
            "stepId",
        )


def _record_decision(
    actor: Actor,
    principal: Principal,
    step: ApprovalStep,
    status: StepStatus,
    reason: str | None,
    now: datetime,
) -> None:
    step.status = status.value
    step.decided_by_id = principal.subject_id
    step.decided_by_label = actor.actor_label
    step.decided_at = now
    step.decision_reason = reason


async def _next_step(actor: Actor, step: ApprovalStep) -> ApprovalStep | None:
    return await actor.session.scalar(
        select(ApprovalStep)
        .where(
            ApprovalStep.tenant_id == actor.tenant_id,
            ApprovalStep.request_id == step.request_id,
            ApprovalStep.sequence == step.sequence + 1,
        )
        .with_for_update()
    )


async def _close_steps_after(actor: Actor, step: ApprovalStep) -> None:
    later = (
        await actor.session.scalars(
            select(ApprovalStep).where(
                ApprovalStep.tenant_id == actor.tenant_id,
                ApprovalStep.request_id == step.request_id,
                ApprovalStep.sequence > step.sequence,
            )
        )
    ).all()
    for other in later:
        other.status = StepStatus.CANCELLED.value


async def _unschedule(actor: Actor, step_ids: list[uuid.UUID]) -> None:
    await actor.session.execute(
        delete(ApprovalReminderDue).where(ApprovalReminderDue.step_id.in_(step_ids))
    )


async def _approve(
    actor: Actor, step: ApprovalStep, request: ApprovalRequest, data: DecisionInput, now: datetime
) -> ApprovalStep | None:
    """Activate the next step, or confirm the order after the last one."""
    following = await _next_step(actor, step)
    if following is not None:
        following.status = StepStatus.PENDING.value
        following.activated_at = now
        await actor.session.flush()
        await schedule_reminder(actor, following, now)
        return following
    request.status = RequestStatus.APPROVED.value
    request.decided_at = now
    if request.return_id is not None:
        return None  # returns approves the return on ApprovalDecided
    await orders.confirm_approved(
        actor,
        request.order_id,
        _clean(data.reason),
        request.allow_backorder or data.allow_backorder,
    )
    return None


async def _reject(
    actor: Actor, step: ApprovalStep, request: ApprovalRequest, reason: str, now: datetime
) -> None:
    request.status = RequestStatus.REJECTED.value
    request.decided_at = now
    await _close_steps_after(actor, step)
    if request.return_id is None:  # a return's is declined by returns on ApprovalDecided
        await orders.reject_unapproved(actor, request.order_id, reason)


def _clean(value: str | None) -> str | None:
    return value.strip() or None if value is not None else None


async def decide(actor: Actor, data: DecisionInput) -> DecisionOutcome:
    """Approve or reject the active step (approvals:<its level>). The last approval
    confirms the order and reserves its stock; a rejection sends it back to Draft with the
    reason in its history and tells its creator and owner."""
    principal = actor.require_staff()
    step = await _step(actor, data.step_id)
    await actor.require("approvals", step.level)
    errors = rules.check_decision(data.decision, data.reason)
    if errors:
        raise BusinessRuleError(*errors)
    # The request first, then its steps: the order every writer of a request locks in.
    request = await _locked_request(actor, step.request_id)
    step = await _step(actor, data.step_id, lock=True)
    _check_open(step, request)
    await _check_not_own(actor, principal, request)
    now, reason = utcnow(), _clean(data.reason)
    before = {"status": step.status}
    following: ApprovalStep | None = None
    if data.decision is Decision.APPROVE:
        _record_decision(actor, principal, step, StepStatus.APPROVED, reason, now)
        following = await _approve(actor, step, request, data, now)
    else:
        assert reason is not None
        _record_decision(actor, principal, step, StepStatus.REJECTED, reason, now)
        await _reject(actor, step, request, reason, now)
    await _unschedule(actor, [step.id])
    await audit.record(
        actor,
        f"approvals.{data.decision.value}",
        "approval_step",
        step.id,
        before=before,
        after={"status": step.status, "reason": reason, "orderId": str(request.order_id)},
    )
    await emit(
        actor,
        ApprovalDecided(
            request_id=request.id,
            step_id=step.id,
            order_id=request.order_id,
            number=request.order_number,
            level=step.level,
            decision=data.decision.value,
            reason=reason,
            request_status=request.status,
            next_step_id=following.id if following else None,
            next_level=following.level if following else None,
        ),
    )
    await actor.session.flush()
    return DecisionOutcome(step=step, request=request, order_id=request.order_id)


# --- for handlers --------------------------------------------------------------------------


async def close_requests_of_cancelled_order(actor: Actor, order_id: uuid.UUID) -> int:
    """A cancelled order's open request is cancelled with its open steps (a handler of
    order.status_changed: idempotent, acts for nobody)."""
    open_requests = list(
        (
            await actor.session.scalars(
                select(ApprovalRequest)
                .where(
                    ApprovalRequest.tenant_id == actor.tenant_id,
                    ApprovalRequest.order_id == order_id,
                    ApprovalRequest.status == RequestStatus.PENDING.value,
                )
                .with_for_update()
            )
        ).all()
    )
    for request in open_requests:
        request.status = RequestStatus.CANCELLED.value
        request.decided_at = utcnow()
        steps = (
            await actor.session.scalars(
                select(ApprovalStep)
                .where(
                    ApprovalStep.tenant_id == actor.tenant_id,
                    ApprovalStep.request_id == request.id,
                    ApprovalStep.status.in_([StepStatus.PENDING.value, StepStatus.WAITING.value]),
                )
                .with_for_update()
            )
        ).all()
        for step in steps:
            step.status = StepStatus.CANCELLED.value
        await _unschedule(actor, [step.id for step in steps])
        await audit.record(
            actor,
            "approvals.cancel",
            "approval_request",
            request.id,
            after={"orderId": str(order_id), "status": request.status},
        )
    return len(open_requests)


async def request_for_system(actor: Actor, request_id: uuid.UUID) -> ApprovalRequest | None:
    return await actor.session.get(ApprovalRequest, (actor.tenant_id, request_id))


# --- returns above the threshold --------------------------------------------------------


@dataclass(frozen=True)
class ReturnToApprove:
    """A return whose requested value is above the tenant's return approval threshold."""

    return_id: uuid.UUID
    return_number: str
    order_id: uuid.UUID
    customer_name: str
    value: Decimal
    threshold: Decimal
    currency: str


async def open_return_approval(actor: Actor, data: ReturnToApprove) -> ApprovalRequest:
    """Open an approval request for a return (its caller checked returns:approve): one
    manager step, the return's value as the request's total, the caller as the requester
    (who, with self-approval forbidden, cannot decide it). Deciding it approves or declines
    the return (returns reacts to ApprovalDecided), never the order."""
    reason = rules.Reason(
        rules.ReasonCode.AMOUNT,
        f"Return {data.return_number} asks for {data.value:.2f} {data.currency}, above "
        f"the return approval threshold of {data.threshold:.2f} {data.currency}.",
        {
            "amount": f"{data.value:.2f}",
            "threshold": f"{data.threshold:.2f}",
            "currency": data.currency,
            "return": data.return_number,
        },
    )
    subject = OrderToApprove(
        order_id=data.order_id,
        number=data.return_number,
        customer_name=data.customer_name,
        total=data.value,
        currency=data.currency,
        created_by_id=None,
        owner_id=None,
        allow_backorder=False,
    )
    request = await open_request(actor, subject, [rules.PlannedStep(Level.MANAGER, (reason,))])
    request.return_id = data.return_id
    await actor.session.flush()
    return request
