"""Payments' arq jobs, run by the worker's cron: the overdue-reminder check and the nightly
reconciliation."""

from __future__ import annotations

from typing import Any

from core.context import Services
from payments import reconciliation, reminders

OVERDUE_REMINDERS_JOB = "send_overdue_reminders"
# Often enough that a due reminder goes out within seconds; each run is one indexed query
# on the reminder queue when nothing is due.
OVERDUE_REMINDERS_SECONDS = frozenset(range(8, 60, 10))


async def send_overdue_reminders(ctx: dict[str, Any]) -> None:
    services: Services = ctx["services"]
    await reminders.send_due_reminders(services)


RECONCILIATION_JOB = "reconcile_payments"
# Nightly, at 02:30 UTC.
RECONCILIATION_HOUR, RECONCILIATION_MINUTE = 2, 30
# Every tenant in one run: longer than an event job may take.
RECONCILIATION_TIMEOUT_SECONDS = 3600


async def reconcile_nightly(ctx: dict[str, Any]) -> None:
    services: Services = ctx["services"]
    await reconciliation.run_nightly(services)
