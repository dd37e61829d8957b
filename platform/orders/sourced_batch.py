"""Entering many sourced orders at once (the worker's renewal run): for each input what
`entry.create_sourced_order` does with `submit`, in a fixed number of statements per chunk
instead of about fifteen per order.

The chunk's reads are shared as `bulk.create_orders` shares a chunk of drafts': the order
settings, the customers with their addresses, the SKUs with their offers per pricing
context, the approval rules and, when the tenant checks credit, what its customers on credit
terms owe. Each order is then checked, priced and put through the approval rules in input
order, as one call after the other would be: an order confirmed earlier in the chunk counts
in the open receivables of the next one of the same customer. The valid orders are numbered
by one counter update, the confirmed orders' stock reserved in one call (backordered where
short), and everything written by one multi-row INSERT per table; an order held for
approval then gets its request.

Idempotency keys hold as in `entry`: each key is locked as `entry` locks it, and a key an
earlier order holds returns that order (IDEMPOTENCY_CONFLICT for a different request)."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from sqlalchemy import select, text

import audit.services as audit
import inventory.services as inventory
from core.context import Actor
from core.errors import BusinessRuleError
from core.outbox import emit_many
from orders import rules
from orders.approval_gate import ApprovalFacts, approval_gate
from orders.bulk import (
    EntryFacts,
    allocate_numbers,
    checked_on_facts,
    insert_rows,
    new_rows,
    read_entry_facts,
)
from orders.entry import created_event, idempotency_lock, order_summary, request_hash_of
from orders.errors import OrderErrorCode
from orders.lifecycle import Journal, move, status_change_values, to_approve
from orders.models import Order, OrderLine, OrderStatusChange
from orders.reading import on_credit, open_receivables_of
from orders.rules import Action, Status
from orders.validation import (
    PERCENT_CAP,
    SOURCED_CHANNELS,
    NewOrder,
    agreed_prices,
    check_size,
    clean,
    raise_if,
)


@dataclass(frozen=True)
class EnteredOrder:
    """An order `create_sourced_orders` entered (or an earlier one its key returned)."""

    id: uuid.UUID
    number: str
    status: str
    total: Decimal
    currency: str


SourcedResult = EnteredOrder | BusinessRuleError

_LOCK_KEYS = text(
    "SELECT pg_advisory_xact_lock(hashtextextended(k, 0)) FROM unnest(CAST(:keys AS text[])) k"
)


async def create_sourced_orders(actor: Actor, orders: Sequence[NewOrder]) -> list[SourcedResult]:
    """Enter and submit these sourced orders for the system (no principal: the caller is a
    scheduled run that checked what it may do), each as `entry.create_sourced_order`
    would: per input and in order, the order or the BusinessRuleError that refused it (then
    nothing of it is written). Orders reach stock with backorders allowed. A refusal of
    the chunk's stock reservation raises for the whole chunk."""
    _check_inputs(actor, orders)
    if not orders:
        return []
    earlier = await _earlier_orders(actor, orders)
    facts = await read_entry_facts(actor, orders, cap=PERCENT_CAP)
    built: list[_NewOrder | SourcedResult] = []
    for data in orders:
        key = clean(data.idempotency_key)
        if key is not None and key in earlier:
            built.append(_replay(earlier[key], data))
            continue
        try:
            built.append(_built(actor, data, facts))
        except BusinessRuleError as error:
            built.append(error)
    new_orders = [item for item in built if isinstance(item, _NewOrder)]
    if new_orders:
        await _number(actor, facts, new_orders)
        await _submit_all(actor, facts, new_orders)
        await _reserve(actor, [new for new in new_orders if not new.steps])
        await _write(actor, new_orders)
        await _open_approval_requests(actor, [new for new in new_orders if new.steps])
    return [item.entered() if isinstance(item, _NewOrder) else item for item in built]


