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
* MARKED_PAID_WITHOUT_PAYMENT: an order was marked Paid by hand with no payment recorded.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import structlog
from sqlalchemy import select, text

from core.context import Actor, Services
from core.ids import new_id
from core.outbox import emit
from payments.models import ReconciliationRun
from tenants.models import Tenant

RECONCILIATION_MISMATCH = "reconciliation.mismatch"
MISMATCHES_KEPT = 200

log = structlog.get_logger("orbit.payments")


@dataclass(frozen=True)
class Check:
    code: str
    sql: str


# Each query returns (subject, expected, actual) rows that disagree; RLS binds the tenant.
CHECKS = (
    Check("RECEIVABLE_PAID_MISMATCH", """
        SELECT r.order_number || ' #' || r.sequence, coalesce(sum(a.amount), 0), r.amount_paid
        FROM receivables r LEFT JOIN payment_allocations a
          ON a.tenant_id = r.tenant_id AND a.receivable_id = r.id
        GROUP BY r.tenant_id, r.id HAVING r.amount_paid <> coalesce(sum(a.amount), 0)"""),
    Check("PAYMENT_ALLOCATION_MISMATCH", """
        SELECT p.number, coalesce(sum(a.amount), 0), p.amount_allocated
        FROM payments p LEFT JOIN payment_allocations a
          ON a.tenant_id = p.tenant_id AND a.payment_id = p.id
        GROUP BY p.tenant_id, p.id
        HAVING p.amount_allocated <> coalesce(sum(a.amount), 0)
            OR p.amount_allocated > p.amount"""),
    Check("ORDER_PAID_MISMATCH", """
        SELECT o.number, coalesce(paid.amount, 0), o.amount_paid
        FROM orders o LEFT JOIN (
            SELECT a.tenant_id, r.order_id, sum(a.amount) AS amount
            FROM payment_allocations a JOIN receivables r
              ON r.tenant_id = a.tenant_id AND r.id = a.receivable_id
            GROUP BY a.tenant_id, r.order_id) paid
          ON paid.tenant_id = o.tenant_id AND paid.order_id = o.id
        WHERE o.amount_paid <> coalesce(paid.amount, 0)"""),
    Check("SCHEDULE_TOTAL_MISMATCH", """
        SELECT o.number, o.total, sum(r.amount)
        FROM orders o JOIN receivables r ON r.tenant_id = o.tenant_id AND r.order_id = o.id
        WHERE r.status <> 'void' AND o.status <> 'cancelled'
        GROUP BY o.tenant_id, o.id HAVING sum(r.amount) <> o.total"""),
    Check("STRIPE_CHECKOUT_WITHOUT_PAYMENT", """
        SELECT c.payment_intent_id, c.amount, 0
        FROM stripe_checkouts c LEFT JOIN payments p
          ON p.tenant_id = c.tenant_id AND p.id = c.payment_id
        WHERE c.status = 'succeeded' AND p.id IS NULL"""),
    Check("MARKED_PAID_WITHOUT_PAYMENT", """
        SELECT o.number, o.total, o.amount_paid FROM orders o
        WHERE o.status IN ('paid', 'completed') AND o.payment_terms_kind = 'prepaid'
          AND o.amount_paid < o.total"""),
)


def _mismatch(code: str, row: Any) -> dict[str, str]:
    subject, expected, actual = row
    return {"code": code, "subject": str(subject),
            "expected": str(Decimal(expected).quantize(Decimal("0.01"))),
            "actual": str(Decimal(actual).quantize(Decimal("0.01")))}


async def reconcile(actor: Actor, trigger: str) -> ReconciliationRun:
    """Run every check for the actor's tenant, keep the run, alert on mismatches."""
    mismatches: list[dict[str, str]] = []
    for check in CHECKS:
        rows = (await actor.session.execute(text(check.sql))).all()
        mismatches += [_mismatch(check.code, row) for row in rows]
    run = ReconciliationRun(tenant_id=actor.tenant_id, id=new_id(), trigger=trigger,
                            balanced=not mismatches, mismatches=mismatches[:MISMATCHES_KEPT])
    actor.session.add(run)
    await actor.session.flush()
    if mismatches:
        await emit(actor, RECONCILIATION_MISMATCH, {
            "runId": str(run.id), "mismatches": len(mismatches),
            "codes": sorted({m["code"] for m in mismatches})})
    return run


async def run_for_tenant(actor: Actor) -> ReconciliationRun:
    """On demand (payments:record)."""
    await actor.require("payments", "record")
    return await reconcile(actor, "manual")


async def run_nightly(services: Services) -> int:
    """Reconcile every active tenant, each in its own transaction; returns how many ran."""
    async with services.db.transaction() as session:
        tenant_ids = list((await session.scalars(
            select(Tenant.id).where(Tenant.status == "active"))).all())
    unbalanced = 0
    for tenant_id in tenant_ids:
        async with services.db.transaction(tenant_id) as session:
            actor = Actor(services=services, session=session, system_tenant_id=tenant_id)
            unbalanced += not (await reconcile(actor, "nightly")).balanced
    log.info("reconciliation.nightly", tenants=len(tenant_ids), unbalanced=unbalanced,
             at=datetime.now(UTC).isoformat())
    return len(tenant_ids)


async def recent_runs(actor: Actor, first: int) -> list[ReconciliationRun]:
    await actor.require("payments", "read")
    return list((await actor.session.scalars(select(ReconciliationRun).where(
        ReconciliationRun.tenant_id == actor.tenant_id)
        .order_by(ReconciliationRun.created_at.desc(), ReconciliationRun.id.desc())
        .limit(max(1, min(first, 50))))).all())
