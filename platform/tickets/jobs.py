"""Tickets' arq jobs: the SLA breach check, run by the worker's cron."""

from __future__ import annotations

from typing import Any

from core.context import Services
from tickets import sla

SLA_BREACHES_JOB = "check_sla_breaches"
# A breach is noticed within seconds; a run with nothing due is one indexed range scan.
SLA_BREACHES_SECONDS = frozenset(range(5, 60, 10))


async def check_sla_breaches(ctx: dict[str, Any]) -> None:
    services: Services = ctx["services"]
    await sla.check_breaches(services)
