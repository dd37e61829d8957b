"""Order change use cases: requesting a change to a confirmed order, deciding it (approval
applies it through `orders.apply_change`), withdrawing it, and reading requests.

Permissions: order_changes:request, :approve (also needed to reject) and :read, on top of
orders:read and the data scope for the order itself.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from sqlalchemy import Select, select
from sqlalchemy.exc import IntegrityError

import audit.services as audit
import catalog.services as catalog
import orders.services as orders
from core import access
from core.context import Actor
from core.errors import BusinessRuleError, NotFound, UserError
from core.ids import new_id
from core.money import QUANTITY, is_well_formed
from core.outbox import emit
from core.pagination import Page, keyset_page
from core.tenancy import Principal, PrincipalKind
from order_changes import rules
from order_changes.errors import OrderChangeErrorCode
from order_changes.events import (
    OrderChangeDecided,
    OrderChangeRequested,
    OrderChangeWithdrawn,
)
from order_changes.models import OrderChangeRequest
from order_changes.rules import ChangeStatus, Decision

if TYPE_CHECKING:
    from orders.models import Order, OrderLine


@dataclass(frozen=True)
class LineRequest:
    order_line_id: uuid.UUID | None
    quantity: Decimal


@dataclass(frozen=True)
class ChangeInput:
    order_id: uuid.UUID
    lines: list[LineRequest]
    requested_delivery_date: date | None = None
    ship_to_address_id: uuid.UUID | None = None
    reason: str | None = None


@dataclass(frozen=True)
class DecisionInput:
    change_request_id: uuid.UUID
    decision: Decision
    note: str | None = None


def _raise_if(errors: list[UserError]) -> None:
    if errors:
        raise BusinessRuleError(*errors)


def _clean(value: str | None) -> str | None:
    return value.strip() or None if value is not None else None


def _changeable(order: Order) -> bool:
    return order.status in {status.value for status in orders.CHANGEABLE_STATUSES}


def _not_changeable(order: Order) -> BusinessRuleError:
    return BusinessRuleError.single(
        OrderChangeErrorCode.CHANGE_NOT_ALLOWED,
        f"Order {order.number} is {order.status.replace('_', ' ')}: "
        "only confirmed orders that have not shipped can change.",
        "orderId",
    )


# --- reading -------------------------------------------------------------------------------


async def _visible(actor: Actor) -> Select[OrderChangeRequest]:
    """Requests of orders the caller may read, with order_changes:read."""
    return (await access.restrict(actor, OrderChangeRequest)).where(
        OrderChangeRequest.order_id.in_(await orders.visible_order_ids(actor))
    )


async def list_change_requests(
    actor: Actor, status: ChangeStatus | None, first: int | None, after: str | None
) -> Page[OrderChangeRequest]:
    """Requests in the caller's scope, newest first (keyset on created_at, id)."""
    statement = await _visible(actor)
    if status is not None:
        statement = statement.where(OrderChangeRequest.status == status.value)
    return await keyset_page(
        actor.session,
        statement,
        [OrderChangeRequest.created_at, OrderChangeRequest.id],
        first=first,
        after=after,
    )


async def change_requests_by_id(
    actor: Actor, ids: list[uuid.UUID]
) -> list[OrderChangeRequest | None]:
    if actor.require_principal().kind is PrincipalKind.PORTAL:
        return [None] * len(ids)
    rows = (
        await actor.session.scalars((await _visible(actor)).where(OrderChangeRequest.id.in_(ids)))
    ).all()
    found = {row.id: row for row in rows}
    return [found.get(i) for i in ids]


async def change_requests_of_orders(
    actor: Actor, order_ids: list[uuid.UUID]
) -> list[list[OrderChangeRequest]]:
    """Requests of orders the caller already reached, newest first (a DataLoader batch);
    empty lists for callers without order_changes:read."""
    grouped: dict[uuid.UUID, list[OrderChangeRequest]] = {i: [] for i in order_ids}
    if not await actor.can("order_changes", "read"):
        return [grouped[i] for i in order_ids]
    rows = (
        await actor.session.scalars(
            (await access.restrict(actor, OrderChangeRequest))
            .where(OrderChangeRequest.order_id.in_(order_ids))
            .order_by(OrderChangeRequest.created_at.desc(), OrderChangeRequest.id.desc())
        )
    ).all()
    for row in rows:
        grouped[row.order_id].append(row)
    return [grouped[i] for i in order_ids]


