"""Order use cases: creating an order (validated, priced, numbered, optionally submitted),
moving it through its lifecycle, reading orders within the caller's data scope, and the
tenant's order settings. The lifecycle itself is declared in `orders.rules.TRANSITIONS`.

Other domains call `create_order`, `transition_order`, `get_order` and `orders_by_id`.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import AsyncIterator, Callable, Iterable, Sequence
from contextlib import asynccontextmanager
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Date,
    Select,
    func,
    literal_column,
    or_,
    select,
    text,
    tuple_,
)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import InstrumentedAttribute

import approvals.submission as approval_gate
import audit.services as audit
import catalog.pricing as pricing
import catalog.services as catalog
import customers.services as customers
import inventory.services as inventory
from catalog.models import Sku
from core.context import Actor
from core.errors import BusinessRuleError, NotFound, UserError
from core.gql.pagination import Page, decode_cursor, encode_cursor, keyset_page, page_size
from core.ids import new_id
from core.money import PERCENT, QUANTITY, Digits, check_decimal, is_well_formed
from core.outbox import emit
from core.tenancy import Principal, PrincipalKind
from customers.models import CustomerAddress
from customers.rules import PaymentTerms, check_payment_terms, plan_from_json, plan_to_json
from orders import numbering, rules
from orders.models import Order, OrderLine, OrderSettings, OrderStatusChange
from orders.rules import Action, Effect, Status, Transition, TransitionRequest

CHANNELS = ("console", "portal", "api", "import", "marketplace")
PRIORITIES = ("normal", "urgent")
# Terms on which an order may ship before it is paid (its receivables track the payment).
CREDIT_TERMS = ("net", "instalments")

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
    # The order's own payment terms; None takes the customer's.
    payment_terms: PaymentTerms | None = None


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
    statuses: tuple[str, ...] = ()
    channel: str | None = None
    tag: str | None = None


# The order list's sorts: each is keyset-paginated on (its key, id).
ORDER_SORTS = ("newest", "oldest", "total", "requested_date")
# Orders without a requested date sort after every dated one: as DATE 'infinity' in SQL,
# which asyncpg reads and writes as date.max.
_NO_DATE = date.max


@dataclass(frozen=True)
class SettingsChanges:
    number_format: str | None = None
    # (role key, percent) in the order the client sent them: errors name their index.
    discount_caps: list[tuple[str, Decimal]] | None = None


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
    return EffectiveSettings(
        row.number_format, {k: Decimal(v) for k, v in row.discount_caps.items()}
    )


def _check_caps(caps: list[tuple[str, Decimal]]) -> list[UserError]:
    return [
        error
        for index, (_, cap) in enumerate(caps)
        for error in rules.check_discount_cap(cap, ("discountCaps", str(index), "percent"))
    ]


async def update_order_settings(actor: Actor, changes: SettingsChanges) -> EffectiveSettings:
    """Change the number format (new numbers only) or the discount caps (settings:write)."""
    await actor.require("settings", "write")
    current = await order_settings(actor)
    number_format = (
        changes.number_format if changes.number_format is not None else current.number_format
    )
    raise_if([*rules.check_number_format(number_format), *_check_caps(changes.discount_caps or [])])
    caps = (
        dict(changes.discount_caps) if changes.discount_caps is not None else current.discount_caps
    )
    row = await actor.session.get(OrderSettings, actor.tenant_id, with_for_update=True)
    if row is None:
        row = OrderSettings(tenant_id=actor.tenant_id)
        actor.session.add(row)
    row.number_format = number_format
    row.discount_caps = {role: str(cap) for role, cap in caps.items()}
    row.updated_at = datetime.now(UTC)
    await audit.record(
        actor,
        "orders.update_settings",
        "order_settings",
        actor.tenant_id,
        before=_settings_summary(current),
        after=_settings_summary(EffectiveSettings(number_format, caps)),
    )
    await actor.session.flush()
    return EffectiveSettings(number_format, caps)


def _settings_summary(settings: EffectiveSettings) -> dict[str, Any]:
    return {
        "numberFormat": settings.number_format,
        "discountCaps": {k: str(v) for k, v in settings.discount_caps.items()},
    }


# --- reading -------------------------------------------------------------------------------


async def _visible_orders(actor: Actor) -> Select[Order]:
    """Orders the caller may read: orders:read, and the customer within their data scope
    (a sales rep with "own" scope sees the orders of customers they own)."""
    principal = await actor.require("orders", "read")
    return select(Order).where(
        Order.tenant_id == principal.tenant_id,
        Order.customer_id.in_(await customers.visible_customer_ids(actor)),
    )


async def get_order(actor: Actor, order_id: uuid.UUID) -> Order:
    order = await actor.session.scalar((await _visible_orders(actor)).where(Order.id == order_id))
    if order is None:
        raise NotFound()
    return order


async def orders_by_id(actor: Actor, ids: list[uuid.UUID]) -> list[Order | None]:
    """A DataLoader batch; portal contacts never reach staff orders (use portal_orders)."""
    if actor.require_principal().kind is PrincipalKind.PORTAL:
        return [None] * len(ids)
    rows = (
        await actor.session.scalars((await _visible_orders(actor)).where(Order.id.in_(ids)))
    ).all()
    found = {o.id: o for o in rows}
    return [found.get(i) for i in ids]


def _like(search: str) -> str:
    escaped = search.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _filtered(statement: Select[Order], flt: OrderFilter) -> Select[Order]:
    if flt.status:
        statement = statement.where(Order.status == flt.status)
    if flt.statuses:
        statement = statement.where(Order.status.in_(flt.statuses))
    if flt.customer_id:
        statement = statement.where(Order.customer_id == flt.customer_id)
    if flt.priority:
        statement = statement.where(Order.priority == flt.priority)
    if flt.channel:
        statement = statement.where(Order.channel == flt.channel)
    if flt.tag and flt.tag.strip():
        statement = statement.where(Order.tags.contains([flt.tag.strip().lower()]))
    if flt.created_from:
        statement = statement.where(Order.created_at >= flt.created_from)
    if flt.created_to:
        statement = statement.where(Order.created_at < flt.created_to)
    if flt.search and flt.search.strip():
        pattern = _like(flt.search.strip())
        statement = statement.where(
            or_(
                Order.number.ilike(pattern),
                Order.external_ref.ilike(pattern),
                Order.customer_name.ilike(pattern),
            )
        )
    return statement


@dataclass(frozen=True)
class _SortKey:
    """A sort of the order list: its key, how to read it off a row and back off a cursor."""

    descending: bool
    expression: ColumnElement[Any] | InstrumentedAttribute[Any]
    value: Callable[[Order], Any]
    parse: Callable[[str], Any]


_SORT_KEYS = {
    "newest": _SortKey(True, Order.created_at, lambda o: o.created_at, datetime.fromisoformat),
    "oldest": _SortKey(False, Order.created_at, lambda o: o.created_at, datetime.fromisoformat),
    "total": _SortKey(True, Order.total, lambda o: o.total, Decimal),
    "requested_date": _SortKey(
        # A literal, not a bind parameter, so an index on the same expression can serve it.
        False,
        func.coalesce(Order.requested_delivery_date, literal_column("DATE 'infinity'", Date)),
        lambda o: o.requested_delivery_date or _NO_DATE,
        date.fromisoformat,
    ),
}


def _invalid_sort() -> BusinessRuleError:
    return BusinessRuleError.single(
        "INVALID_SORT", f"Sort by one of {', '.join(ORDER_SORTS)}.", "orderBy"
    )


def _after_cursor(sort: str, key: _SortKey, cursor: str) -> tuple[Any, uuid.UUID]:
    """The (key, id) a cursor of this sort carries; INVALID_CURSOR for another sort's."""
    values = decode_cursor(cursor)
    if len(values) != 3 or values[0] != sort:
        raise BusinessRuleError.single("INVALID_CURSOR", "The cursor is malformed.", "after")
    try:
        return key.parse(str(values[1])), uuid.UUID(str(values[2]))
    except (ValueError, ArithmeticError) as error:
        raise BusinessRuleError.single(
            "INVALID_CURSOR", "The cursor is malformed.", "after"
        ) from error


