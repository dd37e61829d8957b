"""GraphQL for refunds: asking for one (refunds:request), executing or rejecting it
(refunds:execute), the lists (refunds:read) and the tenant's refund rules (four eyes)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import strawberry
from strawberry import relay
from strawberry.types import Info

from core.errors import UserError
from core.gql.context import context_of
from core.gql.money import MoneyType
from core.gql.pagination import Connection, to_connection
from core.gql.types import (
    UserErrorType,
    error_list_field,
    from_row,
    id_of,
    input_row_id,
    optional_id_of,
    optional_input_row_id,
    payload_of,
    resolve_by_ids,
    run_mutation,
)
from payments import refund_reading, refunds, refunds_settings
from payments.errors import RefundErrorCode
from payments.invoices_schema import InvoiceType
from payments.models import Refund
from payments.refunds import RefundReason, RefundStatus
from payments.schema_types import RefundError
from payments.services import Method

# The services' enums are the GraphQL enums (same members and values).
strawberry.enum(RefundStatus, name="RefundStatus", description="Where a refund is.")
strawberry.enum(RefundReason, name="RefundReason", description="Why money is given back.")


@strawberry.type(
    name="Refund",
    description="Money to give back on one payment: requested, "
    "then executed (paid back, with a credit note) or rejected.",
)
class RefundType(relay.Node):
    id: relay.NodeID[str]
    number: str = strawberry.field(description="Per-tenant number, e.g. RF-000042.")
    status: RefundStatus = strawberry.field(
        description="Requested, processing (Stripe is "
        "paying it out), succeeded, failed or "
        "rejected."
    )
    payment_id: strawberry.ID = strawberry.field(description="Global id of the payment.")
    payment_number: str = strawberry.field(description="The payment's number.")
    order_id: strawberry.ID | None = strawberry.field(
        description="Global id of the order it is for; null when not one order's."
    )
    order_number: str | None = strawberry.field(description="That order's number.")
    customer_id: strawberry.ID = strawberry.field(description="Global id of the customer.")
    customer_name: str = strawberry.field(description="The customer's name.")
    method: Method = strawberry.field(description="How it is paid back: the payment's method.")
    amount: MoneyType = strawberry.field(description="The amount to give back.")
    reason: RefundReason = strawberry.field(description="Why.")
    reason_note: str | None = strawberry.field(description="The requester's explanation.")
    requested_by_label: str | None = strawberry.field(description="Who asked for it.")
    decided_by_label: str | None = strawberry.field(description="Who executed or rejected it.")
    decided_at: datetime | None = strawberry.field(description="When it was decided.")
    decision_note: str | None = strawberry.field(
        description="The decider's note (why it was rejected)."
    )
    executed_at: datetime | None = strawberry.field(description="When the money went back.")
    stripe_refund_id: str | None = strawberry.field(
        description="Stripe's refund id, for a Stripe payment."
    )
    external_reference: str | None = strawberry.field(
        description="The transfer or cheque that paid a manual payment back."
    )
    failure_message: str | None = strawberry.field(description="Why Stripe refused it.")
    created_at: datetime = strawberry.field(description="When it was requested.")
    row: strawberry.Private[Refund]

    @strawberry.field(description="The credit note written when it succeeded.")
    async def credit_note(self, info: Info) -> InvoiceType | None:
        if self.row.credit_note_id is None:
            return None
        notes: list[InvoiceType | None] = await InvoiceType.resolve_nodes(
            info=info, node_ids=[str(self.row.credit_note_id)]
        )
        return notes[0]

    @strawberry.field(
        description="Whether you asked for it: with four-eyes refunds on, you cannot "
        "execute it (REQUESTER_CANNOT_EXECUTE)."
    )
    def requested_by_viewer(self, info: Info) -> bool:
        principal = context_of(info).principal
        return principal is not None and principal.subject_id == self.row.requested_by_id

    @classmethod
    def of(cls, row: Refund) -> RefundType:
        return from_row(
            cls,
            row,
            status=RefundStatus(row.status),
            payment_id=id_of("Payment", row.payment_id),
            order_id=optional_id_of("Order", row.order_id),
            customer_id=id_of("Customer", row.customer_id),
            method=Method(row.method),
            amount=MoneyType.from_amount(row.amount, row.currency),
            reason=RefundReason(row.reason),
            row=row,
        )

    @classmethod
    async def resolve_nodes(
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Any]:
        return await resolve_by_ids(info, node_ids, refund_reading.refunds_by_id, cls.of, required)


async def _load_refunds(actor: Any, ids: list[uuid.UUID]) -> list[list[Refund]]:
    return await refund_reading.refunds_of_payments(actor, ids)


async def refunds_of_payment(info: Info, payment_id: uuid.UUID) -> list[RefundType]:
    """Payment.refunds: the payment's refunds, newest first (none without refunds:read)."""
    rows = await context_of(info).loader(_load_refunds).load(payment_id)
    return [RefundType.of(row) for row in rows]


