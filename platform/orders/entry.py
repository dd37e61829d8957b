"""Creating orders: validated, priced, numbered, optionally submitted, with idempotency
keys (`create_order`, `place_portal_order` for a portal contact, `create_exchange_order` for
a return's exchange and `create_sourced_order` for quotes and subscriptions)."""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import asdict, replace
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    select,
    text,
)
from sqlalchemy.exc import IntegrityError

import audit.services as audit
import catalog.services as catalog
from core.context import Actor
from core.errors import BusinessRuleError, NotFound
from core.ids import new_id
from core.money import PERCENT, QUANTITY, Digits, is_well_formed
from core.outbox import emit_many
from core.tenancy import Principal, PrincipalKind
from orders import numbering, rules
from orders.errors import OrderErrorCode
from orders.events import OrderCreated
from orders.lifecycle import Journal, status_change_values, submit
from orders.models import Order, OrderLine
from orders.reading import get_order
from orders.rules import Status
from orders.settings import order_settings
from orders.validation import (
    EXCHANGE_CHANNEL,
    SOURCED_CHANNELS,
    NewLine,
    NewOrder,
    clean,
    terms_columns,
    validated,
)
from orders.writing import write_new_order

# --- creating ------------------------------------------------------------------------------

if TYPE_CHECKING:
    from catalog.models import Sku


def request_hash_of(data: NewOrder) -> str:
    """A digest of the normalised input: the same order sent twice hashes the same."""
    normal = asdict(data)
    normal["idempotency_key"] = None
    normal["tags"] = rules.normalize_tags(data.tags)
    normal["lines"] = [
        [
            str(line.sku_id),
            _normal(line.quantity, QUANTITY),
            _normal(line.discount_percent, PERCENT),
        ]
        for line in data.lines
    ]
    encoded = json.dumps(normal, sort_keys=True, default=str).encode()
    return hashlib.sha256(encoded).hexdigest()


def _normal(value: Decimal | None, digits: Digits) -> str:
    """2 and 2.000 hash alike; a malformed number, which the checks refuse, as it was sent
    (normalizing a signalling NaN or 1e1000000 raises)."""
    if value is None or not is_well_formed(value, digits):
        return str(value)
    return str(value.normalize())


def idempotency_lock(tenant_id: uuid.UUID, key: str) -> str:
    """The advisory lock's name for an idempotency key: every path entering orders with
    keys takes the same one, so requests with one key queue on each other."""
    return f"orders:{tenant_id}:{key}"


async def _replayed(actor: Actor, key: str, request_hash: str) -> Order | None:
    """The order an earlier request with this key created, if any. Requests with the same
    key queue on a transaction lock, so the second sees the first's order once it commits."""
    await actor.session.execute(
        text("SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))"),
        {"key": idempotency_lock(actor.tenant_id, key)},
    )
    existing = await actor.session.scalar(
        select(Order).where(Order.tenant_id == actor.tenant_id, Order.idempotency_key == key)
    )
    if existing is None:
        return None
    if existing.request_hash != request_hash or not await _in_scope(actor, existing):
        raise BusinessRuleError.single(
            OrderErrorCode.IDEMPOTENCY_CONFLICT,
            "This idempotency key was used for a different order.",
            "idempotencyKey",
        )
    return existing


async def _in_scope(actor: Actor, order: Order) -> bool:
    """A replay never hands out an order the caller could not read."""
    principal = actor.require_principal()
    if principal.kind is PrincipalKind.PORTAL:
        return order.customer_id == principal.customer_id
    try:
        await get_order(actor, order.id)
    except NotFound:
        return False
    return True


def new_lines(
    order: Order, data: NewOrder, skus: list[Sku | None], quotes: list[catalog.PriceQuote]
) -> list[OrderLine]:
    return [
        OrderLine(**values)
        for values, _ in new_line_values(
            order.tenant_id, order.id, order.currency, data, skus, quotes
        )
    ]


LineAmountsOf = Callable[[Decimal, Decimal, Decimal, Decimal, str], rules.LineAmounts]


