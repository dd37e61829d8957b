"""Receivables and manual payments: the schedule an order's terms give it, recording a
payment and allocating it to receivables, the lists finance works from and the aging report.
Reading needs payments:read, recording payments:record."""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from sqlalchemy import Select, select, text
from sqlalchemy.dialects.postgresql import insert

import audit.services as audit
import orders.services as orders
from core.context import Actor
from core.errors import BusinessRuleError, UserError
from core.gql.pagination import Page, keyset_page
from core.ids import new_id
from core.money import AMOUNT, check_decimal
from core.outbox import emit
from customers.access import visible_customers
from customers.models import Customer
from customers.rules import PaymentTerms
from customers.services import payment_terms_of as customer_terms
from orders.models import Order
from payments import invoices, reminders, schedule
from payments.models import Payment, PaymentAllocation, Receivable
from tenants.models import Tenant

PAYMENT_RECORDED = "payment.recorded"
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


class ReceivableStatus(str, Enum):
    OPEN = "open"
    PAID = "paid"
    VOID = "void"


# --- the schedule (run by the worker as an order moves) -------------------------------------


async def schedule_order(actor: Actor, order_id: uuid.UUID) -> list[Receivable]:
    """Create a confirmed order's receivables from its payment terms, once: the worker and a
    customer paying at once may both ask, and the unique (order, sequence) settles it."""
    order = (await orders.lock_orders_for_payment(actor, [order_id])).get(order_id)
    if order is not None and order.total > 0:
        plan = schedule.plan_for(await _terms_of(actor, order))
        today = datetime.now(UTC).date()
        await actor.session.execute(
            insert(Receivable)
            .values(
                [
                    {
                        "tenant_id": actor.tenant_id,
                        "id": new_id(),
                        "order_id": order.id,
                        "order_number": order.number,
                        "customer_id": order.customer_id,
                        "customer_name": order.customer_name,
                        "sequence": part.sequence,
                        "label": part.instalment.label,
                        "trigger": part.instalment.trigger.value,
                        "days_after": part.instalment.days_after,
                        "currency": order.currency,
                        "amount": part.amount,
                        "amount_paid": Decimal(0),
                        "status": ReceivableStatus.OPEN.value,
                        "due_date": schedule.due_date(today, part.instalment.days_after)
                        if part.instalment.trigger is schedule.Trigger.CONFIRMATION
                        else None,
                    }
                    for part in schedule.split(order.total, plan)
                ]
            )
            .on_conflict_do_nothing(index_elements=["tenant_id", "order_id", "sequence"])
        )
    rows = list(
        (
            await actor.session.scalars(
                select(Receivable)
                .where(Receivable.tenant_id == actor.tenant_id, Receivable.order_id == order_id)
                .order_by(Receivable.sequence)
            )
        ).all()
    )
    for row in rows:
        if row.due_date is not None and row.status == ReceivableStatus.OPEN.value:
            await reminders.watch(actor, row.id, row.due_date)
    return rows


async def _terms_of(actor: Actor, order: Order) -> PaymentTerms:
    """The terms the order was sold on. Orders from before they kept their own take the
    customer's details for their kind."""
    kind = order.payment_terms_kind.lower()
    if order.payment_net_days is not None or order.payment_plan or kind == "prepaid":
        return orders.payment_terms_of(order)
    customer = await actor.session.get(Customer, (actor.tenant_id, order.customer_id))
    terms = customer_terms(customer) if customer else PaymentTerms()
    return terms if terms.kind == kind else PaymentTerms(kind=kind)


async def start_clocks(actor: Actor, order_id: uuid.UUID, trigger: schedule.Trigger) -> None:
    """The order reached the status that starts `trigger`: its receivables waiting for it
    get their due dates (counted from today)."""
    await orders.lock_status(actor, order_id)
    today = datetime.now(UTC).date()
    waiting = (
        await actor.session.scalars(
            select(Receivable)
            .where(
                Receivable.tenant_id == actor.tenant_id,
                Receivable.order_id == order_id,
                Receivable.trigger == trigger.value,
                Receivable.due_date.is_(None),
            )
            .with_for_update()
        )
    ).all()
    for receivable in waiting:
        receivable.due_date = schedule.due_date(today, receivable.days_after)
        await reminders.watch(actor, receivable.id, receivable.due_date)