def _check_inputs(actor: Actor, orders: Sequence[NewOrder]) -> None:
    if actor.principal is not None:
        raise ValueError("create_sourced_orders enters orders for the system only")
    keys = [key for data in orders if (key := clean(data.idempotency_key))]
    if len(keys) != len(set(keys)):
        raise ValueError("an idempotency key appears twice in one chunk")
    for data in orders:
        if data.channel not in SOURCED_CHANNELS or not data.submit or not data.allow_backorder:
            raise ValueError("submitted sourced orders with backorders allowed only")
        if data.payment_terms is not None or data.external_ref or data.exchange_of_order_id:
            raise ValueError("sourced orders take the customer's terms, without references")


# --- idempotency keys ----------------------------------------------------------------------


@dataclass(frozen=True)
class _Earlier:
    entered: EnteredOrder
    request_hash: str | None


async def _earlier_orders(actor: Actor, orders: Sequence[NewOrder]) -> dict[str, _Earlier]:
    """Lock the chunk's keys (as `entry._replayed` locks one; sorted, so two chunks never
    wait for each other in a circle) and read the orders that already hold one."""
    keys = sorted(key for data in orders if (key := clean(data.idempotency_key)))
    if not keys:
        return {}
    await actor.session.execute(
        _LOCK_KEYS, {"keys": [idempotency_lock(actor.tenant_id, key) for key in keys]}
    )
    rows = await actor.session.execute(
        select(
            Order.idempotency_key,
            Order.id,
            Order.number,
            Order.status,
            Order.total,
            Order.currency,
            Order.request_hash,
        ).where(Order.tenant_id == actor.tenant_id, Order.idempotency_key.in_(keys))
    )
    return {
        key: _Earlier(EnteredOrder(order_id, number, status, total, currency), request_hash)
        for key, order_id, number, status, total, currency, request_hash in rows
        if key is not None
    }


def _replay(earlier: _Earlier, data: NewOrder) -> SourcedResult:
    if earlier.request_hash != request_hash_of(data):
        return BusinessRuleError.single(
            OrderErrorCode.IDEMPOTENCY_CONFLICT,
            "This idempotency key was used for a different order.",
            "idempotencyKey",
        )
    return earlier.entered


# --- building, numbering and submitting (no I/O but the numbers and the credit facts) -----


@dataclass
class _NewOrder:
    """A valid order: the transient order its transitions move, its lines' column values,
    what its first transitions recorded, and the approval steps holding it (none: it is
    confirmed)."""

    order: Order
    values: dict[str, Any]
    lines: list[dict[str, Any]]
    journal: Journal
    steps: Sequence[object] = field(default_factory=list)

    def entered(self) -> EnteredOrder:
        order = self.order
        return EnteredOrder(order.id, order.number, order.status, order.total, order.currency)


async def _never_written(journal: Journal) -> None:
    raise AssertionError("a chunk's orders are written together by _write")


def _built(actor: Actor, data: NewOrder, facts: EntryFacts) -> _NewOrder:
    """`validation.validated` for a sourced order, on the chunk's facts."""
    checked = checked_on_facts(data, facts)
    checked = replace(checked, quotes=agreed_prices(data.lines, checked.quotes))
    raise_if(check_size(data, checked.skus, checked.quotes, checked.profile.currency))
    values, lines = new_rows(actor, data, checked, facts)
    key = clean(data.idempotency_key)
    if key is not None:
        values["idempotency_key"], values["request_hash"] = key, request_hash_of(data)
    return _NewOrder(Order(**values), values, lines, Journal(_never_written))


async def _number(actor: Actor, facts: EntryFacts, new_orders: list[_NewOrder]) -> None:
    numbers = await allocate_numbers(
        actor, facts.settings.number_format, facts.today, len(new_orders)
    )
    for new, number in zip(new_orders, numbers, strict=True):
        new.order.number = new.values["number"] = number
        journal = new.journal
        journal.history.append(
            status_change_values(actor, new.order, None, Status.DRAFT, "create", None)
        )
        journal.audit.append(
            audit.AuditRecord(
                "orders.create", "order", new.order.id, after=order_summary(new.order)
            )
        )
        journal.events.append(created_event(new.order))


