"""Order use cases: creating an order (validated, priced, numbered, optionally submitted),
moving it through its lifecycle, reading orders within the caller's data scope, and the
tenant's order settings. The lifecycle itself is declared in `orders.rules.TRANSITIONS`.

Other domains call `create_order`, `transition_order`, `get_order` and `orders_by_id`.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Select, or_, select, text
from sqlalchemy.exc import IntegrityError

import audit.services as audit
import catalog.pricing as pricing
import catalog.services as catalog
import customers.services as customers
import inventory.services as inventory
from catalog.models import Sku
from core.context import Actor
from core.errors import BusinessRuleError, NotFound, UserError
from core.gql.pagination import Page, keyset_page
from core.ids import new_id
from core.outbox import emit
from core.tenancy import PrincipalKind
from orders import numbering, rules
from orders.models import Order, OrderLine, OrderSettings, OrderStatusChange
from orders.rules import Action, Effect, Status, Transition, TransitionRequest

CHANNELS = ("console", "portal", "api", "import", "marketplace")
PRIORITIES = ("normal", "urgent")
NET_TERMS = "net"

# --- inputs --------------------------------------------------------------------------------


@dataclass(frozen=True)
class NewLine:
    sku_id: uuid.UUID | None
    quantity: Decimal | None
    discount_percent: Decimal = Decimal(0)


@dataclass(frozen=True)
class NewOrder:
    customer_id: uuid.UUID | None
    lines: list[NewLine]
    channel: str = "console"
    external_ref: str | None = None
    ship_to_address_id: uuid.UUID | None = None
    bill_to_address_id: uuid.UUID | None = None
    requested_delivery_date: date | None = None
    priority: str = "normal"
    tags: list[str] = field(default_factory=list)
    notes: str | None = None
    submit: bool = False
    allow_backorder: bool = False
    idempotency_key: str | None = None


@dataclass(frozen=True)
class TransitionInput:
    order_id: uuid.UUID
    action: Action
    note: str | None = None
    carrier: str | None = None
    tracking_number: str | None = None
    expected_version: int | None = None
    allow_backorder: bool = False


@dataclass(frozen=True)
class OrderFilter:
    status: str | None = None
    customer_id: uuid.UUID | None = None
    priority: str | None = None
    search: str | None = None
    created_from: datetime | None = None
    created_to: datetime | None = None


@dataclass(frozen=True)
class SettingsChanges:
    number_format: str | None = None
    discount_caps: dict[str, Decimal] | None = None


@dataclass(frozen=True)
class EffectiveSettings:
    number_format: str
    discount_caps: dict[str, Decimal]


def raise_if(errors: Sequence[UserError]) -> None:
    if errors:
        raise BusinessRuleError(*errors)


# --- settings ------------------------------------------------------------------------------

async def order_settings(actor: Actor) -> EffectiveSettings:
    """The tenant's number format and discount caps (the defaults until changed)."""
    row = await actor.session.get(OrderSettings, actor.tenant_id)
    if row is None:
        return EffectiveSettings(rules.DEFAULT_NUMBER_FORMAT, dict(rules.DEFAULT_DISCOUNT_CAPS))
    return EffectiveSettings(row.number_format,
                             {k: Decimal(v) for k, v in row.discount_caps.items()})


def _check_caps(caps: dict[str, Decimal]) -> list[UserError]:
    return [UserError("INVALID_DISCOUNT_CAP", "A cap is a percentage from 0 to 100.",
                      ("discountCaps", role))
            for role, cap in caps.items()
            if not cap.is_finite() or cap < 0 or cap > rules.HUNDRED]