async def void_unpaid(actor: Actor, order_id: uuid.UUID) -> None:
    """A cancelled order owes nothing more: its open receivables are voided (what was
    already paid stays recorded against them)."""
    await orders.lock_status(actor, order_id)
    open_ones = (
        await actor.session.scalars(
            select(Receivable)
            .where(
                Receivable.tenant_id == actor.tenant_id,
                Receivable.order_id == order_id,
                Receivable.status == ReceivableStatus.OPEN.value,
            )
            .with_for_update()
        )
    ).all()
    for receivable in open_ones:
        receivable.status = ReceivableStatus.VOID.value


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
    return check_decimal(amount, path, PAYMENT_AMOUNT, decimals_code="AMOUNT_TOO_PRECISE")


def _check_header(data: NewPayment, today: date) -> list[UserError]:
    errors = []
    if data.method not in MANUAL_METHODS:
        errors.append(
            UserError(
                "METHOD_NOT_MANUAL",
                "Stripe payments are recorded by Stripe "
                "itself; record bank transfers, cash or cheques here.",
                ("method",),
            )
        )
    if amount_errors := _check_number(data.amount, ("amount",)):
        errors.extend(amount_errors)
    elif data.amount <= 0:
        errors.append(
            UserError("AMOUNT_NOT_POSITIVE", "The amount must be above zero.", ("amount",))
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
                "RECEIVED_IN_FUTURE", "A payment cannot be received in the future.", ("receivedOn",)
            )
        )
    if data.reference and len(data.reference) > MAX_REFERENCE:
        errors.append(
            UserError("REFERENCE_TOO_LONG", f"At most {MAX_REFERENCE} characters.", ("reference",))
        )
    if data.note and len(data.note) > MAX_NOTE:
        errors.append(UserError("NOTE_TOO_LONG", f"At most {MAX_NOTE} characters.", ("note",)))
    if not data.allocations:
        errors.append(
            UserError(
                "ALLOCATION_REQUIRED",
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
                    "RECEIVABLE_NOT_FOUND", "No such open receivable.", (*where, "receivableId")
                )
            )
            continue
        if receivable.customer_id != customer.id:
            errors.append(
                UserError(
                    "RECEIVABLE_OF_ANOTHER_CUSTOMER",
                    "The receivable belongs to another customer.",
                    (*where, "receivableId"),
                )
            )
        if allocation.receivable_id in seen:
            errors.append(
                UserError(
                    "DUPLICATE_ALLOCATION",
                    "Allocate to each receivable once.",
                    (*where, "receivableId"),
                )
            )
        seen.add(allocation.receivable_id)
        if receivable.currency != data.currency:
            errors.append(
                UserError(
                    "CURRENCY_MISMATCH",
                    f"The receivable is in {receivable.currency}.",
                    ("currency",),
                )
            )
        open_amount = receivable.amount - receivable.amount_paid
        if allocation.amount <= 0:
            errors.append(
                UserError("AMOUNT_NOT_POSITIVE", "Allocate more than zero.", (*where, "amount"))
            )
        elif allocation.amount > open_amount:
            errors.append(
                UserError(
                    "OVER_ALLOCATED",
                    f"Only {open_amount:.2f} "
                    f"{receivable.currency} of {receivable.order_number} is "
                    "open.",
                    (*where, "amount"),
                )
            )
    if not errors and sum((a.amount for a in data.allocations), Decimal(0)) != data.amount:
        errors.append(
            UserError(
                "ALLOCATION_MISMATCH",
                "The allocations must add up to the payment's amount.",
                ("allocations",),
            )
        )
    return list({(e.code, e.field): e for e in errors}.values())