@strawberry.type(
    name="RefundablePayment",
    description="A payment of an order and what may still be refunded on it.",
)
class RefundablePaymentType:
    payment_id: strawberry.ID = strawberry.field(description="Global id of the payment.")
    number: str = strawberry.field(description="The payment's number.")
    method: Method = strawberry.field(description="How it was paid.")
    received_on: date = strawberry.field(description="When the money arrived.")
    amount: MoneyType = strawberry.field(description="The amount received.")
    amount_refundable: MoneyType = strawberry.field(
        description="Its amount less succeeded and pending refunds."
    )

    @classmethod
    def of(cls, item: refunds.RefundablePayment) -> RefundablePaymentType:
        payment = item.payment
        return cls(
            payment_id=id_of("Payment", payment.id),
            number=payment.number,
            method=Method(payment.method),
            received_on=payment.received_on,
            amount=MoneyType.from_amount(payment.amount, payment.currency),
            amount_refundable=MoneyType.from_amount(item.amount_refundable, payment.currency),
        )


@strawberry.input(description="Which refunds to list.")
class RefundFilter:
    status: RefundStatus | None = strawberry.field(default=None, description="Only this status.")
    customer_id: strawberry.ID | None = strawberry.field(
        default=None, description="One customer's."
    )
    payment_id: strawberry.ID | None = strawberry.field(default=None, description="One payment's.")
    order_id: strawberry.ID | None = strawberry.field(default=None, description="One order's.")


@strawberry.input(description="Ask to give back part or all of a payment.")
class RequestRefundInput:
    payment_id: strawberry.ID = strawberry.field(description="Global id of the payment.")
    order_id: strawberry.ID | None = strawberry.field(
        default=None, description="The order it is for, when the payment settled several."
    )
    amount: Decimal = strawberry.field(
        description="Above zero, two decimals at most, at most what is still refundable."
    )
    reason: RefundReason = strawberry.field(description="Why.")
    note: str | None = strawberry.field(
        default=None, description="Explanation; required when the reason is OTHER."
    )


@strawberry.input(description="Pay a requested refund out.")
class ExecuteRefundInput:
    refund_id: strawberry.ID = strawberry.field(description="Global id of the refund.")
    note: str | None = strawberry.field(default=None, description="Internal note.")
    external_reference: str | None = strawberry.field(
        default=None,
        description="The transfer or cheque that paid it back; required for "
        "bank transfer, cash and cheque payments.",
    )


@strawberry.input(description="Decline a requested refund.")
class RejectRefundInput:
    refund_id: strawberry.ID = strawberry.field(description="Global id of the refund.")
    note: str = strawberry.field(description="Why it is rejected (required).")


@strawberry.type(description="Result of requestRefund.")
class RequestRefundPayload:
    refund: RefundType | None = strawberry.field(description="The refund requested.")
    user_errors: list[UserErrorType] = error_list_field(RefundError, "Why nothing was requested.")


@strawberry.type(description="Result of executeRefund.")
class ExecuteRefundPayload:
    refund: RefundType | None = strawberry.field(
        description="The refund: SUCCEEDED, or FAILED with Stripe's reason."
    )
    user_errors: list[UserErrorType] = error_list_field(RefundError, "Why it was not paid back.")


@strawberry.type(description="Result of rejectRefund.")
class RejectRefundPayload:
    refund: RefundType | None = strawberry.field(description="The refund rejected.")
    user_errors: list[UserErrorType] = error_list_field(RefundError, "Why it was not rejected.")


@strawberry.type(name="RefundSettings", description="The tenant's refund rules.")
class RefundSettingsType:
    four_eyes: bool = strawberry.field(
        description="Four-eyes refunds (on by default): whoever requested a refund "
        "cannot execute it; someone else with refunds:execute pays it out."
    )

    @classmethod
    def of(cls, rules: refunds_settings.RefundRules) -> RefundSettingsType:
        return cls(four_eyes=rules.four_eyes)


@strawberry.input(description="Change the tenant's refund rules.")
class UpdateRefundSettingsInput:
    four_eyes: bool = strawberry.field(
        description="Whether whoever requested a refund is kept from executing it."
    )


@strawberry.type(description="Result of updateRefundSettings.")
class RefundSettingsPayload:
    settings: RefundSettingsType | None = strawberry.field(description="The rules now.")
    user_errors: list[UserErrorType] = error_list_field(RefundError, "Why nothing changed.")