async def update_order_settings(actor: Actor, changes: SettingsChanges) -> EffectiveSettings:
    """Change the number format (new numbers only) or the discount caps (settings:write)."""
    await actor.require("settings", "write")
    current = await order_settings(actor)
    number_format = changes.number_format if changes.number_format is not None \
        else current.number_format
    caps = changes.discount_caps if changes.discount_caps is not None \
        else current.discount_caps
    raise_if([*rules.check_number_format(number_format), *_check_caps(caps)])
    row = await actor.session.get(OrderSettings, actor.tenant_id, with_for_update=True)
    if row is None:
        row = OrderSettings(tenant_id=actor.tenant_id)
        actor.session.add(row)
    row.number_format = number_format
    row.discount_caps = {role: str(cap) for role, cap in caps.items()}
    row.updated_at = datetime.now(UTC)
    await audit.record(actor, "orders.update_settings", "order_settings", actor.tenant_id,
                       before=_settings_summary(current),
                       after=_settings_summary(EffectiveSettings(number_format, caps)))
    await actor.session.flush()
    return EffectiveSettings(number_format, caps)


def _settings_summary(settings: EffectiveSettings) -> dict[str, Any]:
    return {"numberFormat": settings.number_format,
            "discountCaps": {k: str(v) for k, v in settings.discount_caps.items()}}


# --- reading -------------------------------------------------------------------------------

async def _visible_orders(actor: Actor) -> Select[Order]:
    """Orders the caller may read: orders:read, and the customer within their data scope
    (a sales rep with "own" scope sees the orders of customers they own)."""
    principal = await actor.require("orders", "read")
    return select(Order).where(Order.tenant_id == principal.tenant_id,
                               Order.customer_id.in_(await customers.visible_customer_ids(actor)))


async def get_order(actor: Actor, order_id: uuid.UUID) -> Order:
    order = await actor.session.scalar((await _visible_orders(actor)).where(Order.id == order_id))
    if order is None:
        raise NotFound()
    return order


async def orders_by_id(actor: Actor, ids: list[uuid.UUID]) -> list[Order | None]:
    """A DataLoader batch; portal contacts never reach staff orders (use portal_orders)."""
    if actor.require_principal().kind is PrincipalKind.PORTAL:
        return [None] * len(ids)
    rows = (await actor.session.scalars((await _visible_orders(actor)).where(
        Order.id.in_(ids)))).all()
    found = {o.id: o for o in rows}
    return [found.get(i) for i in ids]


def _like(search: str) -> str:
    escaped = search.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _filtered(statement: Select[Order], flt: OrderFilter) -> Select[Order]:
    if flt.status:
        statement = statement.where(Order.status == flt.status)
    if flt.customer_id:
        statement = statement.where(Order.customer_id == flt.customer_id)
    if flt.priority:
        statement = statement.where(Order.priority == flt.priority)
    if flt.created_from:
        statement = statement.where(Order.created_at >= flt.created_from)
    if flt.created_to:
        statement = statement.where(Order.created_at < flt.created_to)
    if flt.search and flt.search.strip():
        pattern = _like(flt.search.strip())
        statement = statement.where(or_(Order.number.ilike(pattern),
                                        Order.external_ref.ilike(pattern),
                                        Order.customer_name.ilike(pattern)))
    return statement


async def list_orders(actor: Actor, flt: OrderFilter, first: int | None,
                      after: str | None) -> Page[Order]:
    """Orders in the caller's scope, newest first (keyset on created_at, id)."""
    statement = _filtered(await _visible_orders(actor), flt)
    return await keyset_page(actor.session, statement, [Order.created_at, Order.id],
                             first=first, after=after)


async def lines_of_orders(actor: Actor, order_ids: list[uuid.UUID]) -> list[list[OrderLine]]:
    """Lines of orders the caller already reached, by line number (a DataLoader batch)."""
    rows = (await actor.session.scalars(select(OrderLine).where(
        OrderLine.tenant_id == actor.tenant_id, OrderLine.order_id.in_(order_ids)
    ).order_by(OrderLine.order_id, OrderLine.line_no))).all()
    grouped: dict[uuid.UUID, list[OrderLine]] = {i: [] for i in order_ids}
    for line in rows:
        grouped[line.order_id].append(line)
    return [grouped[i] for i in order_ids]