async def list_orders(
    actor: Actor, flt: OrderFilter, first: int | None, after: str | None, sort: str = "newest"
) -> Page[Order]:
    """Orders in the caller's scope in one of ORDER_SORTS (default newest first), keyset
    paginated on (sort key, id) so each page is one index range scan."""
    key = _SORT_KEYS.get(sort)
    if key is None:
        raise _invalid_sort()
    size = page_size(first)
    statement = _filtered(await _visible_orders(actor), flt)
    position = tuple_(key.expression, Order.id)
    if after:
        bound = tuple_(*_after_cursor(sort, key, after))
        statement = statement.where(position < bound if key.descending else position > bound)
    order_by = (
        [key.expression.desc(), Order.id.desc()]
        if key.descending
        else [key.expression.asc(), Order.id.asc()]
    )
    rows = list((await actor.session.scalars(statement.order_by(*order_by).limit(size + 1))).all())
    page = rows[:size]
    cursors = [encode_cursor([sort, str(key.value(o)), str(o.id)]) for o in page]
    return Page(rows=page, has_next_page=len(rows) > size, cursors=cursors)


async def lines_of_orders(actor: Actor, order_ids: list[uuid.UUID]) -> list[list[OrderLine]]:
    """Lines of orders the caller already reached, by line number (a DataLoader batch)."""
    rows = (
        await actor.session.scalars(
            select(OrderLine)
            .where(OrderLine.tenant_id == actor.tenant_id, OrderLine.order_id.in_(order_ids))
            .order_by(OrderLine.order_id, OrderLine.line_no)
        )
    ).all()
    grouped: dict[uuid.UUID, list[OrderLine]] = {i: [] for i in order_ids}
    for line in rows:
        grouped[line.order_id].append(line)
    return [grouped[i] for i in order_ids]


async def history_of_orders(
    actor: Actor, order_ids: list[uuid.UUID]
) -> list[list[OrderStatusChange]]:
    """Status history of orders the caller already reached, oldest first (a batch)."""
    rows = (
        await actor.session.scalars(
            select(OrderStatusChange)
            .where(
                OrderStatusChange.tenant_id == actor.tenant_id,
                OrderStatusChange.order_id.in_(order_ids),
            )
            .order_by(
                OrderStatusChange.order_id, OrderStatusChange.created_at, OrderStatusChange.id
            )
        )
    ).all()
    grouped: dict[uuid.UUID, list[OrderStatusChange]] = {i: [] for i in order_ids}
    for change in rows:
        grouped[change.order_id].append(change)
    return [grouped[i] for i in order_ids]


async def order_lines_by_id(actor: Actor, ids: list[uuid.UUID]) -> list[OrderLine | None]:
    if actor.require_principal().kind is PrincipalKind.PORTAL:
        return [None] * len(ids)
    rows = (
        await actor.session.scalars(
            select(OrderLine)
            .join(
                Order, (Order.tenant_id == OrderLine.tenant_id) & (Order.id == OrderLine.order_id)
            )
            .where(
                OrderLine.id.in_(ids),
                Order.id.in_((await _visible_orders(actor)).with_only_columns(Order.id)),
            )
        )
    ).all()
    found = {line.id: line for line in rows}
    return [found.get(i) for i in ids]


async def held_order_permissions(actor: Actor) -> set[str]:
    """The orders actions the caller holds (for availableTransitions)."""
    principal = actor.principal
    if principal is None or principal.kind is PrincipalKind.PORTAL:
        return set()
    held = await actor.services.authorizer.permissions(principal)
    return {action for resource, action in held if resource == "orders"}


def available_transitions(
    order: Order, permissions: set[str], lines: Sequence[OrderLine]
) -> list[Transition]:
    return rules.available_actions(
        Status(order.status),
        permissions,
        TransitionRequest(
            on_credit_terms=_on_credit(order), shipped_in_part=_shipped_in_part(lines)
        ),
    )


