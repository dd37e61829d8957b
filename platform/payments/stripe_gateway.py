"""Talking to Stripe with the official SDK: one client per call, built from a tenant's key.
`ORBIT_STRIPE_API_BASE` points it at a Stripe-compatible server (the tests use localstripe)."""

from __future__ import annotations

from dataclasses import dataclass

import stripe
from stripe._base_address import BaseAddresses

from core.settings import Settings


@dataclass(frozen=True)
class ConnectionCheck:
    ok: bool
    code: str | None
    message: str
    livemode: bool | None


# The Stripe API version Orbit is written against: pinned, so a new SDK release does not
# change what requests mean (and so Stripe-compatible test servers understand them).
API_VERSION = "2024-06-20"


def client(settings: Settings, secret_key: str) -> stripe.StripeClient:
    base: BaseAddresses | None = (
        {"api": settings.stripe_api_base} if settings.stripe_api_base else None
    )
    return stripe.StripeClient(
        secret_key,
        base_addresses=base,
        max_network_retries=0,
        stripe_version=API_VERSION,
        http_client=stripe.HTTPXClient(timeout=settings.stripe_timeout_seconds),
    )


async def check_connection(settings: Settings, secret_key: str) -> ConnectionCheck:
    """Ask Stripe for the account's balance: the cheapest call every key may make."""
    try:
        balance = await client(settings, secret_key).v1.balance.retrieve_async()
    except stripe.AuthenticationError as error:
        return ConnectionCheck(
            False, "STRIPE_KEY_REJECTED", f"Stripe rejected the secret key: {reason(error)}", None
        )
    except stripe.PermissionError as error:
        return ConnectionCheck(
            False,
            "STRIPE_KEY_PERMISSION",
            f"The key may not read the account's balance (a restricted key?): {reason(error)}",
            None,
        )
    except stripe.APIConnectionError:
        return ConnectionCheck(
            False, "STRIPE_UNREACHABLE", "Stripe could not be reached; try again later.", None
        )
    except stripe.StripeError as error:
        return ConnectionCheck(False, "STRIPE_ERROR", f"Stripe answered: {reason(error)}", None)
    mode = "live" if balance.livemode else "test"
    return ConnectionCheck(
        True, None, f"Connected to Stripe in {mode} mode.", bool(balance.livemode)
    )


async def refund_payment_intent(
    settings: Settings, secret_key: str, payment_intent_id: str, cents: int, orbit_refund_id: str
) -> str:
    """Refund `cents` of a PaymentIntent and return Stripe's refund id. The idempotency key
    is the Orbit refund's, so asking again after a lost answer never pays out twice.
    Raises stripe.StripeError when Stripe refuses or cannot be reached."""
    refund = await client(settings, secret_key).v1.refunds.create_async(
        params={
            "payment_intent": payment_intent_id,
            "amount": cents,
            "metadata": {"orbit_refund_id": orbit_refund_id},
        },
        options={"idempotency_key": f"orbit-refund-{orbit_refund_id}"},
    )
    return str(refund.id)


def reason(error: stripe.StripeError) -> str:
    return (error.user_message or str(error) or type(error).__name__).strip()[:300]