def new_line_values(
    tenant_id: uuid.UUID,
    order_id: uuid.UUID,
    currency: str,
    data: NewOrder,
    skus: list[Sku | None],
    quotes: list[catalog.PriceQuote],
    amounts_of: LineAmountsOf = rules.line_amounts,
) -> list[tuple[dict[str, Any], rules.LineAmounts]]:
    """The column values of a new order's lines, each with its amounts (for the totals).
    The batch path (`orders.bulk`) inserts these values as they are."""
    lines = []
    for index, (line, sku, quote) in enumerate(zip(data.lines, skus, quotes, strict=True)):
        assert sku is not None and line.quantity is not None
        amounts = amounts_of(
            quote.unit_price.amount,
            line.quantity,
            line.discount_percent,
            sku.product.tax_rate,
            currency,
        )
        lines.append(
            (
                {
                    "tenant_id": tenant_id,
                    "id": new_id(),
                    "order_id": order_id,
                    "line_no": index + 1,
                    "sku_id": sku.id,
                    "sku_code": sku.code,
                    "currency": currency,
                    "description": sku.name,
                    "quantity": line.quantity,
                    "unit_price": quote.unit_price.amount,
                    "price_source": quote.price_source,
                    "price_source_label": quote.price_source_label,
                    "discount_percent": line.discount_percent,
                    "tax_rate": sku.product.tax_rate,
                    "line_subtotal": amounts.net,
                    "line_discount": amounts.discount,
                    "line_tax": amounts.tax,
                    "line_total": amounts.total,
                    "reserved_quantity": Decimal(0),
                    "backordered_quantity": Decimal(0),
                    "shipped_quantity": Decimal(0),
                },
                amounts,
            )
        )
    return lines


def set_totals(order: Order, lines: list[OrderLine]) -> None:
    totals = rules.order_totals(
        rules.LineAmounts(
            gross=line.line_subtotal + line.line_discount,
            discount=line.line_discount,
            net=line.line_subtotal,
            tax=line.line_tax,
            total=line.line_total,
        )
        for line in lines
    )
    order.subtotal, order.discount_total = totals.subtotal, totals.discount_total
    order.tax_total, order.total = totals.tax_total, totals.total


async def create_order(actor: Actor, data: NewOrder) -> Order:
    """Validate, price and number a new order (orders:write), and with `submit` submit it
    too (orders:submit), which confirms it and reserves its stock when no approval rule
    holds it. With an idempotency key, the same request returns the first order."""
    principal = await actor.require("orders", "write")
    if data.submit:
        await actor.require("orders", "submit")
    if data.channel == EXCHANGE_CHANNEL or data.exchange_of_order_id is not None:
        raise BusinessRuleError.single(
            OrderErrorCode.INVALID_CHANNEL,
            "Exchange orders are created by resolving a return.",
            "channel",
        )
    if data.channel in SOURCED_CHANNELS or any(line.agreed_price for line in data.lines):
        raise BusinessRuleError.single(
            OrderErrorCode.INVALID_CHANNEL,
            "Quote and subscription orders are created by accepting the quote or renewing "
            "the subscription.",
            "channel",
        )
    return await _create_order(actor, principal, data)


async def create_sourced_order(actor: Actor, data: NewOrder) -> Order:
    """An order another domain enters (channel quote or subscription, see SOURCED_CHANNELS):
    an accepted quote's one-off lines, a subscription period's renewal. The same checks,
    numbering, approval path, stock reservation and idempotency key as any order; lines
    with an agreed price keep it, and discounts are not held to the caller's cap (they were
    capped where they were agreed). The caller has checked its own permission: it may be a
    staff user, the portal contact accepting a quote, or the worker (no principal)."""
    if data.channel not in SOURCED_CHANNELS:
        raise ValueError(f"not a sourced channel: {data.channel}")
    return await _create_order(actor, actor.principal, data)


async def create_exchange_order(
    actor: Actor, data: NewOrder, exchange_of_order_id: uuid.UUID
) -> Order:
    """The reship order of an exchange: channel exchange, pointing at the original order,
    its lines priced at zero, submitted at once (stock reserved, backordered when short)
    through the same checks, numbering and approval path as any order. The caller (the
    return being resolved) has checked its own permission, as a portal order's caller has."""
    principal = actor.require_staff()
    exchange = replace(
        data,
        channel=EXCHANGE_CHANNEL,
        exchange_of_order_id=exchange_of_order_id,
        submit=True,
        allow_backorder=True,
        payment_terms=None,
        lines=[NewLine(line.sku_id, line.quantity) for line in data.lines],
    )
    return await _create_order(actor, principal, exchange)


