"""The HTTP route Stripe posts a tenant's webhook events to."""

from __future__ import annotations

import uuid
from typing import Any

import structlog
from litestar import Request, Response, post

from core.context import Services
from payments import stripe_payments

log = structlog.get_logger("orbit.payments")


@post("/webhooks/stripe/{tenant_id:str}", include_in_schema=False, status_code=200)
async def stripe_webhook(
    request: Request[Any, Any, Any], tenant_id: str
) -> Response[dict[str, Any]]:
    """Verify, record once and apply one Stripe event (docs/payments.md)."""
    try:
        tenant = uuid.UUID(tenant_id)
    except ValueError:
        return Response({"error": "unknown tenant"}, status_code=404)
    services: Services = request.app.state.services
    try:
        answer = await stripe_payments.receive_webhook(
            services, tenant, await request.body(), request.headers.get("stripe-signature")
        )
    except Exception:
        # Nothing was recorded (the transaction rolled back): Stripe retries a 5xx later.
        log.exception("stripe.webhook_failed", tenant_id=str(tenant))
        raise
    return Response(answer.body, status_code=answer.status_code)