def _shipped_in_part(lines: Iterable[OrderLine]) -> bool:
    return any(line.shipped_quantity > 0 for line in lines)


# --- the portal ----------------------------------------------------------------------------


def _portal_orders(actor: Actor) -> Select[Order]:
    principal = actor.require_portal()
    return select(Order).where(
        Order.tenant_id == principal.tenant_id, Order.customer_id == principal.customer_id
    )


async def portal_orders(actor: Actor, first: int | None, after: str | None) -> Page[Order]:
    """The portal contact's own customer's orders, newest first."""
    return await keyset_page(
        actor.session, _portal_orders(actor), [Order.created_at, Order.id], first=first, after=after
    )


async def portal_order(actor: Actor, order_id: uuid.UUID) -> Order:
    order = await actor.session.scalar(_portal_orders(actor).where(Order.id == order_id))
    if order is None:
        raise NotFound()
    return order


async def portal_lines_of_orders(actor: Actor, order_ids: list[uuid.UUID]) -> list[list[OrderLine]]:
    actor.require_portal()
    return await lines_of_orders(actor, order_ids)


async def portal_history_of_orders(
    actor: Actor, order_ids: list[uuid.UUID]
) -> list[list[OrderStatusChange]]:
    actor.require_portal()
    return await history_of_orders(actor, order_ids)


# --- creating ------------------------------------------------------------------------------


def _request_hash(data: NewOrder) -> str:
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