async def place_portal_order(actor: Actor, data: NewOrder) -> Order:
    """A portal contact's order for their own customer: channel portal, submitted at once,
    no discount, never backordered, no tags, priority or external reference. Otherwise
    exactly `create_order`: the same checks, pricing, numbering, approval path, stock
    reservation and idempotency key (the caller has checked that the contact may order)."""
    principal = actor.require_portal()
    portal_data = replace(
        data,
        customer_id=principal.customer_id,
        channel="portal",
        submit=True,
        allow_backorder=False,
        priority="normal",
        tags=[],
        external_ref=None,
        payment_terms=None,
        lines=[NewLine(line.sku_id, line.quantity) for line in data.lines],
    )
    return await _create_order(actor, principal, portal_data)


async def _create_order(actor: Actor, principal: Principal | None, data: NewOrder) -> Order:
    key = clean(data.idempotency_key)
    # Only a request with a key is compared with an earlier one.
    request_hash = request_hash_of(data) if key is not None else None
    if key is not None and request_hash is not None:
        replayed = await _replayed(actor, key, request_hash)
        if replayed is not None:
            return replayed
    settings = await order_settings(actor)
    checked = await validated(actor, data, settings)
    profile, addresses = checked.profile, checked.addresses
    order = Order(
        tenant_id=actor.tenant_id,
        id=new_id(),
        channel=data.channel,
        external_ref=clean(data.external_ref),
        customer_id=profile.customer_id,
        customer_name=profile.name,
        owner_id=profile.owner_id,
        department_id=profile.department_id,
        region=profile.region,
        **terms_columns(data.payment_terms or profile.payment_terms),
        ship_to=addresses.get("ship_to"),
        bill_to=addresses.get("bill_to"),
        requested_delivery_date=data.requested_delivery_date,
        priority=data.priority,
        rank=0,
        tags=rules.normalize_tags(data.tags),
        notes=clean(data.notes),
        status=Status.DRAFT.value,
        currency=profile.currency,
        version=1,
        idempotency_key=key,
        request_hash=request_hash,
        created_by_kind=principal.kind.value if principal else None,
        created_by_id=principal.subject_id if principal else None,
        exchange_of_order_id=data.exchange_of_order_id,
    )
    lines = new_lines(order, data, checked.skus, checked.quotes)
    set_totals(order, lines)
    order.number = await numbering.allocate_number(actor, settings.number_format, checked.today)
    # The order and its lines stay out of the session: the submission changes them in
    # memory and they are written once, in their final state, by `_write`.
    journal = Journal(write=lambda done: _write(actor, order, lines, done))
    journal.history.append(status_change_values(actor, order, None, Status.DRAFT, "create", None))
    journal.audit.append(
        audit.AuditRecord("orders.create", "order", order.id, after=order_summary(order))
    )
    journal.events.append(created_event(order))
    if data.submit:
        await submit(actor, order, lines, None, data.allow_backorder, journal)
    await journal.flush()
    return order


async def _write(actor: Actor, order: Order, lines: list[OrderLine], journal: Journal) -> None:
    async with _new_order_written():
        await write_new_order(actor, order, lines, journal.history)
    await audit.record_many(actor, journal.audit)
    await emit_many(actor, journal.events)


@asynccontextmanager
async def _new_order_written() -> AsyncIterator[None]:
    """Around the flush that writes a new order: an order committed meanwhile with the same
    external reference is EXTERNAL_REF_TAKEN."""
    try:
        yield
    except IntegrityError as error:
        if "uq_orders_tenant_id_external_ref" not in str(error.orig):
            raise
        raise BusinessRuleError.single(
            OrderErrorCode.EXTERNAL_REF_TAKEN,
            "Another order has this external reference.",
            "externalRef",
        ) from error


def created_event(order: Order) -> OrderCreated:
    return OrderCreated(
        order_id=order.id,
        number=order.number,
        customer_id=order.customer_id,
        channel=order.channel,
        total=order.total,
        currency=order.currency,
    )


def order_summary(order: Order) -> dict[str, Any]:
    """What the audit log keeps of a new order."""
    return {
        "number": order.number,
        "status": order.status,
        "customerId": str(order.customer_id),
        "total": str(order.total),
        "currency": order.currency,
        "channel": order.channel,
    }
