"""Subscriptions' arq jobs, run by the worker's cron: renewal orders and period roll-over
and renewal reminders, every hour (a run with nothing due is a few indexed range scans)."""

from __future__ import annotations

from typing import Any

from core.context import Services
from subscriptions import reminders, renewals

RENEWALS_JOB = "renew_subscriptions"
# Every hour at :05: a run with nothing due is two indexed range scans.
RENEWALS_MINUTE = 5
RENEWALS_TIMEOUT_SECONDS = 900


async def renew_subscriptions(ctx: dict[str, Any]) -> None:
    services: Services = ctx["services"]
    await renewals.run_period_ends(services)
    await renewals.run_renewals(services)
    await reminders.run_reminders(services)