async def _replayed(actor: Actor, key: str, request_hash: str) -> Order | None:
    """The order an earlier request with this key created, if any. Requests with the same
    key queue on a transaction lock, so the second sees the first's order once it commits."""
    await actor.session.execute(
        text("SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))"),
        {"key": f"orders:{actor.tenant_id}:{key}"},
    )
    existing = await actor.session.scalar(
        select(Order).where(Order.tenant_id == actor.tenant_id, Order.idempotency_key == key)
    )
    if existing is None:
        return None
    if existing.request_hash != request_hash or not await _in_scope(actor, existing):
        raise BusinessRuleError.single(
            "IDEMPOTENCY_CONFLICT",
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


def _check_header(data: NewOrder) -> list[UserError]:
    errors = [*rules.check_tags(data.tags), *rules.check_notes(data.notes)]
    if data.customer_id is None:
        errors.append(UserError("REQUIRED", "Choose the customer.", ("customerId",)))
    if not data.lines:
        errors.append(UserError("EMPTY_ORDER", "Add at least one line.", ("lines",)))
    if len(data.lines) > rules.MAX_LINES:
        errors.append(UserError("TOO_MANY_LINES", f"At most {rules.MAX_LINES} lines.", ("lines",)))
    if data.channel not in CHANNELS:
        errors.append(UserError("INVALID_CHANNEL", "Unknown channel.", ("channel",)))
    if data.priority not in PRIORITIES:
        errors.append(UserError("INVALID_PRIORITY", "normal or urgent.", ("priority",)))
    if data.external_ref is not None and len(data.external_ref.strip()) > 200:
        errors.append(UserError("TOO_LONG", "At most 200 characters.", ("externalRef",)))
    if data.idempotency_key is not None and not 1 <= len(data.idempotency_key.strip()) <= 200:
        errors.append(
            UserError("INVALID_IDEMPOTENCY_KEY", "1 to 200 characters.", ("idempotencyKey",))
        )
    return errors


def _check_line(line: NewLine, sku: Sku | None, index: int, cap: Decimal) -> list[UserError]:
    at = ("lines", str(index))
    errors: list[UserError] = []
    if line.sku_id is None:
        errors.append(UserError("REQUIRED", "Choose the product.", (*at, "skuId")))
    elif sku is None:
        errors.append(UserError("UNKNOWN_SKU", "No such SKU.", (*at, "skuId")))
    elif not sku.sellable:
        errors.append(
            UserError("INACTIVE_PRODUCT", f"{sku.code} is not sold any more.", (*at, "skuId"))
        )
    if line.quantity is None:
        errors.append(UserError("REQUIRED", "Enter the quantity.", (*at, "quantity")))
    elif sku is not None:
        errors.extend(catalog.check_order_quantity(sku, line.quantity, (*at, "quantity")))
    else:
        errors.extend(
            check_decimal(line.quantity, (*at, "quantity"), QUANTITY, code="INVALID_QUANTITY")
        )
    errors.extend(rules.check_discount(line.discount_percent, cap, (*at, "discountPercent")))
    return errors


async def _skus(actor: Actor, lines: Sequence[NewLine]) -> list[Sku | None]:
    ids = [line.sku_id for line in lines if line.sku_id is not None]
    found = {s.id: s for s in await catalog.skus_by_id(actor, ids) if s is not None}
    return [found.get(line.sku_id) if line.sku_id else None for line in lines]


async def _discount_cap(actor: Actor, caps: dict[str, Decimal]) -> Decimal:
    roles = await actor.services.authorizer.roles_of(actor.require_principal())
    return rules.discount_cap(roles, caps)


async def _check_costs(
    actor: Actor, data: NewOrder, skus: list[Sku | None], quotes: list[pricing.PriceQuote]
) -> list[UserError]:
    """PRICE_BELOW_COST unless the caller holds orders:discount_any."""
    below = [
        index
        for index, (line, sku, quote) in enumerate(zip(data.lines, skus, quotes, strict=True))
        if sku is not None
        and rules.net_unit_price(quote.unit_price.amount, line.discount_percent) < sku.cost
    ]
    if not below or await actor.can("orders", "discount_any"):
        return []
    return [
        UserError(
            "PRICE_BELOW_COST",
            "The price after discount is below cost.",
            ("lines", str(i), "discountPercent" if data.lines[i].discount_percent else "skuId"),
        )
        for i in below
    ]


async def _address(
    actor: Actor, customer_id: uuid.UUID, address_id: uuid.UUID | None, kind: str, field_name: str
) -> tuple[dict[str, Any] | None, list[UserError]]:
    try:
        address = (
            await customers.address_by_id(actor, customer_id, address_id)
            if address_id
            else await customers.default_address(actor, customer_id, kind)
        )
    except NotFound:
        return None, [
            UserError("UNKNOWN_ADDRESS", "No such address of this customer.", (field_name,))
        ]
    if address is None:
        return None, []
    if address_id and address.kind != kind:
        return None, [
            UserError("UNKNOWN_ADDRESS", f"Not a {kind.replace('_', '-')} address.", (field_name,))
        ]
    return _address_snapshot(address), []


def _address_snapshot(address: CustomerAddress) -> dict[str, Any]:
    return {
        "label": address.label,
        "recipient": address.recipient,
        "phone": address.phone,
        "line1": address.line1,
        "line2": address.line2,
        "city": address.city,
        "region": address.region,
        "postalCode": address.postal_code,
        "country": address.country,
    }


async def _check_external_ref(actor: Actor, ref: str | None) -> list[UserError]:
    if not ref:
        return []
    taken = await actor.session.scalar(
        select(Order.id).where(Order.tenant_id == actor.tenant_id, Order.external_ref == ref)
    )
    return (
        [
            UserError(
                "EXTERNAL_REF_TAKEN", "Another order has this external reference.", ("externalRef",)
            )
        ]
        if taken
        else []
    )


def _new_lines(
    order: Order, data: NewOrder, skus: list[Sku | None], quotes: list[pricing.PriceQuote]
) -> list[OrderLine]:
    return [
        OrderLine(**values)
        for values, _ in _new_line_values(
            order.tenant_id, order.id, order.currency, data, skus, quotes
        )
    ]


LineAmountsOf = Callable[[Decimal, Decimal, Decimal, Decimal, str], rules.LineAmounts]


def _new_line_values(
    tenant_id: uuid.UUID,
    order_id: uuid.UUID,
    currency: str,
    data: NewOrder,
    skus: list[Sku | None],
    quotes: list[pricing.PriceQuote],
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


def _set_totals(order: Order, lines: list[OrderLine]) -> None:
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
    # Each thing is read once and passed along: the customer with the tenant's currency and
    # time zone and the addresses in one statement, the SKUs with their price offers in one.
    entry = await _entry_customer(actor, data)
    if data.customer_id is not None and entry is None:
        errors.append(UserError("UNKNOWN_CUSTOMER", "No such customer.", ("customerId",)))
    today = pricing.today_in(entry.time_zone) if entry else await pricing.today(actor)
    context = (
        pricing.context_of(entry.profile.currency, entry.profile.tier, entry.profile.region)
        if entry
        else None
    )
    skus, offers = await _skus_and_offers(actor, data.lines, context, today)
    cap = await _discount_cap(actor, settings.discount_caps)
    for index, (line, sku) in enumerate(zip(data.lines, skus, strict=True)):
        errors.extend(_check_line(line, sku, index, cap))
    errors.extend(await _check_external_ref(actor, _clean(data.external_ref)))
    errors.extend(await _check_payment_terms(actor, data.payment_terms))
    addresses: dict[str, Any] = {}
    if entry is not None:
        for kind, address_id, name in (
            ("ship_to", data.ship_to_address_id, "shipToAddressId"),
            ("bill_to", data.bill_to_address_id, "billToAddressId"),
        ):
            addresses[kind], address_errors = _entry_address(entry, address_id, kind, name)
            errors.extend(address_errors)
    if data.requested_delivery_date is not None and data.requested_delivery_date < today:
        errors.append(
            UserError(
                "INVALID_DELIVERY_DATE", "The delivery date has passed.", ("requestedDeliveryDate",)
            )
        )
    raise_if(errors)
    assert entry is not None and context is not None
    quotes = [
        pricing.price_line(sku, line.quantity, offers[sku.id], context, today)
        for line, sku in zip(data.lines, skus, strict=True)
        if sku is not None and line.quantity is not None
    ]
    raise_if(_check_size(data, skus, quotes, entry.profile.currency))
    raise_if(await _check_costs(actor, data, skus, quotes))
    return _Checked(entry.profile, skus, quotes, addresses, today)


def _check_size(
    data: NewOrder, skus: list[Sku | None], quotes: list[pricing.PriceQuote], currency: str
) -> list[UserError]:
    """TOTAL_TOO_LARGE for a line, or an order, whose total the books cannot hold."""
    priced = [
        (index, line, sku, quote)
        for index, (line, sku, quote) in enumerate(zip(data.lines, skus, quotes, strict=True))
    ]
    errors = [
        error
        for index, line, sku, quote in priced
        for error in rules.check_line_fits(
            quote.unit_price.amount,
            quote.quantity,
            _tax_rate(sku),
            ("lines", str(index), "quantity"),
        )
    ]
    if errors:
        return errors
    return rules.check_totals_fit(
        rules.order_totals(
            rules.line_amounts(
                quote.unit_price.amount,
                quote.quantity,
                line.discount_percent,
                _tax_rate(sku),
                currency,
            )
            for _, line, sku, quote in priced
        ),
        ("lines",),
    )


def _tax_rate(sku: Sku | None) -> Decimal:
    assert sku is not None  # lines without a SKU were refused before pricing
    return sku.product.tax_rate


async def _check_payment_terms(actor: Actor, terms: PaymentTerms | None) -> list[UserError]:
    """An order's own terms are valid terms, set by someone who may grant credit."""
    if terms is None:
        return []
    if not await actor.can("customers", "credit"):
        return [
            UserError(
                "PAYMENT_TERMS_FORBIDDEN",
                "Only someone who may set credit terms "
                "(customers:credit) can give an order its own payment terms.",
                ("paymentTerms",),
            )
        ]
    return check_payment_terms(terms)


def payment_terms_of(order: Order) -> PaymentTerms:
    """The terms the order was sold on (orders from before it kept them: the kind only)."""
    return PaymentTerms(
        kind=order.payment_terms_kind.lower(),
        net_days=order.payment_net_days,
        instalments=plan_from_json(order.payment_plan),
    )


def _terms_columns(terms: PaymentTerms) -> dict[str, Any]:
    """The order's snapshot of its payment terms: later changes to the customer's terms do
    not change what this order was sold on."""
    return {
        "payment_terms_kind": terms.kind,
        "payment_net_days": terms.net_days,
        "payment_plan": plan_to_json(terms.instalments),
    }


async def _entry_customer(actor: Actor, data: NewOrder) -> customers.OrderEntryCustomer | None:
    if data.customer_id is None:
        return None
    wanted = [i for i in (data.ship_to_address_id, data.bill_to_address_id) if i is not None]
    return await customers.order_entry_customer(actor, data.customer_id, wanted)


async def _skus_and_offers(
    actor: Actor, lines: Sequence[NewLine], context: pricing.PriceContext | None, on: date
) -> tuple[list[Sku | None], dict[uuid.UUID, list[pricing.Offer]]]:
    """The lines' SKUs (None where unknown) and, once the buyer is known, their offers."""
    if context is None:
        return await _skus(actor, lines), {}
    ids = [line.sku_id for line in lines if line.sku_id is not None]
    found, offers = await pricing.skus_with_offers(actor, context, ids, on)
    by_id = {sku.id: sku for sku in found if sku is not None}
    return [by_id.get(line.sku_id) if line.sku_id else None for line in lines], offers


def _entry_address(
    entry: customers.OrderEntryCustomer, address_id: uuid.UUID | None, kind: str, field_name: str
) -> tuple[dict[str, Any] | None, list[UserError]]:
    """As `_address`, from the addresses read with the customer."""
    if address_id is None:
        default = next((a for a in entry.addresses if a.kind == kind and a.is_default), None)
        return (_address_snapshot(default) if default else None), []
    address = next((a for a in entry.addresses if a.id == address_id), None)
    if address is None:
        return None, [
            UserError("UNKNOWN_ADDRESS", "No such address of this customer.", (field_name,))
        ]
    if address.kind != kind:
        return None, [
            UserError("UNKNOWN_ADDRESS", f"Not a {kind.replace('_', '-')} address.", (field_name,))
        ]
    return _address_snapshot(address), []


def _clean(value: str | None) -> str | None:
    return value.strip() or None if value is not None else None


async def create_order(actor: Actor, data: NewOrder) -> Order:
    """Validate, price and number a new order (orders:write), and with `submit` submit it
    too (orders:submit), which confirms it and reserves its stock when no approval rule
    holds it. With an idempotency key, the same request returns the first order."""
    principal = await actor.require("orders", "write")
    if data.submit:
        await actor.require("orders", "submit")
    return await _create_order(actor, principal, data)


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


async def _create_order(actor: Actor, principal: Principal, data: NewOrder) -> Order:
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
        tenant_id=actor.tenant_id,
        id=new_id(),
        channel=data.channel,
        external_ref=_clean(data.external_ref),
        customer_id=profile.customer_id,
        customer_name=profile.name,
        owner_id=profile.owner_id,
        department_id=profile.department_id,
        region=profile.region,
        **_terms_columns(data.payment_terms or profile.payment_terms),
        ship_to=addresses.get("ship_to"),
        bill_to=addresses.get("bill_to"),
        requested_delivery_date=data.requested_delivery_date,
        priority=data.priority,
        rank=0,
        tags=rules.normalize_tags(data.tags),
        notes=_clean(data.notes),
        status=Status.DRAFT.value,
        currency=profile.currency,
        version=1,
        idempotency_key=key,
        request_hash=request_hash if key else None,
        created_by_kind=principal.kind.value,
        created_by_id=principal.subject_id,
    )
    lines = _new_lines(order, data, checked.skus, checked.quotes)
    _set_totals(order, lines)
    order.number = await numbering.allocate_number(actor, settings.number_format, checked.today)
    # Written with the lines by the flush below (or an earlier autoflush): inserted once,
    # in their final state, rather than inserted and then updated by the submission.
    actor.session.add(order)
    actor.session.add_all(lines)
    _record_change(actor, order, None, Status.DRAFT, "create", None)
    await audit.record(actor, "orders.create", "order", order.id, after=_summary(order))
    await emit(
        actor,
        "order.created",
        {
            "orderId": str(order.id),
            "number": order.number,
            "customerId": str(order.customer_id),
            "channel": order.channel,
            "total": str(order.total),
            "currency": order.currency,
        },
    )
    async with _new_order_written():
        if data.submit:
            # What the submission reads never needs the new order written first.
            with actor.session.no_autoflush:
                await _submit(actor, order, lines, None, data.allow_backorder)
        await actor.session.flush()
    return order


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
            "EXTERNAL_REF_TAKEN", "Another order has this external reference.", "externalRef"
        ) from error


