"""GraphQL for approvals: approval requests and their steps, the approver's inbox, deciding a
step, and the tenant's approval rules."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import strawberry
from strawberry import relay
from strawberry.scalars import JSON
from strawberry.types import Info

import approvals.services as approvals
import approvals.settings as approval_settings
import orders.services as orders
from approvals.errors import ApprovalErrorCode
from approvals.models import ApprovalRequest, ApprovalStep
from approvals.rules import (
    AmountThreshold,
    ApprovalSettings,
    Decision,
    Level,
    ReasonCode,
    RequestStatus,
    StepStatus,
)
from approvals.stock import ShortLine, shortfalls_of_requests
from core.context import Actor
from core.gql.context import context_of
from core.gql.money import MoneyType
from core.gql.pagination import Connection, to_connection
from core.gql.types import (
    UserErrorType,
    decode_id,
    error_list_field,
    from_row,
    payload_of,
    resolve_by_ids,
    run_mutation,
    user_error_type,
)
from inventory.errors import InventoryErrorCode
from orders.errors import OrderErrorCode

if TYPE_CHECKING:
    from orders.models import Order


strawberry.enum(
    Level,
    name="ApprovalLevel",
    description="Who must approve: holders of the approvals permission of the same name.",
)
strawberry.enum(
    StepStatus, name="ApprovalStepStatus", description="Where a step of an approval is."
)
strawberry.enum(
    RequestStatus, name="ApprovalRequestStatus", description="Where an approval request is."
)
strawberry.enum(
    ReasonCode, name="ApprovalReasonCode", description="The rule that asked for approval."
)
strawberry.enum(Decision, name="ApprovalDecision", description="An approver's decision.")
ApprovalSettingsError = user_error_type(
    "ApprovalSettingsError",
    ApprovalErrorCode,
    description="Why the approval rules did not change.",
)
# A decision moves the order (orders' codes); the last approval confirms it and reserves its
# stock (inventory's).
ApprovalError = user_error_type(
    "ApprovalError",
    ApprovalErrorCode,
    OrderErrorCode,
    InventoryErrorCode,
    description="Why an approval step was not decided.",
)


# --- loaders -------------------------------------------------------------------------------


async def load_requests(actor: Actor, ids: list[uuid.UUID]) -> list[ApprovalRequest | None]:
    return await approvals.requests_by_id(actor, ids)


async def _load_steps(actor: Actor, ids: list[uuid.UUID]) -> list[list[ApprovalStep]]:
    return await approvals.steps_of_requests(actor, ids)


async def _load_latest(actor: Actor, ids: list[uuid.UUID]) -> list[ApprovalRequest | None]:
    return await approvals.latest_requests_of_orders(actor, ids)


async def _load_shortfalls(actor: Actor, ids: list[uuid.UUID]) -> list[list[ShortLine]]:
    found = await approvals.requests_by_id(actor, ids)
    requests = [r for r in found if r is not None]
    shortfalls = await shortfalls_of_requests(actor, requests)
    short = dict(zip([r.id for r in requests], shortfalls, strict=True))
    return [short.get(i, []) for i in ids]


async def load_orders(actor: Actor, ids: list[uuid.UUID]) -> list[Order | None]:
    return await orders.orders_by_id(actor, ids)


# --- types ---------------------------------------------------------------------------------


@strawberry.type(name="ApprovalReason", description="Why a step is needed.")
class ApprovalReasonType:
    code: ReasonCode = strawberry.field(description="The rule.")
    params: JSON = strawberry.field(
        description="The figures, for clients to word in the reader's language (plain "
        'decimals): CREDIT_LIMIT {"total", "openReceivables", "creditLimit", "currency"}, '
        'DISCOUNT {"discount", "threshold"} (percent), AMOUNT {"total", "threshold", '
        '"currency"}; {} when the request predates them and they could not be read back.'
    )
    message: str = strawberry.field(description="The rule and the figures, in English.")


@strawberry.type(
    name="ApprovalStockShortfall",
    description="A line of an open approval's order that the stock would not fill if the "
    "order were approved now (the last approval reserves it). A hint: stock may move.",
)
class ApprovalStockShortfallType:
    line: int = strawberry.field(description="The order line's number, from 1.")
    sku_code: str = strawberry.field(description="The line's SKU.")
    requested: Decimal = strawberry.field(description="The line's quantity.")
    available: Decimal = strawberry.field(
        description="The most one warehouse (`warehouse`) has available for it."
    )
    warehouse: str | None = strawberry.field(
        description="That warehouse's code; null when there is no active warehouse."
    )

    @classmethod
    def of(cls, short: ShortLine) -> ApprovalStockShortfallType:
        return cls(
            line=short.line_no,
            sku_code=short.sku_code,
            requested=short.requested,
            available=short.available,
            warehouse=short.warehouse_code,
        )


async def _stock_shortfall(info: Info, request_id: uuid.UUID) -> list[ApprovalStockShortfallType]:
    short: list[ShortLine] = await context_of(info).loader(_load_shortfalls).load(request_id)
    return [ApprovalStockShortfallType.of(line) for line in short]


_SHORTFALL_HELP = (
    "The order's lines the stock would not fill if it were approved now, so the approver "
    "can backorder them (allowBackorder, inventory:backorder) or reject; empty when all "
    "are in stock, or once the request is decided."
)


@strawberry.type(
    name="ApprovalStep",
    description="One level of an approval request, decided "
    "in sequence; only the PENDING step is open for decisions.",
)
class ApprovalStepType(relay.Node):
    id: relay.NodeID[str]
    sequence: int = strawberry.field(description="Position in the request, from 1.")
    level: Level = strawberry.field(description="Who must approve.")
    permission: str = strawberry.field(
        description="The permission an approver needs, e.g. approvals:manager."
    )
    reasons: list[ApprovalReasonType] = strawberry.field(
        description="The rules that asked for this level."
    )
    status: StepStatus = strawberry.field(description="Where the step is.")
    waiting_since: datetime | None = strawberry.field(
        description="When the step became active; null while an earlier step is open."
    )
    decided_by: str | None = strawberry.field(description="Who decided (email or name).")
    decided_at: datetime | None = strawberry.field(description="When it was decided.")
    decision_reason: str | None = strawberry.field(description="The approver's reason.")
    order_number: str = strawberry.field(
        description="The order's number (the return's RMA number when `forReturn`)."
    )
    for_return: bool = strawberry.field(
        description="The step approves a return above the tenant's threshold, not an order."
    )
    customer_name: str = strawberry.field(description="The order's customer.")
    order_total: MoneyType = strawberry.field(description="The order's total when submitted.")
    row: strawberry.Private[ApprovalStep]

    @strawberry.field(description="The request the step belongs to.")
    async def request(self, info: Info) -> ApprovalRequestType | None:
        request = await context_of(info).loader(load_requests).load(self.row.request_id)
        return ApprovalRequestType.of(request) if request else None

    @strawberry.field(description=_SHORTFALL_HELP)
    async def stock_shortfall(self, info: Info) -> list[ApprovalStockShortfallType]:
        return await _stock_shortfall(info, self.row.request_id)

    @classmethod
    def of(cls, step: ApprovalStep, request: ApprovalRequest) -> ApprovalStepType:
        return cls(
            id=str(step.id),
            sequence=step.sequence,
            level=Level(step.level),
            permission=f"approvals:{Level(step.level).permission}",
            reasons=[
                ApprovalReasonType(
                    code=ReasonCode(r["code"]),
                    params=JSON(r.get("params") or {}),
                    message=r["message"],
                )
                for r in step.reasons
            ],
            status=StepStatus(step.status),
            waiting_since=step.activated_at,
            decided_by=step.decided_by_label,
            decided_at=step.decided_at,
            decision_reason=step.decision_reason,
            order_number=request.order_number,
            for_return=request.return_id is not None,
            customer_name=request.customer_name,
            order_total=MoneyType.from_amount(request.total, request.currency),
            row=step,
        )

    @classmethod
    async def resolve_nodes(
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Any]:
        return await resolve_by_ids(
            info, node_ids, _steps_with_requests, lambda pair: cls.of(*pair.values), required
        )


@strawberry.type(
    name="ApprovalRequest",
    description="The approval an order needs after a "
    "submission: its steps, decided one after the other.",
)
class ApprovalRequestType(relay.Node):
    id: relay.NodeID[str]
    status: RequestStatus = strawberry.field(description="Where the request is.")
    order_number: str = strawberry.field(description="The order's number.")
    customer_name: str = strawberry.field(description="The order's customer.")
    order_total: MoneyType = strawberry.field(description="The order's total when submitted.")
    created_at: datetime = strawberry.field(description="When the order was submitted.")
    decided_at: datetime | None = strawberry.field(
        description="When it was approved, rejected or cancelled."
    )
    row: strawberry.Private[ApprovalRequest]

    @strawberry.field(description="The steps, in decision order.")
    async def steps(self, info: Info) -> list[ApprovalStepType]:
        steps: list[ApprovalStep] = await context_of(info).loader(_load_steps).load(self.row.id)
        return [ApprovalStepType.of(step, self.row) for step in steps]

    @strawberry.field(description=_SHORTFALL_HELP)
    async def stock_shortfall(self, info: Info) -> list[ApprovalStockShortfallType]:
        return await _stock_shortfall(info, self.row.id)

    @classmethod
    def of(cls, request: ApprovalRequest) -> ApprovalRequestType:
        return from_row(
            cls,
            request,
            status=RequestStatus(request.status),
            order_total=MoneyType.from_amount(request.total, request.currency),
            row=request,
        )

    @classmethod
    async def resolve_nodes(
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Any]:
        return await resolve_by_ids(
            info, node_ids, approvals.readable_requests_by_id, cls.of, required
        )


class _StepAndRequest:
    """A step with its request, shaped for resolve_by_ids (which keys rows by `id`)."""

    def __init__(self, step: ApprovalStep, request: ApprovalRequest) -> None:
        self.id = step.id
        self.values = (step, request)


async def _steps_with_requests(actor: Actor, ids: list[uuid.UUID]) -> list[_StepAndRequest | None]:
    steps = await approvals.steps_by_id(actor, ids)
    requests = {
        r.id: r
        for r in await approvals.requests_by_id(
            actor, [s.request_id for s in steps if s is not None]
        )
        if r is not None
    }
    return [_StepAndRequest(s, requests[s.request_id]) if s is not None else None for s in steps]


async def order_approval(info: Info, order_id: uuid.UUID) -> ApprovalRequestType | None:
    """The order's latest approval request, for Order.approval (the order is readable)."""
    request = await context_of(info).loader(_load_latest).load(order_id)
    return ApprovalRequestType.of(request) if request else None


