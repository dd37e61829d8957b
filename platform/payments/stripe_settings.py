"""The tenant's Stripe connection: reading it, changing it and testing it. Everything here
needs payments:configure; the secret key and the webhook secret are write-only."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import Enum
from typing import Any

import audit.services as audit
from core import secrets
from core.context import Actor
from core.errors import BusinessRuleError, UserError
from payments import stripe_gateway
from payments.errors import StripeErrorCode
from payments.models import StripeAccount

SECRET_KEY = re.compile(r"^(sk|rk)_(test|live)_[A-Za-z0-9]{1,247}$")
WEBHOOK_SECRET = re.compile(r"^whsec_[A-Za-z0-9+/=]{1,250}$")
PUBLISHABLE_KEY = re.compile(r"^pk_(test|live)_[A-Za-z0-9]{1,247}$")


class PaymentMethod(str, Enum):
    CARD = "card"
    ALIPAY = "alipay"
    WECHAT_PAY = "wechat_pay"


@dataclass(frozen=True)
class StripeSettingsChange:
    """Fields left None stay as they are."""

    secret_key: str | None = None
    webhook_secret: str | None = None
    publishable_key: str | None = None
    payment_methods: list[PaymentMethod] | None = None


@dataclass(frozen=True)
class StripeSettingsView:
    connected: bool
    secret_key_hint: str | None
    webhook_secret_set: bool
    publishable_key: str | None
    payment_methods: list[PaymentMethod]
    updated_at: datetime | None
    last_test: stripe_gateway.ConnectionCheck | None = None
    last_tested_at: datetime | None = None
    tenant_id: str = field(default="")


def _view(actor: Actor, row: StripeAccount | None) -> StripeSettingsView:
    if row is None:
        return StripeSettingsView(
            False, None, False, None, [PaymentMethod.CARD], None, tenant_id=str(actor.tenant_id)
        )
    last = (
        None
        if row.last_test_ok is None
        else stripe_gateway.ConnectionCheck(
            row.last_test_ok,
            row.last_test_code,
            row.last_test_message or "",
            row.last_test_livemode,
        )
    )
    return StripeSettingsView(
        connected=row.secret_key_ciphertext is not None,
        secret_key_hint=row.secret_key_hint,
        webhook_secret_set=row.webhook_secret_ciphertext is not None,
        publishable_key=row.publishable_key,
        payment_methods=[PaymentMethod(m) for m in row.payment_methods],
        updated_at=row.updated_at,
        last_test=last,
        last_tested_at=row.last_tested_at,
        tenant_id=str(actor.tenant_id),
    )


async def read_settings(actor: Actor) -> StripeSettingsView:
    await actor.require("payments", "configure")
    return _view(actor, await actor.session.get(StripeAccount, actor.tenant_id))


def _hint(secret_key: str) -> str:
    prefix = secret_key[:8] if secret_key[3:8] in ("test_", "live_") else secret_key[:3]
    return f"{prefix}…{secret_key[-4:]}"


def _mode(key: str | None) -> str | None:
    match = re.match(r"^[a-z]{2}_(test|live)_", key or "")
    return match.group(1) if match else None


def _check(change: StripeSettingsChange, row: StripeAccount | None) -> list[UserError]:
    errors = []
    if change.secret_key is not None and not SECRET_KEY.match(change.secret_key):
        errors.append(
            UserError(
                StripeErrorCode.INVALID_STRIPE_SECRET_KEY,
                "A Stripe secret key starts with sk_test_, sk_live_, rk_test_ or rk_live_.",
                ("secretKey",),
            )
        )
    if change.webhook_secret is not None and not WEBHOOK_SECRET.match(change.webhook_secret):
        errors.append(
            UserError(
                StripeErrorCode.INVALID_WEBHOOK_SECRET,
                "A webhook signing secret starts with whsec_.",
                ("webhookSecret",),
            )
        )
    if change.publishable_key and not PUBLISHABLE_KEY.match(change.publishable_key):
        errors.append(
            UserError(
                StripeErrorCode.INVALID_PUBLISHABLE_KEY,
                "A publishable key starts with pk_test_ or pk_live_.",
                ("publishableKey",),
            )
        )
    if change.payment_methods is not None and not change.payment_methods:
        errors.append(
            UserError(
                StripeErrorCode.PAYMENT_METHODS_EMPTY,
                "Choose at least one payment method.",
                ("paymentMethods",),
            )
        )
    if not errors and _modes_differ(change, row):
        errors.append(
            UserError(
                StripeErrorCode.KEY_MODE_MISMATCH,
                "The publishable key and the secret key must both be test keys or both live keys.",
                ("publishableKey",),
            )
        )
    return errors


def _modes_differ(change: StripeSettingsChange, row: StripeAccount | None) -> bool:
    secret = change.secret_key or (row.secret_key_hint if row else None)
    public = (
        change.publishable_key
        if change.publishable_key is not None
        else (row.publishable_key if row else None)
    )
    return bool(_mode(secret) and _mode(public) and _mode(secret) != _mode(public))


async def update_settings(actor: Actor, change: StripeSettingsChange) -> StripeSettingsView:
    await actor.require("payments", "configure")
    row = await actor.session.get(StripeAccount, actor.tenant_id, with_for_update=True)
    errors = _check(change, row)
    if errors:
        raise BusinessRuleError(*errors)
    before = _summary(_view(actor, row))
    if row is None:
        row = StripeAccount(tenant_id=actor.tenant_id, payment_methods=[PaymentMethod.CARD.value])
        actor.session.add(row)
    settings = actor.services.settings
    if change.secret_key is not None:
        row.secret_key_ciphertext = secrets.encrypt(settings, change.secret_key)
        row.secret_key_hint = _hint(change.secret_key)
        row.last_test_ok = row.last_test_code = row.last_test_message = None
        row.last_test_livemode = row.last_tested_at = None
    if change.webhook_secret is not None:
        row.webhook_secret_ciphertext = secrets.encrypt(settings, change.webhook_secret)
    if change.publishable_key is not None:
        row.publishable_key = change.publishable_key or None
    if change.payment_methods is not None:
        row.payment_methods = sorted({m.value for m in change.payment_methods})
    row.updated_at = datetime.now(UTC)
    await actor.session.flush()
    view = _view(actor, row)
    await audit.record(
        actor,
        "payments.update_stripe_settings",
        "stripe_accounts",
        actor.tenant_id,
        before=before,
        after=_summary(view),
    )
    return view


def _summary(view: StripeSettingsView) -> dict[str, Any]:
    """What the audit log keeps: never a secret, only whether it is set and the key hint."""
    return {
        "secretKey": view.secret_key_hint,
        "webhookSecretSet": view.webhook_secret_set,
        "publishableKey": view.publishable_key,
        "paymentMethods": [m.value for m in view.payment_methods],
    }


@dataclass(frozen=True)
class StoredKey:
    secret_key: str
    ciphertext: bytes


async def stored_secret_key(actor: Actor) -> StoredKey:
    """The decrypted secret key, for a call to Stripe (payments:configure)."""
    await actor.require("payments", "configure")
    row = await actor.session.get(StripeAccount, actor.tenant_id)
    if row is None or row.secret_key_ciphertext is None:
        raise BusinessRuleError.single(
            StripeErrorCode.STRIPE_NOT_CONFIGURED, "Save a Stripe secret key first.", "secretKey"
        )
    return StoredKey(
        secrets.decrypt(actor.services.settings, row.secret_key_ciphertext),
        row.secret_key_ciphertext,
    )


async def record_test(
    actor: Actor, tested: StoredKey, result: stripe_gateway.ConnectionCheck
) -> StripeSettingsView:
    """Keep the outcome of a connection test, unless the key was replaced meanwhile: the
    outcome then belongs to a key no longer stored."""
    await actor.require("payments", "configure")
    row = await actor.session.get(StripeAccount, actor.tenant_id, with_for_update=True)
    if row is None or row.secret_key_ciphertext != tested.ciphertext:
        return _view(actor, row)
    row.last_test_ok, row.last_test_code = result.ok, result.code
    row.last_test_message, row.last_test_livemode = result.message, result.livemode
    row.last_tested_at = datetime.now(UTC)
    await actor.session.flush()
    return _view(actor, row)
