"""GraphQL pieces every payments schema module shares: the error types of each area, the
payment method, and the Receivable type. The schema modules import in one direction only:
schema_types <- invoices_schema <- refunds_schema <- receivables_schema."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import strawberry
from strawberry import relay
from strawberry.types import Info

from core.gql.money import MoneyType
from core.gql.types import from_row, id_of, resolve_by_ids, user_error_type
from payments import receivables
from payments.errors import InvoiceErrorCode, PaymentErrorCode, RefundErrorCode, StripeErrorCode
from payments.models import Receivable
from payments.receivables import ReceivableStatus
from payments.schedule import TermKind, term_of
from payments.services import Method

PaymentError = user_error_type(
    "PaymentError",
    PaymentErrorCode,
    description="Why a payment was not recorded or cannot be paid online.",
)
InvoiceError = user_error_type(
    "InvoiceError",
    InvoiceErrorCode,
    description="Why an invoice or credit note was not issued, voided or sent.",
)
RefundError = user_error_type(
    "RefundError",
    RefundErrorCode,
    description="Why a refund was not requested, executed or rejected.",
)
StripeSettingsError = user_error_type(
    "StripeSettingsError",
    StripeErrorCode,
    description="Why the Stripe connection was not changed or tested.",
)

# The services' enums are the GraphQL enums (same members and values).
strawberry.enum(Method, name="PaymentMethod", description="How a payment was made.")
strawberry.enum(ReceivableStatus, name="ReceivableStatus", description="Where a receivable is.")
strawberry.enum(TermKind, name="ReceivableTermKind", description="What a receivable is for.")


@strawberry.type(
    name="ReceivableTerm",
    description="What a receivable is, in parts clients word in the reader's language.",
)
class ReceivableTermType:
    kind: TermKind = strawberry.field(
        description="FULL (prepaid), NET (net days) or INSTALMENT (a part of a plan)."
    )
    percent: Decimal | None = strawberry.field(
        description="The part of the order's total (INSTALMENT only; null otherwise)."
    )
    trigger: str = strawberry.field(
        description="What starts its clock: confirmation, shipment or delivery."
    )
    days_after: int = strawberry.field(description="Days after the trigger it falls due.")

    @classmethod
    def of(cls, row: Receivable) -> ReceivableTermType:
        term = term_of(row.label)
        percent = term.percent
        return cls(
            kind=term.kind,
            percent=Decimal(f"{percent.normalize():f}") if percent is not None else None,
            trigger=row.trigger,
            days_after=row.days_after,
        )


@strawberry.type(
    name="Receivable",
    description="An amount a customer owes for an order by a "
    "due date: one per order on prepaid or net terms.",
)
class ReceivableType(relay.Node):
    id: relay.NodeID[str]
    order_id: strawberry.ID = strawberry.field(description="Global id of the order.")
    order_number: str = strawberry.field(description="The order's number.")
    customer_id: strawberry.ID = strawberry.field(description="Global id of the customer.")
    customer_name: str = strawberry.field(description="The customer's name.")
    sequence: int = strawberry.field(description="Its place in the order's schedule, from 1.")
    label: str = strawberry.field(
        description='What it is in English, e.g. "Net 30".',
        deprecation_reason="English only: word term.",
    )
    term: ReceivableTermType = strawberry.field(description="What it is, for clients to word.")
    amount: MoneyType = strawberry.field(description="What is owed in all.")
    amount_paid: MoneyType = strawberry.field(description="What payments settled so far.")
    amount_open: MoneyType = strawberry.field(description="What is still owed.")
    due_date: date | None = strawberry.field(
        description="When it is due; null until its clock starts (net terms count from shipping)."
    )
    days_overdue: int = strawberry.field(
        description="Days past the due date while open; 0 when not overdue."
    )
    status: ReceivableStatus = strawberry.field(
        description="Open, paid or void (the order was cancelled)."
    )
    created_at: datetime = strawberry.field(description="When it was scheduled.")

    @classmethod
    def of(cls, row: Receivable) -> ReceivableType:
        def money(amount: Decimal) -> MoneyType:
            return MoneyType.from_amount(amount, row.currency)

        today = datetime.now(UTC).date()
        overdue = (today - row.due_date).days if row.due_date and row.status == "open" else 0
        return from_row(
            cls,
            row,
            order_id=id_of("Order", row.order_id),
            customer_id=id_of("Customer", row.customer_id),
            amount=money(row.amount),
            amount_paid=money(row.amount_paid),
            amount_open=money(row.amount - row.amount_paid),
            days_overdue=max(overdue, 0),
            status=ReceivableStatus(row.status),
            term=ReceivableTermType.of(row),
        )

    @classmethod
    async def resolve_nodes(
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Any]:
        return await resolve_by_ids(info, node_ids, receivables.receivables_by_id, cls.of, required)
