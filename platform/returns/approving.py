"""Approving a requested return (returns:approve). Directly, unless the tenant set a return
approval threshold and the return's requested value (what it would refund: quantity at the
price paid, tax included) is above it: approving then opens an approval request through the
approval machinery orders use (one manager step), and the return stays requested until the
request is decided. Deciding it approves or declines the return (a handler of
approval.decided, acting for the approver)."""

from __future__ import annotations

import uuid
from decimal import Decimal

import approvals.services as approvals
import orders.services as orders
from core.context import Actor
from core.errors import BusinessRuleError, UserError
from returns import rules
from returns.errors import ReturnErrorCode
from returns.models import Return
from returns.progress import approve_locked, check_move, decline_locked
from returns.reading import lines_for_change, locked_return
from returns.resolution import order_lines_of
from returns.rules import ReturnStatus
from returns.settings import return_rules


async def requested_value(actor: Actor, row: Return) -> tuple[Decimal, str]:
    """What the return asks back, tax included, and its currency."""
    lines = await lines_for_change(actor, row.id)
    ordered = await order_lines_of(actor, lines)
    value = sum(
        (
            rules.line_refund(
                ordered[line.order_line_id].line_total,
                ordered[line.order_line_id].quantity,
                line.quantity,
                rules.ZERO,
            )
            for line in lines
        ),
        rules.ZERO,
    )
    return value, lines[0].currency if lines else ""


def _pending(row: Return) -> BusinessRuleError:
    return BusinessRuleError(
        UserError(
            ReturnErrorCode.APPROVAL_PENDING,
            f"Return {row.number} is above the approval threshold and waits for its "
            "approval request to be decided.",
            ("returnId",),
            {"number": row.number},
        )
    )


async def approve_return(actor: Actor, return_id: uuid.UUID) -> Return:
    """Approve a requested return (returns:approve), or, above the threshold, open its
    approval request (APPROVAL_PENDING once one is open)."""
    principal = await actor.require("returns", "approve")
    row = await locked_return(actor, return_id)
    check_move(row, "approve", ReturnStatus.AWAITING_RETURN)
    threshold = (await return_rules(actor)).approval_threshold
    if threshold is None:
        return await approve_locked(actor, row, principal.subject_id)
    value, currency = await requested_value(actor, row)
    if value <= threshold:
        return await approve_locked(actor, row, principal.subject_id)
    if row.approval_request_id is not None:
        raise _pending(row)
    [order] = await orders.orders_for_system(actor, [row.order_id])
    request = await approvals.open_return_approval(
        actor,
        approvals.ReturnToApprove(
            return_id=row.id,
            return_number=row.number,
            order_id=row.order_id,
            customer_name=order.customer_name,
            value=value,
            threshold=threshold,
            currency=currency,
        ),
    )
    row.approval_request_id = request.id
    await actor.session.flush()
    return row


async def decided_by_approval(
    actor: Actor, request_id: uuid.UUID, approver_id: uuid.UUID | None, reason: str | None
) -> Return | None:
    """The approval request of a return was decided (system work for a handler): approved,
    the return is approved for the approver; rejected, it is declined with the reason. A
    return no longer requested (or a request of an order) is left alone."""
    request = await approvals.request_for_system(actor, request_id)
    if request is None or request.return_id is None:
        return None
    row = await actor.session.get(
        Return, (actor.tenant_id, request.return_id), with_for_update=True
    )
    if row is None or row.status != ReturnStatus.REQUESTED.value:
        return None
    if request.status == "approved":
        return await approve_locked(actor, row, approver_id)
    if request.status == "rejected":
        return await decline_locked(actor, row, reason or "Not approved.")
    return None
