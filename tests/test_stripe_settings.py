"""The tenant's Stripe connection over GraphQL, against localstripe (a Stripe-compatible
server the test stack starts and points the official SDK at): keys are checked for their
form, stored encrypted, never returned, tested against Stripe with a clear outcome, and
kept apart per tenant and behind payments:configure."""

from __future__ import annotations

import json
import uuid
from typing import Any

from tests.support.database import owner_sql
from tests.support.graphql import GraphQLClient, TenantSession, invite_and_join, sign_up
from tests.support.stack import Mailbox, Stack

SETTINGS_FIELDS = """connected secretKeyHint webhookSecretSet publishableKey paymentMethods
  webhookUrl updatedAt lastTest { ok code message livemode testedAt }"""
SETTINGS = f"query {{ stripeSettings {{ {SETTINGS_FIELDS} }} }}"
UPDATE = f"""mutation U($input: UpdateStripeSettingsInput!) {{
  updateStripeSettings(input: $input) {{ settings {{ {SETTINGS_FIELDS} }}
    userErrors {{ field code message }} }} }}"""
TEST = f"""mutation {{ testStripeConnection {{
  result {{ ok code message livemode testedAt }}
  settings {{ {SETTINGS_FIELDS} }} userErrors {{ field code message }} }} }}"""
AUDIT = """query { auditLog(first: 20) { edges { node { action changes } } } }"""


def token(prefix: str) -> str:
    return f"{prefix}{uuid.uuid4().hex}"


def update(session: TenantSession, **fields: Any) -> dict[str, Any]:
    payload: dict[str, Any] = session.client.data(UPDATE, {"input": fields})["updateStripeSettings"]
    return payload


def connect(session: TenantSession) -> dict[str, str]:
    keys = {
        "secretKey": token("sk_test_"),
        "webhookSecret": token("whsec_"),
        "publishableKey": token("pk_test_"),
    }
    payload = update(session, **keys, paymentMethods=["CARD", "ALIPAY"])
    assert payload["userErrors"] == [], payload["userErrors"]
    return keys


def test_keys_are_stored_encrypted_and_never_returned(
    api: GraphQLClient, stack: Stack, tenant: TenantSession
) -> None:
    before = tenant.client.data(SETTINGS)["stripeSettings"]
    assert before["connected"] is False and before["webhookSecretSet"] is False
    assert before["paymentMethods"] == ["CARD"] and before["lastTest"] is None

    keys = connect(tenant)
    response = tenant.client.raw(SETTINGS).text
    settings = json.loads(response)["data"]["stripeSettings"]
    assert settings["connected"] is True and settings["webhookSecretSet"] is True
    assert settings["secretKeyHint"] == f"sk_test_…{keys['secretKey'][-4:]}"
    assert settings["publishableKey"] == keys["publishableKey"]
    assert settings["paymentMethods"] == ["ALIPAY", "CARD"]
    tenant_id = tenant.client.data("query { tenant { id } }")["tenant"]["id"]
    assert settings["webhookUrl"].endswith(f"/webhooks/stripe/{tenant_id}")
    assert keys["secretKey"] not in response and keys["webhookSecret"] not in response

    stored = owner_sql(
        stack,
        "SELECT secret_key_ciphertext, webhook_secret_ciphertext "
        "FROM stripe_accounts WHERE tenant_id = $1",
        uuid.UUID(tenant_id),
    )
    assert len(stored) == 1
    raw = b"".join(bytes(row[0]) + bytes(row[1]) for row in stored)
    assert keys["secretKey"].encode() not in raw and keys["webhookSecret"].encode() not in raw

    logged = json.dumps(tenant.client.data(AUDIT)["auditLog"])
    assert "payments.update_stripe_settings" in logged
    assert keys["secretKey"] not in logged and keys["webhookSecret"] not in logged

    # Only what is sent changes: the stored secrets stay.
    changed = update(tenant, paymentMethods=["CARD", "WECHAT_PAY"])
    assert changed["userErrors"] == []
    assert changed["settings"]["paymentMethods"] == ["CARD", "WECHAT_PAY"]
    assert changed["settings"]["secretKeyHint"] == settings["secretKeyHint"]
    assert changed["settings"]["webhookSecretSet"] is True