@dataclass
class _CreditFacts:
    """The tenant's approval rules as a function, and what the chunk's customers on credit
    terms with a limit owe (kept up to date as the chunk confirms their orders)."""

    steps_of: Callable[[ApprovalFacts], Sequence[object]]
    credit_check: bool
    limits: dict[uuid.UUID, Decimal]
    owed: dict[uuid.UUID, Decimal]

    def facts(self, new: _NewOrder) -> ApprovalFacts:
        order = new.order
        facts = ApprovalFacts(
            total=order.total,
            currency=order.currency,
            max_discount=max((line["discount_percent"] for line in new.lines), default=Decimal(0)),
        )
        limit = self.limits.get(order.customer_id)
        if not self.credit_check or limit is None or not on_credit(order):
            return facts
        owed = self.owed.get(order.customer_id, Decimal(0))
        return ApprovalFacts(facts.total, facts.currency, facts.max_discount, limit, owed)

    def confirmed(self, order: Order) -> None:
        if order.customer_id in self.limits and order.total > 0:
            self.owed[order.customer_id] = (
                self.owed.get(order.customer_id, Decimal(0)) + order.total
            )


async def _credit_facts(
    actor: Actor, facts: EntryFacts, new_orders: list[_NewOrder]
) -> _CreditFacts:
    credit_check, steps_of = await approval_gate().step_planner(actor)
    limits: dict[uuid.UUID, Decimal] = {}
    if credit_check:
        for new in new_orders:
            profile = facts.entries[new.order.customer_id].profile
            if on_credit(new.order) and profile.credit_limit.amount > 0:
                limits[profile.customer_id] = profile.credit_limit.amount
    owed = await open_receivables_of(actor, list(limits))
    return _CreditFacts(steps_of, credit_check, limits, owed)


async def _submit_all(actor: Actor, facts: EntryFacts, new_orders: list[_NewOrder]) -> None:
    """`lifecycle.submit` for each order in turn (the stock is reserved after, together)."""
    credit = await _credit_facts(actor, facts, new_orders)
    submit = rules.transition_for(Status.DRAFT, Action.SUBMIT)
    confirm = rules.transition_for(Status.SUBMITTED, Action.CONFIRM)
    hold = rules.transition_for(Status.SUBMITTED, Action.REQUEST_APPROVAL)
    assert submit is not None and confirm is not None and hold is not None
    for new in new_orders:
        order, journal = new.order, new.journal
        await move(actor, order, [], submit, None, with_effect=False, journal=journal)
        new.steps = credit.steps_of(credit.facts(new))
        if new.steps:
            await move(actor, order, [], hold, None, with_effect=False, journal=journal)
        else:
            await move(actor, order, [], confirm, None, with_effect=False, journal=journal)
            credit.confirmed(order)


async def _reserve(actor: Actor, confirmed: list[_NewOrder]) -> None:
    """The CONFIRM transition's effect for every confirmed order, in one call."""
    lines = [(new.order, index, line) for new in confirmed for index, line in enumerate(new.lines)]
    reservations = await inventory.reserve(
        actor,
        [
            inventory.ReservationRequest(
                reference_id=line["id"],
                sku_id=line["sku_id"],
                quantity=line["quantity"],
                region=order.region,
                path=("lines", str(index), "quantity"),
            )
            for order, index, line in lines
        ],
        allow_backorder=True,
    )
    for (_, _, line), reservation in zip(lines, reservations, strict=True):
        line["reserved_quantity"] = reservation.reserved
        line["backordered_quantity"] = reservation.backordered


# --- writing -------------------------------------------------------------------------------


_MOVED = ("status", "version", "updated_at")


async def _write(actor: Actor, new_orders: list[_NewOrder]) -> None:
    for new in new_orders:
        new.values.update((name, getattr(new.order, name)) for name in _MOVED)
    await insert_rows(actor, Order, [new.values for new in new_orders])
    await insert_rows(actor, OrderLine, [line for new in new_orders for line in new.lines])
    await insert_rows(
        actor, OrderStatusChange, [row for new in new_orders for row in new.journal.history]
    )
    await audit.record_many(actor, [entry for new in new_orders for entry in new.journal.audit])
    await emit_many(actor, [event for new in new_orders for event in new.journal.events])


async def _open_approval_requests(actor: Actor, held: list[_NewOrder]) -> None:
    gate = approval_gate()
    for new in held:
        await gate.open_request(actor, to_approve(new.order, allow_backorder=True), new.steps)