def _summary(order: Order) -> dict[str, Any]:
    return {
        "number": order.number,
        "status": order.status,
        "customerId": str(order.customer_id),
        "total": str(order.total),
        "currency": order.currency,
        "channel": order.channel,
    }


# --- the lifecycle -------------------------------------------------------------------------


def _on_credit(order: Order) -> bool:
    return order.payment_terms_kind.lower() in CREDIT_TERMS


def _record_change(
    actor: Actor, order: Order, source: Status | None, target: Status, action: str, note: str | None
) -> None:
    principal = actor.principal
    actor.session.add(
        OrderStatusChange(
            tenant_id=order.tenant_id,
            id=new_id(),
            order_id=order.id,
            from_status=source.value if source else None,
            to_status=target.value,
            action=action,
            actor_kind=principal.kind.value if principal else None,
            actor_id=principal.subject_id if principal else None,
            actor_label=actor.actor_label,
            note=note,
        )
    )


async def _lock_order(actor: Actor, order_id: uuid.UUID) -> Order:
    """The order in the caller's scope, locked: conflicting transitions queue here and each
    sees the status the previous one left."""
    order = await actor.session.scalar(
        (await _visible_orders(actor))
        .where(Order.id == order_id)
        .with_for_update(of=Order)
        .execution_options(populate_existing=True)
    )
    if order is None:
        raise NotFound()
    return order


async def _lines(actor: Actor, order: Order) -> list[OrderLine]:
    [lines] = await lines_of_orders(actor, [order.id])
    return lines


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


