"""Structured JSON logs (with request and tenant ids) and Prometheus metrics."""

from __future__ import annotations

import logging
import sys
from collections.abc import MutableMapping
from typing import Any

import structlog
from prometheus_client import Counter, Histogram

from core.tenancy import operation_var, request_id_var, tenant_id_var

HTTP_REQUESTS = Counter("orbit_http_requests_total", "HTTP requests", ["method", "route", "status"])
HTTP_SECONDS = Histogram("orbit_http_request_seconds", "HTTP request latency", ["method", "route"])
GRAPHQL_OPERATIONS = Counter("orbit_graphql_operations_total", "GraphQL operations",
                             ["operation", "type", "outcome"])
GRAPHQL_SECONDS = Histogram("orbit_graphql_operation_seconds", "GraphQL operation latency",
                            ["operation", "type"])
DB_STATEMENTS = Counter("orbit_db_statements_total", "SQL statements sent, by GraphQL operation",
                        ["operation"])
JOBS = Counter("orbit_jobs_total", "Worker jobs finished", ["job", "outcome"])
JOB_SECONDS = Histogram("orbit_job_seconds", "Worker job latency", ["job"])


def count_statement() -> None:
    DB_STATEMENTS.labels(operation=operation_var.get()).inc()


def _add_context(_: Any, __: str, event_dict: MutableMapping[str, Any]) -> MutableMapping[str, Any]:
    request_id, tenant_id = request_id_var.get(), tenant_id_var.get()
    if request_id:
        event_dict.setdefault("request_id", request_id)
    if tenant_id:
        event_dict.setdefault("tenant_id", tenant_id)
    return event_dict


def configure_logging(level: str = "INFO", json: bool = True) -> None:
    renderer: structlog.types.Processor = (
        structlog.processors.JSONRenderer() if json else structlog.dev.ConsoleRenderer()
    )
    shared: list[structlog.types.Processor] = [
        structlog.contextvars.merge_contextvars,
        _add_context,
        structlog.processors.add_log_level,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
    ]
    structlog.configure(
        processors=[*shared, structlog.processors.format_exc_info, renderer],
        logger_factory=structlog.PrintLoggerFactory(file=sys.stderr),
        wrapper_class=structlog.make_filtering_bound_logger(logging.getLevelName(level.upper())),
        cache_logger_on_first_use=True,
    )
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(structlog.stdlib.ProcessorFormatter(
        processors=[structlog.stdlib.ProcessorFormatter.remove_processors_meta,
                    structlog.processors.format_exc_info, renderer],
        foreign_pre_chain=shared,
    ))
    root = logging.getLogger()
    root.handlers = [handler]
    root.setLevel(level.upper())
    for noisy in ("uvicorn.access", "casbin", "casbin.policy", "casbin.role", "casbin.enforcer"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    # Strawberry logs every client error (bad queries included); ours logs the unexpected.
    logging.getLogger("strawberry.execution").setLevel(logging.CRITICAL)
