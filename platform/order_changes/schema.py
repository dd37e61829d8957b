"""GraphQL for order change requests: the OrderChangeRequest node, the approvers' list,
requesting, deciding and withdrawing changes. `Order.changeRequests` delegates here."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from strawberry import relay
from strawberry.types import Info

import order_changes.services as changes
import orders.services as orders
from catalog import PriceRuleType
from catalog.errors import CatalogErrorCode
from core.context import Actor
from core.gql.context import context_of
from core.gql.money import MoneyType
from core.gql.pagination import Connection, to_connection
from core.gql.types import (
    UserErrorType,
    decode_id,
    error_list_field,
    global_id,
    optional_input_row_id,
    payload_of,
    resolve_by_ids,
    run_mutation,
    user_error_type,
)
from inventory.errors import InventoryErrorCode
from order_changes.errors import OrderChangeErrorCode
from order_changes.models import OrderChangeRequest
from order_changes.rules import ChangeStatus, Decision, closed_by_order_status
from orders.errors import OrderErrorCode

if TYPE_CHECKING:
    from orders.models import Order

strawberry.enum(
    ChangeStatus,
    name="OrderChangeStatus",
    description="Where a change request stands; "
    "CLOSED when the order was cancelled or shipped before a decision.",
)
strawberry.enum(Decision, name="OrderChangeDecision", description="What an approver decides.")
# A request's ship-to address and the applied change are the order's to check (orders' codes);
# approving re-prices the changed lines (catalog's) and re-reserves their stock (inventory's).
OrderChangeError = user_error_type(
    "OrderChangeError",
    OrderChangeErrorCode,
    OrderErrorCode,
    CatalogErrorCode,
    InventoryErrorCode,
    description="Why a change request was not made, decided or withdrawn.",
)


async def load_orders(actor: Actor, ids: list[uuid.UUID]) -> list[Order | None]:
    return await orders.orders_by_id(actor, ids)


async def _load_requests(actor: Actor, ids: list[uuid.UUID]) -> list[list[OrderChangeRequest]]:
    return await changes.change_requests_of_orders(actor, ids)


def _money(amount: str | None, currency: str) -> MoneyType | None:
    return MoneyType.from_amount(Decimal(amount), currency) if amount is not None else None


def _price_rule(applied: dict[str, Any]) -> PriceRuleType | None:
    source, label = applied.get("priceSourceAfter"), applied.get("priceSourceLabelAfter")
    return PriceRuleType.of(source, label) if source and label is not None else None


@strawberry.type(
    name="OrderChangeLine",
    description="A line whose quantity the request "
    "changes; prices after are known once the change is approved.",
)
class OrderChangeLineType:
    order_line_id: strawberry.ID = strawberry.field(description="Global id of the OrderLine.")
    line_no: int = strawberry.field(description="Position in the order, from 1.")
    sku_code: str = strawberry.field(description="The SKU's code.")
    quantity_before: Decimal = strawberry.field(description="Quantity when requested.")
    quantity_after: Decimal = strawberry.field(description="Quantity requested.")
    unit_price_before: MoneyType | None = strawberry.field(description="Unit price when requested.")
    price_source_before: str | None = strawberry.field(description="Its pricing rule.")
    unit_price_after: MoneyType | None = strawberry.field(
        description="Unit price the pricing engine gave on approval; null until then."
    )
    price_source_after: str | None = strawberry.field(description="Its pricing rule.")
    price_source_label_after: str | None = strawberry.field(
        description="That rule in English.", deprecation_reason="English only: word priceRuleAfter."
    )
    price_rule_after: PriceRuleType | None = strawberry.field(
        description="That rule, for clients to word in the reader's language; null until approved."
    )

    @classmethod
    def of(
        cls, line: dict[str, Any], applied: dict[str, Any] | None, currency: str
    ) -> OrderChangeLineType:
        after = applied or {}
        return cls(
            order_line_id=strawberry.ID(str(global_id("OrderLine", uuid.UUID(line["lineId"])))),
            line_no=int(line["lineNo"]),
            sku_code=line["skuCode"],
            quantity_before=Decimal(line["before"]),
            quantity_after=Decimal(line["after"]),
            unit_price_before=_money(line.get("unitPriceBefore"), currency),
            price_source_before=line.get("priceSourceBefore"),
            unit_price_after=_money(after.get("unitPriceAfter"), currency),
            price_source_after=after.get("priceSourceAfter"),
            price_source_label_after=after.get("priceSourceLabelAfter"),
            price_rule_after=_price_rule(after),
        )


@strawberry.type(
    name="OrderChangeRequest",
    description="A requested change of a confirmed "
    "order's quantities, delivery date or ship-to address, and its decision.",
)
class OrderChangeRequestType(relay.Node):
    id: relay.NodeID[str]
    order_number: str = strawberry.field(description="The order's number.")
    status: ChangeStatus = strawberry.field(description="Open until decided or withdrawn.")
    reason: str | None = strawberry.field(description="Why the change is wanted.")
    lines: list[OrderChangeLineType] = strawberry.field(
        description="Lines whose quantity changes, by line number."
    )
    delivery_date_changed: bool = strawberry.field(description="The request moves the date.")
    requested_delivery_date_before: date | None = strawberry.field(
        description="Requested delivery date when requested."
    )
    requested_delivery_date_after: date | None = strawberry.field(
        description="Requested delivery date asked for (when changed)."
    )
    ship_to_changed: bool = strawberry.field(description="The request changes the address.")
    total_before: MoneyType | None = strawberry.field(
        description="Order total before the change was applied; null until approved."
    )
    total_after: MoneyType | None = strawberry.field(
        description="Order total after the change was applied; null until approved."
    )
    requested_by_label: str | None = strawberry.field(description="Who asked.")
    created_at: datetime = strawberry.field(description="When it was asked.")
    decided_by_label: str | None = strawberry.field(description="Who decided.")
    decided_at: datetime | None = strawberry.field(description="When it was decided.")
    decision_note: str | None = strawberry.field(
        description="The approver's note; for a CLOSED request the system's note in English "
        "(word closedByOrderStatus instead)."
    )
    closed_by_order_status: str | None = strawberry.field(
        description="CLOSED only: the order's status that closed the request, as an "
        "OrderStatus name (CANCELLED, SHIPPED, ...), for clients to word; null otherwise."
    )
    row: strawberry.Private[OrderChangeRequest]

    @strawberry.field(
        description="You asked for this change (only you may withdraw it, and "
        "you may not approve it)."
    )
    def requested_by_me(self, info: Info) -> bool:
        principal = context_of(info).principal
        return principal is not None and principal.subject_id == self.row.requested_by_id

    @classmethod
    def of(cls, request: OrderChangeRequest) -> OrderChangeRequestType:
        data, outcome = request.changes, request.outcome or {}
        currency = str(data.get("currency") or outcome.get("currency") or "")
        applied = {line["lineId"]: line for line in outcome.get("lines", [])}
        dates = data.get("requestedDeliveryDate")
        ship_to = data.get("shipTo")
        return cls(
            id=str(request.id),
            order_number=request.order_number,
            status=ChangeStatus(request.status),
            reason=request.reason,
            lines=[
                OrderChangeLineType.of(line, applied.get(line["lineId"]), currency)
                for line in data.get("lines", [])
            ],
            delivery_date_changed=dates is not None,
            requested_delivery_date_before=date.fromisoformat(dates["before"])
            if dates and dates["before"]
            else None,
            requested_delivery_date_after=date.fromisoformat(dates["after"]) if dates else None,
            ship_to_changed=ship_to is not None,
            total_before=_money(outcome.get("totalBefore"), currency),
            total_after=_money(outcome.get("totalAfter"), currency),
            requested_by_label=request.requested_by_label,
            created_at=request.created_at,
            decided_by_label=request.decided_by_label,
            decided_at=request.decided_at,
            decision_note=request.decision_note,
            closed_by_order_status=_closed_by(request),
            row=request,
        )

    @classmethod
    async def resolve_nodes(
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Any]:
        return await resolve_by_ids(info, node_ids, changes.change_requests_by_id, cls.of, required)


def _closed_by(request: OrderChangeRequest) -> str | None:
    if request.status != ChangeStatus.CLOSED.value:
        return None
    status = closed_by_order_status(request.outcome, request.decision_note)
    return status.upper() if status else None


async def change_requests_of_order(info: Info, order_id: uuid.UUID) -> list[OrderChangeRequestType]:
    """Order.changeRequests (empty without order_changes:read)."""
    rows: list[OrderChangeRequest] = await context_of(info).loader(_load_requests).load(order_id)
    return [OrderChangeRequestType.of(row) for row in rows]


# --- inputs and payloads -------------------------------------------------------------------


@strawberry.input(description="A line's new quantity.")
class OrderChangeLineInput:
    order_line_id: strawberry.ID = strawberry.field(description="Global id of the OrderLine.")
    quantity: Decimal = strawberry.field(
        description="New quantity: minimum order quantity "
        "and pack size apply, and not below what shipped."
    )


@strawberry.input(description="A change to a confirmed, unshipped order; give any subset.")
class RequestOrderChangeInput:
    order_id: strawberry.ID = strawberry.field(description="Global id of the Order.")
    lines: list[OrderChangeLineInput] = strawberry.field(
        default_factory=list, description="Lines whose quantity changes."
    )
    requested_delivery_date: date | None = strawberry.field(
        default=None, description="New requested delivery date (not in the past)."
    )
    ship_to_address_id: strawberry.ID | None = strawberry.field(
        default=None, description="A SHIP_TO CustomerAddress of the order's customer."
    )
    reason: str | None = strawberry.field(default=None, description="Why; approvers see it.")


@strawberry.input(description="An approver's decision on an open change request.")
class DecideOrderChangeInput:
    change_request_id: strawberry.ID = strawberry.field(
        description="Global id of the OrderChangeRequest."
    )
    decision: Decision = strawberry.field(description="Approve or reject.")
    note: str | None = strawberry.field(default=None, description="Why; the requester sees it.")


@strawberry.type(description="Result of a change-request mutation.")
class OrderChangeRequestPayload:
    change_request: OrderChangeRequestType | None = strawberry.field(
        description="The request after the mutation (its order reflects an approval)."
    )
    user_errors: list[UserErrorType] = error_list_field(OrderChangeError)


def _change_input(data: RequestOrderChangeInput) -> changes.ChangeInput:
    return changes.ChangeInput(
        order_id=decode_id(data.order_id, "Order"),
        lines=[
            changes.LineRequest(
                optional_input_row_id(line.order_line_id, "OrderLine"), line.quantity
            )
            for line in data.lines
        ],
        requested_delivery_date=data.requested_delivery_date,
        ship_to_address_id=optional_input_row_id(data.ship_to_address_id, "CustomerAddress"),
        reason=data.reason,
    )


# --- queries and mutations -----------------------------------------------------------------


@strawberry.type
class Query:
    @strawberry.field(
        description="Change requests of orders in your data scope, newest first "
        "(order_changes:read); filter by status for the approvers' list."
    )
    async def order_change_requests(
        self,
        info: Info,
        status: Annotated[
            ChangeStatus | None,
            strawberry.argument(description="Only requests in this status."),
        ] = None,
        first: Annotated[int | None, strawberry.argument(description="Page size.")] = None,
        after: Annotated[
            str | None, strawberry.argument(description="Cursor: the page after it.")
        ] = None,
    ) -> Connection[OrderChangeRequestType]:
        actor = await context_of(info).reader()
        page = await changes.list_change_requests(actor, status, first, after)
        return to_connection(page, OrderChangeRequestType.of)


@strawberry.type
class Mutation:
    @strawberry.mutation(
        description="Ask to change a confirmed, unshipped order's quantities, "
        "delivery date or ship-to address (order_changes:request)."
    )
    async def request_order_change(
        self, info: Info, input: RequestOrderChangeInput
    ) -> OrderChangeRequestPayload:
        data = _change_input(input)
        outcome = await run_mutation(info, lambda actor: changes.request_change(actor, data))
        return payload_of(OrderChangeRequestPayload, outcome, OrderChangeRequestType.of)

    @strawberry.mutation(
        description="Approve (re-price, re-reserve and apply atomically) or "
        "reject an open change request (order_changes:approve)."
    )
    async def decide_order_change(
        self, info: Info, input: DecideOrderChangeInput
    ) -> OrderChangeRequestPayload:
        data = changes.DecisionInput(
            change_request_id=decode_id(input.change_request_id, "OrderChangeRequest"),
            decision=input.decision,
            note=input.note,
        )
        outcome = await run_mutation(info, lambda actor: changes.decide_change(actor, data))
        return payload_of(OrderChangeRequestPayload, outcome, OrderChangeRequestType.of)

    @strawberry.mutation(
        description="Withdraw your own open change request (order_changes:request)."
    )
    async def withdraw_order_change(
        self,
        info: Info,
        change_request_id: Annotated[
            strawberry.ID, strawberry.argument(description="Global id of the OrderChangeRequest.")
        ],
    ) -> OrderChangeRequestPayload:
        request_id = decode_id(change_request_id, "OrderChangeRequest")
        outcome = await run_mutation(info, lambda actor: changes.withdraw_change(actor, request_id))
        return payload_of(OrderChangeRequestPayload, outcome, OrderChangeRequestType.of)
