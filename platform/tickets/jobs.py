"""Tickets' arq jobs, run by the worker's cron: the SLA breach check and sending due
satisfaction surveys."""

from __future__ import annotations

from typing import Any

from core.context import Services
from tickets import sla, surveys

SLA_BREACHES_JOB = "check_sla_breaches"
# A breach is noticed within seconds; a run with nothing due is one indexed range scan.
SLA_BREACHES_SECONDS = frozenset(range(5, 60, 10))


async def check_sla_breaches(ctx: dict[str, Any]) -> None:
    services: Services = ctx["services"]
    await sla.check_breaches(services)


SURVEYS_JOB = "send_ticket_surveys"
# Surveys go out within seconds of their time; a run with nothing due is one index scan.
SURVEYS_SECONDS = frozenset(range(0, 60, 10))


async def send_ticket_surveys(ctx: dict[str, Any]) -> None:
    services: Services = ctx["services"]
    await surveys.send_due_surveys(services)