async def history_of_orders(actor: Actor, order_ids: list[uuid.UUID]
                            ) -> list[list[OrderStatusChange]]:
    """Status history of orders the caller already reached, oldest first (a batch)."""
    rows = (await actor.session.scalars(select(OrderStatusChange).where(
        OrderStatusChange.tenant_id == actor.tenant_id,
        OrderStatusChange.order_id.in_(order_ids)
    ).order_by(OrderStatusChange.order_id, OrderStatusChange.created_at,
               OrderStatusChange.id))).all()
    grouped: dict[uuid.UUID, list[OrderStatusChange]] = {i: [] for i in order_ids}
    for change in rows:
        grouped[change.order_id].append(change)
    return [grouped[i] for i in order_ids]


async def order_lines_by_id(actor: Actor, ids: list[uuid.UUID]) -> list[OrderLine | None]:
    if actor.require_principal().kind is PrincipalKind.PORTAL:
        return [None] * len(ids)
    rows = (await actor.session.scalars(select(OrderLine).join(Order, (
        Order.tenant_id == OrderLine.tenant_id) & (Order.id == OrderLine.order_id)).where(
        OrderLine.id.in_(ids), Order.id.in_(
            (await _visible_orders(actor)).with_only_columns(Order.id))))).all()
    found = {line.id: line for line in rows}
    return [found.get(i) for i in ids]


async def held_order_permissions(actor: Actor) -> set[str]:
    """The orders actions the caller holds (for availableTransitions)."""
    principal = actor.principal
    if principal is None or principal.kind is PrincipalKind.PORTAL:
        return set()
    held = await actor.services.authorizer.permissions(principal)
    return {action for resource, action in held if resource == "orders"}


def available_transitions(order: Order, permissions: set[str]) -> list[Transition]:
    return rules.available_actions(Status(order.status), permissions,
                                   TransitionRequest(on_credit_terms=_on_credit(order)))


# --- the portal ----------------------------------------------------------------------------

def _portal_orders(actor: Actor) -> Select[Order]:
    principal = actor.require_portal()
    return select(Order).where(Order.tenant_id == principal.tenant_id,
                               Order.customer_id == principal.customer_id)


async def portal_orders(actor: Actor, first: int | None, after: str | None) -> Page[Order]:
    """The portal contact's own customer's orders, newest first."""
    return await keyset_page(actor.session, _portal_orders(actor),
                             [Order.created_at, Order.id], first=first, after=after)


async def portal_order(actor: Actor, order_id: uuid.UUID) -> Order:
    order = await actor.session.scalar(_portal_orders(actor).where(Order.id == order_id))
    if order is None:
        raise NotFound()
    return order


async def portal_lines_of_orders(actor: Actor, order_ids: list[uuid.UUID]
                                 ) -> list[list[OrderLine]]:
    actor.require_portal()
    return await lines_of_orders(actor, order_ids)


async def portal_history_of_orders(actor: Actor, order_ids: list[uuid.UUID]
                                   ) -> list[list[OrderStatusChange]]:
    actor.require_portal()
    return await history_of_orders(actor, order_ids)


# --- creating ------------------------------------------------------------------------------

def _request_hash(data: NewOrder) -> str:
    """A digest of the normalised input: the same order sent twice hashes the same."""
    normal = asdict(data)
    normal["idempotency_key"] = None
    normal["tags"] = rules.normalize_tags(data.tags)
    normal["lines"] = [[str(line.sku_id), str(line.quantity and line.quantity.normalize()),
                        str(line.discount_percent.normalize())] for line in data.lines]
    encoded = json.dumps(normal, sort_keys=True, default=str).encode()
    return hashlib.sha256(encoded).hexdigest()