# --- requesting ----------------------------------------------------------------------------


def _lines_now(lines: list[OrderLine]) -> dict[str, rules.LineNow]:
    return {
        str(line.id): rules.LineNow(
            line_id=str(line.id),
            line_no=line.line_no,
            sku_code=line.sku_code,
            quantity=line.quantity,
            shipped=line.shipped_quantity,
            unit_price=line.unit_price,
            price_source=line.price_source,
        )
        for line in lines
    }


async def _check_quantities(
    actor: Actor, data: ChangeInput, lines: list[OrderLine]
) -> list[UserError]:
    """Lines of this order, named once, not below shipped, and MOQ / pack size as at entry."""
    current = _lines_now(lines)
    requested = [
        rules.RequestedLine(str(line.order_line_id), line.quantity) if line.order_line_id else None
        for line in data.lines
    ]
    errors = rules.check_lines(requested, current)
    by_id = {str(line.id): line for line in lines}
    skus = await catalog.skus_by_id(actor, [line.sku_id for line in lines])
    sku_of = {line.id: sku for line, sku in zip(lines, skus, strict=True)}
    for index, wanted in enumerate(requested):
        # A malformed quantity is refused by check_lines; only numbers meet the SKU's rules.
        if (
            wanted is None
            or wanted.line_id not in by_id
            or not is_well_formed(wanted.quantity, QUANTITY)
        ):
            continue
        sku = sku_of.get(by_id[wanted.line_id].id)
        if sku is not None:
            errors.extend(
                catalog.check_order_quantity(
                    sku, wanted.quantity, ("lines", str(index), "quantity")
                )
            )
    return errors


async def _requested_changes(
    actor: Actor, order: Order, lines: list[OrderLine], data: ChangeInput
) -> dict[str, Any]:
    """Every entry check at once; the fields that differ from the order, before and after."""
    errors = [
        *rules.check_text(data.reason, rules.MAX_REASON, "reason"),
        *await _check_quantities(actor, data, lines),
    ]
    today = await catalog.today(actor)
    if data.requested_delivery_date is not None and data.requested_delivery_date < today:
        errors.append(
            UserError(
                OrderChangeErrorCode.INVALID_DELIVERY_DATE,
                "The delivery date has passed.",
                ("requestedDeliveryDate",),
            )
        )
    ship_to = None
    if data.ship_to_address_id is not None:
        ship_to, address_errors = await orders.ship_to_snapshot(
            actor, order.customer_id, data.ship_to_address_id
        )
        errors.extend(address_errors)
    _raise_if(errors)
    requested = [rules.RequestedLine(str(line.order_line_id), line.quantity) for line in data.lines]
    changes: dict[str, Any] = {}
    if line_changes := rules.line_changes(requested, _lines_now(lines)):
        changes["lines"] = line_changes
    if dates := rules.date_change(data.requested_delivery_date, order.requested_delivery_date):
        changes["requestedDeliveryDate"] = dates
    if address := rules.address_change(ship_to, order.ship_to):
        address["addressId"] = str(data.ship_to_address_id)
        changes["shipTo"] = address
    if not changes:
        raise BusinessRuleError.single(
            OrderChangeErrorCode.NO_CHANGE, "Nothing differs from the order as it is."
        )
    return {**changes, "currency": order.currency}


async def _ensure_none_open(actor: Actor, order: Order) -> None:
    open_one = await actor.session.scalar(
        select(OrderChangeRequest.id).where(
            OrderChangeRequest.tenant_id == actor.tenant_id,
            OrderChangeRequest.order_id == order.id,
            OrderChangeRequest.status == ChangeStatus.OPEN.value,
        )
    )
    if open_one is not None:
        raise _pending(order)


def _pending(order: Order) -> BusinessRuleError:
    return BusinessRuleError.single(
        OrderChangeErrorCode.CHANGE_PENDING,
        f"Order {order.number} already has an open change request; it must "
        "be decided or withdrawn first.",
        "orderId",
    )


def _summary(request: OrderChangeRequest) -> dict[str, Any]:
    return {
        "orderId": str(request.order_id),
        "status": request.status,
        "changes": request.changes,
        "reason": request.reason,
        "outcome": request.outcome,
        "note": request.decision_note,
    }


