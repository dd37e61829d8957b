"""HTTP plumbing of the API process: request ids, access metrics, error bodies, health, and
who may read /metrics."""

from __future__ import annotations

import asyncio
import hmac
import os
import time
import uuid
from ipaddress import IPv6Address, ip_address
from typing import Any

import structlog
from litestar import Request, Response, get
from litestar.datastructures import MutableScopeHeaders
from litestar.enums import ScopeType
from litestar.exceptions import NotAuthorizedException, NotFoundException
from litestar.types import ASGIApp, Message, Receive, ReceiveMessage, Scope, Send
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest, multiprocess
from sqlalchemy import text

from core.context import Services
from core.errors import AccessError, RateLimited, Unauthenticated
from core.migrate import current_revision, schema_state
from core.observability import (
    HTTP_REQUESTS,
    HTTP_SECONDS,
    close_request_log,
    open_request_log,
)
from core.tenancy import request_id_var, tenant_id_var

log = structlog.get_logger("orbit.http")
CLIENT_CLOSED_REQUEST = 499
_STATUS_OF = {
    "UNAUTHENTICATED": 401,
    "FORBIDDEN": 403,
    "NOT_FOUND": 404,
    "RATE_LIMITED": 429,
    "BAD_REQUEST": 400,
}


def request_context_middleware(app: ASGIApp) -> ASGIApp:
    """Give every request an id (honouring X-Request-ID), log it, count it."""

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.HTTP:
            await app(scope, receive, send)
            return
        method = scope["method"]
        incoming = dict(scope["headers"]).get(b"x-request-id", b"").decode()[:64]
        request_id = incoming or uuid.uuid4().hex
        token = request_id_var.set(request_id)
        tenant_token = tenant_id_var.set(None)
        log_token = open_request_log()
        started = time.perf_counter()
        status = 500
        client_left = False

        async def send_wrapper(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                MutableScopeHeaders.from_message(message)["X-Request-ID"] = request_id
            await send(message)

        async def receive_wrapper() -> ReceiveMessage:
            nonlocal client_left
            message = await receive()
            client_left = client_left or message["type"] == "http.disconnect"
            return message

        try:
            await app(scope, receive_wrapper, send_wrapper)
        except asyncio.CancelledError:
            client_left = True
            raise
        finally:
            # Whatever was answered after the client left reached no one: the request was
            # cancelled by its client, not failed by the server (nginx's 499).
            if client_left:
                status = CLIENT_CLOSED_REQUEST
            route = scope.get("path_template") or _route_label(scope["path"])
            elapsed = time.perf_counter() - started
            HTTP_REQUESTS.labels(method, route, str(status)).inc()
            HTTP_SECONDS.labels(method, route).observe(elapsed)
            if not route.startswith("/health") and route != "/metrics":
                log.info(
                    "http.request",
                    method=method,
                    path=scope["path"],
                    status=status,
                    duration_ms=round(elapsed * 1000, 2),
                    **({"cancelled": True} if client_left else {}),
                )
            request_id_var.reset(token)
            tenant_id_var.reset(tenant_token)
            close_request_log(log_token)

    return middleware


def _route_label(path: str) -> str:
    for prefix in (
        "/graphql",
        "/oauth/token",
        "/health/live",
        "/health/ready",
        "/metrics",
        "/webhooks",
    ):
        if path.startswith(prefix):
            return prefix
    return "/static"


def graphql_error_body(error: AccessError) -> dict[str, Any]:
    return {"data": None, "errors": [{"message": str(error), "extensions": {"code": error.code}}]}


def access_error_handler(_: Request[Any, Any, Any], error: AccessError) -> Response[Any]:
    headers = {}
    if isinstance(error, RateLimited):
        headers["Retry-After"] = str(error.retry_after_seconds)
    if isinstance(error, Unauthenticated):
        headers["WWW-Authenticate"] = 'Bearer realm="orbit"'
    return Response(
        graphql_error_body(error), status_code=_STATUS_OF.get(error.code, 400), headers=headers
    )


@get("/health/live", sync_to_thread=False, include_in_schema=False)
def health_live() -> dict[str, str]:
    return {"status": "ok"}


@get("/health/ready", include_in_schema=False)
async def health_ready(request: Request[Any, Any, Any]) -> Response[dict[str, Any]]:
    services: Services = request.app.state.services
    checks: dict[str, str] = {}
    try:
        async with services.db.engine.connect() as conn:
            await conn.execute(text("SELECT 1"))
        current = await current_revision(services.db.engine)
        checks["postgres"] = "ok"
        checks["migrations"] = schema_state(services.settings, current)
    except Exception as error:  # a readiness probe reports, it does not raise
        checks["postgres"] = f"error: {type(error).__name__}"
    try:
        await services.redis.ping()
        checks["redis"] = "ok"
    except Exception as error:
        checks["redis"] = f"error: {type(error).__name__}"
    ready = all(v == "ok" for v in checks.values())
    return Response(
        {"status": "ok" if ready else "unavailable", "checks": checks},
        status_code=200 if ready else 503,
    )


# Headers a proxy adds: a request that carries one came through a proxy, whatever its peer.
PROXY_HEADERS = ("x-forwarded-for", "forwarded", "x-real-ip")


def is_loopback(host: str) -> bool:
    try:
        address = ip_address(host)
    except ValueError:
        return False
    if isinstance(address, IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped.is_loopback
    return address.is_loopback


def is_direct_local_connection(request: Request[Any, Any, Any]) -> bool:
    """Sent from this machine without a proxy. A proxy on this machine would show a
    loopback peer, hence the headers check; uvicorn also replaces the peer by the
    forwarded address when the proxy is trusted."""
    peer = request.client.host if request.client else ""
    return is_loopback(peer) and not any(name in request.headers for name in PROXY_HEADERS)


def has_bearer_token(request: Request[Any, Any, Any], token: str) -> bool:
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(
        given.strip().encode(), token.encode()
    )


def check_metrics_access(request: Request[Any, Any, Any], token: str | None) -> None:
    """With a token, only who shows it; without one, only a direct connection from this
    machine, and to anyone else /metrics looks absent."""
    if token is None:
        if not is_direct_local_connection(request):
            raise NotFoundException()
    elif not has_bearer_token(request, token):
        raise NotAuthorizedException(
            "Use `Authorization: Bearer <metrics token>`.",
            headers={"WWW-Authenticate": 'Bearer realm="metrics"'},
        )


@get("/metrics", sync_to_thread=False, include_in_schema=False)
def metrics(request: Request[Any, Any, Any]) -> Response[bytes]:
    services: Services = request.app.state.services
    check_metrics_access(request, services.settings.metrics_token)
    # Litestar appends the charset to text/* types itself; a second one makes the header
    # unparsable for strict scrapers (Prometheus 3 rejects duplicate parameters).
    media_type = CONTENT_TYPE_LATEST.replace("; charset=utf-8", "")
    return Response(_metrics_of_every_process(), media_type=media_type)


def _metrics_of_every_process() -> bytes:
    """This process's metrics, or with several API processes (`orbit serve --workers`)
    all of theirs added up."""
    if "PROMETHEUS_MULTIPROC_DIR" not in os.environ:
        return generate_latest()
    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
    return generate_latest(registry)