async def _replayed(actor: Actor, key: str, request_hash: str) -> Order | None:
    """The order an earlier request with this key created, if any. Requests with the same
    key queue on a transaction lock, so the second sees the first's order once it commits."""
    await actor.session.execute(text("SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))"),
                                {"key": f"orders:{actor.tenant_id}:{key}"})
    existing = await actor.session.scalar(select(Order).where(
        Order.tenant_id == actor.tenant_id, Order.idempotency_key == key))
    if existing is None:
        return None
    if existing.request_hash != request_hash or not await _in_scope(actor, existing):
        raise BusinessRuleError.single(
            "IDEMPOTENCY_CONFLICT", "This idempotency key was used for a different order.",
            "idempotencyKey")
    return existing


async def _in_scope(actor: Actor, order: Order) -> bool:
    """A replay never hands out an order the caller could not read."""
    try:
        await get_order(actor, order.id)
    except NotFound:
        return False
    return True


def _check_header(data: NewOrder) -> list[UserError]:
    errors = [*rules.check_tags(data.tags), *rules.check_notes(data.notes)]
    if data.customer_id is None:
        errors.append(UserError("REQUIRED", "Choose the customer.", ("customerId",)))
    if not data.lines:
        errors.append(UserError("EMPTY_ORDER", "Add at least one line.", ("lines",)))
    if len(data.lines) > rules.MAX_LINES:
        errors.append(UserError("TOO_MANY_LINES", f"At most {rules.MAX_LINES} lines.",
                                ("lines",)))
    if data.channel not in CHANNELS:
        errors.append(UserError("INVALID_CHANNEL", "Unknown channel.", ("channel",)))
    if data.priority not in PRIORITIES:
        errors.append(UserError("INVALID_PRIORITY", "normal or urgent.", ("priority",)))
    if data.external_ref is not None and len(data.external_ref.strip()) > 200:
        errors.append(UserError("TOO_LONG", "At most 200 characters.", ("externalRef",)))
    if data.idempotency_key is not None and not 1 <= len(data.idempotency_key.strip()) <= 200:
        errors.append(UserError("INVALID_IDEMPOTENCY_KEY", "1 to 200 characters.",
                                ("idempotencyKey",)))
    return errors


async def _profile(actor: Actor, customer_id: uuid.UUID | None
                   ) -> customers.CustomerProfile | None:
    if customer_id is None:
        return None
    try:
        return await customers.customer_pricing_profile(actor, customer_id)
    except NotFound:
        return None


def _check_line(line: NewLine, sku: Sku | None, index: int, cap: Decimal) -> list[UserError]:
    at = ("lines", str(index))
    errors: list[UserError] = []
    if line.sku_id is None:
        errors.append(UserError("REQUIRED", "Choose the product.", (*at, "skuId")))
    elif sku is None:
        errors.append(UserError("UNKNOWN_SKU", "No such SKU.", (*at, "skuId")))
    elif not sku.sellable:
        errors.append(UserError("INACTIVE_PRODUCT", f"{sku.code} is not sold any more.",
                                (*at, "skuId")))
    if line.quantity is None:
        errors.append(UserError("REQUIRED", "Enter the quantity.", (*at, "quantity")))
    elif sku is not None:
        errors.extend(catalog.check_order_quantity(sku, line.quantity, (*at, "quantity")))
    errors.extend(rules.check_discount(line.discount_percent, cap, (*at, "discountPercent")))
    return errors


async def _skus(actor: Actor, lines: Sequence[NewLine]) -> list[Sku | None]:
    ids = [line.sku_id for line in lines if line.sku_id is not None]
    found = {s.id: s for s in await catalog.skus_by_id(actor, ids) if s is not None}
    return [found.get(line.sku_id) if line.sku_id else None for line in lines]


async def _discount_cap(actor: Actor, caps: dict[str, Decimal]) -> Decimal:
    roles = await actor.services.authorizer.roles_of(actor.require_principal())
    return rules.discount_cap(roles, caps)


