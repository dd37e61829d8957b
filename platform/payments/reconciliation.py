"""Reconciliation: do a tenant's payments, allocations, receivables and orders agree?

Run nightly for every tenant by the worker's cron, or on demand (`runReconciliation`). Each
check is one aggregate query in the tenant's transaction; every disagreement becomes a
mismatch with a stable code, the run is kept, and a run with mismatches raises a
`reconciliation.mismatch` event whose handler alerts the staff who read payments.

Checks (codes):
* RECEIVABLE_PAID_MISMATCH: a receivable's paid amount is not the sum of its allocations;
* PAYMENT_ALLOCATION_MISMATCH: a payment's allocated amount is not the sum of its
  allocations, or exceeds the payment;
* ORDER_PAID_MISMATCH: an order's paid amount is not the sum of the allocations to its
  receivables;
* SCHEDULE_TOTAL_MISMATCH: an order's receivables (void ones aside) do not add up to its total;
* STRIPE_CHECKOUT_WITHOUT_PAYMENT: Stripe reported a PaymentIntent paid but no payment holds it;
* MARKED_PAID_WITHOUT_PAYMENT: a prepaid order is Paid or past it (ready to ship, shipped,
  delivered, completed) without payments covering its total (marked Paid by hand);
* INVOICE_LINES_MISMATCH: an invoice's or credit note's total is not the sum of its lines;
* INVOICE_TAX_MISMATCH: its tax total is not the sum of its lines' tax, or of its tax per rate;
* ORDER_INVOICE_MISMATCH: a live whole-order invoice does not equal its order's total;
* INSTALMENT_INVOICE_MISMATCH: a live instalment invoice does not equal its receivable;
* ORDER_OVER_INVOICED: an order's live invoices add up to more than its total;
* INVOICE_PAID_MISMATCH: an invoice is paid or credited beyond its total;
* PAYMENT_REFUNDED_MISMATCH: a payment's refunded amount is not the sum of its refunds, or
  exceeds the payment;
* ORDER_REFUNDED_MISMATCH: an order's refunded amount is not the sum of its refunds;
* REFUND_WITHOUT_CREDIT_NOTE: a refund paid out has no credit note of its amount.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import structlog
from sqlalchemy import text

import tenants.services as tenants
from core import access
from core.context import Actor, Services
from core.ids import new_id
from core.outbox import emit
from payments.events import ReconciliationMismatch
from payments.models import ReconciliationRun

MISMATCHES_KEPT = 200

log = structlog.get_logger("orbit.payments")


@dataclass(frozen=True)
class Check:
    code: str
    sql: str


# Each query returns (subject, expected, actual) rows that disagree; RLS binds the tenant.
CHECKS = (
    Check(
        "RECEIVABLE_PAID_MISMATCH",
        """
        SELECT r.order_number || ' #' || r.sequence, coalesce(sum(a.amount), 0), r.amount_paid
        FROM receivables r LEFT JOIN payment_allocations a
          ON a.tenant_id = r.tenant_id AND a.receivable_id = r.id
        GROUP BY r.tenant_id, r.id HAVING r.amount_paid <> coalesce(sum(a.amount), 0)""",
    ),
    Check(
        "PAYMENT_ALLOCATION_MISMATCH",
        """
        SELECT p.number, coalesce(sum(a.amount), 0), p.amount_allocated
        FROM payments p LEFT JOIN payment_allocations a
          ON a.tenant_id = p.tenant_id AND a.payment_id = p.id
        GROUP BY p.tenant_id, p.id
        HAVING p.amount_allocated <> coalesce(sum(a.amount), 0)
            OR p.amount_allocated > p.amount""",
    ),
    Check(
        "ORDER_PAID_MISMATCH",
        """
        SELECT o.number, coalesce(paid.amount, 0), o.amount_paid
        FROM orders o LEFT JOIN (
            SELECT a.tenant_id, r.order_id, sum(a.amount) AS amount
            FROM payment_allocations a JOIN receivables r
              ON r.tenant_id = a.tenant_id AND r.id = a.receivable_id
            GROUP BY a.tenant_id, r.order_id) paid
          ON paid.tenant_id = o.tenant_id AND paid.order_id = o.id
        WHERE o.amount_paid <> coalesce(paid.amount, 0)""",
    ),
    Check(
        "SCHEDULE_TOTAL_MISMATCH",
        """
        SELECT o.number, o.total, sum(r.amount)
        FROM orders o JOIN receivables r ON r.tenant_id = o.tenant_id AND r.order_id = o.id
        WHERE r.status <> 'void' AND o.status <> 'cancelled'
        GROUP BY o.tenant_id, o.id HAVING sum(r.amount) <> o.total""",
    ),
    Check(
        "STRIPE_CHECKOUT_WITHOUT_PAYMENT",
        """
        SELECT c.payment_intent_id, c.amount, 0
        FROM stripe_checkouts c LEFT JOIN payments p
          ON p.tenant_id = c.tenant_id AND p.id = c.payment_id
        WHERE c.status = 'succeeded' AND p.id IS NULL""",
    ),
    Check(
        "MARKED_PAID_WITHOUT_PAYMENT",
        """
        SELECT o.number, o.total, o.amount_paid FROM orders o
        WHERE o.status IN ('paid', 'ready_to_ship', 'shipped', 'delivered', 'completed')
          AND o.payment_terms_kind = 'prepaid'
          AND o.amount_paid < o.total""",
    ),
    Check(
        "INVOICE_LINES_MISMATCH",
        """
        SELECT i.number, coalesce(sum(l.total), 0), i.total
        FROM invoices i LEFT JOIN invoice_lines l
          ON l.tenant_id = i.tenant_id AND l.invoice_id = i.id
        GROUP BY i.tenant_id, i.id HAVING i.total <> coalesce(sum(l.total), 0)""",
    ),
    Check(
        "INVOICE_TAX_MISMATCH",
        """
        SELECT i.number, lines.tax, i.tax_total
        FROM invoices i JOIN (
            SELECT tenant_id, invoice_id, sum(tax) AS tax FROM invoice_lines
            GROUP BY tenant_id, invoice_id) lines
          ON lines.tenant_id = i.tenant_id AND lines.invoice_id = i.id
        WHERE i.tax_total <> lines.tax OR i.tax_total <> (
            SELECT coalesce(sum((part ->> 'tax')::numeric), 0)
            FROM jsonb_array_elements(i.tax_breakdown) AS part)""",
    ),
    Check(
        "ORDER_INVOICE_MISMATCH",
        """
        SELECT i.number, o.total, i.total
        FROM invoices i JOIN orders o ON o.tenant_id = i.tenant_id AND o.id = i.order_id
        WHERE i.kind = 'invoice' AND i.basis = 'order' AND i.status <> 'void'
          AND i.total <> o.total""",
    ),
    Check(
        "INSTALMENT_INVOICE_MISMATCH",
        """
        SELECT i.number, r.amount, i.total
        FROM invoices i JOIN receivables r
          ON r.tenant_id = i.tenant_id AND r.id = i.receivable_id
        WHERE i.kind = 'invoice' AND i.status <> 'void' AND i.total <> r.amount""",
    ),
    Check(
        "ORDER_OVER_INVOICED",
        """
        SELECT o.number, o.total, sum(i.total)
        FROM orders o JOIN invoices i ON i.tenant_id = o.tenant_id AND i.order_id = o.id
        WHERE i.kind = 'invoice' AND i.status <> 'void'
        GROUP BY o.tenant_id, o.id HAVING sum(i.total) > o.total""",
    ),
    Check(
        "INVOICE_PAID_MISMATCH",
        """
        SELECT i.number, i.total, greatest(i.amount_paid, i.amount_credited)
        FROM invoices i
        WHERE i.kind = 'invoice' AND (i.amount_paid > i.total OR i.amount_credited > i.total)""",
    ),
    Check(
        "PAYMENT_REFUNDED_MISMATCH",
        """
        SELECT p.number, coalesce(sum(f.amount), 0), p.amount_refunded
        FROM payments p LEFT JOIN refunds f
          ON f.tenant_id = p.tenant_id AND f.payment_id = p.id AND f.status = 'succeeded'
        GROUP BY p.tenant_id, p.id
        HAVING p.amount_refunded <> coalesce(sum(f.amount), 0)
            OR p.amount_refunded > p.amount""",
    ),
    Check(
        "ORDER_REFUNDED_MISMATCH",
        """
        SELECT o.number, coalesce(refunded.amount, 0), o.amount_refunded
        FROM orders o LEFT JOIN (
            SELECT tenant_id, order_id, sum(amount) AS amount FROM refunds
            WHERE status = 'succeeded' AND order_id IS NOT NULL
            GROUP BY tenant_id, order_id) refunded
          ON refunded.tenant_id = o.tenant_id AND refunded.order_id = o.id
        WHERE o.amount_refunded <> coalesce(refunded.amount, 0)""",
    ),
    Check(
        "REFUND_WITHOUT_CREDIT_NOTE",
        """
        SELECT f.number, f.amount, coalesce(cn.total, 0)
        FROM refunds f LEFT JOIN invoices cn
          ON cn.tenant_id = f.tenant_id AND cn.id = f.credit_note_id AND cn.status <> 'void'
        WHERE f.status = 'succeeded' AND cn.total IS DISTINCT FROM f.amount""",
    ),
)


def _mismatch(code: str, row: Any) -> dict[str, str]:
    subject, expected, actual = row
    return {
        "code": code,
        "subject": str(subject),
        "expected": str(Decimal(expected).quantize(Decimal("0.01"))),
        "actual": str(Decimal(actual).quantize(Decimal("0.01"))),
    }


async def reconcile(actor: Actor, trigger: str) -> ReconciliationRun:
    """Run every check for the actor's tenant, keep the run, alert on mismatches."""
    mismatches: list[dict[str, str]] = []
    for check in CHECKS:
        rows = (await actor.session.execute(text(check.sql))).all()
        mismatches += [_mismatch(check.code, row) for row in rows]
    run = ReconciliationRun(
        tenant_id=actor.tenant_id,
        id=new_id(),
        trigger=trigger,
        balanced=not mismatches,
        mismatches=mismatches[:MISMATCHES_KEPT],
    )
    actor.session.add(run)
    await actor.session.flush()
    if mismatches:
        await emit(
            actor,
            ReconciliationMismatch(
                run_id=run.id,
                mismatches=len(mismatches),
                codes=sorted({m["code"] for m in mismatches}),
            ),
        )
    return run


