"""The order lifecycle: locking an order, taking a transition (stock effect, status,
history, audit, event), submission through the approval gate, and the transitions other
domains drive (shipments completing an order, approvals confirming or rejecting it)."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    select,
)

import audit.services as audit
import customers.services as customers
import inventory.services as inventory
from core.context import Actor
from core.errors import BusinessRuleError, NotFound
from core.event_types import Event
from core.ids import new_id
from core.outbox import emit
from orders import history_notes, rules
from orders.approval_gate import ApprovalFacts, OrderToApprove, approval_gate
from orders.errors import OrderErrorCode
from orders.events import OrderStatusChanged
from orders.history_notes import NoteCode
from orders.models import Order, OrderLine, OrderStatusChange
from orders.reading import (
    lines_of_order,
    on_credit,
    open_receivables,
    shipped_in_part,
    visible_orders,
)
from orders.rules import Action, Effect, Status, Transition, TransitionRequest
from orders.validation import clean, raise_if


@dataclass(frozen=True)
class TransitionInput:
    order_id: uuid.UUID
    action: Action
    note: str | None = None
    carrier: str | None = None
    tracking_number: str | None = None
    expected_version: int | None = None
    allow_backorder: bool = False


# --- the lifecycle -------------------------------------------------------------------------


@dataclass(frozen=True)
class HistoryNote:
    """What a status history entry says: the actor's words and/or the system's code and
    facts (see history_notes)."""

    comment: str | None = None
    code: NoteCode | None = None
    params: dict[str, Any] | None = None


def record_change(
    actor: Actor,
    order: Order,
    source: Status | None,
    target: Status,
    action: str,
    note: HistoryNote | str | None,
) -> None:
    actor.session.add(
        OrderStatusChange(**status_change_values(actor, order, source, target, action, note))
    )


def status_change_values(
    actor: Actor,
    order: Order,
    source: Status | None,
    target: Status,
    action: str,
    note: HistoryNote | str | None,
) -> dict[str, Any]:
    """The column values of one status history entry."""
    said = note if isinstance(note, HistoryNote) else HistoryNote(comment=note)
    principal = actor.principal
    return {
        "tenant_id": order.tenant_id,
        "id": new_id(),
        "order_id": order.id,
        "from_status": source.value if source else None,
        "to_status": target.value,
        "action": action,
        "actor_kind": principal.kind.value if principal else None,
        "actor_id": principal.subject_id if principal else None,
        "actor_label": actor.actor_label,
        "note": said.comment,
        "note_code": said.code.value if said.code else None,
        "note_params": said.params,
    }


@dataclass
class Journal:
    """What a new order's first transitions record (status history, audit entries,
    events), gathered instead of added to the session one object at a time, so the new
    order is written in a few statements by `write` (see `entry`). `flush` writes it once;
    anything that needs the order in the database first calls it."""

    write: Callable[[Journal], Awaitable[None]]
    history: list[dict[str, Any]] = field(default_factory=list)
    audit: list[audit.AuditRecord] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    written: bool = False

    async def flush(self) -> None:
        if not self.written:
            self.written = True
            await self.write(self)


async def lock_order(actor: Actor, order_id: uuid.UUID) -> Order:
    """The order in the caller's scope, locked: conflicting transitions queue here and each
    sees the status the previous one left."""
    order = await actor.session.scalar(
        (await visible_orders(actor))
        .where(Order.id == order_id)
        .with_for_update(of=Order)
        .execution_options(populate_existing=True)
    )
    if order is None:
        raise NotFound()
    return order


async def _reserve(
    actor: Actor, order: Order, lines: list[OrderLine], allow_backorder: bool
) -> None:
    reservations = await inventory.reserve(
        actor,
        [
            inventory.ReservationRequest(
                reference_id=line.id,
                sku_id=line.sku_id,
                quantity=line.quantity,
                region=order.region,
                path=("lines", str(index), "quantity"),
            )
            for index, line in enumerate(lines)
        ],
        allow_backorder=allow_backorder,
    )
    for line, reservation in zip(lines, reservations, strict=True):
        line.reserved_quantity = reservation.reserved
        line.backordered_quantity = reservation.backordered


async def release_stock(actor: Actor, lines: list[OrderLine]) -> None:
    await inventory.release(actor, [line.id for line in lines])
    for line in lines:
        line.reserved_quantity = Decimal(0)
        line.backordered_quantity = Decimal(0)


# The SHIP and MARK_DELIVERED actions' effects belong to the shipping domain, which builds
# on orders: the composition root hands them over (`set_effect`), orders never imports it.
EffectHandler = Callable[[Actor, Order, list[OrderLine]], Awaitable[None]]
_effect_handlers: dict[Effect, EffectHandler] = {}


def set_effect(effect: Effect, handler: EffectHandler) -> None:
    """Who carries out `effect` (SHIP_ALL, DELIVER_ALL) when a transition has it."""
    _effect_handlers[effect] = handler


async def _apply_effect(
    actor: Actor,
    order: Order,
    lines: list[OrderLine],
    transition: Transition,
    allow_backorder: bool,
) -> None:
    if transition.effect is Effect.RESERVE:
        await _reserve(actor, order, lines, allow_backorder)
    elif transition.effect is Effect.RELEASE:
        await release_stock(actor, lines)
    elif transition.effect is not None:
        handler = _effect_handlers.get(transition.effect)
        if handler is None:
            raise LookupError(f"nothing carries out the {transition.effect.value} effect")
        await handler(actor, order, lines)


async def move(
    actor: Actor,
    order: Order,
    lines: list[OrderLine],
    transition: Transition,
    note: HistoryNote | str | None,
    allow_backorder: bool = False,
    *,
    with_effect: bool = True,
    journal: Journal | None = None,
) -> None:
    """Apply one transition: its effect (unless the caller carried it out already), the
    status, history, audit and event (into `journal` for an order not yet written)."""
    if with_effect:
        await _apply_effect(actor, order, lines, transition, allow_backorder)
    source = Status(order.status)
    order.status = transition.target.value
    order.version += 1
    order.updated_at = datetime.now(UTC)
    action = transition.action.value
    history = status_change_values(actor, order, source, transition.target, action, note)
    entry = audit.AuditRecord(
        f"orders.{action}",
        "order",
        order.id,
        before={"status": source.value},
        after={"status": transition.target.value, "note": _audit_note(note)},
    )
    event = OrderStatusChanged(
        order_id=order.id,
        number=order.number,
        from_=source.value,
        to=transition.target.value,
        action=action,
    )
    if journal is not None:
        journal.history.append(history)
        journal.audit.append(entry)
        journal.events.append(event)
        return
    actor.session.add(OrderStatusChange(**history))
    await audit.record(
        actor,
        entry.action,
        entry.target_type,
        entry.target_id,
        before=entry.before,
        after=entry.after,
    )
    await emit(actor, event)


def _audit_note(note: HistoryNote | str | None) -> str | None:
    if isinstance(note, HistoryNote):
        return history_notes.english(
            note.code.value if note.code else None, note.params, note.comment
        )
    return note


async def submit(
    actor: Actor,
    order: Order,
    lines: list[OrderLine],
    note: str | None,
    allow_backorder: bool,
    journal: Journal | None = None,
) -> None:
    """Draft -> Submitted, then in the same transaction Submitted -> Confirmed (reserving
    stock) when the tenant's approval rules pass the order, else Submitted -> Pending
    Approval with an approval request; its last approval confirms it (see approvals).
    A new order's `journal` is written before the request, which refers to the order."""
    submit = rules.transition_for(Status.DRAFT, Action.SUBMIT)
    confirm = rules.transition_for(Status.SUBMITTED, Action.CONFIRM)
    hold = rules.transition_for(Status.SUBMITTED, Action.REQUEST_APPROVAL)
    assert submit is not None and confirm is not None and hold is not None
    await move(actor, order, lines, submit, note, journal=journal)
    gate = approval_gate()
    steps = await gate.required_steps(actor, await _approval_facts(actor, order, lines))
    if not steps:
        await move(actor, order, lines, confirm, None, allow_backorder, journal=journal)
        return
    await move(actor, order, lines, hold, None, journal=journal)
    if journal is not None:
        await journal.flush()
    await gate.open_request(actor, to_approve(order, allow_backorder), steps)


