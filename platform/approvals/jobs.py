"""Approvals' arq jobs: the reminder check, run by the worker's cron."""

from __future__ import annotations

from typing import Any

from approvals import reminders
from core.context import Services

APPROVAL_REMINDERS_JOB = "send_approval_reminders"
# Often enough that a due reminder goes out within seconds; each run is one indexed query
# on the reminder queue when nothing is due.
APPROVAL_REMINDERS_SECONDS = frozenset(range(5, 60, 10))


async def send_reminders(ctx: dict[str, Any]) -> None:
    services: Services = ctx["services"]
    await reminders.send_due_reminders(services)