async def _release(actor: Actor, lines: list[OrderLine]) -> None:
    await inventory.release(actor, [line.id for line in lines])
    for line in lines:
        line.reserved_quantity = Decimal(0)
        line.backordered_quantity = Decimal(0)


async def _ship_all(actor: Actor, order: Order, lines: list[OrderLine]) -> None:
    """Everything that remains unshipped, as one shipment per warehouse it was reserved in
    (the shipping domain records them and deducts the stock)."""
    import shipping.services as shipping  # shipping builds on orders: imported on use

    await shipping.ship_remaining(actor, order, lines)


async def _deliver_all(actor: Actor, order: Order) -> None:
    """Every shipment of the order not yet confirmed delivered is delivered now."""
    import shipping.services as shipping  # shipping builds on orders: imported on use

    await shipping.deliver_remaining(actor, order)


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
        await _release(actor, lines)
    elif transition.effect is Effect.SHIP_ALL:
        await _ship_all(actor, order, lines)
    elif transition.effect is Effect.DELIVER_ALL:
        await _deliver_all(actor, order)


async def _move(
    actor: Actor,
    order: Order,
    lines: list[OrderLine],
    transition: Transition,
    note: str | None,
    allow_backorder: bool = False,
) -> None:
    """Apply one transition: its stock effect, the status, history, audit and event."""
    await _apply_effect(actor, order, lines, transition, allow_backorder)
    source = Status(order.status)
    order.status = transition.target.value
    order.version += 1
    order.updated_at = datetime.now(UTC)
    _record_change(actor, order, source, transition.target, transition.action.value, note)
    await audit.record(
        actor,
        f"orders.{transition.action.value}",
        "order",
        order.id,
        before={"status": source.value},
        after={"status": transition.target.value, "note": note},
    )
    await emit(
        actor,
        "order.status_changed",
        {
            "orderId": str(order.id),
            "number": order.number,
            "from": source.value,
            "to": transition.target.value,
            "action": transition.action.value,
        },
    )


async def _submit(
    actor: Actor, order: Order, lines: list[OrderLine], note: str | None, allow_backorder: bool
) -> None:
    """Draft -> Submitted, then in the same transaction Submitted -> Confirmed (reserving
    stock) when the tenant's approval rules pass the order, else Submitted -> Pending
    Approval with an approval request; its last approval confirms it (see approvals)."""
    submit = rules.transition_for(Status.DRAFT, Action.SUBMIT)
    confirm = rules.transition_for(Status.SUBMITTED, Action.CONFIRM)
    hold = rules.transition_for(Status.SUBMITTED, Action.REQUEST_APPROVAL)
    assert submit is not None and confirm is not None and hold is not None
    await _move(actor, order, lines, submit, note)
    steps = await approval_gate.required_steps(actor, await _approval_facts(actor, order, lines))
    if not steps:
        await _move(actor, order, lines, confirm, None, allow_backorder)
        return
    await _move(actor, order, lines, hold, None)
    await approval_gate.open_request(
        actor,
        approval_gate.OrderToApprove(
            order_id=order.id,
            number=order.number,
            customer_name=order.customer_name,
            total=order.total,
            currency=order.currency,
            created_by_id=order.created_by_id,
            owner_id=order.owner_id,
            allow_backorder=allow_backorder,
        ),
        steps,
    )


def _invalid(order: Order, action: Action) -> BusinessRuleError:
    status = order.status.replace("_", " ")
    return BusinessRuleError.single(
        "INVALID_TRANSITION",
        f"Cannot {action.value.replace('_', ' ')} order {order.number}: it is {status}.",
        "action",
    )


async def transition_order(actor: Actor, data: TransitionInput) -> Order:
    """Take one lifecycle action on an order (the permission declared for it in
    rules.TRANSITIONS). INVALID_TRANSITION from a status the action does not leave;
    STALE_VERSION when `expected_version` is not the order's version."""
    await actor.require("orders", rules.PERMISSION_OF[data.action])
    order = await _lock_order(actor, data.order_id)
    if data.expected_version is not None and data.expected_version != order.version:
        raise BusinessRuleError.single(
            "STALE_VERSION",
            f"The order changed meanwhile (version {order.version}); reload it and try again.",
            "expectedVersion",
        )
    status = Status(order.status)
    transition = rules.transition_for(status, data.action)
    if transition is None or rules.is_system_only(status, data.action):
        raise _invalid(order, data.action)
    lines = await _lines(actor, order)
    raise_if(
        rules.check_preconditions(
            transition,
            TransitionRequest(
                carrier=data.carrier,
                tracking_number=data.tracking_number,
                on_credit_terms=_on_credit(order),
                shipped_in_part=_shipped_in_part(lines),
            ),
        )
    )
    note = _clean(data.note)
    if data.action is Action.SUBMIT:
        await _submit(actor, order, lines, note, data.allow_backorder)
    else:
        if data.action is Action.SHIP:
            order.carrier, order.tracking_number = (
                _clean(data.carrier),
                _clean(data.tracking_number),
            )
            order.shipped_at = datetime.now(UTC)
        await _move(actor, order, lines, transition, note, data.allow_backorder)
    await actor.session.flush()
    return order


# --- used by order changes -----------------------------------------------------------------
# Thin public wrappers for order_changes, which requests, approves and applies changes to
# confirmed orders. The caller authorises; these only apply.

CHANGEABLE_STATUSES = rules.HOLDS_STOCK


async def lock_order_for_change(actor: Actor, order_id: uuid.UUID) -> Order:
    """The order in the caller's scope, locked as transitions lock it (NOT_FOUND else)."""
    return await _lock_order(actor, order_id)


async def lines_of_order(actor: Actor, order: Order) -> list[OrderLine]:
    return await _lines(actor, order)


async def lock_status(actor: Actor, order_id: uuid.UUID) -> str | None:
    """The order's current status with its row locked, for system work that then writes rows
    hanging off the order: taking the order first keeps the lock order every order writer
    keeps (the order, then what belongs to it), so such work never deadlocks with them."""
    return await actor.session.scalar(
        select(Order.status)
        .where(Order.tenant_id == actor.tenant_id, Order.id == order_id)
        .with_for_update()
    )


