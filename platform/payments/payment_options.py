"""How a portal customer can pay the tenant: online through Stripe when the tenant has
connected it, and by bank transfer following the tenant's instructions."""

from __future__ import annotations

from dataclasses import dataclass

from core.context import Actor
from payments.models import StripeAccount
from tenants import read_branding


@dataclass(frozen=True)
class PaymentOptions:
    online_payment_available: bool
    bank_transfer_instructions: str | None


def stripe_ready(account: StripeAccount | None) -> bool:
    """Whether the tenant's Stripe connection can take a payment: a secret key to create
    it and a publishable key for Stripe.js to confirm it."""
    return (
        account is not None
        and account.secret_key_ciphertext is not None
        and bool(account.publishable_key)
    )


async def portal_payment_options(actor: Actor) -> PaymentOptions:
    """The ways the signed-in portal customer can pay (portal only)."""
    actor.require_portal()
    account = await actor.session.get(StripeAccount, actor.tenant_id)
    branding = await read_branding(actor)
    return PaymentOptions(stripe_ready(account), branding.bank_details)
