"""Asking for a return: by staff in the console (or an integrator) and by the customer's
contact in the portal. Everything is checked first, with the order row locked so two
requests for the same lines queue and the second sees the first's quantities; nothing is
written when one check fails."""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

import audit.services as audit
import catalog.services as catalog
import customers.services as customers
import orders.services as orders
import shipping.services as shipping
import tickets.services as tickets
from core import access
from core.context import Actor
from core.counters import GaplessCounter
from core.errors import BusinessRuleError, UserError
from core.ids import new_id
from core.outbox import emit
from core.tenancy import Principal, PrincipalKind
from returns import rules
from returns.errors import ReturnErrorCode
from returns.events import ReturnRequested
from returns.models import Return, ReturnLine
from returns.photos import attach_photos
from returns.reading import requested_quantities
from returns.rules import ReturnChannel, ReturnReason, ReturnStatus, ReturnWish
from returns.settings import window_days

if TYPE_CHECKING:
    from orders.models import Order, OrderLine
    from shipping.models import Shipment

_NUMBERS = GaplessCounter("return_number_counters")


@dataclass(frozen=True)
class NewReturnLine:
    order_line_id: uuid.UUID
    quantity: Decimal
    reason: ReturnReason
    comment: str | None = None
    photo_ids: tuple[uuid.UUID, ...] = ()


@dataclass(frozen=True)
class NewReturn:
    customer_id: uuid.UUID
    order_id: uuid.UUID
    wish: ReturnWish
    lines: tuple[NewReturnLine, ...]
    ticket_id: uuid.UUID | None = None
    idempotency_key: str | None = None


@dataclass(frozen=True)
class PortalReturnInput:
    order_id: uuid.UUID
    wish: ReturnWish
    lines: tuple[NewReturnLine, ...]
    idempotency_key: str | None = None


@dataclass(frozen=True)
class _Order:
    """What a request is checked against: the locked order, its lines and deliveries."""

    order: Order
    lines: dict[uuid.UUID, OrderLine]
    delivered_at: datetime | None
    warehouses: dict[uuid.UUID, uuid.UUID]


def _now() -> datetime:
    return datetime.now(UTC)


def _raise_if(errors: list[UserError]) -> None:
    if errors:
        raise BusinessRuleError(*errors)


def _error(code: ReturnErrorCode, message: str, *field: str, **params: str) -> UserError:
    return UserError(code, message, tuple(field), params or None)


# --- checks without I/O --------------------------------------------------------------------


def _line_errors(lines: tuple[NewReturnLine, ...]) -> list[UserError]:
    if not lines:
        return [_error(ReturnErrorCode.NO_LINES, "Return at least one line.", "lines")]
    errors: list[UserError] = []
    seen: set[uuid.UUID] = set()
    for index, line in enumerate(lines):
        at = ("lines", str(index))
        if line.quantity <= 0:
            errors.append(
                _error(ReturnErrorCode.INVALID_QUANTITY, "Return more than 0.", *at, "quantity")
            )
        if len(line.comment or "") > rules.MAX_COMMENT:
            errors.append(
                _error(
                    ReturnErrorCode.COMMENT_TOO_LONG,
                    f"Keep the comment under {rules.MAX_COMMENT} characters.",
                    *at,
                    "comment",
                )
            )
        if line.order_line_id in seen:
            errors.append(
                _error(
                    ReturnErrorCode.DUPLICATE_LINE,
                    "Each order line once per return.",
                    *at,
                    "orderLineId",
                )
            )
        seen.add(line.order_line_id)
    return errors


# --- the order ------------------------------------------------------------------------------


async def _order_of(actor: Actor, customer_id: uuid.UUID, order_id: uuid.UUID) -> Order:
    """The customer's order in this tenant, or a user error on orderId: a portal contact is
    told another customer's order does not exist."""
    found = await orders.orders_for_system(actor, [order_id])
    portal = actor.require_principal().kind is PrincipalKind.PORTAL
    if not found or (portal and found[0].customer_id != customer_id):
        raise BusinessRuleError(_error(ReturnErrorCode.UNKNOWN_ORDER, "No such order.", "orderId"))
    order = found[0]
    if order.customer_id != customer_id:
        raise BusinessRuleError(
            _error(
                ReturnErrorCode.ORDER_OF_OTHER_CUSTOMER,
                f"Order {order.number} belongs to another customer.",
                "orderId",
                order=order.number,
            )
        )
    return order