def _event_fields(request: OrderChangeRequest, order: Order) -> dict[str, Any]:
    return {
        "change_request_id": request.id,
        "order_id": order.id,
        "number": order.number,
        "status": request.status,
        "requested_by": request.requested_by_id,
        "owner_id": order.owner_id,
        "quantity_changed": rules.quantity_changed(request.changes),
    }


async def request_change(actor: Actor, data: ChangeInput) -> OrderChangeRequest:
    """Ask for a change of quantities, delivery date or ship-to address of a confirmed,
    unshipped order (order_changes:request). One open request per order (CHANGE_PENDING)."""
    principal = await actor.require("order_changes", "request")
    order = await orders.lock_order_for_change(actor, data.order_id)
    if not _changeable(order):
        raise _not_changeable(order)
    await _ensure_none_open(actor, order)
    lines = await orders.lines_of_order(actor, order)
    changes = await _requested_changes(actor, order, lines, data)
    request = OrderChangeRequest(
        tenant_id=actor.tenant_id,
        id=new_id(),
        order_id=order.id,
        order_number=order.number,
        status=ChangeStatus.OPEN.value,
        reason=_clean(data.reason),
        changes=changes,
        requested_by_id=principal.subject_id,
        requested_by_label=actor.actor_label,
    )
    actor.session.add(request)
    try:
        await actor.session.flush()
    except IntegrityError as error:
        if "uq_order_change_requests_open_order" not in str(error.orig):
            raise
        raise _pending(order) from error
    await audit.record(
        actor, "order_changes.request", "order_change_request", request.id, after=_summary(request)
    )
    await emit(actor, OrderChangeRequested(**_event_fields(request, order)))
    return request


# --- deciding ------------------------------------------------------------------------------


