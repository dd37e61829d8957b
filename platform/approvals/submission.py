"""What submitting an order asks of approvals: which steps the tenant's rules require, and
opening the approval request that holds them. Called by orders' submit in its transaction,
so an order and its request are written together or not at all."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from functools import partial

from sqlalchemy.dialects.postgresql import insert

import audit.services as audit
from approvals import rules
from approvals.events import ApprovalRequested
from approvals.models import ApprovalReminderDue, ApprovalRequest, ApprovalStep
from approvals.rules import OrderFacts as OrderFacts
from approvals.rules import PlannedStep, RequestStatus, StepStatus
from approvals.settings import effective_settings
from core.context import Actor
from core.ids import new_id
from core.outbox import emit

# A tenant without reminders still gets its steps looked at now and then, so turning
# reminders on later covers steps that are already waiting.
RECHECK_WITHOUT_REMINDERS = timedelta(hours=1)


@dataclass(frozen=True)
class OrderToApprove:
    """The order as the request copies it."""

    order_id: uuid.UUID
    number: str
    customer_name: str
    total: Decimal
    currency: str
    created_by_id: uuid.UUID | None
    owner_id: uuid.UUID | None
    allow_backorder: bool


async def credit_check_enabled(actor: Actor) -> bool:
    """Whether the tenant checks credit (the caller then gathers limit and receivables)."""
    return (await effective_settings(actor)).credit_check


async def required_steps(actor: Actor, facts: OrderFacts) -> list[PlannedStep]:
    return rules.required_steps(await effective_settings(actor), facts)


async def step_planner(actor: Actor) -> tuple[bool, Callable[[OrderFacts], list[PlannedStep]]]:
    """For many orders at once: whether the tenant checks credit, and `required_steps` over
    the tenant's rules, read once."""
    settings = await effective_settings(actor)
    return settings.credit_check, partial(rules.required_steps, settings)


async def schedule_reminder(actor: Actor, step: ApprovalStep, activated_at: datetime) -> None:
    """(Re)start the step's reminder clock in the platform-level queue."""
    hours = (await effective_settings(actor)).reminder_after_hours
    due = activated_at + (timedelta(hours=hours) if hours else RECHECK_WITHOUT_REMINDERS)
    await actor.session.execute(
        insert(ApprovalReminderDue)
        .values(
            step_id=step.id,
            tenant_id=actor.tenant_id,
            due_at=due,
        )
        .on_conflict_do_update(index_elements=[ApprovalReminderDue.step_id], set_={"due_at": due})
    )


async def open_request(
    actor: Actor, order: OrderToApprove, steps: list[PlannedStep]
) -> ApprovalRequest:
    """Open a request with `steps` in order; the first is active at once."""
    principal = actor.principal
    now = datetime.now(UTC)
    await actor.session.flush()  # the order first: the request's foreign key points at it
    request = ApprovalRequest(
        tenant_id=actor.tenant_id,
        id=new_id(),
        order_id=order.order_id,
        order_number=order.number,
        customer_name=order.customer_name,
        total=order.total,
        currency=order.currency,
        status=RequestStatus.PENDING.value,
        requested_by_id=principal.subject_id if principal else None,
        order_created_by_id=order.created_by_id,
        order_owner_id=order.owner_id,
        allow_backorder=order.allow_backorder,
    )
    actor.session.add(request)
    rows = [
        ApprovalStep(
            tenant_id=actor.tenant_id,
            id=new_id(),
            request_id=request.id,
            sequence=index + 1,
            level=step.level.value,
            reasons=[
                {"code": r.code.value, "message": r.message, "params": r.params}
                for r in step.reasons
            ],
            status=(StepStatus.PENDING if index == 0 else StepStatus.WAITING).value,
            activated_at=now if index == 0 else None,
        )
        for index, step in enumerate(steps)
    ]
    await actor.session.flush()
    actor.session.add_all(rows)
    await actor.session.flush()
    await schedule_reminder(actor, rows[0], now)
    await audit.record(
        actor,
        "approvals.request",
        "approval_request",
        request.id,
        after={
            "orderId": str(order.order_id),
            "number": order.number,
            "levels": [step.level.value for step in steps],
        },
    )
    await emit(
        actor,
        ApprovalRequested(
            request_id=request.id,
            order_id=order.order_id,
            number=order.number,
            step_id=rows[0].id,
            level=rows[0].level,
            levels=tuple(step.level.value for step in steps),
        ),
    )
    return request