async def _delivered_at(actor: Actor, order: Order, shipments: list[Shipment]) -> datetime | None:
    """When the order reached the customer: its last shipment's delivery, else the moment
    it became Delivered."""
    delivered: list[datetime] = [s.delivered_at for s in shipments if s.delivered_at]
    if delivered:
        return max(delivered)
    [history] = await orders.history_of_orders(actor, [order.id])
    moves: list[datetime] = [
        h.created_at for h in history if h.to_status == orders.Status.DELIVERED.value
    ]
    return max(moves) if moves else None


async def _locked_order(actor: Actor, order: Order) -> _Order:
    """Lock the order (the lock every order writer takes first), then read its lines and
    where each line shipped from."""
    await orders.lock_status(actor, order.id)
    lines = await orders.lines_of_order(actor, order)
    portal = actor.require_principal().kind is PrincipalKind.PORTAL
    [shipments] = await shipping.shipments_of_orders(
        actor, [order.id], access.PORTAL if portal else "read"
    )
    shipment_lines = await shipping.lines_of_shipments(actor, [s.id for s in shipments])
    warehouses: dict[uuid.UUID, uuid.UUID] = {}
    for shipment, carried in zip(shipments, shipment_lines, strict=True):
        for line in carried:
            warehouses.setdefault(line.order_line_id, shipment.warehouse_id)
    return _Order(
        order,
        {line.id: line for line in lines},
        await _delivered_at(actor, order, shipments),
        warehouses,
    )


async def _delivery_errors(actor: Actor, locked: _Order) -> list[UserError]:
    order = locked.order
    if order.status not in rules.DELIVERED_ORDER_STATUSES or locked.delivered_at is None:
        return [
            _error(
                ReturnErrorCode.ORDER_NOT_DELIVERED,
                f"Order {order.number} has not been delivered yet.",
                "orderId",
                order=order.number,
            )
        ]
    days = await window_days(actor)
    closes = rules.window_closes(locked.delivered_at, days)
    if _now() > closes:
        return [
            _error(
                ReturnErrorCode.OUTSIDE_RETURN_WINDOW,
                f"Returns of order {order.number} were possible until "
                f"{closes.date().isoformat()} ({days} days after delivery).",
                "orderId",
                order=order.number,
                windowDays=str(days),
                closedAt=closes.isoformat(),
            )
        ]
    return []


async def _non_returnable(actor: Actor, sku_ids: list[uuid.UUID]) -> set[uuid.UUID]:
    skus = await catalog.skus_by_id(actor, sku_ids)
    return {sku.id for sku in skus if sku is not None and not sku.product.returnable}


async def _quantity_errors(
    actor: Actor, locked: _Order, lines: tuple[NewReturnLine, ...]
) -> list[UserError]:
    """Each line is on the order, of a returnable product, and asks for no more than was
    delivered less what other returns already ask for."""
    on_order = [line for line in lines if line.order_line_id in locked.lines]
    already = await requested_quantities(actor, [line.order_line_id for line in on_order])
    blocked = await _non_returnable(
        actor, [locked.lines[line.order_line_id].sku_id for line in on_order]
    )
    errors: list[UserError] = []
    for index, wanted in enumerate(lines):
        at = ("lines", str(index))
        line = locked.lines.get(wanted.order_line_id)
        if line is None:
            errors.append(
                _error(
                    ReturnErrorCode.LINE_NOT_ON_ORDER,
                    f"That line is not on order {locked.order.number}.",
                    *at,
                    "orderLineId",
                )
            )
            continue
        if line.sku_id in blocked:
            errors.append(
                _error(
                    ReturnErrorCode.NON_RETURNABLE_PRODUCT,
                    f"{line.sku_code} cannot be returned.",
                    *at,
                    "orderLineId",
                    sku=line.sku_code,
                )
            )
        left = rules.returnable_quantity(line.shipped_quantity, already.get(line.id, rules.ZERO))
        if wanted.quantity > left:
            errors.append(
                _error(
                    ReturnErrorCode.MORE_THAN_RETURNABLE,
                    f"At most {left.normalize():f} of {line.sku_code} can still be returned.",
                    *at,
                    "quantity",
                    sku=line.sku_code,
                    returnable=f"{left.normalize():f}",
                )
            )
    return errors