def to_approve(order: Order, allow_backorder: bool) -> OrderToApprove:
    """The order as its approval request copies it."""
    return OrderToApprove(
        order_id=order.id,
        number=order.number,
        customer_name=order.customer_name,
        total=order.total,
        currency=order.currency,
        created_by_id=order.created_by_id,
        owner_id=order.owner_id,
        allow_backorder=allow_backorder,
    )


def _invalid(order: Order, action: Action) -> BusinessRuleError:
    status = order.status.replace("_", " ")
    return BusinessRuleError.single(
        OrderErrorCode.INVALID_TRANSITION,
        f"Cannot {action.value.replace('_', ' ')} order {order.number}: it is {status}.",
        "action",
    )


async def transition_order(actor: Actor, data: TransitionInput) -> Order:
    """Take one lifecycle action on an order (the permission declared for it in
    rules.TRANSITIONS). INVALID_TRANSITION from a status the action does not leave;
    STALE_VERSION when `expected_version` is not the order's version."""
    await actor.require("orders", rules.PERMISSION_OF[data.action])
    order = await lock_order(actor, data.order_id)
    if data.expected_version is not None and data.expected_version != order.version:
        raise BusinessRuleError.single(
            OrderErrorCode.STALE_VERSION,
            f"The order changed meanwhile (version {order.version}); reload it and try again.",
            "expectedVersion",
        )
    status = Status(order.status)
    transition = rules.transition_for(status, data.action)
    if transition is None or rules.is_system_only(status, data.action):
        raise _invalid(order, data.action)
    lines = await lines_of_order(actor, order)
    raise_if(
        rules.check_preconditions(
            transition,
            TransitionRequest(
                carrier=data.carrier,
                tracking_number=data.tracking_number,
                on_credit_terms=on_credit(order),
                shipped_in_part=shipped_in_part(lines),
            ),
        )
    )
    note = clean(data.note)
    if data.action is Action.SUBMIT:
        await submit(actor, order, lines, note, data.allow_backorder)
    else:
        if data.action is Action.SHIP:
            order.carrier, order.tracking_number = (
                clean(data.carrier),
                clean(data.tracking_number),
            )
            order.shipped_at = datetime.now(UTC)
        await move(actor, order, lines, transition, note, data.allow_backorder)
    await actor.session.flush()
    return order


