"""Paying through Stripe against localstripe: a tenant connected to it, selling to a portal
buyer, and what Stripe.js and Stripe's webhooks do."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
import uuid
from dataclasses import dataclass
from typing import Any

import httpx
import stripe

from tests.support.catalog import create_product
from tests.support.database import owner_sql, tenant_id_of
from tests.support.graphql import GraphQLClient, TenantSession, global_id, sign_up
from tests.support.inventory import create_warehouse, receive
from tests.support.portal import Buyer, placed, register_buyer
from tests.support.stack import Mailbox, Stack

PAY = """mutation Pay($orderId: ID!) { payOrderOnline(orderId: $orderId) {
  payment { paymentIntentId clientSecret publishableKey stripeJsUrl amount { amount currency }
            paymentMethods }
  userErrors { field code message } } }"""
UPDATE_STRIPE = """mutation U($input: UpdateStripeSettingsInput!) { updateStripeSettings(
  input: $input) { userErrors { field code } } }"""
PORTAL_ORDER_PAYMENT = """query O($id: ID!) { portalOrder(id: $id) {
  status paymentStatus amountDue { amount } } }"""


@dataclass
class StripeShop:
    owner: TenantSession
    tenant_id: str
    buyer: Buyer
    bolt: str
    secret_key: str
    webhook_secret: str
    endpoint: str


def stripe_base(stack: Stack) -> str:
    return stack.env["ORBIT_STRIPE_API_BASE"]


def stripe_keys() -> dict[str, str]:
    """Fresh test-mode keys and a webhook signing secret, as updateStripeSettings takes them."""
    return {
        "secretKey": f"sk_test_{uuid.uuid4().hex}",
        "webhookSecret": f"whsec_{uuid.uuid4().hex}",
        "publishableKey": f"pk_test_{uuid.uuid4().hex}",
    }


def connect_stripe(session: TenantSession, keys: dict[str, str] | None = None) -> dict[str, str]:
    """Store Stripe keys (fresh ones unless given) for the tenant; the keys stored."""
    keys = keys or stripe_keys()
    payload = session.client.data(UPDATE_STRIPE, {"input": keys})["updateStripeSettings"]
    assert payload["userErrors"] == [], payload["userErrors"]
    return keys


def open_stripe_shop(
    api: GraphQLClient, mailbox: Mailbox, stack: Stack, connect: bool = True
) -> StripeShop:
    """A tenant selling BOLT (10.00 + 10 % tax, 100 in stock) to a portal buyer, connected to
    localstripe unless `connect` is false."""
    owner = sign_up(api, name="Harbour Trading")
    warehouse = create_warehouse(owner, "MAIN")
    bolt = create_product(owner, "BOLT", "Bolt", "10.00", cost="6.00", taxRate="0.1")["skus"][0][
        "id"
    ]
    receive(owner, warehouse, bolt, "100")
    buyer = register_buyer(api, mailbox, owner, "Wayne Ltd")
    tenant_id = tenant_id_of(stack, owner)
    keys = stripe_keys()
    endpoint = f"{stack.base_url}/webhooks/stripe/{tenant_id}"
    if connect:
        connect_stripe(owner, keys)
        # localstripe posts every event, signed with this secret, to this tenant's route.
        registered = httpx.post(
            f"{stripe_base(stack)}/_config/webhooks/{tenant_id}",
            data={"url": endpoint, "secret": keys["webhookSecret"]},
        )
        assert registered.status_code == 200, registered.text
    return StripeShop(
        owner, tenant_id, buyer, bolt, keys["secretKey"], keys["webhookSecret"], endpoint
    )


def portal_placed(shop: StripeShop, quantity: str) -> dict[str, Any]:
    """An order the shop's customer placed in the portal, with its staff (global) id."""
    order = placed(shop.buyer, (shop.bolt, quantity))
    return {**order, "portalId": order["id"], "id": global_id("Order", order["id"])}


def sdk(stack: Stack, key: str) -> stripe.StripeClient:
    return stripe.StripeClient(
        key,
        base_addresses={"api": stripe_base(stack)},
        max_network_retries=0,
        stripe_version="2024-06-20",
    )


def pay(buyer: Buyer, order_id: str) -> dict[str, Any]:
    payload: dict[str, Any] = buyer.portal.data(PAY, {"orderId": order_id})["payOrderOnline"]
    return payload


def confirm_with_card(
    stack: Stack, shop: StripeShop, payment_intent_id: str, number: str = "4242424242424242"
) -> Any:
    """What Stripe.js does in the customer's browser."""
    client = sdk(stack, shop.secret_key)
    method = client.v1.payment_methods.create(
        params={
            "type": "card",
            "card": {"number": number, "exp_month": 12, "exp_year": 2030, "cvc": "123"},
        }
    )
    # localstripe confirms an intent whose payment method is already set, not both at once.
    client.v1.payment_intents.update(payment_intent_id, params={"payment_method": method.id})
    return client.v1.payment_intents.confirm(payment_intent_id)


def post_signed_webhook(
    url: str, secret: str, body: str, timestamp: int | None = None
) -> httpx.Response:
    """POST `body` to a webhook route, signed with `secret` in Stripe's scheme (t=…,v1=…)."""
    stamp = int(time.time()) if timestamp is None else timestamp
    signature = hmac.new(secret.encode(), f"{stamp}.{body}".encode(), hashlib.sha256).hexdigest()
    return httpx.post(
        url,
        content=body,
        headers={
            "Content-Type": "application/json",
            "Stripe-Signature": f"t={stamp},v1={signature}",
        },
    )


def signed_post(
    shop: StripeShop, event: dict[str, Any], timestamp: int | None = None, secret: str | None = None
) -> httpx.Response:
    """The event, as Stripe would post it to the shop's webhook route."""
    return post_signed_webhook(
        shop.endpoint, secret or shop.webhook_secret, json.dumps(event), timestamp
    )


def intent_event(
    kind: str, intent_id: str, cents: int, event_id: str | None = None
) -> dict[str, Any]:
    return {
        "id": event_id or f"evt_{uuid.uuid4().hex}",
        "object": "event",
        "type": kind,
        "created": int(time.time()),
        "api_version": "2024-06-20",
        "data": {
            "object": {
                "id": intent_id,
                "object": "payment_intent",
                "amount": cents,
                "amount_received": cents,
                "currency": "usd",
                "status": "succeeded" if kind.endswith("succeeded") else "requires_payment_method",
            }
        },
    }


def events_recorded(stack: Stack, tenant_id: str) -> dict[str, str]:
    """The Stripe events the tenant's webhook route took: event id -> outcome."""
    rows = owner_sql(
        stack,
        "SELECT event_id, outcome FROM stripe_events WHERE tenant_id = $1",
        uuid.UUID(tenant_id),
    )
    return {r["event_id"]: r["outcome"] for r in rows}
