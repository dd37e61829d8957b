"""What Stripe's webhook route does with bodies it cannot use: a correctly signed body that
is not an event, an empty object, an event without data or with data that is no object is
answered 400 with the reason (Stripe retries non-2xx, harmless for such a body), and a
signature stamped further in the future than the tolerance is refused like a stale one.
Nothing is recorded for any of them."""

from __future__ import annotations

import json
import time
import uuid
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from tests.support.database import tenant_id_of
from tests.support.graphql import GraphQLClient, sign_up
from tests.support.stack import Stack
from tests.support.stripe import connect_stripe, events_recorded, post_signed_webhook

TOLERANCE_SECONDS = 300  # Stripe's default, which Orbit applies both ways


@dataclass
class Endpoint:
    """A tenant's webhook route and the signing secret Stripe would use for it."""

    url: str
    secret: str
    tenant_id: str

    def post(self, body: str, stamp: int | None = None) -> httpx.Response:
        """POST `body` signed with the tenant's secret in Stripe's scheme (t=…,v1=…)."""
        return post_signed_webhook(self.url, self.secret, body, stamp)

    def events_recorded(self, stack: Stack) -> list[str]:
        return sorted(events_recorded(stack, self.tenant_id))


@pytest.fixture(scope="module")
def endpoint(api: GraphQLClient, stack: Stack) -> Endpoint:
    owner = sign_up(api, name="Webhook Trading")
    secret = connect_stripe(owner)["webhookSecret"]
    tenant_id = tenant_id_of(stack, owner)
    return Endpoint(f"{stack.base_url}/webhooks/stripe/{tenant_id}", secret, tenant_id)


def event(**fields: Any) -> str:
    return json.dumps(
        {
            "id": f"evt_{uuid.uuid4().hex}",
            "object": "event",
            "type": "payment_intent.succeeded",
            "created": int(time.time()),
            **fields,
        }
    )


def intent(**fields: Any) -> dict[str, Any]:
    return {
        "id": f"pi_{uuid.uuid4().hex}",
        "object": "payment_intent",
        "amount": 1100,
        "amount_received": 1100,
        "currency": "usd",
        "status": "succeeded",
        **fields,
    }


UNUSABLE_BODIES = {
    "json that is not an event": json.dumps(["evt_1", "payment_intent.succeeded"]),
    "an object that is not an event": json.dumps({"id": "cus_1", "object": "customer"}),
    "an empty object": "{}",
    "an event without data": event(),
    "an event whose data is text": event(data="pi_123"),
    "an event whose data holds no object": event(data={"object": "pi_123"}),
    "a payment intent without its id": event(data={"object": intent(id=None)}),
    "a payment intent with a fractional amount": event(data={"object": intent(amount=10.5)}),
}


@pytest.mark.parametrize("body", list(UNUSABLE_BODIES.values()), ids=list(UNUSABLE_BODIES))
def test_a_signed_body_orbit_cannot_use_is_a_400_with_the_reason(
    endpoint: Endpoint, stack: Stack, body: str
) -> None:
    before = endpoint.events_recorded(stack)

    answer = endpoint.post(body)

    assert answer.status_code == 400, answer.text
    assert answer.json()["error"]
    assert endpoint.events_recorded(stack) == before


def test_a_signature_stamped_in_the_future_is_refused_like_a_stale_one(
    endpoint: Endpoint, stack: Stack
) -> None:
    now = int(time.time())
    before = endpoint.events_recorded(stack)

    future = endpoint.post(event(data={"object": intent()}), stamp=now + TOLERANCE_SECONDS + 600)
    stale = endpoint.post(event(data={"object": intent()}), stamp=now - TOLERANCE_SECONDS - 600)

    assert (future.status_code, stale.status_code) == (400, 400)
    assert "future" in future.json()["error"]
    assert endpoint.events_recorded(stack) == before


def test_a_signature_a_little_ahead_of_our_clock_is_accepted(
    endpoint: Endpoint, stack: Stack
) -> None:
    """Clocks drift: a stamp within the tolerance is fine either way."""
    body = event(data={"object": intent()})

    answer = endpoint.post(body, stamp=int(time.time()) + 60)

    assert answer.status_code == 200, answer.text
    assert answer.json()["outcome"] == "unknown_payment_intent"
    assert json.loads(body)["id"] in endpoint.events_recorded(stack)