async def _customer(actor: Actor, customer_id: uuid.UUID) -> Customer:
    customer = await actor.session.scalar(
        (await visible_customers(actor)).where(Customer.id == customer_id)
    )
    if customer is None:
        raise BusinessRuleError.single("CUSTOMER_NOT_FOUND", "No such customer.", "customerId")
    return customer


async def locked_receivables(actor: Actor, ids: list[uuid.UUID]) -> dict[uuid.UUID, Receivable]:
    """The allocated receivables, locked after their orders (the lock order: orders by id,
    then receivables by id), so concurrent payments never over-allocate or deadlock."""
    found = (
        await actor.session.execute(
            select(Receivable.id, Receivable.order_id).where(
                Receivable.tenant_id == actor.tenant_id, Receivable.id.in_(ids)
            )
        )
    ).all()
    await orders.lock_orders_for_payment(actor, sorted({order_id for _, order_id in found}))
    rows = (
        await actor.session.scalars(
            select(Receivable)
            .where(Receivable.tenant_id == actor.tenant_id, Receivable.id.in_(ids))
            .order_by(Receivable.id)
            .with_for_update()
            .execution_options(populate_existing=True)
        )
    ).all()
    return {row.id: row for row in rows}


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
        await invoices.refresh_order_invoices(actor, order_id)
    await actor.session.flush()
    await audit.record(
        actor, "payments.record", "payment", payment.id, after=_summary(payment, allocations)
    )
    await emit(
        actor,
        PAYMENT_RECORDED,
        {
            "paymentId": str(payment.id),
            "number": payment.number,
            "customerId": str(customer.id),
            "amount": str(payment.amount),
            "currency": payment.currency,
            "method": payment.method,
        },
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


@dataclass(frozen=True)
class ReceivableFilter:
    customer_id: uuid.UUID | None = None
    status: ReceivableStatus | None = None
    overdue_only: bool = False


async def _visible_receivables(actor: Actor) -> Select[Receivable]:
    await actor.require("payments", "read")
    customers = (await visible_customers(actor)).with_only_columns(Customer.id)
    return select(Receivable).where(
        Receivable.tenant_id == actor.tenant_id,
        Receivable.customer_id.in_(customers.scalar_subquery()),
    )


async def list_receivables(
    actor: Actor, flt: ReceivableFilter, first: int | None, after: str | None
) -> Page[Receivable]:
    statement = await _visible_receivables(actor)
    if flt.customer_id is not None:
        statement = statement.where(Receivable.customer_id == flt.customer_id)
    if flt.status is not None:
        statement = statement.where(Receivable.status == flt.status.value)
    if flt.overdue_only:
        statement = statement.where(
            Receivable.status == ReceivableStatus.OPEN.value,
            Receivable.due_date < datetime.now(UTC).date(),
        )
    return await keyset_page(
        actor.session,
        statement,
        [Receivable.created_at, Receivable.id],
        first=first,
        after=after,
        descending=False,
    )


async def receivables_by_id(actor: Actor, ids: list[uuid.UUID]) -> list[Receivable | None]:
    rows = (
        await actor.session.scalars(
            (await _visible_receivables(actor)).where(Receivable.id.in_(ids))
        )
    ).all()
    by_id = {row.id: row for row in rows}
    return [by_id.get(i) for i in ids]


async def _visible_payments(actor: Actor) -> Select[Payment]:
    await actor.require("payments", "read")
    customers = (await visible_customers(actor)).with_only_columns(Customer.id)
    return select(Payment).where(
        Payment.tenant_id == actor.tenant_id, Payment.customer_id.in_(customers.scalar_subquery())
    )


async def list_payments(
    actor: Actor, customer_id: uuid.UUID | None, first: int | None, after: str | None
) -> Page[Payment]:
    statement = await _visible_payments(actor)
    if customer_id is not None:
        statement = statement.where(Payment.customer_id == customer_id)
    return await keyset_page(
        actor.session, statement, [Payment.created_at, Payment.id], first=first, after=after
    )


async def payments_by_id(actor: Actor, ids: list[uuid.UUID]) -> list[Payment | None]:
    rows = (
        await actor.session.scalars((await _visible_payments(actor)).where(Payment.id.in_(ids)))
    ).all()
    by_id = {row.id: row for row in rows}
    return [by_id.get(i) for i in ids]


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


@dataclass
class CustomerAging:
    customer_id: uuid.UUID
    customer_name: str
    buckets: dict[str, Decimal]


@dataclass
class AgingReport:
    as_of: date
    currency: str
    total: dict[str, Decimal]
    customers: list[CustomerAging]


def _empty_buckets() -> dict[str, Decimal]:
    return {bucket: Decimal(0) for bucket in schedule.AGING_BUCKETS}


async def aging_report(actor: Actor, customer_id: uuid.UUID | None) -> AgingReport:
    """Open amounts by how long they are overdue (current, 1-30, 31-60, 61-90, > 90 days),
    per customer (largest total first) and in total, as of today."""
    statement = (await _visible_receivables(actor)).where(
        Receivable.status == ReceivableStatus.OPEN.value
    )
    if customer_id is not None:
        statement = statement.where(Receivable.customer_id == customer_id)
    as_of = datetime.now(UTC).date()
    per_customer: dict[uuid.UUID, CustomerAging] = {}
    total = _empty_buckets()
    for receivable in (await actor.session.scalars(statement)).all():
        open_amount = receivable.amount - receivable.amount_paid
        bucket = schedule.aging_bucket(receivable.due_date, as_of)
        row = per_customer.setdefault(
            receivable.customer_id,
            CustomerAging(receivable.customer_id, receivable.customer_name, _empty_buckets()),
        )
        row.buckets[bucket] += open_amount
        total[bucket] += open_amount
    customers = sorted(
        per_customer.values(), key=lambda c: (-sum(c.buckets.values()), c.customer_name)
    )
    tenant = await actor.session.get(Tenant, actor.tenant_id)
    return AgingReport(as_of, tenant.currency if tenant else "", total, customers)


async def open_balance(actor: Actor, customer_id: uuid.UUID) -> Decimal | None:
    """What the customer owes (payments:read); None without that permission."""
    if not await actor.can("payments", "read"):
        return None
    return await orders.open_receivables(actor, customer_id)


# --- the portal customer's account ----------------------------------------------------------


@dataclass
class PortalAccount:
    open_balance: Decimal
    currency: str
    receivables: list[Receivable]
    payments: list[Payment]


PORTAL_PAYMENTS_SHOWN = 50


async def portal_account(actor: Actor) -> PortalAccount:
    """What the signed-in portal customer owes and has paid: its open receivables (oldest
    first) and its latest payments."""
    principal = actor.require_portal()
    assert principal.customer_id is not None
    # Payments first: each statement sees what had committed when it started, so a payment
    # shown here is never shown beside the receivable it already settled.
    paid = list(
        (
            await actor.session.scalars(
                select(Payment)
                .where(
                    Payment.tenant_id == actor.tenant_id,
                    Payment.customer_id == principal.customer_id,
                )
                .order_by(Payment.created_at.desc(), Payment.id.desc())
                .limit(PORTAL_PAYMENTS_SHOWN)
            )
        ).all()
    )
    open_ones = list(
        (
            await actor.session.scalars(
                select(Receivable)
                .where(
                    Receivable.tenant_id == actor.tenant_id,
                    Receivable.customer_id == principal.customer_id,
                    Receivable.status == ReceivableStatus.OPEN.value,
                )
                .order_by(Receivable.created_at, Receivable.id)
            )
        ).all()
    )
    tenant = await actor.session.get(Tenant, actor.tenant_id)
    balance = await orders.open_receivables(actor, principal.customer_id)
    return PortalAccount(balance, tenant.currency if tenant else "", open_ones, paid)