async def _ticket_errors(
    actor: Actor, customer_id: uuid.UUID, ticket_id: uuid.UUID | None
) -> list[UserError]:
    if ticket_id is None:
        return []
    found = None
    if await actor.can("tickets", "read"):
        [found] = await tickets.tickets_by_id(actor, [ticket_id])
    if found is None or found.customer_id != customer_id:
        return [
            _error(ReturnErrorCode.UNKNOWN_TICKET, "No such ticket of the customer.", "ticketId")
        ]
    return []


# --- writing --------------------------------------------------------------------------------


def _request_hash(data: NewReturn) -> str:
    raw = json.dumps(asdict(data), default=str, sort_keys=True)
    return hashlib.sha256(raw.encode()).hexdigest()


async def _replayed(actor: Actor, data: NewReturn) -> Return | None:
    """The return an earlier call with this idempotency key created, when the input (the
    customer included) is the same; IDEMPOTENCY_KEY_REUSED when it differs."""
    if not data.idempotency_key:
        return None
    if len(data.idempotency_key) > rules.MAX_IDEMPOTENCY_KEY:
        raise BusinessRuleError(
            _error(
                ReturnErrorCode.IDEMPOTENCY_KEY_TOO_LONG,
                f"Keep the idempotency key to {rules.MAX_IDEMPOTENCY_KEY} characters.",
                "idempotencyKey",
            )
        )
    earlier = await actor.session.scalar(
        select(Return).where(
            Return.tenant_id == actor.tenant_id, Return.idempotency_key == data.idempotency_key
        )
    )
    if earlier is not None and earlier.request_hash != _request_hash(data):
        raise BusinessRuleError(
            _error(
                ReturnErrorCode.IDEMPOTENCY_KEY_REUSED,
                "This idempotency key was used for a different return.",
                "idempotencyKey",
            )
        )
    return earlier


async def _next_number(actor: Actor) -> str:
    return rules.format_number(await _NUMBERS.take(actor))


def _channel(principal: Principal) -> ReturnChannel:
    return {
        PrincipalKind.STAFF: ReturnChannel.CONSOLE,
        PrincipalKind.API_CLIENT: ReturnChannel.API,
        PrincipalKind.PORTAL: ReturnChannel.PORTAL,
    }[principal.kind]


def summary(row: Return) -> dict[str, Any]:
    return {
        "number": row.number,
        "status": row.status,
        "wish": row.wish,
        "orderId": str(row.order_id),
        "declineReason": row.decline_reason,
    }


def _line(row: Return, number: int, wanted: NewReturnLine, locked: _Order) -> ReturnLine:
    ordered = locked.lines[wanted.order_line_id]
    return ReturnLine(
        tenant_id=row.tenant_id,
        id=new_id(),
        return_id=row.id,
        customer_id=row.customer_id,
        line_no=number,
        order_line_id=ordered.id,
        sku_id=ordered.sku_id,
        sku_code=ordered.sku_code,
        description=ordered.description,
        unit_price=ordered.unit_price,
        currency=ordered.currency,
        warehouse_id=locked.warehouses.get(ordered.id),
        quantity=wanted.quantity,
        reason=wanted.reason.value,
        comment=rules.clean(wanted.comment),
    )