@strawberry.type(
    name="ApprovalAmountThreshold",
    description="Orders whose total is above the amount need approval at the level.",
)
class ApprovalAmountThresholdType:
    above: Decimal = strawberry.field(description="Amount in the tenant's currency.")
    level: Level = strawberry.field(description="Who must approve.")


@strawberry.type(
    name="ApprovalSettings",
    description="The tenant's approval rules, evaluated when an order is submitted.",
)
class ApprovalSettingsType:
    credit_check: bool = strawberry.field(
        description="Orders of customers on credit terms "
        "that would exceed their credit limit (with open "
        "receivables) need finance approval."
    )
    discount_threshold_percent: Decimal | None = strawberry.field(
        description="A line discount above this percent needs manager approval; null: no such rule."
    )
    amount_thresholds: list[ApprovalAmountThresholdType] = strawberry.field(
        description="Totals above each amount need its level; several levels are decided "
        "one after the other (finance, manager, director)."
    )
    forbid_self_approval: bool = strawberry.field(
        description="Nobody decides on an order they created or submitted."
    )
    reminder_after_hours: int | None = strawberry.field(
        description="Approvers are reminded when a step waits longer; null: never."
    )

    @classmethod
    def of(cls, settings: ApprovalSettings) -> ApprovalSettingsType:
        return from_row(
            cls,
            settings,
            discount_threshold_percent=settings.discount_threshold,
            amount_thresholds=[
                ApprovalAmountThresholdType(above=t.above, level=Level(t.level.value))
                for t in settings.amount_thresholds
            ],
        )