async def visible_order_ids(actor: Actor) -> Select[tuple[uuid.UUID]]:
    """Ids of the orders the caller may read (orders:read and the data scope)."""
    return (await _visible_orders(actor)).with_only_columns(Order.id)


async def ship_to_snapshot(
    actor: Actor, customer_id: uuid.UUID, address_id: uuid.UUID
) -> tuple[dict[str, Any] | None, list[UserError]]:
    """A SHIP_TO address of the customer as it would be copied onto an order, or
    UNKNOWN_ADDRESS at shipToAddressId."""
    return await _address(actor, customer_id, address_id, "ship_to", "shipToAddressId")


@dataclass(frozen=True)
class OrderChange:
    """What an approved change request sets. `quantities` maps line ids to new quantities;
    `paths` says where a stock error about a line points; None leaves a field as it is."""

    quantities: dict[uuid.UUID, Decimal]
    paths: dict[uuid.UUID, tuple[str, ...]]
    requested_delivery_date: date | None
    change_delivery_date: bool
    ship_to: dict[str, Any] | None
    summary: str
    event_details: dict[str, Any]


@dataclass(frozen=True)
class RepricedLine:
    line_id: uuid.UUID
    unit_price: Decimal
    price_source: str
    price_source_label: str
    line_total: Decimal


@dataclass(frozen=True)
class AppliedChange:
    total_before: Decimal
    total_after: Decimal
    lines: list[RepricedLine]


def _change_snapshot(order: Order, lines: list[OrderLine]) -> dict[str, Any]:
    return {
        "version": order.version,
        "total": str(order.total),
        "requestedDeliveryDate": str(order.requested_delivery_date)
        if order.requested_delivery_date
        else None,
        "shipTo": order.ship_to,
        "lines": {
            str(line.id): {
                "quantity": str(line.quantity),
                "unitPrice": str(line.unit_price),
                "priceSource": line.price_source,
            }
            for line in lines
        },
    }


async def _reprice(
    actor: Actor,
    order: Order,
    lines: list[OrderLine],
    quantities: dict[uuid.UUID, Decimal],
    paths: dict[uuid.UUID, tuple[str, ...]],
) -> None:
    """New quantities priced by the engine today, as at entry; discounts and tax stay."""
    profile = await customers.customer_pricing_profile(actor, order.customer_id)
    context = await pricing.context_for(actor, profile.tier, profile.region)
    quotes = await pricing.quote_lines(
        actor,
        context,
        [pricing.QuoteLine(line.sku_id, quantities[line.id]) for line in lines],
        await pricing.today(actor),
    )
    raise_if(
        [
            error
            for line, quote in zip(lines, quotes, strict=True)
            for error in rules.check_line_fits(
                quote.unit_price.amount, quote.quantity, line.tax_rate, paths[line.id]
            )
        ]
    )
    for line, quote in zip(lines, quotes, strict=True):
        amounts = rules.line_amounts(
            quote.unit_price.amount,
            quote.quantity,
            line.discount_percent,
            line.tax_rate,
            order.currency,
        )
        line.quantity, line.unit_price = quote.quantity, quote.unit_price.amount
        line.price_source, line.price_source_label = quote.price_source, quote.price_source_label
        line.line_subtotal, line.line_discount = amounts.net, amounts.discount
        line.line_tax, line.line_total = amounts.tax, amounts.total


async def _rereserve(
    actor: Actor, order: Order, lines: list[OrderLine], paths: dict[uuid.UUID, tuple[str, ...]]
) -> None:
    """Give back the lines' stock and reserve what is left to ship of the new quantities
    (INSUFFICIENT_STOCK rolls the whole change back)."""
    await _release(actor, lines)
    unshipped = [line for line in lines if line.quantity > line.shipped_quantity]
    reservations = await inventory.reserve(
        actor,
        [
            inventory.ReservationRequest(
                reference_id=line.id,
                sku_id=line.sku_id,
                quantity=line.quantity - line.shipped_quantity,
                region=order.region,
                path=paths.get(line.id),
            )
            for line in unshipped
        ],
        allow_backorder=False,
    )
    for line, reservation in zip(unshipped, reservations, strict=True):
        line.reserved_quantity = reservation.reserved
        line.backordered_quantity = reservation.backordered


async def apply_change(actor: Actor, order: Order, change: OrderChange) -> AppliedChange:
    """Apply an approved change to an order locked by `lock_order_for_change`, atomically:
    re-price the changed lines, release and re-reserve their stock, recompute the totals,
    bump the version, record a `change` history entry (same status), audit and emit
    `order.changed`."""
    lines = await _lines(actor, order)
    before = _change_snapshot(order, lines)
    changed = [line for line in lines if line.id in change.quantities]
    if changed:
        await _reprice(actor, order, changed, change.quantities, change.paths)
        await _rereserve(actor, order, changed, change.paths)
        _set_totals(order, lines)
        raise_if(
            rules.check_totals_fit(
                rules.OrderTotals(
                    order.subtotal, order.discount_total, order.tax_total, order.total
                ),
                change.paths[changed[0].id],
            )
        )
    if change.change_delivery_date:
        order.requested_delivery_date = change.requested_delivery_date
    if change.ship_to is not None:
        order.ship_to = change.ship_to
    order.version += 1
    order.updated_at = datetime.now(UTC)
    status = Status(order.status)
    _record_change(actor, order, status, status, "change", change.summary)
    await audit.record(
        actor,
        "orders.change",
        "order",
        order.id,
        before=before,
        after=_change_snapshot(order, lines),
    )
    await emit(
        actor,
        "order.changed",
        {
            "orderId": str(order.id),
            "number": order.number,
            "version": order.version,
            "totalBefore": before["total"],
            "total": str(order.total),
            "currency": order.currency,
            **change.event_details,
        },
    )
    await actor.session.flush()
    return AppliedChange(
        Decimal(before["total"]),
        order.total,
        [
            RepricedLine(
                line.id,
                line.unit_price,
                line.price_source,
                line.price_source_label,
                line.line_total,
            )
            for line in changed
        ],
    )


