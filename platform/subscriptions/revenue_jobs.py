"""Recurring revenue's nightly arq jobs: customers' lifecycle segments recomputed, then the
ledger reconciled against the customers' and the subscriptions' MRR."""

from __future__ import annotations

from typing import Any

from core.context import Services
from subscriptions import revenue_reconciliation, segments

SEGMENTS_JOB = "recompute_customer_segments"
SEGMENTS_HOUR, SEGMENTS_MINUTE = 2, 40
REVENUE_RECONCILIATION_JOB = "reconcile_recurring_revenue"
REVENUE_RECONCILIATION_HOUR, REVENUE_RECONCILIATION_MINUTE = 3, 10
NIGHTLY_TIMEOUT_SECONDS = 3600


async def recompute_customer_segments(ctx: dict[str, Any]) -> None:
    services: Services = ctx["services"]
    await segments.recompute_all_segments(services)


async def reconcile_recurring_revenue(ctx: dict[str, Any]) -> None:
    services: Services = ctx["services"]
    await revenue_reconciliation.reconcile_all(services)