async def _price_lines(actor: Actor, data: NewOrder, skus: list[Sku | None],
                       profile: customers.CustomerProfile, on: date
                       ) -> list[pricing.PriceQuote]:
    context = await pricing.context_for(actor, profile.tier, profile.region)
    quote_lines = [pricing.QuoteLine(sku.id, line.quantity)
                   for line, sku in zip(data.lines, skus, strict=True)
                   if sku is not None and line.quantity is not None]
    return await pricing.quote_lines(actor, context, quote_lines, on)


async def _check_costs(actor: Actor, data: NewOrder, skus: list[Sku | None],
                       quotes: list[pricing.PriceQuote]) -> list[UserError]:
    """PRICE_BELOW_COST unless the caller holds orders:discount_any."""
    below = [index for index, (line, sku, quote) in enumerate(
        zip(data.lines, skus, quotes, strict=True)) if sku is not None and rules.net_unit_price(
            quote.unit_price.amount, line.discount_percent) < sku.cost]
    if not below or await actor.can("orders", "discount_any"):
        return []
    return [UserError("PRICE_BELOW_COST", "The price after discount is below cost.",
                      ("lines", str(i), "discountPercent" if data.lines[i].discount_percent
                       else "skuId")) for i in below]


async def _address(actor: Actor, customer_id: uuid.UUID, address_id: uuid.UUID | None,
                   kind: str, field_name: str) -> tuple[dict[str, Any] | None, list[UserError]]:
    try:
        address = (await customers.address_by_id(actor, customer_id, address_id)
                   if address_id else await customers.default_address(actor, customer_id, kind))
    except NotFound:
        return None, [UserError("UNKNOWN_ADDRESS", "No such address of this customer.",
                                (field_name,))]
    if address is None:
        return None, []
    if address_id and address.kind != kind:
        return None, [UserError("UNKNOWN_ADDRESS", f"Not a {kind.replace('_', '-')} address.",
                                (field_name,))]
    return {"label": address.label, "recipient": address.recipient, "phone": address.phone,
            "line1": address.line1, "line2": address.line2, "city": address.city,
            "region": address.region, "postalCode": address.postal_code,
            "country": address.country}, []


async def _check_external_ref(actor: Actor, ref: str | None) -> list[UserError]:
    if not ref:
        return []
    taken = await actor.session.scalar(select(Order.id).where(
        Order.tenant_id == actor.tenant_id, Order.external_ref == ref))
    return [UserError("EXTERNAL_REF_TAKEN", "Another order has this external reference.",
                      ("externalRef",))] if taken else []


def _new_lines(order: Order, data: NewOrder, skus: list[Sku | None],
               quotes: list[pricing.PriceQuote]) -> list[OrderLine]:
    lines = []
    for index, (line, sku, quote) in enumerate(zip(data.lines, skus, quotes, strict=True)):
        assert sku is not None and line.quantity is not None
        amounts = rules.line_amounts(quote.unit_price.amount, line.quantity,
                                     line.discount_percent, sku.product.tax_rate, order.currency)
        lines.append(OrderLine(
            tenant_id=order.tenant_id, id=new_id(), order_id=order.id, line_no=index + 1,
            sku_id=sku.id, sku_code=sku.code, currency=order.currency, description=sku.name,
            quantity=line.quantity,
            unit_price=quote.unit_price.amount, price_source=quote.price_source,
            price_source_label=quote.price_source_label,
            discount_percent=line.discount_percent, tax_rate=sku.product.tax_rate,
            line_subtotal=amounts.net, line_discount=amounts.discount, line_tax=amounts.tax,
            line_total=amounts.total, reserved_quantity=Decimal(0),
            backordered_quantity=Decimal(0), shipped_quantity=Decimal(0)))
    return lines


def _set_totals(order: Order, lines: list[OrderLine]) -> None:
    totals = rules.order_totals(rules.LineAmounts(
        gross=line.line_subtotal + line.line_discount, discount=line.line_discount,
        net=line.line_subtotal, tax=line.line_tax, total=line.line_total) for line in lines)
    order.subtotal, order.discount_total = totals.subtotal, totals.discount_total
    order.tax_total, order.total = totals.tax_total, totals.total


