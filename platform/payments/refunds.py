"""Refunds: money given back on one payment. Someone allowed to ask (refunds:request)
requests one; someone allowed to pay out (refunds:execute) executes or rejects it, and
with four-eyes refunds on (refunds_settings, the default) never the one who asked. A Stripe
payment is refunded through Stripe, a manual one (bank transfer, cash, cheque) is recorded
as paid back with the transfer's reference. Every executed refund writes a credit note.

A Stripe refund runs in three steps so no transaction is open while Stripe answers:
`prepare_execution` marks the refund PROCESSING and commits, `call_stripe` asks Stripe
(idempotent on the refund's id), `finish_stripe_refund` records the outcome. A refund left
PROCESSING by an attempt that died may be executed again once the attempt is stale.

What may still be refunded on a payment is its amount less its succeeded and pending
(requested, processing) refunds; the payment row is locked while that is checked, so
concurrent requests never promise more than was paid."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from enum import Enum
from typing import TYPE_CHECKING, Any, TypeVar

import stripe
from sqlalchemy import ColumnElement, Select, false, func, or_, select

import audit.services as audit
import orders.services as orders
from core import access, secrets
from core.context import Actor, Services
from core.errors import BusinessRuleError, CommonErrorCode, ErrorCode, UserError
from core.ids import new_id
from core.money import AMOUNT, check_decimal
from core.outbox import emit
from payments import (
    credit_notes,
    numbering,
    refunds_settings,
    stripe_gateway,
    stripe_payments,
)
from payments.errors import RefundErrorCode
from payments.events import (
    RefundEvent,
    RefundFailed,
    RefundRejected,
    RefundRequested,
    RefundSucceeded,
)
from payments.models import Payment, PaymentAllocation, Refund, StripeAccount
from payments.services import MANUAL_METHODS, Method

if TYPE_CHECKING:
    from orders.models import Order

RefundEventT = TypeVar("RefundEventT", bound=RefundEvent)
MAX_NOTE = 2000
MAX_REFERENCE = 200
# A PROCESSING refund younger than this is another attempt still talking to Stripe (whose
# calls time out well before); older, that attempt died and the refund may be executed again.
STALE_ATTEMPT = timedelta(minutes=2)


class RefundStatus(str, Enum):
    REQUESTED = "requested"
    PROCESSING = "processing"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    REJECTED = "rejected"


PENDING = (RefundStatus.REQUESTED.value, RefundStatus.PROCESSING.value)
COUNTED = (*PENDING, RefundStatus.SUCCEEDED.value)


class RefundReason(str, Enum):
    CUSTOMER_REQUEST = "customer_request"
    RETURN = "return"
    DUPLICATE = "duplicate"
    OVERCHARGE = "overcharge"
    OTHER = "other"


@dataclass(frozen=True)
class RefundRequest:
    payment_id: uuid.UUID
    order_id: uuid.UUID | None
    amount: Decimal
    reason: RefundReason
    note: str | None = None


@dataclass(frozen=True)
class RefundDecision:
    refund_id: uuid.UUID
    note: str | None = None
    external_reference: str | None = None


@dataclass(frozen=True)
class StripeRefundPlan:
    """A refund marked PROCESSING, and what Stripe needs to pay it out."""

    refund_id: uuid.UUID
    secret_key: str
    payment_intent_id: str
    cents: int
    note: str | None


@dataclass(frozen=True)
class StripeOutcome:
    stripe_refund_id: str | None
    failure_message: str | None


def _clean(value: str | None) -> str | None:
    return (value or "").strip() or None


def _error(code: ErrorCode, message: str, field: str | None) -> BusinessRuleError:
    return BusinessRuleError.single(code, message, field)


# --- who sees what --------------------------------------------------------------------------


async def _payment_visibility(actor: Actor) -> ColumnElement[bool]:
    """Payments of customers in the caller's data scope (payments:read), or allocated to
    orders the caller may read (orders:read): a sales rep asks to refund what their
    customer paid for an order of theirs without reading the books."""
    seen: list[ColumnElement[bool]] = []
    if await actor.can("payments", "read"):
        seen.append(Payment.id.in_(await access.visible_ids(actor, Payment)))
    if await actor.can("orders", "read"):
        order_ids = (await orders.visible_order_ids(actor)).scalar_subquery()
        seen.append(
            Payment.id.in_(
                select(PaymentAllocation.payment_id).where(
                    PaymentAllocation.tenant_id == actor.tenant_id,
                    PaymentAllocation.order_id.in_(order_ids),
                )
            )
        )
    return or_(*seen) if seen else false()


async def _visible_payments(actor: Actor) -> Select[Payment]:
    return select(Payment).where(
        Payment.tenant_id == actor.tenant_id, await _payment_visibility(actor)
    )


# --- what is left to refund -----------------------------------------------------------------


async def _committed(
    actor: Actor, payment_ids: Sequence[uuid.UUID], excluding: uuid.UUID | None = None
) -> dict[uuid.UUID, Decimal]:
    """Per payment, what succeeded and pending refunds take (`excluding` one refund)."""
    statement = (
        select(Refund.payment_id, func.sum(Refund.amount))
        .where(
            Refund.tenant_id == actor.tenant_id,
            Refund.payment_id.in_(payment_ids),
            Refund.status.in_(COUNTED),
        )
        .group_by(Refund.payment_id)
    )
    if excluding is not None:
        statement = statement.where(Refund.id != excluding)
    rows = (await actor.session.execute(statement)).all()
    return {payment_id: Decimal(total) for payment_id, total in rows}


async def _refundable(
    actor: Actor, payment: Payment, excluding: uuid.UUID | None = None
) -> Decimal:
    committed = await _committed(actor, [payment.id], excluding)
    return payment.amount - committed.get(payment.id, Decimal(0))


async def _lock_payment(actor: Actor, payment_id: uuid.UUID) -> Payment:
    payment = await actor.session.scalar(
        select(Payment)
        .where(Payment.tenant_id == actor.tenant_id, Payment.id == payment_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    assert payment is not None  # a foreign key keeps a refund's payment
    return payment


# --- requesting -----------------------------------------------------------------------------


def _check_request(data: RefundRequest) -> list[UserError]:
    errors: list[UserError] = []
    if malformed := check_decimal(
        data.amount,
        ("amount",),
        AMOUNT.with_places(2),
        decimals_code=RefundErrorCode.AMOUNT_PRECISION,
    ):
        errors.extend(malformed)
    elif data.amount <= 0:
        errors.append(
            UserError(
                RefundErrorCode.AMOUNT_NOT_POSITIVE, "The amount must be above zero.", ("amount",)
            )
        )
    note = _clean(data.note)
    if data.reason is RefundReason.OTHER and note is None:
        errors.append(
            UserError(RefundErrorCode.NOTE_REQUIRED, "Say why when the reason is Other.", ("note",))
        )
    if note is not None and len(note) > MAX_NOTE:
        errors.append(
            UserError(RefundErrorCode.NOTE_TOO_LONG, f"At most {MAX_NOTE} characters.", ("note",))
        )
    return errors


async def _refund_order(
    actor: Actor, payment: Payment, wanted: uuid.UUID | None
) -> tuple[uuid.UUID, str] | None:
    """The order the refund is for: the one asked for when the payment settled it, else the
    payment's only order, else none."""
    settled = dict(
        (
            await actor.session.execute(
                select(PaymentAllocation.order_id, PaymentAllocation.order_number)
                .where(
                    PaymentAllocation.tenant_id == actor.tenant_id,
                    PaymentAllocation.payment_id == payment.id,
                )
                .distinct()
            )
        )
        .tuples()
        .all()
    )
    if wanted is not None and wanted in settled:
        return wanted, settled[wanted]
    if len(settled) == 1:
        [(order_id, number)] = settled.items()
        return order_id, number
    return None