# --- used by order changes -----------------------------------------------------------------
# Thin public wrappers for order_changes, which requests, approves and applies changes to
# confirmed orders. The caller authorises; these only apply.


async def lock_order_for_change(actor: Actor, order_id: uuid.UUID) -> Order:
    """The order in the caller's scope, locked as transitions lock it (NOT_FOUND else)."""
    return await lock_order(actor, order_id)


async def lock_status(actor: Actor, order_id: uuid.UUID) -> str | None:
    """The order's current status with its row locked, for system work that then writes rows
    hanging off the order: taking the order first keeps the lock order every order writer
    keeps (the order, then what belongs to it), so such work never deadlocks with them."""
    return await actor.session.scalar(
        select(Order.status)
        .where(Order.tenant_id == actor.tenant_id, Order.id == order_id)
        .with_for_update()
    )


# --- used by shipping ----------------------------------------------------------------------
# The shipping domain records shipments; these lock the order and move it when shipments
# complete it. The caller authorises.


async def lock_order_to_ship(actor: Actor, order_id: uuid.UUID) -> Order:
    """The order in the caller's scope, locked before any stock row (NOT_FOUND else)."""
    return await lock_order(actor, order_id)


async def record_fully_shipped(
    actor: Actor,
    order: Order,
    lines: list[OrderLine],
    carrier: str,
    tracking_number: str,
    shipped_at: datetime,
) -> None:
    """Ready to Ship -> Shipped once the shipping domain has shipped every line: the SHIP
    transition without its effect; the order shows the last shipment's tracking."""
    transition = rules.transition_for(Status.READY_TO_SHIP, Action.SHIP)
    assert transition is not None
    order.carrier, order.tracking_number, order.shipped_at = carrier, tracking_number, shipped_at
    await move(actor, order, lines, transition, None, with_effect=False)


async def record_delivered(actor: Actor, order: Order, lines: list[OrderLine]) -> None:
    """Shipped -> Delivered once the shipping domain has every shipment delivered: the
    MARK_DELIVERED transition without its effect."""
    transition = rules.transition_for(Status.SHIPPED, Action.MARK_DELIVERED)
    assert transition is not None
    await move(actor, order, lines, transition, None, with_effect=False)


async def _approval_facts(actor: Actor, order: Order, lines: list[OrderLine]) -> ApprovalFacts:
    """What the approval rules look at; the credit check applies to customers on credit
    (NET) terms with a positive credit limit."""
    facts = ApprovalFacts(
        total=order.total,
        currency=order.currency,
        max_discount=max((line.discount_percent for line in lines), default=Decimal(0)),
    )
    if not on_credit(order) or not await approval_gate().credit_check_enabled(actor):
        return facts
    profile = await customers.customer_pricing_profile(actor, order.customer_id)
    if profile.credit_limit.amount <= 0:
        return facts
    return replace(
        facts,
        credit_limit=profile.credit_limit.amount,
        open_receivables=await open_receivables(actor, order.customer_id, order.id),
    )


async def _lock_for_approval(actor: Actor, order_id: uuid.UUID) -> Order:
    """The order waiting for approval, locked. Approvers act on the approval step they hold
    the permission for, whatever their data scope (approvals checked it)."""
    order = await actor.session.scalar(
        select(Order)
        .where(Order.tenant_id == actor.tenant_id, Order.id == order_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    if order is None:
        raise NotFound()
    if order.status != Status.PENDING_APPROVAL.value:
        raise BusinessRuleError.single(
            OrderErrorCode.ORDER_NOT_PENDING,
            f"Order {order.number} is no longer waiting for approval "
            f"(it is {order.status.replace('_', ' ')}).",
            "stepId",
        )
    return order


async def confirm_approved(
    actor: Actor, order_id: uuid.UUID, note: str | None, allow_backorder: bool
) -> Order:
    """Pending Approval -> Confirmed after the last approval, reserving stock
    (INSUFFICIENT_STOCK rolls the whole decision back)."""
    order = await _lock_for_approval(actor, order_id)
    transition = rules.transition_for(Status.PENDING_APPROVAL, Action.CONFIRM)
    assert transition is not None
    await move(actor, order, await lines_of_order(actor, order), transition, note, allow_backorder)
    await actor.session.flush()
    return order


async def reject_unapproved(actor: Actor, order_id: uuid.UUID, reason: str) -> Order:
    """Pending Approval -> Draft, the approver's reason kept in the status history."""
    order = await _lock_for_approval(actor, order_id)
    transition = rules.transition_for(Status.PENDING_APPROVAL, Action.REJECT)
    assert transition is not None
    await move(actor, order, await lines_of_order(actor, order), transition, reason)
    await actor.session.flush()
    return order
