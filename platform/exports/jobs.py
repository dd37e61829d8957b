"""The export's arq job: the worker writes a queued export's file by id (it may run twice)."""

from __future__ import annotations

import uuid
from typing import Any

import structlog

from core.context import Services
from exports.services import EXPORT_JOB, run_export_job

# 50,000 rows are read a page at a time; arq re-runs a killed worker's job after this long.
EXPORT_JOB_TIMEOUT_SECONDS = 600

__all__ = ["EXPORT_JOB", "EXPORT_JOB_TIMEOUT_SECONDS", "run_export"]


async def run_export(ctx: dict[str, Any], tenant_id: str, export_id: str) -> None:
    services: Services = ctx["services"]
    with structlog.contextvars.bound_contextvars(tenant_id=tenant_id, export_id=export_id):
        await run_export_job(services, uuid.UUID(tenant_id), uuid.UUID(export_id))