def test_malformed_keys_are_refused_on_their_fields_and_nothing_is_saved(
    tenant: TenantSession,
) -> None:
    payload = update(
        tenant,
        secretKey="pk_test_abc",
        webhookSecret="secret",
        publishableKey="sk_test_abc",
        paymentMethods=[],
    )
    assert payload["settings"] is None
    assert {(e["field"][0], e["code"]) for e in payload["userErrors"]} == {
        ("secretKey", "INVALID_STRIPE_SECRET_KEY"),
        ("webhookSecret", "INVALID_WEBHOOK_SECRET"),
        ("publishableKey", "INVALID_PUBLISHABLE_KEY"),
        ("paymentMethods", "PAYMENT_METHODS_EMPTY"),
    }

    mixed = update(tenant, secretKey=token("sk_live_"), publishableKey=token("pk_test_"))
    assert [(e["field"], e["code"]) for e in mixed["userErrors"]] == [
        (["publishableKey"], "KEY_MODE_MISMATCH")
    ]
    assert tenant.client.data(SETTINGS)["stripeSettings"]["connected"] is False


def test_the_connection_test_reports_what_stripe_answered(tenant: TenantSession) -> None:
    untested = tenant.client.data(TEST)["testStripeConnection"]
    assert untested["result"] is None
    assert [(e["field"], e["code"]) for e in untested["userErrors"]] == [
        (["secretKey"], "STRIPE_NOT_CONFIGURED")
    ]

    connect(tenant)
    passed = tenant.client.data(TEST)["testStripeConnection"]
    assert passed["userErrors"] == []
    assert passed["result"]["ok"] is True and passed["result"]["livemode"] is False
    assert passed["result"]["code"] is None and "test mode" in passed["result"]["message"]
    assert tenant.client.data(SETTINGS)["stripeSettings"]["lastTest"]["ok"] is True

    # A restricted key localstripe does not accept: Stripe refuses it, which is a result.
    assert update(tenant, secretKey=token("rk_test_"))["userErrors"] == []
    assert tenant.client.data(SETTINGS)["stripeSettings"]["lastTest"] is None
    refused = tenant.client.data(TEST)["testStripeConnection"]
    assert refused["userErrors"] == []
    assert refused["result"]["ok"] is False
    assert refused["result"]["code"] == "STRIPE_KEY_REJECTED"
    assert "rejected" in refused["result"]["message"]
    last = refused["settings"]["lastTest"]
    assert (last["ok"], last["code"]) == (False, "STRIPE_KEY_REJECTED")


def test_settings_need_payments_configure_and_stay_within_the_tenant(
    api: GraphQLClient, mailbox: Mailbox, tenant: TenantSession
) -> None:
    connect(tenant)
    finance = invite_and_join(tenant, mailbox, f"fin-{uuid.uuid4().hex[:6]}@example.com", "finance")
    assert finance.client.error_codes(SETTINGS) == ["FORBIDDEN"]
    assert finance.client.error_codes(UPDATE, {"input": {"secretKey": token("sk_test_")}}) == [
        "FORBIDDEN"
    ]
    assert finance.client.error_codes(TEST) == ["FORBIDDEN"]

    other = sign_up(api)
    theirs = other.client.data(SETTINGS)["stripeSettings"]
    assert theirs["connected"] is False and theirs["secretKeyHint"] is None
    assert (
        other.client.data(TEST)["testStripeConnection"]["userErrors"][0]["code"]
        == "STRIPE_NOT_CONFIGURED"
    )
    assert tenant.client.data(SETTINGS)["stripeSettings"]["connected"] is True