# --- inputs and payloads -------------------------------------------------------------------


@strawberry.input(description="One amount threshold.")
class ApprovalAmountThresholdInput:
    above: Decimal = strawberry.field(description="Amount in the tenant's currency, 0 or more.")
    level: Level = strawberry.field(description="Who must approve above it.")


@strawberry.input(
    description="Changes to the approval rules; omitted fields stay, an "
    "explicit null turns an optional rule off."
)
class UpdateApprovalSettingsInput:
    credit_check: bool | None = strawberry.field(default=None, description="Check credit limits.")
    discount_threshold_percent: Decimal | None = strawberry.field(
        default=strawberry.UNSET, description="Percent above 0 up to 100; null: no rule."
    )
    amount_thresholds: list[ApprovalAmountThresholdInput] | None = strawberry.field(
        default=None, description="Replaces every threshold (at most one per level)."
    )
    forbid_self_approval: bool | None = strawberry.field(
        default=None, description="Forbid deciding on one's own orders."
    )
    reminder_after_hours: int | None = strawberry.field(
        default=strawberry.UNSET, description="1 to 720 hours; null: never remind."
    )


@strawberry.input(description="An approver's decision on the active step.")
class DecideApprovalInput:
    step_id: strawberry.ID = strawberry.field(description="Global id of the ApprovalStep.")
    decision: Decision = strawberry.field(description="Approve or reject.")
    reason: str | None = strawberry.field(
        default=None, description="Why; required to reject (kept in the order's status history)."
    )
    allow_backorder: bool = strawberry.field(
        default=False,
        description="On the last approval: backorder what is not in stock (inventory:backorder).",
    )