# --- used by shipping ----------------------------------------------------------------------
# The shipping domain records shipments; these lock the order and move it when shipments
# complete it. The caller authorises.


async def lock_order_to_ship(actor: Actor, order_id: uuid.UUID) -> Order:
    """The order in the caller's scope, locked before any stock row (NOT_FOUND else)."""
    return await _lock_order(actor, order_id)


async def record_fully_shipped(
    actor: Actor,
    order: Order,
    lines: list[OrderLine],
    carrier: str,
    tracking_number: str,
    shipped_at: datetime,
) -> None:
    """Ready to Ship -> Shipped once every line has shipped, as the SHIP action does (its
    effect finds nothing left to ship); the order shows the last shipment's tracking."""
    transition = rules.transition_for(Status.READY_TO_SHIP, Action.SHIP)
    assert transition is not None
    order.carrier, order.tracking_number, order.shipped_at = carrier, tracking_number, shipped_at
    await _move(actor, order, lines, transition, None)


async def record_delivered(actor: Actor, order: Order, lines: list[OrderLine]) -> None:
    """Shipped -> Delivered once every shipment is delivered, as MARK_DELIVERED does (its
    effect finds no shipment left to deliver)."""
    transition = rules.transition_for(Status.SHIPPED, Action.MARK_DELIVERED)
    assert transition is not None
    await _move(actor, order, lines, transition, None)


async def orders_for_system(actor: Actor, order_ids: list[uuid.UUID]) -> list[Order]:
    """Orders of the actor's tenant by id, for work the system does itself (jobs and event
    handlers act for nobody, so no permission applies)."""
    if not order_ids:
        return []
    return list(
        (
            await actor.session.scalars(
                select(Order).where(Order.tenant_id == actor.tenant_id, Order.id.in_(order_ids))
            )
        ).all()
    )


# --- used by approvals ---------------------------------------------------------------------


async def open_receivables(
    actor: Actor, customer_id: uuid.UUID, excluding: uuid.UUID | None = None
) -> Decimal:
    """What the customer owes on orders, for the credit check and its open balance: of its
    orders that are confirmed or later and neither paid, completed nor cancelled, the totals
    less what payments settled (a finance user may still mark an order paid by hand)."""
    owing = (
        Status.CONFIRMED,
        Status.AWAITING_PAYMENT,
        Status.READY_TO_SHIP,
        Status.SHIPPED,
        Status.DELIVERED,
    )
    statement = select(func.coalesce(func.sum(Order.total - Order.amount_paid), 0)).where(
        Order.tenant_id == actor.tenant_id,
        Order.customer_id == customer_id,
        Order.status.in_([s.value for s in owing]),
        Order.amount_paid < Order.total,
    )
    if excluding is not None:
        statement = statement.where(Order.id != excluding)
    return Decimal(await actor.session.scalar(statement) or 0)


def payment_status(total: Decimal, paid: Decimal, refunded: Decimal) -> str:
    if refunded > 0:
        return "refunded" if refunded >= paid else "partially_refunded"
    if paid <= 0:
        return "unpaid"
    return "paid" if paid >= total else "partially_paid"


async def lock_orders_for_payment(
    actor: Actor, order_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, Order]:
    """The orders a payment settles, locked in id order (the lock order every order writer
    keeps), whatever the recorder's data scope: recording money is finance's authority."""
    rows = (
        await actor.session.scalars(
            select(Order)
            .where(Order.tenant_id == actor.tenant_id, Order.id.in_(order_ids))
            .order_by(Order.id)
            .with_for_update()
            .execution_options(populate_existing=True)
        )
    ).all()
    return {order.id: order for order in rows}


async def apply_payment(actor: Actor, order: Order, amount: Decimal, reference: str) -> None:
    """Add a payment to a locked order: its paid amount and payment status; a prepaid order
    paid in full moves on to Paid (through Awaiting Payment when it was only Confirmed),
    the payment named in its status history."""
    order.amount_paid += amount
    order.payment_status = payment_status(order.total, order.amount_paid, order.amount_refunded)
    order.version += 1
    order.updated_at = datetime.now(UTC)
    if order.payment_status != "paid" or _on_credit(order):
        return
    note = f"Paid in full ({reference})"
    for action in (Action.REQUEST_PAYMENT, Action.MARK_PAID):
        transition = rules.transition_for(Status(order.status), action)
        if transition is not None:
            await _move(actor, order, [], transition, note)


async def apply_refund(actor: Actor, order: Order, amount: Decimal, reference: str) -> None:
    """Add money paid back to a locked order: its refunded amount and payment status
    (refunded once what was paid back reaches what was paid, partially refunded before).
    The lifecycle status stays where it is (a refund is no transition); `reference`, the
    refund's number, is named by the refund's own audit entry and credit note."""
    order.amount_refunded += amount
    order.payment_status = payment_status(order.total, order.amount_paid, order.amount_refunded)
    order.version += 1
    order.updated_at = datetime.now(UTC)


async def _approval_facts(
    actor: Actor, order: Order, lines: list[OrderLine]
) -> approval_gate.OrderFacts:
    """What the approval rules look at; the credit check applies to customers on credit
    (NET) terms with a positive credit limit."""
    facts = approval_gate.OrderFacts(
        total=order.total,
        currency=order.currency,
        max_discount=max((line.discount_percent for line in lines), default=Decimal(0)),
    )
    if not _on_credit(order) or not await approval_gate.credit_check_enabled(actor):
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
            "ORDER_NOT_PENDING",
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
    await _move(actor, order, await _lines(actor, order), transition, note, allow_backorder)
    await actor.session.flush()
    return order


async def reject_unapproved(actor: Actor, order_id: uuid.UUID, reason: str) -> Order:
    """Pending Approval -> Draft, the approver's reason kept in the status history."""
    order = await _lock_for_approval(actor, order_id)
    transition = rules.transition_for(Status.PENDING_APPROVAL, Action.REJECT)
    assert transition is not None
    await _move(actor, order, await _lines(actor, order), transition, reason)
    await actor.session.flush()
    return order
