"""GraphQL for the tenant's Stripe connection: reading and changing its settings (keys are
write-only) and testing the connection."""

from __future__ import annotations

from datetime import UTC, datetime

import strawberry
from strawberry.types import Info

from core.gql.context import context_of
from core.gql.types import UserErrorType, error_list_field, from_row, payload_of, run_mutation
from payments import stripe_gateway, stripe_settings
from payments.schema_types import StripeSettingsError
from payments.stripe_settings import PaymentMethod, StripeSettingsChange, StripeSettingsView

# The service's enum is the GraphQL enum (same members and values).
strawberry.enum(
    PaymentMethod, name="StripePaymentMethod", description="A way customers can pay through Stripe."
)


@strawberry.type(
    name="StripeConnectionTest",
    description="The outcome of testing the tenant's Stripe key against Stripe.",
)
class StripeConnectionTestType:
    ok: bool = strawberry.field(description="Stripe accepted the key.")
    code: str | None = strawberry.field(
        description="Why not: STRIPE_KEY_REJECTED, "
        "STRIPE_KEY_PERMISSION, STRIPE_UNREACHABLE or "
        "STRIPE_ERROR; null when ok."
    )
    message: str = strawberry.field(description="What happened, for people.")
    livemode: bool | None = strawberry.field(
        description="Whether the key is a live one (known when ok)."
    )
    tested_at: datetime = strawberry.field(description="When the test ran.")


@strawberry.type(
    name="StripeSettings",
    description="The tenant's Stripe connection. The "
    "secret key and the webhook signing secret are stored encrypted and never "
    "returned.",
)
class StripeSettingsType:
    connected: bool = strawberry.field(description="A secret key is stored.")
    secret_key_hint: str | None = strawberry.field(
        description="The key's mode prefix and last four characters, e.g. sk_test_…4242."
    )
    webhook_secret_set: bool = strawberry.field(description="A webhook signing secret is stored.")
    publishable_key: str | None = strawberry.field(
        description="The publishable key the portal's payment form uses."
    )
    payment_methods: list[PaymentMethod] = strawberry.field(
        description="The methods customers may pay with (Alipay and WeChat Pay where the "
        "currency allows)."
    )
    webhook_url: str = strawberry.field(
        description="Where Stripe must send this tenant's webhook events."
    )
    last_test: StripeConnectionTestType | None = strawberry.field(
        description="The latest connection test of the stored key; null: not tested yet."
    )
    updated_at: datetime | None = strawberry.field(
        description="Last change; null: never configured."
    )

    @classmethod
    def of(cls, view: StripeSettingsView, public_url: str) -> StripeSettingsType:
        last = None
        if view.last_test is not None and view.last_tested_at is not None:
            last = _test(view.last_test, view.last_tested_at)
        return from_row(
            cls,
            view,
            webhook_url=f"{public_url.rstrip('/')}/webhooks/stripe/{view.tenant_id}",
            last_test=last,
        )


def _test(check: stripe_gateway.ConnectionCheck, at: datetime) -> StripeConnectionTestType:
    return from_row(StripeConnectionTestType, check, tested_at=at)


@strawberry.input(
    description="Changes to the Stripe connection; omitted or null fields stay as they are."
)
class UpdateStripeSettingsInput:
    secret_key: str | None = strawberry.field(
        default=None, description="Secret (sk_…) or restricted (rk_…) key."
    )
    webhook_secret: str | None = strawberry.field(
        default=None, description="The webhook endpoint's signing secret (whsec_…)."
    )
    publishable_key: str | None = strawberry.field(
        default=None, description="Publishable key (pk_…); an empty string removes it."
    )
    payment_methods: list[PaymentMethod] | None = strawberry.field(
        default=None, description="Replaces the methods offered; at least one."
    )


@strawberry.type(description="Result of updateStripeSettings.")
class StripeSettingsPayload:
    settings: StripeSettingsType | None = strawberry.field(description="The settings now.")
    user_errors: list[UserErrorType] = error_list_field(StripeSettingsError, "Why nothing changed.")


@strawberry.type(description="Result of testStripeConnection.")
class TestStripeConnectionPayload:
    result: StripeConnectionTestType | None = strawberry.field(
        description="What Stripe answered; null when there was nothing to test."
    )
    settings: StripeSettingsType | None = strawberry.field(
        description="The settings, with this test as the last one."
    )
    user_errors: list[UserErrorType] = error_list_field(
        StripeSettingsError, "Why nothing was tested."
    )


def _public_url(info: Info) -> str:
    return context_of(info).services.settings.public_url


@strawberry.type
class Query:
    @strawberry.field(description="The tenant's Stripe connection (payments:configure).")
    async def stripe_settings(self, info: Info) -> StripeSettingsType:
        actor = await context_of(info).reader()
        return StripeSettingsType.of(await stripe_settings.read_settings(actor), _public_url(info))


@strawberry.type
class Mutation:
    @strawberry.mutation(
        description="Change the Stripe connection (payments:configure). "
        "Keys are checked for their form here; testStripeConnection asks "
        "Stripe."
    )
    async def update_stripe_settings(
        self, info: Info, input: UpdateStripeSettingsInput
    ) -> StripeSettingsPayload:
        change = StripeSettingsChange(
            secret_key=input.secret_key,
            webhook_secret=input.webhook_secret,
            publishable_key=input.publishable_key,
            payment_methods=None if input.payment_methods is None else list(input.payment_methods),
        )
        outcome = await run_mutation(
            info, lambda actor: stripe_settings.update_settings(actor, change)
        )
        public_url = _public_url(info)
        return payload_of(
            StripeSettingsPayload, outcome, lambda view: StripeSettingsType.of(view, public_url)
        )

    @strawberry.mutation(
        description="Test the stored secret key against Stripe "
        "(payments:configure) and keep the outcome. A key Stripe refuses is "
        "a result with ok false, not an error."
    )
    async def test_stripe_connection(self, info: Info) -> TestStripeConnectionPayload:
        stored = await run_mutation(info, stripe_settings.stored_secret_key)
        if stored.value is None:
            return TestStripeConnectionPayload(
                result=None, settings=None, user_errors=stored.user_errors
            )
        key = stored.value
        # Outside any transaction: no connection is held while Stripe answers.
        check = await stripe_gateway.check_connection(
            context_of(info).services.settings, key.secret_key
        )
        recorded = await run_mutation(
            info, lambda actor: stripe_settings.record_test(actor, key, check)
        )
        view = recorded.value
        tested_at = view.last_tested_at if view and view.last_tested_at else datetime.now(UTC)
        return TestStripeConnectionPayload(
            result=_test(check, tested_at),
            settings=StripeSettingsType.of(view, _public_url(info)) if view else None,
            user_errors=recorded.user_errors,
        )
