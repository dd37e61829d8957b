"""Contracts' arq job, run by the worker's cron once a day (and again at noon, so a
worker that was down at night catches up the same day): renewals, statuses and reminders."""

from __future__ import annotations

from typing import Any

from contracts.reminders import run_contract_day
from core.context import Services

CONTRACT_DAY_JOB = "run_contract_day"
CONTRACT_DAY_HOURS = frozenset({1, 12})
CONTRACT_DAY_MINUTE = 5


async def run_contract_day_job(ctx: dict[str, Any]) -> None:
    services: Services = ctx["services"]
    await run_contract_day(services)
