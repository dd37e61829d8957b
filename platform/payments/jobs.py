"""Payments' arq jobs: the overdue-reminder check, run by the worker's cron."""

from __future__ import annotations

from typing import Any

from core.context import Services
from payments import reminders

OVERDUE_REMINDERS_JOB = "send_overdue_reminders"
# Often enough that a due reminder goes out within seconds; each run is one indexed query
# on the reminder queue when nothing is due.
OVERDUE_REMINDERS_SECONDS = frozenset(range(8, 60, 10))


async def send_overdue_reminders(ctx: dict[str, Any]) -> None:
    services: Services = ctx["services"]
    await reminders.send_due_reminders(services)
