"""Payments: recording a bank transfer, cash or cheque and allocating it to the customer's
open receivables (the orders and invoices it settles follow), writing a Stripe payment the
webhook confirmed, and reading payments and a customer's account. Recording needs
payments:record; reading payments:read within the data scope (through the customer), or a
portal contact's reach to their own customer's account."""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from enum import Enum
from typing import TYPE_CHECKING, Any

from sqlalchemy import select, text

import audit.services as audit
import customers.services as customers
import orders.services as orders
from core import access
from core.context import Actor
from core.errors import BusinessRuleError, CommonErrorCode, NotFound, UserError
from core.ids import new_id
from core.money import AMOUNT, check_decimal
from core.outbox import emit
from core.pagination import Page, keyset_page
from payments import invoice_documents
from payments.errors import PaymentErrorCode
from payments.events import PaymentRecorded
from payments.models import Payment, PaymentAllocation, Receivable
from payments.receivables import (
    ReceivableStatus,
    locked_receivables,
    open_receivables_of,
    tenant_currency,
)
from payments.receivables import overdue_by_customer as overdue_by_customer
from payments.stripe_cards import CardCharge as CardCharge
from payments.stripe_cards import CardSetup as CardSetup
from payments.stripe_cards import charge_order_off_session as charge_order_off_session
from payments.stripe_cards import saved_card as saved_card
from payments.stripe_cards import start_card_setup as start_card_setup

if TYPE_CHECKING:
    from customers.models import Customer

MAX_REFERENCE = 200
MAX_NOTE = 2000
# Payments are entered in cents, whatever the currency (as their receivables are).
PAYMENT_AMOUNT = AMOUNT.with_places(2)


class Method(str, Enum):
    BANK_TRANSFER = "bank_transfer"
    CASH = "cash"
    CHEQUE = "cheque"
    STRIPE = "stripe"


MANUAL_METHODS = (Method.BANK_TRANSFER, Method.CASH, Method.CHEQUE)


# --- recording a payment --------------------------------------------------------------------


@dataclass(frozen=True)
class AllocationInput:
    receivable_id: uuid.UUID
    amount: Decimal


@dataclass(frozen=True)
class NewPayment:
    customer_id: uuid.UUID
    method: Method
    amount: Decimal
    currency: str
    received_on: date
    reference: str | None = None
    note: str | None = None
    allocations: list[AllocationInput] = field(default_factory=list)


@dataclass
class RecordedPayment:
    payment: Payment
    allocations: list[PaymentAllocation]


def _check_number(amount: Decimal, path: tuple[str, ...]) -> list[UserError]:
    """An amount the books can hold, in cents (AMOUNT_TOO_PRECISE beyond them)."""
    return check_decimal(
        amount, path, PAYMENT_AMOUNT, decimals_code=PaymentErrorCode.AMOUNT_TOO_PRECISE
    )


def _check_header(data: NewPayment, today: date) -> list[UserError]:
    errors = []
    if data.method not in MANUAL_METHODS:
        errors.append(
            UserError(
                PaymentErrorCode.METHOD_NOT_MANUAL,
                "Stripe payments are recorded by Stripe "
                "itself; record bank transfers, cash or cheques here.",
                ("method",),
            )
        )
    if amount_errors := _check_number(data.amount, ("amount",)):
        errors.extend(amount_errors)
    elif data.amount <= 0:
        errors.append(
            UserError(
                PaymentErrorCode.AMOUNT_NOT_POSITIVE, "The amount must be above zero.", ("amount",)
            )
        )
    # Allocations are compared and added up only once every one is a number.
    errors.extend(
        error
        for index, allocation in enumerate(data.allocations)
        for error in _check_number(allocation.amount, ("allocations", str(index), "amount"))
    )
    if data.received_on > today:
        errors.append(
            UserError(
                PaymentErrorCode.RECEIVED_IN_FUTURE,
                "A payment cannot be received in the future.",
                ("receivedOn",),
            )
        )
    if data.reference and len(data.reference) > MAX_REFERENCE:
        errors.append(
            UserError(
                PaymentErrorCode.REFERENCE_TOO_LONG,
                f"At most {MAX_REFERENCE} characters.",
                ("reference",),
            )
        )
    if data.note and len(data.note) > MAX_NOTE:
        errors.append(
            UserError(PaymentErrorCode.NOTE_TOO_LONG, f"At most {MAX_NOTE} characters.", ("note",))
        )
    if not data.allocations:
        errors.append(
            UserError(
                PaymentErrorCode.ALLOCATION_REQUIRED,
                "Allocate the payment to at least one open receivable of the customer.",
                ("allocations",),
            )
        )
    return errors