async def _write(actor: Actor, principal: Principal, data: NewReturn, locked: _Order) -> Return:
    now = _now()
    row = Return(
        tenant_id=actor.tenant_id,
        id=new_id(),
        number=await _next_number(actor),
        customer_id=data.customer_id,
        order_id=data.order_id,
        ticket_id=data.ticket_id,
        status=ReturnStatus.REQUESTED.value,
        wish=data.wish.value,
        channel=_channel(principal).value,
        contact_id=principal.subject_id if principal.kind is PrincipalKind.PORTAL else None,
        created_by_kind=principal.kind.value,
        created_by_id=principal.subject_id,
        idempotency_key=data.idempotency_key,
        request_hash=_request_hash(data) if data.idempotency_key else None,
    )
    row.created_at = row.updated_at = now
    actor.session.add(row)
    await actor.session.flush()
    lines = [_line(row, number, wanted, locked) for number, wanted in enumerate(data.lines, 1)]
    actor.session.add_all(lines)
    await actor.session.flush()
    for index, (line, wanted) in enumerate(zip(lines, data.lines, strict=True)):
        await attach_photos(actor, line, wanted.photo_ids, index)
    await audit.record(actor, "returns.create", "return", row.id, after=summary(row))
    await emit(
        actor,
        ReturnRequested(
            return_id=row.id,
            number=row.number,
            customer_id=row.customer_id,
            order_id=row.order_id,
            wish=row.wish,
            channel=row.channel,
        ),
    )
    return row


async def _request(actor: Actor, principal: Principal, data: NewReturn) -> Return:
    if (earlier := await _replayed(actor, data)) is not None:
        return earlier
    errors = [
        *_line_errors(data.lines),
        *await _ticket_errors(actor, data.customer_id, data.ticket_id),
    ]
    order = await _order_of(actor, data.customer_id, data.order_id)
    locked = await _locked_order(actor, order)
    _raise_if([*errors, *await _delivery_errors(actor, locked)])
    _raise_if(await _quantity_errors(actor, locked, data.lines))
    return await _write(actor, principal, data, locked)


async def create_return(actor: Actor, data: NewReturn) -> Return:
    """Staff (or an integrator) ask for a return for a customer in their scope
    (returns:write): per line of a delivered order of that customer, a quantity and a
    reason; refund or exchange wished."""
    principal = await actor.require("returns", "write")
    [customer] = await customers.customers_by_id(actor, [data.customer_id])
    if customer is None:
        raise BusinessRuleError(
            _error(ReturnErrorCode.UNKNOWN_CUSTOMER, "No such customer.", "customerId")
        )
    return await _request(actor, principal, data)


async def portal_request_return(actor: Actor, data: PortalReturnInput) -> Return:
    """The signed-in contact asks to return items of one of their customer's delivered
    orders."""
    principal = actor.require_portal()
    assert principal.customer_id is not None
    return await _request(
        actor,
        principal,
        NewReturn(
            customer_id=principal.customer_id,
            order_id=data.order_id,
            wish=data.wish,
            lines=data.lines,
            idempotency_key=data.idempotency_key,
        ),
    )


# --- what can still be returned -------------------------------------------------------------


@dataclass(frozen=True)
class ReturnableLine:
    """An order line as a return request sees it."""

    order_line: OrderLine
    delivered: Decimal
    returnable: Decimal
    product_returnable: bool


async def portal_returnable_lines(actor: Actor, order_id: uuid.UUID) -> list[ReturnableLine]:
    """The lines of one of the contact's customer's orders with what each may still return
    (NOT_FOUND for another customer's order)."""
    actor.require_portal()
    order = await orders.get_order(actor, order_id, access.PORTAL)
    lines = await orders.lines_of_order(actor, order)
    already = await requested_quantities(actor, [line.id for line in lines])
    blocked = await _non_returnable(actor, [line.sku_id for line in lines])
    delivered = order.status in rules.DELIVERED_ORDER_STATUSES
    return [
        ReturnableLine(
            order_line=line,
            delivered=line.shipped_quantity if delivered else rules.ZERO,
            returnable=rules.returnable_quantity(
                line.shipped_quantity if delivered else rules.ZERO,
                already.get(line.id, rules.ZERO),
            )
            if line.sku_id not in blocked
            else rules.ZERO,
            product_returnable=line.sku_id not in blocked,
        )
        for line in lines
    ]