@dataclass(frozen=True)
class _Checked:
    """What a valid new order was checked against."""

    profile: customers.CustomerProfile
    skus: list[Sku | None]
    quotes: list[pricing.PriceQuote]
    addresses: dict[str, Any]
    today: date


async def _validated(actor: Actor, data: NewOrder, settings: EffectiveSettings) -> _Checked:
    """Every entry check; all user errors at once. Returns the customer's profile, the SKUs,
    the prices, the address snapshots (keys ship_to, bill_to) and the tenant's date."""
    errors = _check_header(data)
    profile = await _profile(actor, data.customer_id)
    if data.customer_id is not None and profile is None:
        errors.append(UserError("UNKNOWN_CUSTOMER", "No such customer.", ("customerId",)))
    skus = await _skus(actor, data.lines)
    cap = await _discount_cap(actor, settings.discount_caps)
    for index, (line, sku) in enumerate(zip(data.lines, skus, strict=True)):
        errors.extend(_check_line(line, sku, index, cap))
    errors.extend(await _check_external_ref(actor, _clean(data.external_ref)))
    addresses: dict[str, Any] = {}
    if profile is not None:
        for kind, address_id, name in (("ship_to", data.ship_to_address_id, "shipToAddressId"),
                                       ("bill_to", data.bill_to_address_id, "billToAddressId")):
            addresses[kind], address_errors = await _address(
                actor, profile.customer_id, address_id, kind, name)
            errors.extend(address_errors)
    today = await pricing.today(actor)
    if data.requested_delivery_date is not None and data.requested_delivery_date < today:
        errors.append(UserError("INVALID_DELIVERY_DATE", "The delivery date has passed.",
                                ("requestedDeliveryDate",)))
    raise_if(errors)
    assert profile is not None
    quotes = await _price_lines(actor, data, skus, profile, today)
    raise_if(await _check_costs(actor, data, skus, quotes))
    return _Checked(profile, skus, quotes, addresses, today)


def _clean(value: str | None) -> str | None:
    return value.strip() or None if value is not None else None


async def create_order(actor: Actor, data: NewOrder) -> Order:
    """Validate, price and number a new order (orders:write), and with `submit` submit it
    too (orders:submit), which confirms it and reserves its stock when no approval rule
    holds it. With an idempotency key, the same request returns the first order."""
    principal = await actor.require("orders", "write")
    if data.submit:
        await actor.require("orders", "submit")
    request_hash = _request_hash(data)
    key = _clean(data.idempotency_key)
    if key is not None:
        replayed = await _replayed(actor, key, request_hash)
        if replayed is not None:
            return replayed
    settings = await order_settings(actor)
    checked = await _validated(actor, data, settings)
    profile, addresses = checked.profile, checked.addresses
    order = Order(
        tenant_id=actor.tenant_id, id=new_id(), channel=data.channel,
        external_ref=_clean(data.external_ref), customer_id=profile.customer_id,
        customer_name=profile.name, owner_id=profile.owner_id,
        department_id=profile.department_id, region=profile.region,
        payment_terms_kind=profile.payment_terms.kind, ship_to=addresses.get("ship_to"),
        bill_to=addresses.get("bill_to"), requested_delivery_date=data.requested_delivery_date,
        priority=data.priority, rank=0, tags=rules.normalize_tags(data.tags),
        notes=_clean(data.notes), status=Status.DRAFT.value, currency=profile.currency,
        version=1, idempotency_key=key, request_hash=request_hash if key else None,
        created_by_kind=principal.kind.value, created_by_id=principal.subject_id)
    lines = _new_lines(order, data, checked.skus, checked.quotes)
    _set_totals(order, lines)
    order.number = await numbering.allocate_number(actor, settings.number_format, checked.today)
    actor.session.add(order)
    await _flush_new_order(actor)
    actor.session.add_all(lines)
    _record_change(actor, order, None, Status.DRAFT, "create", None)
    await audit.record(actor, "orders.create", "order", order.id, after=_summary(order))
    await emit(actor, "order.created", {"orderId": str(order.id), "number": order.number,
                                        "customerId": str(order.customer_id),
                                        "channel": order.channel, "total": str(order.total),
                                        "currency": order.currency})
    if data.submit:
        await _submit(actor, order, lines, None, data.allow_backorder)
    await actor.session.flush()
    return order


