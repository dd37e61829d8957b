"""Shipping's arq jobs: the late-shipment check, run by the worker's cron."""

from __future__ import annotations

from typing import Any

from core.context import Services
from shipping import late

LATE_SHIPMENTS_JOB = "check_late_shipments"
# Often enough that a late order is noticed within seconds; each run is one indexed query
# on the deadline queue when nothing is due.
LATE_SHIPMENTS_SECONDS = frozenset(range(0, 60, 10))


async def check_late_shipments(ctx: dict[str, Any]) -> None:
    services: Services = ctx["services"]
    await late.check_late_shipments(services)
