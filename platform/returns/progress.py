"""Moving a return on: approve or decline it, receive goods (into quarantine: no stock
moves), close or cancel it (resolving is `resolution`). Each use case locks the return
first, so concurrent moves queue and each sees what the one before left; each is audited
and raises its event."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any, TypeVar

import audit.services as audit
from core.context import Actor
from core.errors import BusinessRuleError, Forbidden, UserError
from core.outbox import emit
from returns import rules
from returns.errors import ReturnErrorCode
from returns.events import (
    ReturnApproved,
    ReturnCancelled,
    ReturnClosed,
    ReturnDeclined,
    ReturnEvent,
    ReturnReceived,
)
from returns.models import Return, ReturnLine
from returns.reading import lines_for_change, locked_return
from returns.requesting import summary
from returns.rules import ReturnStatus

E = TypeVar("E", bound=ReturnEvent)


@dataclass(frozen=True)
class Receipt:
    return_line_id: uuid.UUID
    quantity: Decimal


def now() -> datetime:
    return datetime.now(UTC)


def check_move(row: Return, move: str, target: ReturnStatus | None = None) -> None:
    """ILLEGAL_TRANSITION when the return's status does not allow `move`."""
    current = ReturnStatus(row.status)
    if rules.may(move, current):
        return
    raise BusinessRuleError(
        UserError(
            ReturnErrorCode.ILLEGAL_TRANSITION,
            f"Return {row.number} is {current.value.replace('_', ' ')}: it cannot be "
            f"{rules.MOVE_DONE[move]} now.",
            ("returnId",),
            {"from": current.value, "move": move, **({"to": target.value} if target else {})},
        )
    )


async def record_move(
    actor: Actor,
    row: Return,
    action: str,
    target: ReturnStatus,
    event: ReturnEvent,
    extra: dict[str, Any] | None = None,
    **fields: Any,
) -> None:
    """Set the status and the return's other `fields`, audit the change (before and
    after, with `extra` facts of the move after) and emit its event."""
    before = summary(row)
    for name, value in fields.items():
        setattr(row, name, value)
    row.status, row.updated_at = target.value, now()
    after = {**summary(row), **(extra or {})}
    await audit.record(actor, action, "return", row.id, before=before, after=after)
    await emit(actor, event)


def event_of(cls: type[E], row: Return, **extra: Any) -> E:
    """An event of the return with the fields every return event carries."""
    return cls(
        return_id=row.id,
        number=row.number,
        customer_id=row.customer_id,
        order_id=row.order_id,
        **extra,
    )


async def approve_locked(actor: Actor, row: Return, approver_id: uuid.UUID | None) -> Return:
    """Approve a requested return the caller has locked: the customer may send the goods
    back, so it awaits them (`approving` decides whether this may happen directly)."""
    check_move(row, "approve", ReturnStatus.AWAITING_RETURN)
    await record_move(
        actor,
        row,
        "returns.approve",
        ReturnStatus.AWAITING_RETURN,
        event_of(ReturnApproved, row),
        approved_at=now(),
        approved_by_id=approver_id,
    )
    await actor.session.flush()
    return row


async def decline_locked(actor: Actor, row: Return, why: str) -> Return:
    check_move(row, "decline", ReturnStatus.DECLINED)
    await record_move(
        actor,
        row,
        "returns.decline",
        ReturnStatus.DECLINED,
        event_of(ReturnDeclined, row, reason=why),
        decline_reason=why,
        declined_at=now(),
    )
    await actor.session.flush()
    return row


async def decline_return(actor: Actor, return_id: uuid.UUID, reason: str) -> Return:
    """Decline a requested return, saying why (returns:approve)."""
    await actor.require("returns", "approve")
    why = rules.clean(reason)
    if why is None:
        raise BusinessRuleError.single(
            ReturnErrorCode.DECLINE_REASON_REQUIRED, "Say why the return is declined.", "reason"
        )
    if len(why) > rules.MAX_COMMENT:
        raise BusinessRuleError.single(
            ReturnErrorCode.COMMENT_TOO_LONG,
            f"Keep the reason under {rules.MAX_COMMENT} characters.",
            "reason",
        )
    row = await locked_return(actor, return_id)
    return await decline_locked(actor, row, why)


