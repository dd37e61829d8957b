"""GraphQL types of subscriptions for staff and integrators: the Subscription node with
its lines, periods (and their renewal orders), changes and payment attempts; the plan
node; the tenant's renewal settings; and the enums and error type shared with the portal."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import strawberry
from strawberry import relay
from strawberry.scalars import JSON
from strawberry.types import Info

import catalog.services as catalog
import customers.services as customers
import orders.services as orders
import subscriptions.services as subscriptions
from catalog import SkuType
from catalog.errors import CatalogErrorCode
from core.context import Actor
from core.gql.context import context_of
from core.gql.money import MoneyType
from core.gql.types import id_of, resolve_by_ids, user_error_type
from core.money import Money
from customers import CustomerType
from customers.errors import CustomerErrorCode
from inventory.errors import InventoryErrorCode
from orders import OrderType
from orders.errors import OrderErrorCode
from subscriptions.errors import SubscriptionErrorCode
from subscriptions.models import (
    Subscription,
    SubscriptionChange,
    SubscriptionLine,
    SubscriptionPaymentAttempt,
    SubscriptionPeriod,
    SubscriptionPlan,
)
from subscriptions.recording import mrr_of
from subscriptions.rules import (
    BillingPeriod,
    ChangeKind,
    ChangeTiming,
    PeriodStatus,
    ProrationMode,
    SubscriptionStatus,
    line_value,
)

strawberry.enum(BillingPeriod, name="BillingPeriod", description="How often a plan is billed.")
strawberry.enum(
    SubscriptionStatus,
    name="SubscriptionStatus",
    description="TRIALING (until the trial ends) -> ACTIVE -> PAST_DUE (a renewal unpaid "
    "after its card retries); PAUSED and back; CANCELLED (now, or at the end of the period "
    "when cancelAtPeriodEnd) or EXPIRED (not renewed).",
)
strawberry.enum(
    ChangeTiming, name="SubscriptionChangeTiming", description="When a change takes effect."
)
strawberry.enum(
    ProrationMode,
    name="SubscriptionProrationMode",
    description="How a change made now is charged for the rest of the period: a one-off "
    "line on the next renewal order, or an order of its own at once.",
)
strawberry.enum(
    PeriodStatus,
    name="SubscriptionPeriodStatus",
    description="BILLED (its order exists), PAID, PAYMENT_FAILED (card retries used up).",
)
strawberry.enum(ChangeKind, name="SubscriptionChangeKind", description="What a change did.")
# The order path's and the pricing engine's codes reach here too: a subscription's first
# period is ordered (and priced) in the same transaction that starts it.
SubscriptionError = user_error_type(
    "SubscriptionError",
    SubscriptionErrorCode,
    OrderErrorCode,
    CatalogErrorCode,
    CustomerErrorCode,
    InventoryErrorCode,
    description="Why a plan or a subscription was not created or changed.",
)


async def _plans(actor: Actor, ids: list[uuid.UUID]) -> list[SubscriptionPlan | None]:
    return await subscriptions.visible_plans_by_id(actor, ids)


async def _lines(actor: Actor, ids: list[uuid.UUID]) -> list[list[SubscriptionLine]]:
    return await subscriptions.lines_of_subscriptions(actor, ids)


async def _periods(actor: Actor, ids: list[uuid.UUID]) -> list[list[SubscriptionPeriod]]:
    return await subscriptions.periods_of_subscriptions(actor, ids)


async def _changes(actor: Actor, ids: list[uuid.UUID]) -> list[list[SubscriptionChange]]:
    return await subscriptions.changes_of_subscriptions(actor, ids)


async def _attempts(actor: Actor, ids: list[uuid.UUID]) -> list[list[SubscriptionPaymentAttempt]]:
    return await subscriptions.attempts_of_subscriptions(actor, ids)


async def _customers(actor: Actor, ids: list[uuid.UUID]) -> list[Any]:
    return await customers.customers_by_id(actor, ids)


async def _orders(actor: Actor, ids: list[uuid.UUID]) -> list[Any]:
    return await orders.orders_by_id(actor, ids)


async def _skus(actor: Actor, ids: list[uuid.UUID]) -> list[Any]:
    return await catalog.visible_skus_by_id(actor, ids)


@strawberry.type(
    name="SubscriptionPlan",
    description="What a subscription line subscribes to: a SKU billed every month, quarter "
    "or year at its price-book price for the customer.",
)
class PlanType(relay.Node):
    id: relay.NodeID[str]
    code: str = strawberry.field(description="The tenant's code for the plan (capitals).")
    name: str = strawberry.field(description="The plan's name.")
    billing_period: BillingPeriod = strawberry.field(description="How often it is billed.")
    trial_days: int = strawberry.field(description="Days of free trial a subscription starts with.")
    customer_may_cancel: bool = strawberry.field(
        description="Whether the customer may cancel it in the portal."
    )
    customer_may_change_quantity: bool = strawberry.field(
        description="Whether the customer may change its quantity in the portal."
    )
    active: bool = strawberry.field(description="Whether new subscriptions may use it.")
    sku_id: strawberry.ID = strawberry.field(description="Global id of the Sku billed.")
    row: strawberry.Private[SubscriptionPlan]

    @classmethod
    def of(cls, row: SubscriptionPlan) -> PlanType:
        return cls(
            id=str(row.id),
            code=row.code,
            name=row.name,
            billing_period=BillingPeriod(row.billing_period),
            trial_days=row.trial_days,
            customer_may_cancel=row.customer_may_cancel,
            customer_may_change_quantity=row.customer_may_change_quantity,
            active=row.active,
            sku_id=id_of("Sku", row.sku_id),
            row=row,
        )

    @strawberry.field(description="The SKU billed (null without products:read).")
    async def sku(self, info: Info) -> SkuType | None:
        found = await context_of(info).loader(_skus).load(self.row.sku_id)
        return SkuType.of(found) if found else None

    @classmethod
    async def resolve_nodes(
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Any]:
        return await resolve_by_ids(
            info, node_ids, subscriptions.visible_plans_by_id, cls.of, required
        )


@strawberry.type(name="SubscriptionLine", description="One plan on a subscription.")
class LineType:
    id: strawberry.ID = strawberry.field(description="Global id: name it when changing.")
    line_no: int = strawberry.field(description="Position, from 1.")
    quantity: Decimal = strawberry.field(description="How many.")
    unit_price: MoneyType = strawberry.field(description="Price per unit and period, as agreed.")
    discount_percent: Decimal = strawberry.field(description="Discount as agreed, in percent.")
    price_source: str = strawberry.field(description="Where the price came from (machine).")
    price_source_label: str = strawberry.field(description="Where the price came from.")
    price_agreed: bool = strawberry.field(
        description="A price agreed on a quote, kept at renewal (otherwise the price book's "
        "price on the renewal date)."
    )
    value_per_period: MoneyType = strawberry.field(
        description="Unit price x quantity less the discount, tax excluded."
    )
    row: strawberry.Private[SubscriptionLine]

    @classmethod
    def of(cls, row: SubscriptionLine, currency: str) -> LineType:
        return cls(
            id=id_of("SubscriptionLine", row.id),
            line_no=row.line_no,
            quantity=row.quantity,
            unit_price=MoneyType.from_amount(row.unit_price, currency),
            discount_percent=row.discount_percent,
            price_source=row.price_source,
            price_source_label=row.price_source_label,
            price_agreed=row.price_agreed,
            value_per_period=MoneyType.from_amount(
                line_value(row.unit_price, row.quantity, row.discount_percent), currency
            ),
            row=row,
        )

    @strawberry.field(description="The plan.")
    async def plan(self, info: Info) -> PlanType | None:
        found = await context_of(info).loader(_plans).load(self.row.plan_id)
        return PlanType.of(found) if found else None


@strawberry.type(
    name="SubscriptionPeriod", description="One billed period of a subscription and its order."
)
class PeriodType:
    id: strawberry.ID = strawberry.field(description="Global id of the period.")
    period_index: int = strawberry.field(description="1 for the first billed period, and so on.")
    period_start: date = strawberry.field(description="First day.")
    period_end: date = strawberry.field(description="The day after its last (the next start).")
    status: PeriodStatus = strawberry.field(description="Billing progress.")
    order_id: strawberry.ID | None = strawberry.field(description="Global id of its Order.")
    created_at: datetime = strawberry.field(description="When it was billed.")
    row: strawberry.Private[SubscriptionPeriod]

    @classmethod
    def of(cls, row: SubscriptionPeriod) -> PeriodType:
        return cls(
            id=id_of("SubscriptionPeriod", row.id),
            period_index=row.period_index,
            period_start=row.period_start,
            period_end=row.period_end,
            status=PeriodStatus(row.status),
            order_id=id_of("Order", row.order_id) if row.order_id else None,
            created_at=row.created_at,
            row=row,
        )

    @strawberry.field(description="The period's (renewal) order (null without orders:read).")
    async def order(self, info: Info) -> OrderType | None:
        if self.row.order_id is None:
            return None
        found = await context_of(info).loader(_orders).load(self.row.order_id)
        return OrderType.of(found) if found else None


@strawberry.type(name="SubscriptionChange", description="One change in a subscription's life.")
class ChangeType:
    id: strawberry.ID = strawberry.field(description="Global id of the change.")
    kind: ChangeKind = strawberry.field(description="What changed.")
    before: JSON | None = strawberry.field(description="The subscription before (summary).")
    after: JSON | None = strawberry.field(description="After, or what will be applied.")
    effective_on: date = strawberry.field(description="When it takes (took) effect.")
    applied: bool = strawberry.field(
        description="False while it waits for the period end to be applied."
    )
    actor_kind: str = strawberry.field(description="Who made it: user, api_client, portal, system.")
    actor_id: strawberry.ID | None = strawberry.field(description="Their id, if any.")
    prorated_charge: Decimal | None = strawberry.field(
        description="The prorated charge of a change made now, if any (tax excluded)."
    )
    billed_order_id: strawberry.ID | None = strawberry.field(
        description="Global id of the Order that billed the prorated charge (null until then)."
    )
    created_at: datetime = strawberry.field(description="When it was made.")

    @classmethod
    def of(cls, row: SubscriptionChange) -> ChangeType:
        charge = (
            row.proration_unit_price * row.proration_quantity
            if row.proration_unit_price is not None and row.proration_quantity is not None
            else None
        )
        return cls(
            id=id_of("SubscriptionChange", row.id),
            kind=ChangeKind(row.kind),
            before=JSON(row.before) if row.before is not None else None,
            after=JSON(row.after) if row.after is not None else None,
            effective_on=row.effective_on,
            applied=row.applied_at is not None,
            actor_kind=row.actor_kind,
            actor_id=strawberry.ID(str(row.actor_id)) if row.actor_id else None,
            prorated_charge=charge,
            billed_order_id=id_of("Order", row.billed_order_id) if row.billed_order_id else None,
            created_at=row.created_at,
        )


@strawberry.type(
    name="SubscriptionPaymentAttempt",
    description="One off-session charge of a period's order on the saved card.",
)
class AttemptType:
    attempt_no: int = strawberry.field(description="1 for the first try.")
    status: str = strawberry.field(description="succeeded or failed.")
    payment_intent_id: str | None = strawberry.field(description="Stripe's PaymentIntent id.")
    error: str | None = strawberry.field(description="Why it failed.")
    next_retry_at: datetime | None = strawberry.field(
        description="When it is tried again (null: no retry left, or it succeeded)."
    )
    period_id: strawberry.ID = strawberry.field(description="Global id of the period charged.")
    created_at: datetime = strawberry.field(description="When it was tried.")

    @classmethod
    def of(cls, row: SubscriptionPaymentAttempt) -> AttemptType:
        return cls(
            attempt_no=row.attempt_no,
            status=row.status,
            payment_intent_id=row.payment_intent_id,
            error=row.error,
            next_retry_at=row.next_retry_at,
            period_id=id_of("SubscriptionPeriod", row.period_id),
            created_at=row.created_at,
        )


@strawberry.type(name="Subscription", description="A customer's subscription to plans.")
class SubscriptionType(relay.Node):
    id: relay.NodeID[str]
    number: str = strawberry.field(description="Gapless per-tenant number, e.g. SUB-000042.")
    status: SubscriptionStatus = strawberry.field(description="Where it stands.")
    currency: str = strawberry.field(description="The customer's currency.")
    billing_period: BillingPeriod = strawberry.field(description="How often it is billed.")
    cancel_at_period_end: bool = strawberry.field(
        description="Cancelled at the end of the current period."
    )
    start_date: date = strawberry.field(description="When it started.")
    current_period_start: date = strawberry.field(description="The current period's first day.")
    current_period_end: date = strawberry.field(
        description="The current period's end: the next renewal's date."
    )
    trial_end: date | None = strawberry.field(description="When the trial ends (null: none).")
    auto_renew: bool = strawberry.field(description="Whether it renews at the period's end.")
    reminders_opted_out: bool = strawberry.field(
        description="The customer asked for no renewal reminders but the last one."
    )
    card_saved: bool = strawberry.field(
        description="Renewals are charged to a saved card (off-session)."
    )
    quote_id: strawberry.ID | None = strawberry.field(
        description="Global id of the Quote it was started from, if any."
    )
    renewal_quote_id: strawberry.ID | None = strawberry.field(
        description="Global id of the Quote revising its renewal, if any."
    )
    cancelled_on: date | None = strawberry.field(description="When it was cancelled.")
    version: int = strawberry.field(description="Grows by one with each change.")
    created_at: datetime = strawberry.field(description="When it was created.")
    row: strawberry.Private[Subscription]

    @classmethod
    def of(cls, row: Subscription) -> SubscriptionType:
        return cls(
            id=str(row.id),
            number=row.number,
            status=SubscriptionStatus(row.status),
            currency=row.currency,
            billing_period=BillingPeriod(row.billing_period),
            cancel_at_period_end=row.cancel_at_period_end,
            start_date=row.start_date,
            current_period_start=row.current_period_start,
            current_period_end=row.current_period_end,
            trial_end=row.trial_end,
            auto_renew=row.auto_renew,
            reminders_opted_out=row.reminders_opted_out,
            card_saved=row.payment_method is not None,
            quote_id=id_of("Quote", row.quote_id) if row.quote_id else None,
            renewal_quote_id=id_of("Quote", row.renewal_quote_id) if row.renewal_quote_id else None,
            cancelled_on=row.cancelled_on,
            version=row.version,
            created_at=row.created_at,
            row=row,
        )

    @strawberry.field(description="The customer (null when out of your scope).")
    async def customer(self, info: Info) -> CustomerType | None:
        found = await context_of(info).loader(_customers).load(self.row.customer_id)
        return CustomerType.of(found) if found else None

    @strawberry.field(description="The plans subscribed, by line number.")
    async def lines(self, info: Info) -> list[LineType]:
        rows = await context_of(info).loader(_lines).load(self.row.id)
        return [LineType.of(row, self.row.currency) for row in rows]

    @strawberry.field(
        description="Monthly recurring revenue: the lines' value per period normalised "
        "monthly, tax excluded; zero unless ACTIVE or PAST_DUE."
    )
    async def mrr(self, info: Info) -> MoneyType:
        rows = await context_of(info).loader(_lines).load(self.row.id)
        return MoneyType.of(Money(mrr_of(self.row, rows), self.row.currency).rounded())

    @strawberry.field(description="Billed periods with their renewal orders, newest first.")
    async def periods(self, info: Info) -> list[PeriodType]:
        rows = await context_of(info).loader(_periods).load(self.row.id)
        return [PeriodType.of(row) for row in rows]

    @strawberry.field(description="Its history, newest first.")
    async def changes(self, info: Info) -> list[ChangeType]:
        rows = await context_of(info).loader(_changes).load(self.row.id)
        return [ChangeType.of(row) for row in rows]

    @strawberry.field(description="Card charges of its renewals, newest first.")
    async def payment_attempts(self, info: Info) -> list[AttemptType]:
        rows = await context_of(info).loader(_attempts).load(self.row.id)
        return [AttemptType.of(row) for row in rows]

    @classmethod
    async def resolve_nodes(
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Any]:
        return await resolve_by_ids(
            info, node_ids, subscriptions.subscriptions_by_id, cls.of, required
        )


@strawberry.type(name="SubscriptionSettings", description="The tenant's renewal rules.")
class SettingsType:
    renewal_lead_days: int = strawberry.field(
        description="Days before a period ends that its renewal order is made."
    )
    retry_days: list[int] = strawberry.field(
        description="Days after a failed card charge it is retried; past due after the last."
    )
    proration_mode: ProrationMode = strawberry.field(description="How changes are charged.")
    reminder_offsets: list[int] = strawberry.field(
        description="Days before the end of a term that renewal reminders go out."
    )

    @classmethod
    def of(cls, terms: subscriptions.RenewalTerms) -> SettingsType:
        return cls(
            renewal_lead_days=terms.lead_days,
            retry_days=list(terms.retry_days),
            proration_mode=terms.proration_mode,
            reminder_offsets=sorted(terms.reminder_offsets, reverse=True),
        )
