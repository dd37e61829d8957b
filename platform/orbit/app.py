"""The API process: Litestar serving GraphQL, OAuth, health, metrics and the front end."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from litestar import Litestar, Request, Router
from litestar.config.cors import CORSConfig
from litestar.di import Provide

from core.context import Services
from core.errors import AccessError, RateLimited, Unauthenticated
from core.gql.context import OrbitContext
from core.observability import bind_log_tenant, configure_logging
from core.ratelimit import FixedWindowLimiter
from core.settings import Settings, get_settings
from core.tenancy import Principal, request_id_var
from exports.documents import export_download
from files.http import download_file, upload_file
from identity.oauth import token_endpoint
from orbit.frontend import graphiql_page
from orbit.graphql_http import graphql_controller
from orbit.http import (
    access_error_handler,
    health_live,
    health_ready,
    metrics,
    request_context_middleware,
)
from orbit.mailcatcher import dev_mail_routes
from orbit.runtime import open_services
from orbit.schema import build_schema
from orbit.security_headers import security_headers
from payments.documents import invoice_pdf_download
from payments.webhooks import stripe_webhook
from returns.documents import return_label_download


def principal_from_request(services: Services, request: Request[Any, Any, Any]) -> Principal | None:
    """The bearer token's principal; a malformed, forged or expired token is refused."""
    header = request.headers.get("authorization")
    if not header:
        return None
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthenticated("Use `Authorization: Bearer <access token>`.")
    principal = services.signer.verify(token.strip())
    if principal is None:
        raise Unauthenticated("The access token is invalid or has expired.")
    return principal


def client_ip(request: Request[Any, Any, Any]) -> str:
    return request.client.host if request.client else "unknown"


async def rate_limit(services: Services, principal: Principal | None, ip: str) -> None:
    limit = services.settings.tenant_rate_limit_per_minute
    limiter = FixedWindowLimiter(
        services.redis, f"{services.settings.redis_namespace}:rate", limit, 60
    )
    key = f"tenant:{principal.tenant_id}" if principal else f"ip:{ip}"
    if await limiter.hit(key):
        wait = limiter.retry_after()
        raise RateLimited(
            f"Request limit of {limit} per minute reached; retry in {wait} s.",
            retry_after_seconds=wait,
        )


async def graphql_context(request: Request[Any, Any, Any]) -> AsyncIterator[OrbitContext]:
    services: Services = request.app.state.services
    principal = principal_from_request(services, request)
    ip = client_ip(request)
    await rate_limit(services, principal, ip)
    if principal:
        bind_log_tenant(str(principal.tenant_id))
    context = OrbitContext(
        services=services, principal=principal, request_id=request_id_var.get(), client_ip=ip
    )
    try:
        yield context
    finally:
        await context.close()


def create_app(settings: Settings | None = None) -> Litestar:
    settings = settings or get_settings()
    configure_logging(settings.log_level, settings.log_json)
    schema = build_schema(settings)
    ide = graphiql_page(settings.frontend_dist) if settings.graphiql else None
    GraphQLController = graphql_controller(schema, graphql_context, ide)  # noqa: N806

    @asynccontextmanager
    async def lifespan(app: Litestar) -> AsyncIterator[None]:
        async with open_services(settings) as services:
            app.state.services = services
            yield

    route_handlers: list[Any] = [
        GraphQLController,
        health_live,
        health_ready,
        metrics,
        token_endpoint,
        stripe_webhook,
        *dev_mail_routes(settings),
        download_file,
        Router(
            "/",
            route_handlers=[
                invoice_pdf_download,
                return_label_download,
                export_download,
                upload_file,
            ],
            dependencies={"request_context": Provide(graphql_context)},
        ),
    ]
    if settings.frontend_dist:
        from orbit.frontend import frontend_route_handlers  # only when the apps are served

        route_handlers += frontend_route_handlers(settings.frontend_dist)
    return Litestar(
        route_handlers=route_handlers,
        lifespan=[lifespan],
        middleware=[request_context_middleware],
        before_send=[security_headers(settings)],
        exception_handlers={AccessError: access_error_handler},
        cors_config=CORSConfig(allow_origins=[settings.public_url])
        if settings.is_development
        else None,
        debug=False,
        logging_config=None,
    )