def _refund_filter(flt: RefundFilter | None) -> refund_reading.RefundFilter:
    if flt is None:
        return refund_reading.RefundFilter()
    return refund_reading.RefundFilter(
        status=flt.status,
        customer_id=optional_input_row_id(flt.customer_id, "Customer"),
        payment_id=optional_input_row_id(flt.payment_id, "Payment"),
        order_id=optional_input_row_id(flt.order_id, "Order"),
    )


def _refund(row: Refund | None) -> RefundType | None:
    return RefundType.of(row) if row is not None else None


@strawberry.type
class Query:
    @strawberry.field(
        description="Refunds of the payments you can see, newest first (refunds:read)."
    )
    async def refunds(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        filter: RefundFilter | None = None,
    ) -> Connection[RefundType]:
        actor = await context_of(info).reader()
        page = await refund_reading.list_refunds(actor, _refund_filter(filter), first, after)
        return to_connection(page, RefundType.of)

    @strawberry.field(
        description="The order's payments you can see, with what may still be "
        "refunded on each (refunds:request)."
    )
    async def refundable_payments(
        self, info: Info, order_id: strawberry.ID
    ) -> list[RefundablePaymentType]:
        actor = await context_of(info).reader()
        found = await refunds.refundable_payments(actor, input_row_id(order_id, "Order"))
        return [RefundablePaymentType.of(item) for item in found]

    @strawberry.field(description="The tenant's refund rules (refunds:read).")
    async def refund_settings(self, info: Info) -> RefundSettingsType:
        actor = await context_of(info).reader()
        return RefundSettingsType.of(await refunds_settings.read_rules(actor))


@strawberry.type
class Mutation:
    @strawberry.mutation(
        description="Ask to refund part or all of a payment "
        "(refunds:request); finance executes or rejects it."
    )
    async def request_refund(self, info: Info, input: RequestRefundInput) -> RequestRefundPayload:
        data = refunds.RefundRequest(
            payment_id=input_row_id(input.payment_id, "Payment"),
            order_id=optional_input_row_id(input.order_id, "Order"),
            amount=input.amount,
            reason=input.reason,
            note=input.note,
        )
        outcome = await run_mutation(info, lambda actor: refunds.request_refund(actor, data))
        return payload_of(RequestRefundPayload, outcome, RefundType.of)

    @strawberry.mutation(
        description="Pay a requested refund back (refunds:execute): through "
        "Stripe for a Stripe payment, recorded with its reference for a "
        "manual one. The books follow and a credit note is written."
    )
    async def execute_refund(self, info: Info, input: ExecuteRefundInput) -> ExecuteRefundPayload:
        data = refunds.RefundDecision(
            refund_id=input_row_id(input.refund_id, "Refund"),
            note=input.note,
            external_reference=input.external_reference,
        )
        prepared = await run_mutation(info, lambda actor: refunds.prepare_execution(actor, data))
        plan = prepared.value
        if not isinstance(plan, refunds.StripeRefundPlan):
            return ExecuteRefundPayload(refund=_refund(plan), user_errors=prepared.user_errors)
        # Outside any transaction: no connection is held while Stripe answers.
        answer = await refunds.call_stripe(context_of(info).services, plan)
        finished = await run_mutation(
            info, lambda actor: refunds.finish_stripe_refund(actor, plan, answer)
        )
        errors = finished.user_errors
        if answer.failure_message is not None and finished.value is not None:
            errors = [
                UserErrorType.of(
                    UserError(
                        RefundErrorCode.STRIPE_REFUND_FAILED, answer.failure_message, ("refundId",)
                    )
                )
            ]
        return ExecuteRefundPayload(refund=_refund(finished.value), user_errors=errors)

    @strawberry.mutation(description="Decline a requested refund, saying why (refunds:execute).")
    async def reject_refund(self, info: Info, input: RejectRefundInput) -> RejectRefundPayload:
        data = refunds.RefundDecision(
            refund_id=input_row_id(input.refund_id, "Refund"), note=input.note
        )
        outcome = await run_mutation(info, lambda actor: refunds.reject_refund(actor, data))
        return payload_of(RejectRefundPayload, outcome, RefundType.of)

    @strawberry.mutation(description="Turn four-eyes refunds on or off (settings:write); audited.")
    async def update_refund_settings(
        self, info: Info, input: UpdateRefundSettingsInput
    ) -> RefundSettingsPayload:
        outcome = await run_mutation(
            info, lambda actor: refunds_settings.update_rules(actor, input.four_eyes)
        )
        return payload_of(RefundSettingsPayload, outcome, RefundSettingsType.of)