async def request_refund(actor: Actor, data: RefundRequest) -> Refund:
    """Ask to give back part or all of a payment the caller can see. Nothing is paid out
    until someone with refunds:execute executes it."""
    principal = await actor.require("refunds", "request")
    errors = _check_request(data)
    visible = await actor.session.scalar(
        (await _visible_payments(actor))
        .with_only_columns(Payment.id)
        .where(Payment.id == data.payment_id)
    )
    if visible is None:
        raise _error(CommonErrorCode.NOT_FOUND, "No such payment.", "paymentId")
    if errors:
        raise BusinessRuleError(*errors)
    payment = await _lock_payment(actor, data.payment_id)
    refundable = await _refundable(actor, payment)
    if data.amount > refundable:
        raise _error(
            RefundErrorCode.ABOVE_REFUNDABLE,
            f"Only {max(refundable, Decimal(0)):.2f} "
            f"{payment.currency} of {payment.number} may still be refunded.",
            "amount",
        )
    order = await _refund_order(actor, payment, data.order_id)
    refund = Refund(
        tenant_id=actor.tenant_id,
        id=new_id(),
        number=await numbering.next_number(actor, "refund"),
        payment_id=payment.id,
        payment_number=payment.number,
        order_id=order[0] if order else None,
        order_number=order[1] if order else None,
        customer_id=payment.customer_id,
        customer_name=payment.customer_name,
        method=payment.method,
        currency=payment.currency,
        amount=data.amount,
        reason=data.reason.value,
        reason_note=_clean(data.note),
        status=RefundStatus.REQUESTED.value,
        requested_by_id=principal.subject_id,
        requested_by_label=actor.actor_label,
    )
    actor.session.add(refund)
    await actor.session.flush()
    await audit.record(actor, "refunds.request", "refund", refund.id, after=_summary(refund))
    await emit(actor, _event(RefundRequested, refund))
    return refund


