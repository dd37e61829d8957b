"""Resolving an inspected return (returns:write): by refund or by exchange, whatever the
customer wished (staff choose at resolution).

What passed inspection decides both: goods restocked (as first or second grade) passed,
goods sent to repair or scrapped did not.
- A refund is granted for the passed quantity at the unit price actually paid (the order
  line's total per unit: discount and tax included), capped per line at what was paid for
  it less what earlier returns of it were granted; it is executed through payments' refunds
  flow as a refund request (reason RETURN) on the order's payment, which someone with
  refunds:execute pays out under the four-eyes rules, with its credit note.
- An exchange enters a reship order through orders' own entry path: channel exchange,
  linked to the original order, the same SKUs at the passed quantities, priced at zero,
  submitted (stock reserved like any order's).
With nothing passed, the return is resolved with a zero refund (no refund request) or no
exchange order: the customer is told so, and the return can be closed.

The return is locked first, so two resolutions queue: the second finds it resolved
(ALREADY_RESOLVED) and grants nothing."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from sqlalchemy import func, select

import orders.services as orders
import payments.services as payments
from core import access
from core.context import Actor
from core.errors import BusinessRuleError, UserError
from returns import rules
from returns.errors import ReturnErrorCode
from returns.events import ReturnResolved
from returns.models import Return, ReturnInspection, ReturnLine
from returns.progress import check_move, event_of, now, record_move
from returns.reading import lines_for_change, locked_return
from returns.rules import ReturnStatus, ReturnWish

if TYPE_CHECKING:
    from orders.models import Order, OrderLine


@dataclass(frozen=True)
class LineResolution:
    line: ReturnLine
    passed: Decimal
    refund: Decimal


@dataclass(frozen=True)
class ResolutionPlan:
    """What resolving the return would grant: per line the passed quantity and its refund."""

    return_row: Return
    lines: list[LineResolution]
    currency: str

    @property
    def refund_total(self) -> Decimal:
        return sum((x.refund for x in self.lines), rules.ZERO)

    @property
    def passed_total(self) -> Decimal:
        return sum((x.passed for x in self.lines), rules.ZERO)


async def passed_quantities(actor: Actor, line_ids: list[uuid.UUID]) -> dict[uuid.UUID, Decimal]:
    """Per return line, the quantity inspected as restock or second-grade restock."""
    rows = await actor.session.execute(
        select(ReturnInspection.return_line_id, func.sum(ReturnInspection.quantity))
        .where(
            ReturnInspection.tenant_id == actor.tenant_id,
            ReturnInspection.return_line_id.in_(line_ids),
            ReturnInspection.disposition.in_([d.value for d in rules.STOCKED]),
        )
        .group_by(ReturnInspection.return_line_id)
    )
    return {line_id: Decimal(total) for line_id, total in rows.tuples()}


async def granted_before(
    actor: Actor, order_line_ids: list[uuid.UUID], excluding: uuid.UUID
) -> dict[uuid.UUID, Decimal]:
    """Per order line, the refunds other returns of it were granted."""
    rows = await actor.session.execute(
        select(ReturnLine.order_line_id, func.sum(ReturnLine.refund_amount))
        .where(
            ReturnLine.tenant_id == actor.tenant_id,
            ReturnLine.order_line_id.in_(order_line_ids),
            ReturnLine.return_id != excluding,
            ReturnLine.refund_amount.is_not(None),
        )
        .group_by(ReturnLine.order_line_id)
    )
    return {line_id: Decimal(total or 0) for line_id, total in rows.tuples()}


async def order_lines_of(actor: Actor, lines: list[ReturnLine]) -> dict[uuid.UUID, OrderLine]:
    ids = [line.order_line_id for line in lines]
    found = await orders.order_lines_by_id(actor, ids)
    if any(x is None for x in found):
        raise BusinessRuleError.single(
            ReturnErrorCode.ORDER_NOT_READABLE,
            "Resolving a return reads its order's prices: you need orders:read for it.",
            "returnId",
        )
    return {x.id: x for x in found if x is not None}


async def plan_resolution(actor: Actor, row: Return, lines: list[ReturnLine]) -> ResolutionPlan:
    """What passed inspection and what it refunds, line by line."""
    passed = await passed_quantities(actor, [line.id for line in lines])
    ordered = await order_lines_of(actor, lines)
    before = await granted_before(actor, list(ordered), row.id)
    planned = []
    for line in lines:
        order_line = ordered[line.order_line_id]
        quantity = passed.get(line.id, rules.ZERO)
        refund = rules.line_refund(
            order_line.line_total,
            order_line.quantity,
            quantity,
            before.get(line.order_line_id, rules.ZERO),
        )
        planned.append(LineResolution(line, quantity, refund))
    currency = lines[0].currency if lines else ""
    return ResolutionPlan(row, planned, currency)


async def preview_resolution(actor: Actor, return_id: uuid.UUID) -> ResolutionPlan:
    """What resolving the return now would grant (returns:read), shown before confirming."""
    await actor.require("returns", "read")
    row = await access.get_scoped(actor, Return, return_id, "read")
    lines = await lines_for_change(actor, row.id)
    return await plan_resolution(actor, row, lines)


def _already_resolved(row: Return) -> BusinessRuleError:
    return BusinessRuleError(
        UserError(
            ReturnErrorCode.ALREADY_RESOLVED,
            f"Return {row.number} has already been resolved: nothing more is granted.",
            ("returnId",),
            {"number": row.number},
        )
    )


def _failed(code: ReturnErrorCode, error: BusinessRuleError, what: str) -> BusinessRuleError:
    """Another domain's refusal, said as a return's error (its code kept in params)."""
    first = error.errors[0]
    return BusinessRuleError(
        UserError(
            code,
            f"The {what} could not be made: {first.message}",
            ("returnId",),
            {"cause": first.code.value, **(first.params or {})},
        )
    )


async def _grant_refund(actor: Actor, plan: ResolutionPlan) -> dict[str, str]:
    row = plan.return_row
    for item in plan.lines:
        item.line.refund_amount = item.refund
    row.refund_amount = plan.refund_total
    if plan.refund_total <= 0:
        return {"refundAmount": "0.00"}
    try:
        granted = await payments.request_order_refund(
            actor, row.order_id, plan.refund_total, f"Return {row.number}"
        )
    except BusinessRuleError as error:
        raise _failed(ReturnErrorCode.REFUND_NOT_POSSIBLE, error, "refund") from error
    row.refund_id = granted.refund_id
    return {"refundAmount": f"{granted.amount:.2f}", "refund": granted.number}


async def _exchange(actor: Actor, plan: ResolutionPlan) -> dict[str, str]:
    row = plan.return_row
    wanted = [orders.NewLine(x.line.sku_id, x.passed) for x in plan.lines if x.passed > 0]
    if not wanted:
        return {}
    data = orders.NewOrder(
        customer_id=row.customer_id,
        lines=wanted,
        notes=f"Exchange for return {row.number}.",
    )
    try:
        order: Order = await orders.create_exchange_order(actor, data, row.order_id)
    except BusinessRuleError as error:
        raise _failed(ReturnErrorCode.EXCHANGE_NOT_POSSIBLE, error, "exchange order") from error
    row.exchange_order_id = order.id
    return {"exchangeOrder": order.number}


async def resolve_return(
    actor: Actor, return_id: uuid.UUID, resolution: ReturnWish | None = None
) -> Return:
    """Resolve an inspected return (returns:write) by refund or exchange (default: the
    customer's wish): grant the refund or enter the exchange order, then mark it resolved."""
    await actor.require("returns", "write")
    row = await locked_return(actor, return_id)
    if row.resolved_at is not None:
        raise _already_resolved(row)
    check_move(row, "resolve", ReturnStatus.RESOLVED)
    how = resolution or ReturnWish(row.wish)
    plan = await plan_resolution(actor, row, await lines_for_change(actor, row.id))
    granted = (
        await _grant_refund(actor, plan)
        if how is ReturnWish.REFUND
        else await _exchange(actor, plan)
    )
    await record_move(
        actor,
        row,
        "returns.resolve",
        ReturnStatus.RESOLVED,
        event_of(ReturnResolved, row),
        extra={"resolution": how.value, **granted},
        resolution=how.value,
        resolved_at=now(),
    )
    await actor.session.flush()
    return row
