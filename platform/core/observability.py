"""Structured JSON logs (with request and tenant ids) and Prometheus metrics."""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import MutableMapping
from contextvars import ContextVar, Token
from typing import Any

import structlog
from prometheus_client import Counter, Histogram

from core.tenancy import operation_var, request_id_var, tenant_id_var

HTTP_REQUESTS = Counter("orbit_http_requests_total", "HTTP requests", ["method", "route", "status"])
HTTP_SECONDS = Histogram("orbit_http_request_seconds", "HTTP request latency", ["method", "route"])
GRAPHQL_OPERATIONS = Counter(
    "orbit_graphql_operations_total", "GraphQL operations", ["operation", "type", "outcome"]
)
GRAPHQL_SECONDS = Histogram(
    "orbit_graphql_operation_seconds", "GraphQL operation latency", ["operation", "type"]
)
DB_STATEMENTS = Counter(
    "orbit_db_statements_total", "SQL statements sent, by GraphQL operation", ["operation"]
)
JOBS = Counter("orbit_jobs_total", "Worker jobs finished", ["job", "outcome"])
JOB_SECONDS = Histogram("orbit_job_seconds", "Worker job latency", ["job"])


# Clients choose operation names; a cap keeps them from growing the metrics without bound.
MAX_OPERATION_LABELS = 500
_OPERATION_NAME = re.compile(r"^[_A-Za-z][_0-9A-Za-z]{0,99}$")
_operation_labels: set[str] = set()


def operation_label(name: str | None) -> str:
    """The metrics label of a GraphQL operation: its name while fewer than
    MAX_OPERATION_LABELS names have been seen, 'other' past that or for a malformed name."""
    if not name:
        return "anonymous"
    if name in _operation_labels:
        return name
    if len(_operation_labels) >= MAX_OPERATION_LABELS or not _OPERATION_NAME.match(name):
        return "other"
    _operation_labels.add(name)
    return name


# Every SQL statement is counted: the labelled child is looked up once per operation, not
# through `labels()` (which builds and checks the label tuple) per statement.
_statement_counters: dict[str, Any] = {}


def count_statement() -> None:
    operation = operation_var.get()
    counter = _statement_counters.get(operation)
    if counter is None:
        counter = _statement_counters[operation] = DB_STATEMENTS.labels(operation=operation)
    counter.inc()


# Litestar may resolve a handler's dependencies in child tasks, which run in copies of the
# context: a tenant set there would not reach the handler or the request's access log line.
# A dict shared by reference does.
_request_fields: ContextVar[dict[str, str] | None] = ContextVar(
    "orbit_request_fields", default=None
)


def open_request_log() -> Token[dict[str, str] | None]:
    """Start collecting the fields every log line of one request carries."""
    return _request_fields.set({})


def close_request_log(token: Token[dict[str, str] | None]) -> None:
    _request_fields.reset(token)


def bind_log_tenant(tenant_id: str) -> None:
    """Name the tenant in every later log line of this request, its access line included."""
    tenant_id_var.set(tenant_id)
    fields = _request_fields.get()
    if fields is not None:
        fields["tenant_id"] = tenant_id


def request_tenant() -> str | None:
    return tenant_id_var.get() or (_request_fields.get() or {}).get("tenant_id")


def _add_context(_: Any, __: str, event_dict: MutableMapping[str, Any]) -> MutableMapping[str, Any]:
    request_id, tenant_id = request_id_var.get(), request_tenant()
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
        # One write per line (print() writes the newline separately, so a line logged from
        # another thread could land in between and break the JSON lines).
        logger_factory=structlog.WriteLoggerFactory(file=sys.stderr),
        wrapper_class=structlog.make_filtering_bound_logger(logging.getLevelName(level.upper())),
        cache_logger_on_first_use=True,
    )
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(
        structlog.stdlib.ProcessorFormatter(
            processors=[
                structlog.stdlib.ProcessorFormatter.remove_processors_meta,
                structlog.processors.format_exc_info,
                renderer,
            ],
            foreign_pre_chain=shared,
        )
    )
    root = logging.getLogger()
    root.handlers = [handler]
    root.setLevel(level.upper())
    # alembic.runtime.migration: the readiness probe reads the revision on every call.
    for noisy in (
        "uvicorn.access",
        "casbin",
        "casbin.policy",
        "casbin.role",
        "casbin.enforcer",
        "alembic.runtime.migration",
    ):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    # Strawberry logs every client error (bad queries included); ours logs the unexpected.
    logging.getLogger("strawberry.execution").setLevel(logging.CRITICAL)
