"""GraphQL operations for staff and integrators: the returns list, the tenant's return
settings and report, and asking for, approving, declining, receiving, inspecting,
resolving, closing and cancelling returns (the types are in `types_schema`)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any

import strawberry
from strawberry.types import Info

import returns.services as returns
from core.context import Actor
from core.errors import NotFound
from core.gql.context import context_of
from core.gql.pagination import Connection, to_connection
from core.gql.types import (
    UserErrorType,
    decode_id,
    error_list_field,
    input_row_id,
    optional_input_row_id,
    payload_of,
    run_mutation,
)
from files import upload_ids
from returns.rules import (
    Disposition,
    Grade,
    ReturnReason,
    ReturnStatus,
    ReturnWish,
)
from returns.types_schema import (
    ReturnAddressInput,
    ReturnAddressType,
    ReturnError,
    ReturnSettingsType,
    ReturnsReportType,
    ReturnType,
)

# --- inputs and payloads -------------------------------------------------------------------


@strawberry.input(description="Which returns to list; every filter given must match.")
class ReturnFilterInput:
    statuses: list[ReturnStatus] | None = strawberry.field(
        default=None, description="Only returns in one of these statuses."
    )
    customer_id: strawberry.ID | None = strawberry.field(
        default=None, description="Only this Customer's."
    )
    order_id: strawberry.ID | None = strawberry.field(
        default=None, description="Only those of this Order."
    )


@strawberry.input(description="One order line to return.")
class ReturnLineInput:
    order_line_id: strawberry.ID = strawberry.field(description="Global id of the OrderLine.")
    quantity: Decimal = strawberry.field(description="How much to return.")
    reason: ReturnReason = strawberry.field(description="Why.")
    comment: str | None = strawberry.field(default=None, description="In the customer's words.")
    photo_ids: list[strawberry.ID] = strawberry.field(
        default_factory=list,
        description="Image uploads (ids answered by POST /files, purpose return_photo) "
        "showing the items.",
    )


@strawberry.input(description="A return asked for by staff or an integrator.")
class CreateReturnInput:
    customer_id: strawberry.ID = strawberry.field(description="Global id of the Customer.")
    order_id: strawberry.ID = strawberry.field(description="The customer's delivered Order.")
    wish: ReturnWish = strawberry.field(description="Refund or exchange.")
    lines: list[ReturnLineInput] = strawberry.field(description="What comes back.")
    ticket_id: strawberry.ID | None = strawberry.field(
        default=None, description="The customer's Ticket it comes from (tickets:read)."
    )
    idempotency_key: str | None = strawberry.field(
        default=None,
        description="Repeat the call with the same key and input to get the same return.",
    )


@strawberry.input(description="Why a return is declined.")
class DeclineReturnInput:
    return_id: strawberry.ID = strawberry.field(description="Global id of the Return.")
    reason: str = strawberry.field(description="Why (the customer is told).")


@strawberry.input(description="How much of one return line arrived.")
class ReceiveReturnLineInput:
    return_line_id: strawberry.ID = strawberry.field(description="Global id of the ReturnLine.")
    quantity: Decimal = strawberry.field(description="How much arrived now.")


@strawberry.input(description="Goods of a return that arrived.")
class ReceiveReturnInput:
    return_id: strawberry.ID = strawberry.field(description="Global id of the Return.")
    lines: list[ReceiveReturnLineInput] = strawberry.field(description="What arrived, per line.")


@strawberry.input(description="The inspection of part or all of a received return line.")
class InspectReturnLineInput:
    return_line_id: strawberry.ID = strawberry.field(description="Global id of the ReturnLine.")
    quantity: Decimal = strawberry.field(description="How much is inspected.")
    grade: Grade = strawberry.field(description="The condition found.")
    disposition: Disposition = strawberry.field(description="What happens to the goods.")
    warehouse_id: strawberry.ID | None = strawberry.field(
        default=None,
        description="Warehouse to restock into; default: the one the line shipped from.",
    )
    second_grade_sku_id: strawberry.ID | None = strawberry.field(
        default=None, description="The Sku second-grade goods are stocked as (required then)."
    )
    note: str | None = strawberry.field(default=None, description="The inspector's note.")


@strawberry.type(description="Result of a return mutation.")
class ReturnPayload:
    return_: ReturnType | None = strawberry.field(
        name="return", description="The return after the mutation."
    )
    user_errors: list[UserErrorType] = error_list_field(ReturnError)


@strawberry.type(description="Result of updateReturnSettings.")
class ReturnSettingsPayload:
    settings: ReturnSettingsType | None = strawberry.field(description="The settings as saved.")
    user_errors: list[UserErrorType] = error_list_field(ReturnError)


def _filter(flt: ReturnFilterInput | None) -> returns.ReturnFilter:
    if flt is None:
        return returns.ReturnFilter()
    return returns.ReturnFilter(
        statuses=tuple(flt.statuses or ()),
        customer_id=optional_input_row_id(flt.customer_id, "Customer"),
        order_id=optional_input_row_id(flt.order_id, "Order"),
    )


def _new_return(data: CreateReturnInput) -> returns.NewReturn:
    return returns.NewReturn(
        customer_id=input_row_id(data.customer_id, "Customer"),
        order_id=input_row_id(data.order_id, "Order"),
        wish=data.wish,
        lines=tuple(
            returns.NewReturnLine(
                order_line_id=input_row_id(line.order_line_id, "OrderLine"),
                quantity=line.quantity,
                reason=line.reason,
                comment=line.comment,
                photo_ids=upload_ids(line.photo_ids),
            )
            for line in data.lines
        ),
        ticket_id=optional_input_row_id(data.ticket_id, "Ticket"),
        idempotency_key=(data.idempotency_key or "").strip() or None,
    )


def _inspection(data: InspectReturnLineInput) -> returns.Inspection:
    return returns.Inspection(
        return_line_id=decode_id(data.return_line_id, "ReturnLine"),
        quantity=data.quantity,
        grade=data.grade,
        disposition=data.disposition,
        warehouse_id=optional_input_row_id(data.warehouse_id, "Warehouse"),
        second_grade_sku_id=optional_input_row_id(data.second_grade_sku_id, "Sku"),
        note=data.note,
    )


def _settings(found: returns.ReturnRules) -> ReturnSettingsType:
    return ReturnSettingsType(
        window_days=found.window_days,
        approval_threshold=found.approval_threshold,
        return_address=ReturnAddressType.of(found.return_address),
    )


ReturnIdArgument = Annotated[
    strawberry.ID, strawberry.argument(description="Global id of the Return.")
]


async def _move(info: Info, return_id: strawberry.ID, move: Any) -> ReturnPayload:
    row_id = decode_id(return_id, "Return")
    outcome = await run_mutation(info, lambda actor: move(actor, row_id))
    return payload_of(ReturnPayload, outcome, ReturnType.of)


# --- queries and mutations -----------------------------------------------------------------


@strawberry.type
class Query:
    @strawberry.field(
        description="Returns of customers in your data scope, newest first (returns:read)."
    )
    async def returns(
        self,
        info: Info,
        filter: Annotated[
            ReturnFilterInput | None, strawberry.argument(description="Which returns.")
        ] = None,
        first: Annotated[int | None, strawberry.argument(description="Page size.")] = None,
        after: Annotated[
            str | None, strawberry.argument(description="Cursor: the page after it.")
        ] = None,
    ) -> Connection[ReturnType]:
        actor = await context_of(info).reader()
        page = await returns.list_returns(actor, _filter(filter), first, after)
        return to_connection(page, ReturnType.of)

    @strawberry.field(
        name="return", description="One return by its global id; null when out of reach."
    )
    async def return_(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="Global id of the Return.")],
    ) -> ReturnType | None:
        try:
            row_id = decode_id(id, "Return")
        except NotFound:
            return None
        [found] = await returns.returns_by_id(await context_of(info).reader(), [row_id])
        return ReturnType.of(found) if found else None

    @strawberry.field(description="One return by its number (RMA-000042); null when out of reach.")
    async def return_by_number(
        self,
        info: Info,
        number: Annotated[str, strawberry.argument(description="The return's number.")],
    ) -> ReturnType | None:
        found = await returns.return_by_number(await context_of(info).reader(), number)
        return ReturnType.of(found) if found else None

    @strawberry.field(
        description="Return figures of [from, to) (returns:read and orders:read): return "
        "rate per product (returned / delivered quantity) and returns per reason."
    )
    async def returns_report(
        self,
        info: Info,
        from_: Annotated[
            datetime, strawberry.argument(name="from", description="Start (included).")
        ],
        to: Annotated[datetime, strawberry.argument(description="End (excluded).")],
    ) -> ReturnsReportType:
        actor = await context_of(info).reader()
        return ReturnsReportType.of(await returns.returns_report(actor, from_, to))

    @strawberry.field(description="The tenant's return settings (returns:read).")
    async def return_settings(self, info: Info) -> ReturnSettingsType:
        return _settings(await returns.read_return_rules(await context_of(info).reader()))


@strawberry.type
class Mutation:
    @strawberry.mutation(
        description="Ask for a return of a customer's delivered order (returns:write): no more "
        "per line than delivered less what other returns already ask for, within the return "
        "window, of returnable products only."
    )
    async def create_return(self, info: Info, input: CreateReturnInput) -> ReturnPayload:
        data = _new_return(input)
        outcome = await run_mutation(info, lambda actor: returns.create_return(actor, data))
        return payload_of(ReturnPayload, outcome, ReturnType.of)

    @strawberry.mutation(
        description="Approve a requested return (returns:approve): it then awaits the goods. "
        "Above the tenant's approval threshold it opens an approval request instead (the "
        "return stays REQUESTED, approvalRequestId set; again: APPROVAL_PENDING); deciding "
        "that request approves or declines the return."
    )
    async def approve_return(self, info: Info, return_id: ReturnIdArgument) -> ReturnPayload:
        return await _move(info, return_id, returns.approve_return)

    @strawberry.mutation(description="Decline a requested return, saying why (returns:approve).")
    async def decline_return(self, info: Info, input: DeclineReturnInput) -> ReturnPayload:
        row_id = decode_id(input.return_id, "Return")
        outcome = await run_mutation(
            info, lambda actor: returns.decline_return(actor, row_id, input.reason)
        )
        return payload_of(ReturnPayload, outcome, ReturnType.of)

    @strawberry.mutation(
        description="Record goods of an approved return that arrived, all or part "
        "(returns:write or returns:inspect). They wait in quarantine: no stock moves "
        "until inspection."
    )
    async def receive_return(self, info: Info, input: ReceiveReturnInput) -> ReturnPayload:
        row_id = decode_id(input.return_id, "Return")
        receipts = [
            returns.Receipt(input_row_id(line.return_line_id, "ReturnLine"), line.quantity)
            for line in input.lines
        ]
        outcome = await run_mutation(
            info, lambda actor: returns.receive_return(actor, row_id, receipts)
        )
        return payload_of(ReturnPayload, outcome, ReturnType.of)

    @strawberry.mutation(
        description="Inspect part or all of a received return line (returns:inspect): grade "
        "and disposition. Restocking writes one stock receipt (also inventory:write); "
        "repair and scrap move no stock."
    )
    async def inspect_return_line(self, info: Info, input: InspectReturnLineInput) -> ReturnPayload:
        data = _inspection(input)
        outcome = await run_mutation(info, lambda actor: returns.inspect_return_line(actor, data))
        return payload_of(ReturnPayload, outcome, ReturnType.of)

    @strawberry.mutation(
        description="Resolve an inspected return (returns:write) by refund or exchange "
        "(default: the customer's wish). A refund grants what passed inspection (restocked "
        "goods) at the price paid, tax included, as a refund request (reason RETURN) on the "
        "order's payment, executed by finance with its credit note; an exchange enters a "
        "zero-priced reship order (channel EXCHANGE) of the passed goods. With nothing "
        "passed, the return resolves with a zero refund or no exchange order. A return "
        "resolves once: again is ALREADY_RESOLVED."
    )
    async def resolve_return(
        self,
        info: Info,
        return_id: ReturnIdArgument,
        resolution: Annotated[
            ReturnWish | None,
            strawberry.argument(description="REFUND or EXCHANGE; default: the customer's wish."),
        ] = None,
    ) -> ReturnPayload:
        row_id = decode_id(return_id, "Return")
        outcome = await run_mutation(
            info, lambda actor: returns.resolve_return(actor, row_id, resolution)
        )
        return payload_of(ReturnPayload, outcome, ReturnType.of)

    @strawberry.mutation(description="Close a resolved return (returns:write).")
    async def close_return(self, info: Info, return_id: ReturnIdArgument) -> ReturnPayload:
        return await _move(info, return_id, returns.close_return)

    @strawberry.mutation(
        description="Cancel a return before anything was received (returns:write)."
    )
    async def cancel_return(self, info: Info, return_id: ReturnIdArgument) -> ReturnPayload:
        return await _move(info, return_id, returns.cancel_return)

    @strawberry.mutation(
        description="Set the return window, in days after delivery, and (when given) the "
        "approval threshold and the returns address (settings:write). An argument left out "
        "keeps its value; null clears it."
    )
    async def update_return_settings(
        self,
        info: Info,
        window_days: Annotated[
            int, strawberry.argument(description="Days after delivery, 0 to 3650.")
        ],
        approval_threshold: Annotated[
            Decimal | None,
            strawberry.argument(description="Approval above this requested value; null: none."),
        ] = strawberry.UNSET,
        return_address: Annotated[
            ReturnAddressInput | None,
            strawberry.argument(description="Where returns go; null: the seller's address."),
        ] = strawberry.UNSET,
    ) -> ReturnSettingsPayload:
        async def update(actor: Actor) -> returns.ReturnRules:
            current = await returns.return_rules(actor)
            threshold = (
                current.approval_threshold
                if approval_threshold is strawberry.UNSET
                else approval_threshold
            )
            address = (
                current.return_address
                if return_address is strawberry.UNSET
                else (return_address.to_dict() if return_address else None)
            )
            return await returns.update_return_rules(
                actor, returns.ReturnRules(window_days, threshold, address)
            )

        outcome = await run_mutation(info, update)
        return payload_of(ReturnSettingsPayload, outcome, _settings)
