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


def client(settings: Settings, secret_key: str) -> stripe.StripeClient:
    base: BaseAddresses | None = (
        {"api": settings.stripe_api_base} if settings.stripe_api_base else None)
    return stripe.StripeClient(
        secret_key, base_addresses=base, max_network_retries=0,
        http_client=stripe.HTTPXClient(timeout=settings.stripe_timeout_seconds))


async def check_connection(settings: Settings, secret_key: str) -> ConnectionCheck:
    """Ask Stripe for the account's balance: the cheapest call every key may make."""
    try:
        balance = await client(settings, secret_key).v1.balance.retrieve_async()
    except stripe.AuthenticationError as error:
        return ConnectionCheck(False, "STRIPE_KEY_REJECTED",
                               f"Stripe rejected the secret key: {_reason(error)}", None)
    except stripe.PermissionError as error:
        return ConnectionCheck(False, "STRIPE_KEY_PERMISSION", "The key may not read the "
                               f"account's balance (a restricted key?): {_reason(error)}", None)
    except stripe.APIConnectionError:
        return ConnectionCheck(False, "STRIPE_UNREACHABLE",
                               "Stripe could not be reached; try again later.", None)
    except stripe.StripeError as error:
        return ConnectionCheck(False, "STRIPE_ERROR", f"Stripe answered: {_reason(error)}",
                               None)
    mode = "live" if balance.livemode else "test"
    return ConnectionCheck(True, None, f"Connected to Stripe in {mode} mode.",
                           bool(balance.livemode))


def _reason(error: stripe.StripeError) -> str:
    return (error.user_message or str(error) or type(error).__name__).strip()[:300]