@strawberry.type(description="Result of updateApprovalSettings.")
class ApprovalSettingsPayload:
    settings: ApprovalSettingsType | None = strawberry.field(description="The rules now.")
    user_errors: list[UserErrorType] = error_list_field(ApprovalSettingsError)


@strawberry.type(description="Result of decideApproval.")
class DecideApprovalPayload:
    step: ApprovalStepType | None = strawberry.field(description="The step decided.")
    request: ApprovalRequestType | None = strawberry.field(description="Its request now.")
    user_errors: list[UserErrorType] = error_list_field(ApprovalError)


def _changes(data: UpdateApprovalSettingsInput) -> dict[str, Any]:
    changes: dict[str, Any] = {}
    if data.credit_check is not None:
        changes["credit_check"] = data.credit_check
    if data.discount_threshold_percent is not strawberry.UNSET:
        changes["discount_threshold"] = data.discount_threshold_percent
    if data.amount_thresholds is not None:
        changes["amount_thresholds"] = tuple(
            AmountThreshold(t.above, Level(t.level.value)) for t in data.amount_thresholds
        )
    if data.forbid_self_approval is not None:
        changes["forbid_self_approval"] = data.forbid_self_approval
    if data.reminder_after_hours is not strawberry.UNSET:
        changes["reminder_after_hours"] = data.reminder_after_hours
    return changes


# --- queries and mutations -----------------------------------------------------------------


@strawberry.type
class Query:
    @strawberry.field(
        description="Approval steps awaiting your decision (approvals:read and "
        "the step's level), longest waiting first."
    )
    async def approval_inbox(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[ApprovalStepType]:
        actor = await context_of(info).reader()
        page = await approvals.approval_inbox(actor, first, after)
        requests = {
            r.id: r
            for r in await approvals.requests_by_id(
                actor, sorted({s.request_id for s in page.rows})
            )
            if r is not None
        }
        return to_connection(page, lambda s: ApprovalStepType.of(s, requests[s.request_id]))

    @strawberry.field(description="The tenant's approval rules (approvals:read).")
    async def approval_settings(self, info: Info) -> ApprovalSettingsType:
        actor = await context_of(info).reader()
        return ApprovalSettingsType.of(await approval_settings.read_settings(actor))


@strawberry.type
class Mutation:
    @strawberry.mutation(
        description="Approve or reject the active step of an approval "
        "(approvals:<level>). The last approval confirms the order and "
        "reserves its stock; a rejection returns it to Draft."
    )
    async def decide_approval(
        self, info: Info, input: DecideApprovalInput
    ) -> DecideApprovalPayload:
        data = approvals.DecisionInput(
            step_id=decode_id(input.step_id, "ApprovalStep"),
            decision=Decision(input.decision.value),
            reason=input.reason,
            allow_backorder=input.allow_backorder,
        )
        outcome = await run_mutation(info, lambda actor: approvals.decide(actor, data))
        if outcome.value is None:
            return DecideApprovalPayload(step=None, request=None, user_errors=outcome.user_errors)
        result = outcome.value
        return DecideApprovalPayload(
            step=ApprovalStepType.of(result.step, result.request),
            request=ApprovalRequestType.of(result.request),
            user_errors=[],
        )

    @strawberry.mutation(description="Change the approval rules (approvals:configure).")
    async def update_approval_settings(
        self, info: Info, input: UpdateApprovalSettingsInput
    ) -> ApprovalSettingsPayload:
        changes = _changes(input)
        outcome = await run_mutation(
            info, lambda actor: approval_settings.update_settings(actor, changes)
        )
        return payload_of(ApprovalSettingsPayload, outcome, ApprovalSettingsType.of)