def _check_allocations(
    data: NewPayment, customer: Customer, receivables: dict[uuid.UUID, Receivable]
) -> list[UserError]:
    errors: list[UserError] = []
    seen: set[uuid.UUID] = set()
    for index, allocation in enumerate(data.allocations):
        where = ("allocations", str(index))
        receivable = receivables.get(allocation.receivable_id)
        if receivable is None or receivable.status == ReceivableStatus.VOID.value:
            errors.append(
                UserError(
                    PaymentErrorCode.RECEIVABLE_NOT_FOUND,
                    "No such open receivable.",
                    (*where, "receivableId"),
                )
            )
            continue
        if receivable.customer_id != customer.id:
            errors.append(
                UserError(
                    PaymentErrorCode.RECEIVABLE_OF_ANOTHER_CUSTOMER,
                    "The receivable belongs to another customer.",
                    (*where, "receivableId"),
                )
            )
        if allocation.receivable_id in seen:
            errors.append(
                UserError(
                    PaymentErrorCode.DUPLICATE_ALLOCATION,
                    "Allocate to each receivable once.",
                    (*where, "receivableId"),
                )
            )
        seen.add(allocation.receivable_id)
        if receivable.currency != data.currency:
            errors.append(
                UserError(
                    PaymentErrorCode.CURRENCY_MISMATCH,
                    f"The receivable is in {receivable.currency}.",
                    ("currency",),
                )
            )
        open_amount = receivable.amount - receivable.amount_paid
        if allocation.amount <= 0:
            errors.append(
                UserError(
                    PaymentErrorCode.AMOUNT_NOT_POSITIVE,
                    "Allocate more than zero.",
                    (*where, "amount"),
                )
            )
        elif allocation.amount > open_amount:
            errors.append(
                UserError(
                    PaymentErrorCode.OVER_ALLOCATED,
                    f"Only {open_amount:.2f} "
                    f"{receivable.currency} of {receivable.order_number} is "
                    "open.",
                    (*where, "amount"),
                )
            )
    if not errors and sum((a.amount for a in data.allocations), Decimal(0)) != data.amount:
        errors.append(
            UserError(
                PaymentErrorCode.ALLOCATION_MISMATCH,
                "The allocations must add up to the payment's amount.",
                ("allocations",),
            )
        )
    return list({(e.code, e.field): e for e in errors}.values())


async def _customer(actor: Actor, customer_id: uuid.UUID) -> Customer:
    try:
        return await customers.get_customer(actor, customer_id)
    except NotFound:
        raise BusinessRuleError.single(
            PaymentErrorCode.CUSTOMER_NOT_FOUND, "No such customer.", "customerId"
        ) from None


_NEXT_NUMBER = text("""
    INSERT INTO payment_counters (tenant_id, last_value) VALUES (:tenant_id, 1)
    ON CONFLICT (tenant_id) DO UPDATE SET last_value = payment_counters.last_value + 1
    RETURNING last_value""")


async def _next_number(actor: Actor) -> str:
    value = await actor.session.scalar(_NEXT_NUMBER, {"tenant_id": actor.tenant_id})
    return f"PAY-{int(value or 0):06d}"


async def record_payment(actor: Actor, data: NewPayment) -> RecordedPayment:
    """Record a bank transfer, cash or cheque and allocate it to the customer's open
    receivables; the orders' paid amounts follow and a prepaid order paid in full moves to
    Paid. Any problem is a user error and nothing is written."""
    await actor.require("payments", "record")
    errors = _check_header(data, datetime.now(UTC).date())
    customer = await _customer(actor, data.customer_id)
    if errors:
        raise BusinessRuleError(*errors)
    receivables = await locked_receivables(
        actor, sorted({a.receivable_id for a in data.allocations})
    )
    errors = _check_allocations(data, customer, receivables)
    if errors:
        raise BusinessRuleError(*errors)
    return await write_payment(actor, data, customer, receivables, amount_allocated=data.amount)