async def run_for_tenant(actor: Actor) -> ReconciliationRun:
    """On demand (payments:record)."""
    await actor.require("payments", "record")
    return await reconcile(actor, "manual")


async def run_nightly(services: Services) -> int:
    """Reconcile every active tenant, each in its own transaction; returns how many ran."""
    async with services.db.transaction() as session:
        tenant_ids = await tenants.active_tenant_ids(Actor(services=services, session=session))
    unbalanced = 0
    for tenant_id in tenant_ids:
        async with services.db.transaction(tenant_id) as session:
            actor = Actor(services=services, session=session, system_tenant_id=tenant_id)
            unbalanced += not (await reconcile(actor, "nightly")).balanced
    log.info(
        "reconciliation.nightly",
        tenants=len(tenant_ids),
        unbalanced=unbalanced,
        at=datetime.now(UTC).isoformat(),
    )
    return len(tenant_ids)


async def recent_runs(actor: Actor, first: int) -> list[ReconciliationRun]:
    """The tenant's latest runs, newest first (payments:read)."""
    return list(
        (
            await actor.session.scalars(
                (await access.restrict(actor, ReconciliationRun))
                .order_by(ReconciliationRun.created_at.desc(), ReconciliationRun.id.desc())
                .limit(max(1, min(first, 50)))
            )
        ).all()
    )
