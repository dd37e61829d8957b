"""Creating many draft orders at once (imports): the same entry checks, pricing, numbering,
audit entries and `order.created` events as `services.create_order`, for a chunk of orders.

`create_order` costs about 14 statements per order; here a chunk costs about ten in all:
the settings, discount cap and tenant date are read once, the chunk's customers (with their
addresses) in one statement, the SKUs with their price offers once per pricing context, the
taken external references in one; prices are quoted once per (context, SKU, quantity); the
valid orders are numbered by one counter update and written by one multi-row INSERT per
table. Orders are drafts: no submission, no reservation, no idempotency keys.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cache
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import Table, select, text
from sqlalchemy.dialects.postgresql import insert

import audit.services as audit
import catalog.services as catalog
import customers.services as customers
from core.context import Actor
from core.errors import BusinessRuleError, UserError
from core.ids import new_id
from core.outbox import emit_many
from orders import rules
from orders.entry import LineAmountsOf, created_event, new_line_values, order_summary
from orders.errors import OrderErrorCode
from orders.models import Order, OrderLine, OrderStatusChange
from orders.rules import Status
from orders.settings import EffectiveSettings, order_settings
from orders.validation import (
    Checked,
    NewOrder,
    check_costs,
    check_header,
    check_line,
    check_size,
    clean,
    discount_cap,
    entry_address,
    raise_if,
    terms_columns,
)

if TYPE_CHECKING:
    from catalog.models import Sku


@dataclass(frozen=True)
class CreatedOrder:
    """A draft `create_orders` wrote (read it with `services.get_order` to work on it)."""

    id: uuid.UUID
    number: str
    external_ref: str | None
    total: Decimal


CreateResult = CreatedOrder | BusinessRuleError
_REF_TAKEN = UserError(
    OrderErrorCode.EXTERNAL_REF_TAKEN,
    "Another order has this external reference.",
    ("externalRef",),
)
_NEXT_NUMBERS = text("""
    INSERT INTO order_number_counters (tenant_id, series, next_value)
    VALUES (:tenant_id, :series, :count + 1)
    ON CONFLICT (tenant_id, series)
    DO UPDATE SET next_value = order_number_counters.next_value + :count
    RETURNING next_value - :count""")


async def create_orders(actor: Actor, orders: Sequence[NewOrder]) -> list[CreateResult]:
    """Create these draft orders (orders:write), each exactly as `create_order` would: per
    input and in order, the new order or the BusinessRuleError `create_order` raises, in
    which case nothing of that order is written. Valid orders get consecutive numbers in
    input order."""
    await actor.require("orders", "write")
    if any(data.submit or data.idempotency_key for data in orders):
        raise ValueError("create_orders creates drafts without idempotency keys only")
    if not orders:
        return []
    facts = await read_entry_facts(actor, orders)
    results: list[_NewDraft | BusinessRuleError] = []
    for data in orders:
        try:
            draft = await _draft(actor, data, facts)
        except BusinessRuleError as error:
            results.append(error)
            continue
        if draft.order["external_ref"]:
            facts.taken_refs.add(draft.order["external_ref"])
        results.append(draft)
    refused = await _write(actor, facts, [r for r in results if isinstance(r, _NewDraft)])
    return [
        r
        if isinstance(r, BusinessRuleError)
        else BusinessRuleError(_REF_TAKEN)
        if r.order["id"] in refused
        else r.created()
        for r in results
    ]


# --- reading what the chunk needs, once ----------------------------------------------------


@dataclass
class EntryFacts:
    settings: EffectiveSettings
    cap: Decimal
    today: date
    entries: dict[uuid.UUID, customers.OrderEntryCustomer]
    skus: dict[uuid.UUID, Sku]
    offers: dict[catalog.PriceContext, dict[uuid.UUID, list[catalog.Offer]]]
    taken_refs: set[str]
    quotes: dict[tuple[catalog.PriceContext, uuid.UUID, Decimal], catalog.PriceQuote] = field(
        default_factory=dict
    )
    # The same price, quantity, discount and tax give the same amounts: computed once.
    amounts_of: LineAmountsOf = field(default_factory=lambda: cache(rules.line_amounts))

    def context_of(self, entry: customers.OrderEntryCustomer) -> catalog.PriceContext:
        profile = entry.profile
        return catalog.context_of(profile.currency, profile.tier, profile.region)

    def quote(
        self, context: catalog.PriceContext, sku: Sku, quantity: Decimal
    ) -> catalog.PriceQuote:
        key = (context, sku.id, quantity)
        if key not in self.quotes:
            self.quotes[key] = catalog.price_line(
                sku, quantity, self.offers[context][sku.id], context, self.today
            )
        return self.quotes[key]


async def read_entry_facts(
    actor: Actor, orders: Sequence[NewOrder], cap: Decimal | None = None
) -> EntryFacts:
    """What a chunk's orders are checked and priced against; `cap` for callers whose
    discounts were capped before (else the caller's role caps)."""
    settings = await order_settings(actor)
    if cap is None:
        cap = await discount_cap(actor, settings.discount_caps)
    entries = await _entry_customers(actor, orders)
    any_entry = next(iter(entries.values()), None)
    today = catalog.today_in(any_entry.time_zone) if any_entry else await catalog.today(actor)
    facts = EntryFacts(settings, cap, today, entries, {}, {}, await _taken_refs(actor, orders))
    await _read_skus_and_offers(actor, orders, facts)
    return facts


async def _entry_customers(
    actor: Actor, orders: Sequence[NewOrder]
) -> dict[uuid.UUID, customers.OrderEntryCustomer]:
    """`customers.order_entry_customer` for every customer of the chunk, in one statement."""
    ids = list({data.customer_id for data in orders if data.customer_id is not None})
    wanted = list(
        {
            address_id
            for data in orders
            for address_id in (data.ship_to_address_id, data.bill_to_address_id)
            if address_id is not None
        }
    )
    if not ids:
        return {}
    return await customers.order_entry_customers(actor, ids, wanted)


async def _read_skus_and_offers(
    actor: Actor, orders: Sequence[NewOrder], facts: EntryFacts
) -> None:
    """The SKUs with their offers, one statement per pricing context of the chunk (the
    SKUs of orders without a known customer are read alone: they only need checking)."""
    by_context: dict[catalog.PriceContext, set[uuid.UUID]] = {}
    unpriced: set[uuid.UUID] = set()
    for data in orders:
        entry = facts.entries.get(data.customer_id) if data.customer_id else None
        ids = {line.sku_id for line in data.lines if line.sku_id is not None}
        if entry is None:
            unpriced |= ids
        else:
            by_context.setdefault(facts.context_of(entry), set()).update(ids)
    for context, ids in by_context.items():
        found, offers = await catalog.skus_with_offers(actor, context, sorted(ids), facts.today)
        facts.skus.update((sku.id, sku) for sku in found if sku is not None)
        facts.offers[context] = offers
    unread = sorted(unpriced - facts.skus.keys())
    if unread:
        found = await catalog.skus_by_id(actor, unread)
        facts.skus.update((sku.id, sku) for sku in found if sku is not None)


async def _taken_refs(actor: Actor, orders: Sequence[NewOrder]) -> set[str]:
    refs = list({ref for data in orders if (ref := clean(data.external_ref))})
    if not refs:
        return set()
    taken = (
        await actor.session.scalars(
            select(Order.external_ref).where(
                Order.tenant_id == actor.tenant_id, Order.external_ref.in_(refs)
            )
        )
    ).all()
    return {ref for ref in taken if ref is not None}


# --- checking and building one order (no I/O but the rare below-cost permission check) ----


@dataclass
class _NewDraft:
    """A valid order's column values and its lines' (the number is set when writing)."""

    order: dict[str, Any]
    lines: list[dict[str, Any]]

    def created(self) -> CreatedOrder:
        order = self.order
        return CreatedOrder(order["id"], order["number"], order["external_ref"], order["total"])


def checked_on_facts(data: NewOrder, facts: EntryFacts) -> Checked:
    """`services._validated` on the chunk's facts: the same errors in the same order."""
    errors = check_header(data)
    entry = facts.entries.get(data.customer_id) if data.customer_id else None
    if data.customer_id is not None and entry is None:
        errors.append(
            UserError(OrderErrorCode.UNKNOWN_CUSTOMER, "No such customer.", ("customerId",))
        )
    skus = [facts.skus.get(line.sku_id) if line.sku_id else None for line in data.lines]
    for index, (line, sku) in enumerate(zip(data.lines, skus, strict=True)):
        errors.extend(check_line(line, sku, index, facts.cap))
    if clean(data.external_ref) in facts.taken_refs:
        errors.append(_REF_TAKEN)
    addresses: dict[str, Any] = {}
    if entry is not None:
        for kind, address_id, name in (
            ("ship_to", data.ship_to_address_id, "shipToAddressId"),
            ("bill_to", data.bill_to_address_id, "billToAddressId"),
        ):
            addresses[kind], address_errors = entry_address(entry, address_id, kind, name)
            errors.extend(address_errors)
    if data.requested_delivery_date is not None and data.requested_delivery_date < facts.today:
        errors.append(
            UserError(
                OrderErrorCode.INVALID_DELIVERY_DATE,
                "The delivery date has passed.",
                ("requestedDeliveryDate",),
            )
        )
    raise_if(errors)
    assert entry is not None
    context = facts.context_of(entry)
    quotes = [
        facts.quote(context, sku, line.quantity)
        for line, sku in zip(data.lines, skus, strict=True)
        if sku is not None and line.quantity is not None
    ]
    return Checked(entry.profile, skus, quotes, addresses, facts.today)


async def _draft(actor: Actor, data: NewOrder, facts: EntryFacts) -> _NewDraft:
    checked = checked_on_facts(data, facts)
    raise_if(check_size(data, checked.skus, checked.quotes, checked.profile.currency))
    raise_if(await check_costs(actor, data, checked.skus, checked.quotes))
    return _NewDraft(*new_rows(actor, data, checked, facts))


def new_rows(
    actor: Actor, data: NewOrder, checked: Checked, facts: EntryFacts
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """A valid order's column values (without its number) and its lines', priced as
    `checked` says."""
    order_id = new_id()
    lines = new_line_values(
        actor.tenant_id,
        order_id,
        checked.profile.currency,
        data,
        checked.skus,
        checked.quotes,
        facts.amounts_of,
    )
    totals = rules.order_totals(amounts for _, amounts in lines)
    order = new_order_values(actor, data, checked, order_id, totals)
    return order, [values for values, _ in lines]


def new_order_values(
    actor: Actor, data: NewOrder, checked: Checked, order_id: uuid.UUID, totals: rules.OrderTotals
) -> dict[str, Any]:
    """The column values `entry._create_order` gives a new draft (without its number)."""
    profile, addresses = checked.profile, checked.addresses
    principal = actor.principal
    return {
        "tenant_id": actor.tenant_id,
        "id": order_id,
        "number": None,
        "channel": data.channel,
        "external_ref": clean(data.external_ref),
        "customer_id": profile.customer_id,
        "customer_name": profile.name,
        "owner_id": profile.owner_id,
        "department_id": profile.department_id,
        "region": profile.region,
        **terms_columns(profile.payment_terms),
        "ship_to": addresses.get("ship_to"),
        "bill_to": addresses.get("bill_to"),
        "requested_delivery_date": data.requested_delivery_date,
        "priority": data.priority,
        "rank": 0,
        "tags": rules.normalize_tags(data.tags),
        "notes": clean(data.notes),
        "status": Status.DRAFT.value,
        "currency": profile.currency,
        "version": 1,
        "idempotency_key": None,
        "request_hash": None,
        "created_by_kind": principal.kind.value if principal else None,
        "created_by_id": principal.subject_id if principal else None,
        "subtotal": totals.subtotal,
        "discount_total": totals.discount_total,
        "tax_total": totals.tax_total,
        "total": totals.total,
    }


# --- writing -------------------------------------------------------------------------------


class _Conflicts(Exception):
    def __init__(self, order_ids: set[uuid.UUID]) -> None:
        super().__init__(f"{len(order_ids)} external references taken meanwhile")
        self.order_ids = order_ids


async def _write(actor: Actor, facts: EntryFacts, drafts: list[_NewDraft]) -> set[uuid.UUID]:
    """Number and write the drafts; the ids of those whose external reference another
    transaction committed meanwhile (the unique index decides). Those are left out and the
    rest written again with fresh numbers, so the numbers stay gapless."""
    refused: set[uuid.UUID] = set()
    pending = drafts
    while pending:
        try:
            async with actor.session.begin_nested():
                await _write_numbered(actor, facts, pending)
        except _Conflicts as conflicts:
            refused |= conflicts.order_ids
            pending = [d for d in pending if d.order["id"] not in conflicts.order_ids]
            continue
        break
    return refused


async def _write_numbered(actor: Actor, facts: EntryFacts, drafts: list[_NewDraft]) -> None:
    numbers = await allocate_numbers(actor, facts.settings.number_format, facts.today, len(drafts))
    for draft, number in zip(drafts, numbers, strict=True):
        draft.order["number"] = number
    written = set(
        (
            await actor.session.scalars(
                insert(table_of(Order))
                .on_conflict_do_nothing(
                    index_elements=["tenant_id", "external_ref"],
                    index_where=text("external_ref IS NOT NULL"),
                )
                .returning(table_of(Order).c.id),
                [d.order for d in drafts],
            )
        ).all()
    )
    if len(written) < len(drafts):
        raise _Conflicts({d.order["id"] for d in drafts} - written)
    await insert_rows(actor, OrderLine, [line for d in drafts for line in d.lines])
    await insert_rows(actor, OrderStatusChange, [_created_change(actor, d.order) for d in drafts])
    created = [Order(**d.order) for d in drafts]  # never added to the session
    await audit.record_many(
        actor,
        [
            audit.AuditRecord("orders.create", "order", order.id, after=order_summary(order))
            for order in created
        ],
    )
    await emit_many(actor, [created_event(order) for order in created])


async def allocate_numbers(actor: Actor, number_format: str, on: date, count: int) -> list[str]:
    """`numbering.allocate_number` for `count` orders with one counter update."""
    first = await actor.session.scalar(
        _NEXT_NUMBERS,
        {
            "tenant_id": actor.tenant_id,
            "series": rules.number_series(number_format, on.year),
            "count": count,
        },
    )
    assert first is not None
    return [
        rules.format_number(number_format, on.year, int(first) + offset) for offset in range(count)
    ]


def table_of(model: type[Any]) -> Table:
    return cast(Table, model.__table__)


async def insert_rows(actor: Actor, model: type[Any], rows: list[dict[str, Any]]) -> None:
    """One multi-row INSERT per 1,000 rows: with RETURNING, SQLAlchemy batches the rows
    ("insertmanyvalues") instead of executing the statement once per row."""
    if rows:
        table = table_of(model)
        await actor.session.execute(insert(table).returning(*table.primary_key), rows)


def _created_change(actor: Actor, order: dict[str, Any]) -> dict[str, Any]:
    """The row `lifecycle.record_change` writes for a new draft."""
    principal = actor.principal
    return {
        "tenant_id": order["tenant_id"],
        "id": new_id(),
        "order_id": order["id"],
        "from_status": None,
        "to_status": Status.DRAFT.value,
        "action": "create",
        "actor_kind": principal.kind.value if principal else None,
        "actor_id": principal.subject_id if principal else None,
        "actor_label": actor.actor_label,
        "note": None,
    }