def _summary(refund: Refund) -> dict[str, Any]:
    return {
        "number": refund.number,
        "payment": refund.payment_number,
        "order": refund.order_number,
        "amount": str(refund.amount),
        "currency": refund.currency,
        "reason": refund.reason,
        "status": refund.status,
        "stripeRefundId": refund.stripe_refund_id,
        "externalReference": refund.external_reference,
        "failureMessage": refund.failure_message,
        "decisionNote": refund.decision_note,
    }


def _event(kind: type[RefundEventT], refund: Refund) -> RefundEventT:
    return kind(
        refund_id=refund.id,
        number=refund.number,
        payment_number=refund.payment_number,
        order_number=refund.order_number,
        customer_name=refund.customer_name,
        amount=refund.amount,
        currency=refund.currency,
        status=refund.status,
        requested_by_id=refund.requested_by_id,
        failure_message=refund.failure_message,
    )


# --- deciding -------------------------------------------------------------------------------


async def _locked_refund(
    actor: Actor, refund_id: uuid.UUID, *, with_order: bool
) -> tuple[Refund, Payment, Order | None]:
    """The refund the caller can see, locked after its order (when asked) and payment: the
    lock order every money writer keeps (orders, then payments, then refunds)."""
    found = (
        await actor.session.execute(
            (await access.restrict(actor, Refund, "execute"))
            .with_only_columns(Refund.payment_id, Refund.order_id)
            .where(Refund.id == refund_id)
        )
    ).first()
    if found is None:
        raise _error(CommonErrorCode.NOT_FOUND, "No such refund.", "refundId")
    payment_id, order_id = found
    order = None
    if with_order and order_id is not None:
        order = (await orders.lock_orders_for_payment(actor, [order_id])).get(order_id)
    payment = await _lock_payment(actor, payment_id)
    refund = await actor.session.scalar(
        select(Refund)
        .where(Refund.tenant_id == actor.tenant_id, Refund.id == refund_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    assert refund is not None
    return refund, payment, order


def _open_for_decision(refund: Refund) -> bool:
    if refund.status == RefundStatus.REQUESTED.value:
        return True
    return (
        refund.status == RefundStatus.PROCESSING.value
        and refund.updated_at < datetime.now(UTC) - STALE_ATTEMPT
    )


def _not_requested(refund: Refund) -> BusinessRuleError:
    return _error(
        RefundErrorCode.REFUND_NOT_REQUESTED,
        f"Refund {refund.number} is {refund.status}, no longer waiting for a decision.",
        "refundId",
    )


def _decided(actor: Actor, refund: Refund, status: RefundStatus, note: str | None) -> None:
    principal = actor.require_principal()
    refund.status = status.value
    refund.decided_by_id = principal.subject_id
    refund.decided_by_label = actor.actor_label
    refund.decided_at = refund.updated_at = datetime.now(UTC)
    refund.decision_note = _clean(note) or refund.decision_note


async def _check_four_eyes(actor: Actor, refund: Refund) -> None:
    """With four-eyes refunds on (the default), who asked for a refund cannot pay it out."""
    principal = actor.require_principal()
    if refund.requested_by_id != principal.subject_id:
        return
    if (await refunds_settings.effective_rules(actor)).four_eyes:
        raise _error(
            RefundErrorCode.REQUESTER_CANNOT_EXECUTE,
            f"You requested refund {refund.number}; with four-eyes refunds someone else "
            "executes it.",
            "refundId",
        )


async def prepare_execution(actor: Actor, data: RefundDecision) -> Refund | StripeRefundPlan:
    """Execute a requested refund: a manual payment's is recorded as paid back at once (the
    refund returned); a Stripe payment's is marked PROCESSING and the plan for Stripe is
    returned, to be called after this transaction commits."""
    await actor.require("refunds", "execute")
    method = await actor.session.scalar(
        (await access.restrict(actor, Refund, "execute"))
        .with_only_columns(Refund.method)
        .where(Refund.id == data.refund_id)
    )
    # Only a manual refund writes the books now; a Stripe one locks its order when it does.
    refund, payment, order = await _locked_refund(
        actor, data.refund_id, with_order=method != Method.STRIPE.value
    )
    if not _open_for_decision(refund):
        raise _not_requested(refund)
    await _check_four_eyes(actor, refund)
    if refund.amount > await _refundable(actor, payment, excluding=refund.id):
        raise _error(
            RefundErrorCode.ABOVE_REFUNDABLE,
            f"{payment.number} has less than {refund.amount:.2f} {refund.currency} left to refund.",
            "refundId",
        )
    if refund.method in {m.value for m in MANUAL_METHODS}:
        reference = _clean(data.external_reference)
        if reference is None or len(reference) > MAX_REFERENCE:
            raise _error(
                RefundErrorCode.REFERENCE_REQUIRED,
                "Give the reference of the transfer (or cheque) that paid the money back.",
                "externalReference",
            )
        refund.external_reference = reference
        _decided(actor, refund, RefundStatus.SUCCEEDED, data.note)
        await _paid_back(actor, refund, payment, order)
        return refund
    plan = await _stripe_plan(actor, refund, payment, data.note)
    _decided(actor, refund, RefundStatus.PROCESSING, data.note)
    await audit.record(actor, "refunds.execute", "refund", refund.id, after=_summary(refund))
    return plan


async def _stripe_plan(
    actor: Actor, refund: Refund, payment: Payment, note: str | None
) -> StripeRefundPlan:
    account = await actor.session.get(StripeAccount, actor.tenant_id)
    if account is None or account.secret_key_ciphertext is None:
        raise _error(
            RefundErrorCode.ONLINE_PAYMENT_UNAVAILABLE,
            "Stripe is not connected; connect it to refund a Stripe payment.",
            "refundId",
        )
    if not payment.stripe_payment_intent_id:
        raise _error(
            RefundErrorCode.ONLINE_PAYMENT_UNAVAILABLE,
            f"{payment.number} has no Stripe PaymentIntent to refund.",
            "refundId",
        )
    return StripeRefundPlan(
        refund_id=refund.id,
        payment_intent_id=payment.stripe_payment_intent_id,
        secret_key=secrets.decrypt(actor.services.settings, account.secret_key_ciphertext),
        cents=stripe_payments.to_minor(refund.amount, refund.currency),
        note=_clean(note),
    )


async def call_stripe(services: Services, plan: StripeRefundPlan) -> StripeOutcome:
    """Ask Stripe to pay the refund out (outside any transaction)."""
    try:
        refund_id = await stripe_gateway.refund_payment_intent(
            services.settings,
            plan.secret_key,
            plan.payment_intent_id,
            plan.cents,
            str(plan.refund_id),
        )
    except stripe.StripeError as error:
        return StripeOutcome(None, f"Stripe refused the refund: {stripe_gateway.reason(error)}")
    return StripeOutcome(refund_id, None)


async def finish_stripe_refund(
    actor: Actor, plan: StripeRefundPlan, outcome: StripeOutcome
) -> Refund:
    """Record what Stripe answered: paid back (books, credit note), or FAILED with Stripe's
    reason and the books unchanged. A refund no longer PROCESSING was finished by another
    attempt."""
    await actor.require("refunds", "execute")
    refund, payment, order = await _locked_refund(actor, plan.refund_id, with_order=True)
    if refund.status != RefundStatus.PROCESSING.value:
        raise _not_requested(refund)
    if outcome.stripe_refund_id is None:
        refund.status = RefundStatus.FAILED.value
        refund.failure_message = (outcome.failure_message or "Stripe refused.")[:500]
        refund.updated_at = datetime.now(UTC)
        await audit.record(actor, "refunds.fail", "refund", refund.id, after=_summary(refund))
        await emit(actor, _event(RefundFailed, refund))
        return refund
    refund.stripe_refund_id = outcome.stripe_refund_id
    _decided(actor, refund, RefundStatus.SUCCEEDED, plan.note)
    await _paid_back(actor, refund, payment, order)
    return refund


async def _paid_back(actor: Actor, refund: Refund, payment: Payment, order: Order | None) -> None:
    """The books follow a refund paid out: the payment's and the order's refunded amounts,
    the order's payment status, a credit note; audit and event."""
    refund.executed_at = datetime.now(UTC)
    payment.amount_refunded += refund.amount
    if order is not None:
        await orders.apply_refund(actor, order, refund.amount, refund.number)
    await actor.session.flush()
    await credit_notes.credit_note_for_refund(actor, refund)
    await audit.record(actor, "refunds.succeed", "refund", refund.id, after=_summary(refund))
    await emit(actor, _event(RefundSucceeded, refund))


async def reject_refund(actor: Actor, data: RefundDecision) -> Refund:
    """Decline a requested refund, saying why; nothing is paid out."""
    await actor.require("refunds", "execute")
    note = _clean(data.note)
    if note is None:
        raise _error(RefundErrorCode.NOTE_REQUIRED, "Say why the refund is rejected.", "note")
    refund, _, _ = await _locked_refund(actor, data.refund_id, with_order=False)
    if refund.status != RefundStatus.REQUESTED.value:
        raise _not_requested(refund)
    _decided(actor, refund, RefundStatus.REJECTED, note[:MAX_NOTE])
    await audit.record(actor, "refunds.reject", "refund", refund.id, after=_summary(refund))
    await emit(actor, _event(RefundRejected, refund))
    return refund


# --- what may be refunded on an order ---------------------------------------------------


@dataclass(frozen=True)
class RefundablePayment:
    payment: Payment
    amount_refundable: Decimal


async def refundable_payments(actor: Actor, order_id: uuid.UUID) -> list[RefundablePayment]:
    """The payments the caller can see that settled the order, oldest first, with what may
    still be refunded on each (refunds:request)."""
    await actor.require("refunds", "request")
    payments = list(
        (
            await actor.session.scalars(
                (await _visible_payments(actor))
                .where(
                    Payment.id.in_(
                        select(PaymentAllocation.payment_id).where(
                            PaymentAllocation.tenant_id == actor.tenant_id,
                            PaymentAllocation.order_id == order_id,
                        )
                    )
                )
                .order_by(Payment.created_at, Payment.id)
            )
        ).all()
    )
    committed = await _committed(actor, [p.id for p in payments])
    return [
        RefundablePayment(p, max(p.amount - committed.get(p.id, Decimal(0)), Decimal(0)))
        for p in payments
    ]