async def _require_receiver(actor: Actor) -> None:
    """Goods are received by support (returns:write) or at the warehouse (returns:inspect)."""
    if not (await actor.can("returns", "write") or await actor.can("returns", "inspect")):
        raise Forbidden("Missing permission returns:write or returns:inspect.")


def _receipt_errors(lines: list[ReturnLine], receipts: Sequence[Receipt]) -> list[UserError]:
    by_id = {line.id: line for line in lines}
    if not receipts:
        return [
            UserError(ReturnErrorCode.NOTHING_RECEIVED, "Receive at least one line.", ("lines",))
        ]
    errors: list[UserError] = []
    seen: set[uuid.UUID] = set()
    for index, receipt in enumerate(receipts):
        at = ("lines", str(index))
        line = by_id.get(receipt.return_line_id)
        if line is None or receipt.return_line_id in seen:
            code = (
                ReturnErrorCode.LINE_NOT_ON_RETURN
                if line is None
                else ReturnErrorCode.DUPLICATE_LINE
            )
            errors.append(
                UserError(code, "Name each line of this return once.", (*at, "returnLineId"))
            )
        elif receipt.quantity <= 0:
            errors.append(
                UserError(
                    ReturnErrorCode.INVALID_QUANTITY, "Receive more than 0.", (*at, "quantity")
                )
            )
        elif line.received_quantity + receipt.quantity > line.quantity:
            left = line.quantity - line.received_quantity
            errors.append(
                UserError(
                    ReturnErrorCode.RECEIVE_MORE_THAN_REQUESTED,
                    f"Only {left.normalize():f} of {line.sku_code} are still expected.",
                    (*at, "quantity"),
                    {"expected": f"{left.normalize():f}", "sku": line.sku_code},
                )
            )
        seen.add(receipt.return_line_id)
    return errors


async def receive_return(actor: Actor, return_id: uuid.UUID, receipts: Sequence[Receipt]) -> Return:
    """Goods of an approved return arrived, all or part (returns:write or returns:inspect).
    They go into quarantine: counted on the return line, no stock level changes until
    inspection."""
    await _require_receiver(actor)
    row = await locked_return(actor, return_id)
    check_move(row, "receive", ReturnStatus.RECEIVED)
    lines = await lines_for_change(actor, row.id)
    errors = _receipt_errors(lines, receipts)
    if errors:
        raise BusinessRuleError(*errors)
    by_id = {line.id: line for line in lines}
    for receipt in receipts:
        by_id[receipt.return_line_id].received_quantity += receipt.quantity
    row.received_at = row.received_at or now()
    total = sum((r.quantity for r in receipts), rules.ZERO)
    await record_move(
        actor,
        row,
        "returns.receive",
        ReturnStatus.RECEIVED,
        event_of(ReturnReceived, row, quantity=total),
    )
    await actor.session.flush()
    return row


async def close_return(actor: Actor, return_id: uuid.UUID) -> Return:
    """Close a resolved return (returns:write)."""
    await actor.require("returns", "write")
    row = await locked_return(actor, return_id)
    check_move(row, "close", ReturnStatus.CLOSED)
    row.closed_at = now()
    await record_move(actor, row, "returns.close", ReturnStatus.CLOSED, event_of(ReturnClosed, row))
    await actor.session.flush()
    return row


async def cancel_return(actor: Actor, return_id: uuid.UUID) -> Return:
    """Cancel a return before anything of it was received (returns:write); its quantities
    can be asked for again."""
    await actor.require("returns", "write")
    row = await locked_return(actor, return_id)
    if row.received_at is not None:
        raise BusinessRuleError.single(
            ReturnErrorCode.CANCEL_AFTER_RECEIPT,
            f"Goods of return {row.number} have been received: it can no longer be cancelled.",
            "returnId",
        )
    check_move(row, "cancel", ReturnStatus.CANCELLED)
    row.cancelled_at = now()
    await record_move(
        actor, row, "returns.cancel", ReturnStatus.CANCELLED, event_of(ReturnCancelled, row)
    )
    await actor.session.flush()
    return row