async def _locked_request(actor: Actor, request_id: uuid.UUID) -> tuple[OrderChangeRequest, Order]:
    """The request and its order, the order locked first (as every order change locks it),
    then the request."""
    [found] = await change_requests_by_id(actor, [request_id])
    if found is None:
        raise NotFound()
    order = await orders.lock_order_for_change(actor, found.order_id)
    request = await actor.session.scalar(
        select(OrderChangeRequest)
        .where(OrderChangeRequest.tenant_id == actor.tenant_id, OrderChangeRequest.id == request_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    if request is None:
        raise NotFound()
    return request, order


def _ensure_open(request: OrderChangeRequest) -> None:
    if request.status != ChangeStatus.OPEN.value:
        raise BusinessRuleError.single(
            OrderChangeErrorCode.CHANGE_NOT_OPEN,
            f"This request is already {request.status}.",
            "changeRequestId",
        )


def _order_change(
    request: OrderChangeRequest, order: Order, lines: list[OrderLine]
) -> orders.OrderChange:
    changes = request.changes
    by_id = {str(line.id): line for line in lines}
    quantities = {uuid.UUID(c["lineId"]): Decimal(c["after"]) for c in changes.get("lines", [])}
    errors = [
        UserError(
            OrderChangeErrorCode.BELOW_SHIPPED_QUANTITY,
            f"Line {line.line_no}: more has shipped meanwhile than the requested quantity.",
            ("changeRequestId",),
        )
        for line_id, quantity in quantities.items()
        if (line := by_id.get(str(line_id))) is not None and quantity < line.shipped_quantity
    ]
    _raise_if(errors)
    dates = changes.get("requestedDeliveryDate")
    ship_to = changes.get("shipTo")
    return orders.OrderChange(
        quantities=quantities,
        paths={line_id: ("changeRequestId",) for line_id in quantities},
        requested_delivery_date=date.fromisoformat(dates["after"]) if dates else None,
        change_delivery_date=dates is not None,
        ship_to=ship_to["after"] if ship_to else None,
        summary=rules.summary_params(changes),
        reason=request.reason,
        event_details={
            "changeRequestId": str(request.id),
            "quantityChanged": rules.quantity_changed(changes),
        },
    )


async def _approve(actor: Actor, request: OrderChangeRequest, order: Order) -> None:
    lines = await orders.lines_of_order(actor, order)
    applied = await orders.apply_change(actor, order, _order_change(request, order, lines))
    request.outcome = {
        "currency": order.currency,
        "totalBefore": str(applied.total_before),
        "totalAfter": str(applied.total_after),
        "orderVersion": order.version,
        "lines": [
            {
                "lineId": str(line.line_id),
                "unitPriceAfter": str(line.unit_price),
                "priceSourceAfter": line.price_source,
                "priceSourceLabelAfter": line.price_source_label,
                "lineTotalAfter": str(line.line_total),
            }
            for line in applied.lines
        ],
    }


def _decided_by(
    actor: Actor,
    principal: Principal,
    request: OrderChangeRequest,
    status: ChangeStatus,
    note: str | None,
) -> None:
    request.status = status.value
    request.decided_by_id = principal.subject_id
    request.decided_by_label = actor.actor_label
    request.decided_at = request.updated_at = datetime.now(UTC)
    request.decision_note = note


async def decide_change(actor: Actor, data: DecisionInput) -> OrderChangeRequest:
    """Approve (apply) or reject an open request (order_changes:approve). Nobody approves
    their own request (SELF_APPROVAL); an order that moved on meanwhile is
    CHANGE_NOT_ALLOWED; short stock is INSUFFICIENT_STOCK and nothing changes."""
    principal = await actor.require("order_changes", "approve")
    note = _clean(data.note)
    _raise_if(rules.check_text(note, rules.MAX_NOTE, "note"))
    request, order = await _locked_request(actor, data.change_request_id)
    if data.decision is Decision.APPROVE and not _changeable(order):
        raise _not_changeable(order)
    _ensure_open(request)
    before = _summary(request)
    if data.decision is Decision.APPROVE:
        if request.requested_by_id == principal.subject_id:
            raise BusinessRuleError.single(
                OrderChangeErrorCode.SELF_APPROVAL,
                "You cannot approve your own change request; another approver must decide it.",
                "decision",
            )
        await _approve(actor, request, order)
        status = ChangeStatus.APPROVED
    else:
        status = ChangeStatus.REJECTED
    _decided_by(actor, principal, request, status, note)
    await audit.record(
        actor,
        f"order_changes.{data.decision.value}",
        "order_change_request",
        request.id,
        before=before,
        after=_summary(request),
    )
    outcome = request.outcome or {}
    await emit(
        actor,
        OrderChangeDecided(
            **_event_fields(request, order),
            decision=data.decision.value,
            note=note,
            total_changed=outcome.get("totalBefore") != outcome.get("totalAfter"),
        ),
    )
    await actor.session.flush()
    return request


async def withdraw_change(actor: Actor, request_id: uuid.UUID) -> OrderChangeRequest:
    """The requester takes back their open request (order_changes:request)."""
    principal = await actor.require("order_changes", "request")
    request, order = await _locked_request(actor, request_id)
    _ensure_open(request)
    if request.requested_by_id != principal.subject_id:
        raise BusinessRuleError.single(
            OrderChangeErrorCode.NOT_REQUESTER,
            "Only the requester can withdraw a change request.",
            "changeRequestId",
        )
    before = _summary(request)
    request.status = ChangeStatus.WITHDRAWN.value
    request.updated_at = datetime.now(UTC)
    await audit.record(
        actor,
        "order_changes.withdraw",
        "order_change_request",
        request.id,
        before=before,
        after=_summary(request),
    )
    await emit(actor, OrderChangeWithdrawn(**_event_fields(request, order)))
    await actor.session.flush()
    return request


# --- the order moved on --------------------------------------------------------------------


async def close_when_order_moved_on(actor: Actor, order_id: uuid.UUID) -> bool:
    """System work (an event handler): once an order is no longer changeable (cancelled,
    shipped), its open request can never be approved; close it so approvers' lists stay
    current. The order's status is read now, not taken from the (possibly late) event.
    False when there was nothing to close."""
    status = await orders.lock_status(actor, order_id)
    if status is None or status in {s.value for s in orders.CHANGEABLE_STATUSES}:
        return False
    request = await actor.session.scalar(
        select(OrderChangeRequest)
        .where(
            OrderChangeRequest.tenant_id == actor.tenant_id,
            OrderChangeRequest.order_id == order_id,
            OrderChangeRequest.status == ChangeStatus.OPEN.value,
        )
        .with_for_update()
    )
    if request is None:
        return False
    before = _summary(request)
    request.status = ChangeStatus.CLOSED.value
    request.decision_note = rules.closed_note(status)
    request.outcome = {"closedByOrderStatus": status}
    request.decided_at = request.updated_at = datetime.now(UTC)
    await audit.record(
        actor,
        "order_changes.close",
        "order_change_request",
        request.id,
        before=before,
        after=_summary(request),
        actor_label="system",
    )
    await actor.session.flush()
    return True