async def write_payment(
    actor: Actor,
    data: NewPayment,
    customer: Customer,
    receivables: dict[uuid.UUID, Receivable],
    amount_allocated: Decimal,
    stripe_payment_intent_id: str | None = None,
) -> RecordedPayment:
    """Write a checked payment: its number, its allocations to the locked receivables, the
    orders it settles, audit and event. Callers have checked permissions and amounts."""
    payment = Payment(
        tenant_id=actor.tenant_id,
        id=new_id(),
        number=await _next_number(actor),
        customer_id=customer.id,
        customer_name=customer.name,
        method=data.method.value,
        currency=data.currency,
        amount=data.amount,
        amount_allocated=amount_allocated,
        received_on=data.received_on,
        reference=(data.reference or "").strip() or None,
        note=(data.note or "").strip() or None,
        recorded_by_id=actor.principal.subject_id if actor.principal else None,
        recorded_by_label=actor.actor_label,
        stripe_payment_intent_id=stripe_payment_intent_id,
    )
    actor.session.add(payment)
    allocations = _allocate(actor, payment, data.allocations, receivables)
    await _settle_orders(actor, payment, allocations)
    for order_id in sorted({a.order_id for a in allocations}):
        await invoice_documents.refresh_order_invoices(actor, order_id)
    await actor.session.flush()
    await audit.record(
        actor, "payments.record", "payment", payment.id, after=_summary(payment, allocations)
    )
    await emit(
        actor,
        PaymentRecorded(
            payment_id=payment.id,
            number=payment.number,
            customer_id=customer.id,
            amount=payment.amount,
            currency=payment.currency,
            method=payment.method,
        ),
    )
    return RecordedPayment(payment, allocations)


def _allocate(
    actor: Actor,
    payment: Payment,
    wanted: list[AllocationInput],
    receivables: dict[uuid.UUID, Receivable],
) -> list[PaymentAllocation]:
    allocations = []
    for allocation in wanted:
        receivable = receivables[allocation.receivable_id]
        receivable.amount_paid += allocation.amount
        if receivable.amount_paid >= receivable.amount:
            receivable.status = ReceivableStatus.PAID.value
        allocations.append(
            PaymentAllocation(
                tenant_id=actor.tenant_id,
                id=new_id(),
                payment_id=payment.id,
                receivable_id=receivable.id,
                order_id=receivable.order_id,
                order_number=receivable.order_number,
                amount=allocation.amount,
            )
        )
    actor.session.add_all(allocations)
    return allocations


async def _settle_orders(
    actor: Actor, payment: Payment, allocations: list[PaymentAllocation]
) -> None:
    per_order: dict[uuid.UUID, Decimal] = defaultdict(Decimal)
    for allocation in allocations:
        per_order[allocation.order_id] += allocation.amount
    locked = await orders.lock_orders_for_payment(actor, sorted(per_order))
    for order_id, amount in sorted(per_order.items()):
        await orders.apply_payment(actor, locked[order_id], amount, payment.number)


def _summary(payment: Payment, allocations: list[PaymentAllocation]) -> dict[str, Any]:
    return {
        "number": payment.number,
        "method": payment.method,
        "amount": str(payment.amount),
        "currency": payment.currency,
        "receivedOn": payment.received_on.isoformat(),
        "reference": payment.reference,
        "allocations": [{"order": a.order_number, "amount": str(a.amount)} for a in allocations],
    }


# --- reading ---------------------------------------------------------------------------------


async def list_payments(
    actor: Actor, customer_id: uuid.UUID | None, first: int | None, after: str | None
) -> Page[Payment]:
    statement = await access.restrict(actor, Payment)
    if customer_id is not None:
        statement = statement.where(Payment.customer_id == customer_id)
    return await keyset_page(
        actor.session, statement, [Payment.created_at, Payment.id], first=first, after=after
    )


