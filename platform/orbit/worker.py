"""The arq worker process: relays outbox events to their handlers.

Event jobs: `dispatch_events`, enqueued once after the commit that wrote events (all of that
transaction's events), `dispatch_event` for one event (the sweep's and a retry's), and a cron
sweep every second that re-dispatches whatever is due in `event_queue`.
Job timeouts are short on purpose: arq re-runs a killed worker's job only after its timeout,
and the sweep relies on a lease a little longer than that.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Awaitable, Callable
from contextlib import AsyncExitStack
from typing import Any

import structlog
from arq import cron
from arq import run_worker as arq_run_worker
from arq.typing import WorkerCoroutine
from arq.worker import func
from prometheus_client import start_http_server

from approvals.jobs import APPROVAL_REMINDERS_JOB, APPROVAL_REMINDERS_SECONDS, send_reminders
from contracts.jobs import (
    CONTRACT_DAY_HOURS,
    CONTRACT_DAY_JOB,
    CONTRACT_DAY_MINUTE,
    run_contract_day_job,
)
from core import relay
from core.context import Services
from core.observability import JOB_SECONDS, JOBS, configure_logging
from core.outbox import DISPATCH_BATCH_JOB, DISPATCH_JOB
from core.settings import Settings
from exports.jobs import EXPORT_JOB, EXPORT_JOB_TIMEOUT_SECONDS, run_export
from imports.jobs import IMPORT_JOB, IMPORT_JOB_TIMEOUT_SECONDS, run_import
from orbit import export_lists as export_lists  # registers the lists exports read
from orbit.handlers import handlers_for
from orbit.runtime import open_services, queue_name, redis_settings
from payments.jobs import (
    OVERDUE_REMINDERS_JOB,
    OVERDUE_REMINDERS_SECONDS,
    RECONCILIATION_HOUR,
    RECONCILIATION_JOB,
    RECONCILIATION_MINUTE,
    RECONCILIATION_TIMEOUT_SECONDS,
    reconcile_nightly,
    send_overdue_reminders,
)
from quotes.jobs import EXPIRY_JOB, EXPIRY_MINUTE, expire_quotes
from shipping.jobs import LATE_SHIPMENTS_JOB, LATE_SHIPMENTS_SECONDS, check_late_shipments
from subscriptions.card_jobs import (
    CARD_CHARGES_JOB,
    CARD_CHARGES_MINUTE,
    CARD_CHARGES_TIMEOUT_SECONDS,
    charge_subscription_cards,
)
from subscriptions.jobs import (
    RENEWALS_JOB,
    RENEWALS_MINUTE,
    RENEWALS_TIMEOUT_SECONDS,
    renew_subscriptions,
)
from subscriptions.revenue_jobs import (
    NIGHTLY_TIMEOUT_SECONDS,
    REVENUE_RECONCILIATION_HOUR,
    REVENUE_RECONCILIATION_JOB,
    REVENUE_RECONCILIATION_MINUTE,
    SEGMENTS_HOUR,
    SEGMENTS_JOB,
    SEGMENTS_MINUTE,
    recompute_customer_segments,
    reconcile_recurring_revenue,
)
from tickets.inbound import INBOUND_MAIL_JOB, process_inbound_mail
from tickets.jobs import (
    SLA_BREACHES_JOB,
    SLA_BREACHES_SECONDS,
    SURVEYS_JOB,
    SURVEYS_SECONDS,
    check_sla_breaches,
    send_ticket_surveys,
)

SWEEP_JOB = "sweep_event_queue"
KEEP_RESULT_SECONDS = 60
# How often arq looks for new jobs: the wait between a commit and its handlers (outbox ->
# handler start). One cheap Redis read per look; 20 ms keeps that wait a small part of
# the 100 ms the relay is allowed (docs/performance.md).
POLL_DELAY_SECONDS = 0.02
# Jobs run at once; the worker keeps as many database connections open, so a busy relay
# never opens and closes an overflow connection (and re-prepares its statements) per job.
MAX_JOBS = 10
JobFunction = Callable[..., Awaitable[None]]

log = structlog.get_logger("orbit.worker")


def _services(ctx: dict[str, Any]) -> Services:
    services: Services = ctx["services"]
    return services


async def dispatch_event(ctx: dict[str, Any], tenant_id: str, event_id: str) -> None:
    with structlog.contextvars.bound_contextvars(
        tenant_id=tenant_id, event_id=event_id, job_id=ctx.get("job_id")
    ):
        await relay.dispatch_event(
            _services(ctx), handlers_for, uuid.UUID(tenant_id), uuid.UUID(event_id)
        )


async def dispatch_events(ctx: dict[str, Any], tenant_id: str, event_ids: list[str]) -> None:
    with structlog.contextvars.bound_contextvars(tenant_id=tenant_id, job_id=ctx.get("job_id")):
        await relay.dispatch_events(
            _services(ctx),
            handlers_for,
            uuid.UUID(tenant_id),
            [uuid.UUID(event_id) for event_id in event_ids],
        )


async def sweep_event_queue(ctx: dict[str, Any]) -> None:
    await relay.sweep_due_events(_services(ctx))


def instrumented(name: str, function: JobFunction) -> WorkerCoroutine:
    """Wrap a job so the after-job hook knows which job ran and whether it succeeded."""

    async def job(ctx: dict[Any, Any], *args: Any, **kwargs: Any) -> None:
        ctx["job_name"] = name
        ctx["job_outcome"] = "failure"
        await function(ctx, *args, **kwargs)
        ctx["job_outcome"] = "success"

    job.__qualname__ = job.__name__ = name
    return job


async def on_job_start(ctx: dict[str, Any]) -> None:
    ctx["job_started"] = time.perf_counter()


async def after_job_end(ctx: dict[str, Any]) -> None:
    name = str(ctx.get("job_name", "unknown"))
    JOBS.labels(job=name, outcome=ctx.get("job_outcome", "failure")).inc()
    started = ctx.get("job_started")
    if started is not None:
        JOB_SECONDS.labels(job=name).observe(time.perf_counter() - started)


async def on_startup(ctx: dict[str, Any]) -> None:
    settings: Settings = ctx["settings"]
    exit_stack = AsyncExitStack()
    ctx["services"] = await exit_stack.enter_async_context(
        open_services(settings, pool_size=MAX_JOBS)
    )
    ctx["exit_stack"] = exit_stack
    if settings.worker_metrics_port:
        start_http_server(settings.worker_metrics_port, addr=ctx["metrics_host"])
    log.info(
        "worker.started",
        queue=queue_name(settings),
        metrics_port=settings.worker_metrics_port,
        metrics_host=ctx["metrics_host"],
    )


async def on_shutdown(ctx: dict[str, Any]) -> None:
    exit_stack: AsyncExitStack | None = ctx.get("exit_stack")
    if exit_stack is not None:
        await exit_stack.aclose()
    log.info("worker.stopped")


def worker_settings(settings: Settings, metrics_host: str = "127.0.0.1") -> dict[str, Any]:
    timeout = settings.job_timeout_seconds
    return {
        "functions": [
            # A dispatch's outcome is in event_deliveries: arq need not keep its result.
            func(instrumented(DISPATCH_JOB, dispatch_event), name=DISPATCH_JOB, keep_result=0),
            func(
                instrumented(DISPATCH_BATCH_JOB, dispatch_events),
                name=DISPATCH_BATCH_JOB,
                keep_result=0,
            ),
            func(
                instrumented(IMPORT_JOB, run_import),
                name=IMPORT_JOB,
                timeout=IMPORT_JOB_TIMEOUT_SECONDS,
                max_tries=2,
            ),
            func(
                instrumented(EXPORT_JOB, run_export),
                name=EXPORT_JOB,
                timeout=EXPORT_JOB_TIMEOUT_SECONDS,
                max_tries=2,
            ),
            func(
                instrumented(INBOUND_MAIL_JOB, process_inbound_mail),
                name=INBOUND_MAIL_JOB,
                max_tries=3,
            ),
        ],
        # arq keys a cron run by name and time in Redis-wide keys: the namespace in the name
        # keeps stacks that share a Redis from taking each other's runs.
        "cron_jobs": [
            cron(
                instrumented(SWEEP_JOB, sweep_event_queue),
                name=f"{SWEEP_JOB}@{settings.redis_namespace}",
                second=None,
                run_at_startup=True,
                timeout=timeout,
            ),
            cron(
                instrumented(LATE_SHIPMENTS_JOB, check_late_shipments),
                name=f"{LATE_SHIPMENTS_JOB}@{settings.redis_namespace}",
                second=set(LATE_SHIPMENTS_SECONDS),
                timeout=timeout,
            ),
            cron(
                instrumented(SLA_BREACHES_JOB, check_sla_breaches),
                name=f"{SLA_BREACHES_JOB}@{settings.redis_namespace}",
                second=set(SLA_BREACHES_SECONDS),
                timeout=timeout,
            ),
            cron(
                instrumented(SURVEYS_JOB, send_ticket_surveys),
                name=f"{SURVEYS_JOB}@{settings.redis_namespace}",
                second=set(SURVEYS_SECONDS),
                timeout=timeout,
            ),
            cron(
                instrumented(APPROVAL_REMINDERS_JOB, send_reminders),
                name=f"{APPROVAL_REMINDERS_JOB}@{settings.redis_namespace}",
                second=set(APPROVAL_REMINDERS_SECONDS),
                timeout=timeout,
            ),
            cron(
                instrumented(OVERDUE_REMINDERS_JOB, send_overdue_reminders),
                name=f"{OVERDUE_REMINDERS_JOB}@{settings.redis_namespace}",
                second=set(OVERDUE_REMINDERS_SECONDS),
                timeout=timeout,
            ),
            cron(
                instrumented(EXPIRY_JOB, expire_quotes),
                name=f"{EXPIRY_JOB}@{settings.redis_namespace}",
                minute={EXPIRY_MINUTE},
                timeout=timeout,
            ),
            cron(
                instrumented(CONTRACT_DAY_JOB, run_contract_day_job),
                name=f"{CONTRACT_DAY_JOB}@{settings.redis_namespace}",
                hour=set(CONTRACT_DAY_HOURS),
                minute={CONTRACT_DAY_MINUTE},
                timeout=timeout,
            ),
            cron(
                instrumented(RECONCILIATION_JOB, reconcile_nightly),
                name=f"{RECONCILIATION_JOB}@{settings.redis_namespace}",
                hour={RECONCILIATION_HOUR},
                minute={RECONCILIATION_MINUTE},
                timeout=RECONCILIATION_TIMEOUT_SECONDS,
            ),
            cron(
                instrumented(SEGMENTS_JOB, recompute_customer_segments),
                name=f"{SEGMENTS_JOB}@{settings.redis_namespace}",
                hour={SEGMENTS_HOUR},
                minute={SEGMENTS_MINUTE},
                timeout=NIGHTLY_TIMEOUT_SECONDS,
            ),
            cron(
                instrumented(REVENUE_RECONCILIATION_JOB, reconcile_recurring_revenue),
                name=f"{REVENUE_RECONCILIATION_JOB}@{settings.redis_namespace}",
                hour={REVENUE_RECONCILIATION_HOUR},
                minute={REVENUE_RECONCILIATION_MINUTE},
                timeout=NIGHTLY_TIMEOUT_SECONDS,
            ),
            cron(
                instrumented(RENEWALS_JOB, renew_subscriptions),
                name=f"{RENEWALS_JOB}@{settings.redis_namespace}",
                minute={RENEWALS_MINUTE},
                timeout=RENEWALS_TIMEOUT_SECONDS,
            ),
            cron(
                instrumented(CARD_CHARGES_JOB, charge_subscription_cards),
                name=f"{CARD_CHARGES_JOB}@{settings.redis_namespace}",
                minute={CARD_CHARGES_MINUTE},
                timeout=CARD_CHARGES_TIMEOUT_SECONDS,
            ),
        ],
        "redis_settings": redis_settings(settings),
        "queue_name": queue_name(settings),
        "job_timeout": timeout,
        "max_jobs": MAX_JOBS,
        # On SIGTERM: stop taking jobs, let running ones finish (they are short), then exit.
        "job_completion_wait": timeout,
        "keep_result": KEEP_RESULT_SECONDS,
        "poll_delay": POLL_DELAY_SECONDS,
        "on_startup": on_startup,
        "on_shutdown": on_shutdown,
        "on_job_start": on_job_start,
        "after_job_end": after_job_end,
        "ctx": {"settings": settings, "metrics_host": metrics_host},
    }


# Jobs whose start and end arq need not log: the once-a-second sweep and the relay's
# dispatches would drown the rest, and they log what they did themselves (`event.sweep`,
# `events.dispatched`).
QUIET_JOBS = (SWEEP_JOB, DISPATCH_JOB)  # DISPATCH_JOB is a prefix of DISPATCH_BATCH_JOB


class QuietRelay(logging.Filter):
    """arq logs each job's start and end at INFO; not for the relay's own jobs."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno > logging.INFO:
            return True
        message = record.getMessage()
        return not any(name in message for name in QUIET_JOBS)


def run_worker(settings: Settings, metrics_host: str = "127.0.0.1") -> None:
    """Run until stopped; the metrics server, if any, listens on `metrics_host` only (the
    local machine by default: on a shared host, job counts are nobody else's business)."""
    configure_logging(settings.log_level, settings.log_json)
    logging.getLogger("arq.worker").addFilter(QuietRelay())
    arq_run_worker(worker_settings(settings, metrics_host))
