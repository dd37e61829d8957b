"""The arq worker process (relays outbox events to their handlers)."""

from __future__ import annotations

from typing import Any

from arq import run_worker as arq_run_worker

from core.settings import Settings
from orbit.runtime import queue_name, redis_settings


async def dispatch_event(ctx: dict[str, Any], tenant_id: str, event_id: str) -> None:
    raise RuntimeError("event dispatch is not wired yet")


def worker_settings(settings: Settings) -> dict[str, Any]:
    return {
        "functions": [dispatch_event],
        "redis_settings": redis_settings(settings),
        "queue_name": queue_name(settings),
        "job_timeout": settings.job_timeout_seconds,
    }


def run_worker(settings: Settings) -> None:
    arq_run_worker(type("WorkerSettings", (), worker_settings(settings)))