async def _flush_new_order(actor: Actor) -> None:
    try:
        await actor.session.flush()
    except IntegrityError as error:
        if "uq_orders_tenant_id_external_ref" not in str(error.orig):
            raise
        raise BusinessRuleError.single("EXTERNAL_REF_TAKEN", "Another order has this "
                                       "external reference.", "externalRef") from error


def _summary(order: Order) -> dict[str, Any]:
    return {"number": order.number, "status": order.status, "customerId": str(order.customer_id),
            "total": str(order.total), "currency": order.currency, "channel": order.channel}


# --- the lifecycle -------------------------------------------------------------------------

def _on_credit(order: Order) -> bool:
    return order.payment_terms_kind.lower() == NET_TERMS


def _record_change(actor: Actor, order: Order, source: Status | None, target: Status,
                   action: str, note: str | None) -> None:
    principal = actor.principal
    actor.session.add(OrderStatusChange(
        tenant_id=order.tenant_id, id=new_id(), order_id=order.id,
        from_status=source.value if source else None, to_status=target.value, action=action,
        actor_kind=principal.kind.value if principal else None,
        actor_id=principal.subject_id if principal else None,
        actor_label=actor.actor_label, note=note))


async def _lock_order(actor: Actor, order_id: uuid.UUID) -> Order:
    """The order in the caller's scope, locked: conflicting transitions queue here and each
    sees the status the previous one left."""
    order = await actor.session.scalar(
        (await _visible_orders(actor)).where(Order.id == order_id)
        .with_for_update(of=Order).execution_options(populate_existing=True))
    if order is None:
        raise NotFound()
    return order


async def _lines(actor: Actor, order: Order) -> list[OrderLine]:
    [lines] = await lines_of_orders(actor, [order.id])
    return lines


def _at_line(errors: list[UserError], lines: list[OrderLine], line: OrderLine
             ) -> list[UserError]:
    index = str(lines.index(line))
    return [UserError(e.code, e.message, ("lines", index, *(e.field or ())[-1:]))
            for e in errors]


async def _reserve(actor: Actor, order: Order, lines: list[OrderLine],
                   allow_backorder: bool) -> None:
    reservations = await inventory.reserve(actor, [
        inventory.ReservationRequest(reference_id=line.id, sku_id=line.sku_id,
                                     quantity=line.quantity, region=order.region,
                                     path=("lines", str(index), "quantity"))
        for index, line in enumerate(lines)], allow_backorder=allow_backorder)
    for line, reservation in zip(lines, reservations, strict=True):
        line.reserved_quantity = reservation.reserved
        line.backordered_quantity = reservation.backordered


async def _release(actor: Actor, lines: list[OrderLine]) -> None:
    await inventory.release(actor, [line.id for line in lines])
    for line in lines:
        line.reserved_quantity = Decimal(0)
        line.backordered_quantity = Decimal(0)


async def _ship_all(actor: Actor, lines: list[OrderLine]) -> None:
    """One shipment of every line in full. Lines are consumed by SKU so that two shipments
    lock shared stock rows in the same order."""
    for line in sorted(lines, key=lambda item: (item.sku_id, item.line_no)):
        remaining = line.quantity - line.shipped_quantity
        if remaining <= 0:
            continue
        try:
            reservation = await inventory.consume(actor, line.id, remaining)
        except BusinessRuleError as error:
            raise BusinessRuleError(*_at_line(error.errors, lines, line)) from error
        line.shipped_quantity += remaining
        line.reserved_quantity = reservation.reserved


