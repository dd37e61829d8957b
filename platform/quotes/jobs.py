"""Quotes' arq job, run by the worker's cron: expiring sent quotes past their validity."""

from __future__ import annotations

from typing import Any

from core.context import Services
from quotes.expiry import expire_due_quotes

EXPIRY_JOB = "expire_quotes"
# Hourly: a quote expires within the hour after its last valid day ends.
EXPIRY_MINUTE = 7


async def expire_quotes(ctx: dict[str, Any]) -> None:
    services: Services = ctx["services"]
    await expire_due_quotes(services)