async def payments_by_id(actor: Actor, ids: list[uuid.UUID]) -> list[Payment | None]:
    return await access.rows_by_id(actor, Payment, ids)


async def payment_by_number(actor: Actor, number: str) -> Payment | None:
    """The payment with this number when the caller may read it, as `payments_by_id`
    decides; None when it is missing, another tenant's or out of reach."""
    statement = (await access.restrict(actor, Payment)).where(Payment.number == number.strip())
    return await actor.session.scalar(statement)


async def allocations_of_payments(
    actor: Actor, payment_ids: list[uuid.UUID]
) -> list[list[PaymentAllocation]]:
    rows = (
        await actor.session.scalars(
            select(PaymentAllocation)
            .where(
                PaymentAllocation.tenant_id == actor.tenant_id,
                PaymentAllocation.payment_id.in_(payment_ids),
            )
            .order_by(PaymentAllocation.order_number)
        )
    ).all()
    grouped: dict[uuid.UUID, list[PaymentAllocation]] = defaultdict(list)
    for row in rows:
        grouped[row.payment_id].append(row)
    return [grouped[i] for i in payment_ids]


async def open_balance(actor: Actor, customer_id: uuid.UUID) -> Decimal | None:
    """What the customer owes (payments:read); None without that permission."""
    if not await actor.can("payments", "read"):
        return None
    return await orders.open_receivables(actor, customer_id)


# --- a customer's account --------------------------------------------------------------------


@dataclass
class CustomerAccount:
    open_balance: Decimal
    currency: str
    receivables: list[Receivable]
    payments: list[Payment]


ACCOUNT_PAYMENTS_SHOWN = 50


async def customer_account(
    actor: Actor, customer_id: uuid.UUID, action: str = "read"
) -> CustomerAccount:
    """What a customer owes and has paid, as far as the actor reaches its rows with
    `action`: its open receivables (oldest first) and its latest payments."""
    # Payments first: each statement sees what had committed when it started, so a payment
    # shown here is never shown beside the receivable it already settled.
    paid = await actor.session.scalars(
        (await access.restrict(actor, Payment, action))
        .where(Payment.customer_id == customer_id)
        .order_by(Payment.created_at.desc(), Payment.id.desc())
        .limit(ACCOUNT_PAYMENTS_SHOWN)
    )
    payments = list(paid.all())
    open_ones = await open_receivables_of(actor, action, customer_id)
    balance = await orders.open_receivables(actor, customer_id)
    currency = await tenant_currency(actor)
    return CustomerAccount(balance, currency, open_ones, payments)


async def own_account(actor: Actor) -> CustomerAccount:
    """The signed-in portal contact's customer's account (portal only)."""
    principal = actor.require_portal()
    assert principal.customer_id is not None
    return await customer_account(actor, principal.customer_id, access.PORTAL)


# --- refunds other domains grant ------------------------------------------------------------


@dataclass(frozen=True)
class GrantedRefund:
    refund_id: uuid.UUID
    number: str
    amount: Decimal
    currency: str


async def request_order_refund(
    actor: Actor, order_id: uuid.UUID, amount: Decimal, note: str
) -> GrantedRefund:
    """Ask to give back `amount` of what the customer paid for the order (refunds:request),
    reason RETURN, on the order's payment with the most left to refund: a refund request
    like any other, executed (Stripe or manual, with its credit note) by someone holding
    refunds:execute under the four-eyes rules. NOT_FOUND when no payment of the order can be
    refunded; the refunds flow's own codes (ABOVE_REFUNDABLE, ...) otherwise."""
    # refunds builds on this module (Method), so it is imported where it is used.
    from payments import refunds

    options = await refunds.refundable_payments(actor, order_id)
    if not options:
        raise BusinessRuleError.single(
            CommonErrorCode.NOT_FOUND, "No payment of this order can be refunded.", "orderId"
        )
    best = max(options, key=lambda option: option.amount_refundable)
    refund = await refunds.request_refund(
        actor,
        refunds.RefundRequest(
            payment_id=best.payment.id,
            order_id=order_id,
            amount=amount,
            reason=refunds.RefundReason.RETURN,
            note=note,
        ),
    )
    return GrantedRefund(refund.id, refund.number, refund.amount, refund.currency)