async def _apply_effect(actor: Actor, order: Order, lines: list[OrderLine],
                        transition: Transition, allow_backorder: bool) -> None:
    if transition.effect is Effect.RESERVE:
        await _reserve(actor, order, lines, allow_backorder)
    elif transition.effect is Effect.RELEASE:
        await _release(actor, lines)
    elif transition.effect is Effect.SHIP_ALL:
        await _ship_all(actor, lines)


async def _move(actor: Actor, order: Order, lines: list[OrderLine], transition: Transition,
                note: str | None, allow_backorder: bool = False) -> None:
    """Apply one transition: its stock effect, the status, history, audit and event."""
    await _apply_effect(actor, order, lines, transition, allow_backorder)
    source = Status(order.status)
    order.status = transition.target.value
    order.version += 1
    order.updated_at = datetime.now(UTC)
    _record_change(actor, order, source, transition.target, transition.action.value, note)
    await audit.record(actor, f"orders.{transition.action.value}", "order", order.id,
                       before={"status": source.value},
                       after={"status": transition.target.value, "note": note})
    await emit(actor, "order.status_changed", {
        "orderId": str(order.id), "number": order.number, "from": source.value,
        "to": transition.target.value, "action": transition.action.value})


async def _submit(actor: Actor, order: Order, lines: list[OrderLine], note: str | None,
                  allow_backorder: bool) -> None:
    """Draft -> Submitted, then, as no approval rule exists yet, Submitted -> Confirmed in
    the same transaction (reserving stock). Approval rules plug in here: a rule that fires
    moves the order to Pending Approval instead, and an approver confirms it later."""
    submit = rules.transition_for(Status.DRAFT, Action.SUBMIT)
    confirm = rules.transition_for(Status.SUBMITTED, Action.CONFIRM)
    assert submit is not None and confirm is not None
    await _move(actor, order, lines, submit, note)
    await _move(actor, order, lines, confirm, None, allow_backorder)


def _invalid(order: Order, action: Action) -> BusinessRuleError:
    status = order.status.replace("_", " ")
    return BusinessRuleError.single(
        "INVALID_TRANSITION", f"Cannot {action.value.replace('_', ' ')} order {order.number}: "
        f"it is {status}.", "action")


async def transition_order(actor: Actor, data: TransitionInput) -> Order:
    """Take one lifecycle action on an order (the permission declared for it in
    rules.TRANSITIONS). INVALID_TRANSITION from a status the action does not leave;
    STALE_VERSION when `expected_version` is not the order's version."""
    await actor.require("orders", rules.PERMISSION_OF[data.action])
    order = await _lock_order(actor, data.order_id)
    if data.expected_version is not None and data.expected_version != order.version:
        raise BusinessRuleError.single(
            "STALE_VERSION", f"The order changed meanwhile (version {order.version}); "
            "reload it and try again.", "expectedVersion")
    status = Status(order.status)
    transition = rules.transition_for(status, data.action)
    if transition is None or (data.action is Action.CONFIRM and status is Status.SUBMITTED):
        raise _invalid(order, data.action)
    raise_if(rules.check_preconditions(transition, TransitionRequest(
        carrier=data.carrier, tracking_number=data.tracking_number,
        on_credit_terms=_on_credit(order))))
    lines = await _lines(actor, order)
    note = _clean(data.note)
    if data.action is Action.SUBMIT:
        await _submit(actor, order, lines, note, data.allow_backorder)
    else:
        if data.action is Action.SHIP:
            order.carrier, order.tracking_number = _clean(data.carrier), \
                _clean(data.tracking_number)
            order.shipped_at = datetime.now(UTC)
        await _move(actor, order, lines, transition, note, data.allow_backorder)
    await actor.session.flush()
    return order
