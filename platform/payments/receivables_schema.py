"""GraphQL for receivables, manual payments and the aging report."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import strawberry
from strawberry import relay
from strawberry.types import Info

import payments.services as payment_services
from core.gql.context import context_of
from core.gql.money import MoneyType
from core.gql.pagination import Connection, to_connection
from core.gql.types import (
    UserErrorType,
    error_list_field,
    from_row,
    id_of,
    input_row_id,
    optional_input_row_id,
    payload_of,
    resolve_by_ids,
    run_mutation,
)
from payments import receivables, reconciliation
from payments.models import Payment, PaymentAllocation, ReconciliationRun
from payments.receivables import ReceivableStatus
from payments.refunds_schema import RefundType, refunds_of_payment
from payments.schema_types import PaymentError, ReceivableType
from payments.services import Method


@strawberry.type(
    name="PaymentAllocation", description="The part of a payment that settled one receivable."
)
class PaymentAllocationType:
    receivable_id: strawberry.ID = strawberry.field(description="Global id of the receivable.")
    order_id: strawberry.ID = strawberry.field(description="Global id of its order.")
    order_number: str = strawberry.field(description="Its order's number.")
    amount: MoneyType = strawberry.field(description="The amount allocated.")

    @classmethod
    def of(cls, row: PaymentAllocation, currency: str) -> PaymentAllocationType:
        return cls(
            receivable_id=id_of("Receivable", row.receivable_id),
            order_id=id_of("Order", row.order_id),
            order_number=row.order_number,
            amount=MoneyType.from_amount(row.amount, currency),
        )


async def _load_allocations(actor: Any, ids: list[uuid.UUID]) -> list[list[PaymentAllocation]]:
    return await payment_services.allocations_of_payments(actor, ids)


@strawberry.type(
    name="Payment", description="Money received from a customer and allocated to its receivables."
)
class PaymentType(relay.Node):
    id: relay.NodeID[str]
    number: str = strawberry.field(description="Per-tenant number, e.g. PAY-000042.")
    customer_id: strawberry.ID = strawberry.field(description="Global id of the customer.")
    customer_name: str = strawberry.field(description="The customer's name.")
    method: Method = strawberry.field(description="How it was paid.")
    amount: MoneyType = strawberry.field(description="The amount received.")
    amount_allocated: MoneyType = strawberry.field(
        description="How much of it settles receivables."
    )
    received_on: date = strawberry.field(description="When the money arrived.")
    reference: str | None = strawberry.field(description="Bank reference, cheque number, ...")
    note: str | None = strawberry.field(description="Internal note.")
    recorded_by_label: str | None = strawberry.field(description="Who recorded it.")
    created_at: datetime = strawberry.field(description="When it was recorded.")
    row: strawberry.Private[Payment]

    amount_refunded: MoneyType = strawberry.field(
        description="How much of it was paid back by succeeded refunds."
    )

    @strawberry.field(description="Its refunds, newest first (empty without refunds:read).")
    async def refunds(self, info: Info) -> list[RefundType]:
        return await refunds_of_payment(info, self.row.id)

    @strawberry.field(description="The receivables it settled.")
    async def allocations(self, info: Info) -> list[PaymentAllocationType]:
        rows = await context_of(info).loader(_load_allocations).load(self.row.id)
        return [PaymentAllocationType.of(r, self.row.currency) for r in rows]

    @classmethod
    def of(cls, row: Payment) -> PaymentType:
        return from_row(
            cls,
            row,
            customer_id=id_of("Customer", row.customer_id),
            method=Method(row.method),
            amount=MoneyType.from_amount(row.amount, row.currency),
            amount_allocated=MoneyType.from_amount(row.amount_allocated, row.currency),
            amount_refunded=MoneyType.from_amount(row.amount_refunded, row.currency),
            row=row,
        )

    @classmethod
    async def resolve_nodes(
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Any]:
        return await resolve_by_ids(
            info, node_ids, payment_services.payments_by_id, cls.of, required
        )


@strawberry.type(name="AgingBuckets", description="Open amounts by days overdue.")
class AgingBucketsType:
    current: Decimal = strawberry.field(description="Not yet due (or no due date yet).")
    days_1_to_30: Decimal = strawberry.field(name="days1To30", description="1 to 30 days overdue.")
    days_31_to_60: Decimal = strawberry.field(
        name="days31To60", description="31 to 60 days overdue."
    )
    days_61_to_90: Decimal = strawberry.field(
        name="days61To90", description="61 to 90 days overdue."
    )
    over_90: Decimal = strawberry.field(name="over90", description="More than 90 days overdue.")
    total: Decimal = strawberry.field(description="All open amounts.")

    @classmethod
    def of(cls, buckets: dict[str, Decimal]) -> AgingBucketsType:
        cents = {k: v.quantize(Decimal("0.01")) for k, v in buckets.items()}
        return cls(**cents, total=sum(cents.values(), Decimal("0.00")))


@strawberry.type(name="CustomerAging", description="One customer's open amounts by age.")
class CustomerAgingType:
    customer_id: strawberry.ID = strawberry.field(description="Global id of the customer.")
    customer_name: str = strawberry.field(description="The customer's name.")
    buckets: AgingBucketsType = strawberry.field(description="Its open amounts by age.")


@strawberry.type(
    name="AgingReport",
    description="Receivables aging: open amounts by how "
    "long they are overdue, per customer and in total.",
)
class AgingReportType:
    as_of: date = strawberry.field(description="The day the ages are counted to.")
    currency: str = strawberry.field(description="The currency of every amount.")
    total: AgingBucketsType = strawberry.field(description="Every customer together.")
    customers: list[CustomerAgingType] = strawberry.field(
        description="Customers owing something, largest total first."
    )


@strawberry.input(description="Which receivables to list.")
class ReceivableFilter:
    customer_id: strawberry.ID | None = strawberry.field(
        default=None, description="One customer's."
    )
    status: ReceivableStatus | None = strawberry.field(
        default=None, description="Only this status."
    )
    overdue_only: bool = strawberry.field(
        default=False, description="Only open ones past their due date."
    )


@strawberry.input(description="Which payments to list.")
class PaymentFilter:
    customer_id: strawberry.ID | None = strawberry.field(
        default=None, description="One customer's."
    )


@strawberry.input(description="The part of a payment for one receivable.")
class PaymentAllocationInput:
    receivable_id: strawberry.ID = strawberry.field(
        description="Global id of an open receivable of the customer."
    )
    amount: Decimal = strawberry.field(description="Above zero, at most its open amount.")


@strawberry.input(description="A bank transfer, cash or cheque received from a customer.")
class RecordPaymentInput:
    customer_id: strawberry.ID = strawberry.field(description="Global id of the customer.")
    method: Method = strawberry.field(description="BANK_TRANSFER, CASH or CHEQUE.")
    amount: Decimal = strawberry.field(description="Above zero, two decimals at most.")
    currency: str = strawberry.field(description="Must be the receivables' currency.")
    received_on: date = strawberry.field(description="Today or earlier.")
    reference: str | None = strawberry.field(
        default=None, description="Bank reference, cheque number, ..."
    )
    note: str | None = strawberry.field(default=None, description="Internal note.")
    allocations: list[PaymentAllocationInput] = strawberry.field(
        description="Where it goes; the amounts add up to the payment's amount."
    )


@strawberry.type(description="Result of recordPayment.")
class RecordPaymentPayload:
    payment: PaymentType | None = strawberry.field(description="The payment recorded.")
    user_errors: list[UserErrorType] = error_list_field(PaymentError, "Why nothing was recorded.")


def _new_payment(data: RecordPaymentInput) -> payment_services.NewPayment:
    return payment_services.NewPayment(
        customer_id=input_row_id(data.customer_id, "Customer"),
        method=data.method,
        amount=data.amount,
        currency=data.currency.strip().upper(),
        received_on=data.received_on,
        reference=data.reference,
        note=data.note,
        allocations=[
            payment_services.AllocationInput(input_row_id(a.receivable_id, "Receivable"), a.amount)
            for a in data.allocations
        ],
    )


def _filter_customer(value: strawberry.ID | None) -> uuid.UUID | None:
    return optional_input_row_id(value, "Customer")


@strawberry.type
class Query:
    @strawberry.field(
        description="Receivables of the customers in your data scope, oldest first (payments:read)."
    )
    async def receivables(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        filter: ReceivableFilter | None = None,
    ) -> Connection[ReceivableType]:
        flt = filter or ReceivableFilter()
        actor = await context_of(info).reader()
        page = await receivables.list_receivables(
            actor,
            receivables.ReceivableFilter(
                customer_id=_filter_customer(flt.customer_id),
                status=flt.status,
                overdue_only=flt.overdue_only,
            ),
            first,
            after,
        )
        return to_connection(page, ReceivableType.of)

    @strawberry.field(
        description="Payments of the customers in your data scope, newest first (payments:read)."
    )
    async def payments(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        filter: PaymentFilter | None = None,
    ) -> Connection[PaymentType]:
        actor = await context_of(info).reader()
        customer = _filter_customer(filter.customer_id) if filter else None
        page = await payment_services.list_payments(actor, customer, first, after)
        return to_connection(page, PaymentType.of)

    @strawberry.field(
        description="The payment with this number, as node(id:) would return it: null when "
        "none of your tenant and data scope has it (payments:read)."
    )
    async def payment_by_number(self, info: Info, number: str) -> PaymentType | None:
        actor = await context_of(info).reader()
        payment = await payment_services.payment_by_number(actor, number)
        return PaymentType.of(payment) if payment is not None else None

    @strawberry.field(
        description="Open receivables by age, per customer and in total (payments:read)."
    )
    async def aging_report(
        self, info: Info, customer_id: strawberry.ID | None = None
    ) -> AgingReportType:
        actor = await context_of(info).reader()
        report = await receivables.aging_report(actor, _filter_customer(customer_id))
        return AgingReportType(
            as_of=report.as_of,
            currency=report.currency,
            total=AgingBucketsType.of(report.total),
            customers=[
                CustomerAgingType(
                    customer_id=id_of("Customer", c.customer_id),
                    customer_name=c.customer_name,
                    buckets=AgingBucketsType.of(c.buckets),
                )
                for c in report.customers
            ],
        )


@strawberry.type
class Mutation:
    @strawberry.mutation(
        description="Record a bank transfer, cash or cheque and allocate it "
        "to the customer's open receivables (payments:record). A prepaid order "
        "paid in full moves to Paid."
    )
    async def record_payment(self, info: Info, input: RecordPaymentInput) -> RecordPaymentPayload:
        data = _new_payment(input)
        outcome = await run_mutation(
            info, lambda actor: payment_services.record_payment(actor, data)
        )
        return payload_of(
            RecordPaymentPayload, outcome, lambda result: PaymentType.of(result.payment)
        )


@strawberry.type(name="ReconciliationMismatch", description="One place where the books disagree.")
class ReconciliationMismatchType:
    code: str = strawberry.field(
        description="What disagrees, e.g. "
        "RECEIVABLE_PAID_MISMATCH, ORDER_INVOICE_MISMATCH or "
        "REFUND_WITHOUT_CREDIT_NOTE (docs/payments.md lists them)."
    )
    subject: str = strawberry.field(
        description="What disagrees: an order or payment number, a receivable, a PaymentIntent id."
    )
    expected: Decimal = strawberry.field(description="What the other records add up to.")
    actual: Decimal = strawberry.field(description="What the record says.")


@strawberry.type(
    name="ReconciliationRun",
    description="One check that payments, "
    "allocations, receivables, orders, invoices and refunds agree.",
)
class ReconciliationRunType:
    id: strawberry.ID = strawberry.field(description="The run's id.")
    ran_at: datetime = strawberry.field(description="When it ran.")
    trigger: str = strawberry.field(description="nightly or manual.")
    balanced: bool = strawberry.field(description="Everything agreed.")
    mismatches: list[ReconciliationMismatchType] = strawberry.field(
        description="What did not (at most 200)."
    )

    @classmethod
    def of(cls, run: ReconciliationRun) -> ReconciliationRunType:
        return cls(
            id=strawberry.ID(str(run.id)),
            ran_at=run.created_at,
            trigger=run.trigger,
            balanced=run.balanced,
            mismatches=[
                ReconciliationMismatchType(
                    code=m["code"],
                    subject=m["subject"],
                    expected=Decimal(m["expected"]),
                    actual=Decimal(m["actual"]),
                )
                for m in run.mismatches
            ],
        )


@strawberry.type(description="Result of runReconciliation.")
class RunReconciliationPayload:
    run: ReconciliationRunType | None = strawberry.field(description="The run.")
    user_errors: list[UserErrorType] = error_list_field(PaymentError, "Why it did not run.")


@strawberry.type
class ReconciliationQuery:
    @strawberry.field(description="The latest reconciliation runs, newest first (payments:read).")
    async def reconciliation_runs(self, info: Info, first: int = 10) -> list[ReconciliationRunType]:
        actor = await context_of(info).reader()
        return [ReconciliationRunType.of(r) for r in await reconciliation.recent_runs(actor, first)]


@strawberry.type
class ReconciliationMutation:
    @strawberry.mutation(
        description="Reconcile the books now (payments:record); the worker "
        "does it every night. Mismatches alert the staff who read payments."
    )
    async def run_reconciliation(self, info: Info) -> RunReconciliationPayload:
        outcome = await run_mutation(info, reconciliation.run_for_tenant)
        return payload_of(RunReconciliationPayload, outcome, ReconciliationRunType.of)
