"""The import's arq job: the worker runs a queued import job by id (it may run twice)."""

from __future__ import annotations

import uuid
from typing import Any

import structlog

from core.context import Services
from imports.runner import run_import_job
from imports.services import IMPORT_JOB

# An import of 50,000 rows must fit; arq re-runs a killed worker's job after this long.
IMPORT_JOB_TIMEOUT_SECONDS = 600

__all__ = ["IMPORT_JOB", "IMPORT_JOB_TIMEOUT_SECONDS", "run_import"]


async def run_import(ctx: dict[str, Any], tenant_id: str, job_id: str) -> None:
    services: Services = ctx["services"]
    with structlog.contextvars.bound_contextvars(tenant_id=tenant_id, import_job_id=job_id):
        await run_import_job(services, uuid.UUID(tenant_id), uuid.UUID(job_id))
