"""Subscription tables (tenant-owned): plans, subscriptions with their lines, the periods
they were billed for (each with its renewal order), the history of changes, the charges
of saved cards, the renewal reminders sent, the tenant's settings and the gapless
SUB-number counter; and the platform-level schedule the worker scans across tenants.

A period row is what makes a renewal happen once: its key (tenant, subscription, period
start) is unique and the renewal order is created in the transaction that inserts it, so a
second worker's insert does nothing and creates no order.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB, UUID
from sqlalchemy.orm import Mapped, mapped_column

from core.access import PortalReach, declare
from core.models import Base, TenantOwned, Timestamped

Quantity = Numeric(18, 3)
Amount = Numeric(18, 4)
Percent = Numeric(7, 4)


class SubscriptionPlan(TenantOwned, Timestamped, Base):
    """What a subscription line subscribes to: a catalogue SKU billed every period. Its
    price per period is the SKU's price-book price; the plan has no price of its own."""

    __tablename__ = "subscription_plans"
    __table_args__ = (
        ForeignKeyConstraint(["tenant_id", "sku_id"], ["skus.tenant_id", "skus.id"]),
        UniqueConstraint("tenant_id", "code"),
        CheckConstraint("trial_days >= 0 AND trial_days <= 365", name="trial_days"),
    )

    code: Mapped[str] = mapped_column(String(40), nullable=False)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    sku_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), nullable=False)
    billing_period: Mapped[str] = mapped_column(String(10), nullable=False)
    trial_days: Mapped[int] = mapped_column(Integer, nullable=False)
    customer_may_cancel: Mapped[bool] = mapped_column(Boolean, nullable=False)
    customer_may_change_quantity: Mapped[bool] = mapped_column(Boolean, nullable=False)
    active: Mapped[bool] = mapped_column(Boolean, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, server_default=func.now()
    )


class Subscription(TenantOwned, Timestamped, Base):
    """A customer's subscription: its status, its current period and how it renews. The
    billing period is the same for all its lines (the first line's plan's)."""

    __tablename__ = "subscriptions"
    __table_args__ = (
        ForeignKeyConstraint(["tenant_id", "customer_id"], ["customers.tenant_id", "customers.id"]),
        UniqueConstraint("tenant_id", "number"),
        Index(
            "ix_subscriptions_tenant_id_status_created_at_id",
            "tenant_id",
            "status",
            "created_at",
            "id",
        ),
        Index("ix_subscriptions_tenant_id_created_at_id", "tenant_id", "created_at", "id"),
        Index("ix_subscriptions_tenant_id_customer_id", "tenant_id", "customer_id"),
        Index("ix_subscriptions_tenant_id_current_period_end", "tenant_id", "current_period_end"),
    )

    number: Mapped[str] = mapped_column(String(20), nullable=False)
    customer_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), nullable=False)
    currency: Mapped[str] = mapped_column(String(3), nullable=False)
    status: Mapped[str] = mapped_column(String(20), nullable=False)
    billing_period: Mapped[str] = mapped_column(String(10), nullable=False)
    cancel_at_period_end: Mapped[bool] = mapped_column(Boolean, nullable=False)
    start_date: Mapped[date] = mapped_column(Date, nullable=False)
    current_period_start: Mapped[date] = mapped_column(Date, nullable=False)
    current_period_end: Mapped[date] = mapped_column(Date, nullable=False)
    trial_end: Mapped[date | None] = mapped_column(Date)
    auto_renew: Mapped[bool] = mapped_column(Boolean, nullable=False)
    # The customer asked for no renewal reminders but the mandatory last one.
    reminders_opted_out: Mapped[bool] = mapped_column(Boolean, nullable=False)
    quote_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    renewal_quote_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    # A Stripe PaymentMethod id (pm_…): nothing else of the card is kept.
    payment_method: Mapped[str | None] = mapped_column(String(100))
    cancelled_on: Mapped[date | None] = mapped_column(Date)
    paused_on: Mapped[date | None] = mapped_column(Date)
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, server_default=func.now()
    )


class SubscriptionLine(TenantOwned, Base):
    """One plan on a subscription: how many, at what price per period and discount (as
    agreed: a quote's price is kept at renewal; a price-book price is repriced then)."""

    __tablename__ = "subscription_lines"
    __table_args__ = (
        ForeignKeyConstraint(
            ["tenant_id", "subscription_id"],
            ["subscriptions.tenant_id", "subscriptions.id"],
            ondelete="CASCADE",
        ),
        ForeignKeyConstraint(
            ["tenant_id", "plan_id"], ["subscription_plans.tenant_id", "subscription_plans.id"]
        ),
        UniqueConstraint("tenant_id", "subscription_id", "line_no"),
        CheckConstraint("quantity >= 0", name="quantity"),
        CheckConstraint(
            "discount_percent >= 0 AND discount_percent <= 100", name="discount_percent"
        ),
    )

    subscription_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), nullable=False)
    customer_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), nullable=False)
    line_no: Mapped[int] = mapped_column(Integer, nullable=False)
    plan_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), nullable=False)
    sku_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), nullable=False)
    quantity: Mapped[Decimal] = mapped_column(Quantity, nullable=False)
    unit_price: Mapped[Decimal] = mapped_column(Amount, nullable=False)
    discount_percent: Mapped[Decimal] = mapped_column(Percent, nullable=False)
    price_source: Mapped[str] = mapped_column(String(120), nullable=False)
    price_source_label: Mapped[str] = mapped_column(String(200), nullable=False)
    # A price agreed on a quote is kept at renewal; a price-book price is repriced.
    price_agreed: Mapped[bool] = mapped_column(Boolean, nullable=False)


class SubscriptionPeriod(TenantOwned, Timestamped, Base):
    """One billed period of a subscription and its order; unique per period start, which is
    what keeps a renewal from happening twice."""

    __tablename__ = "subscription_periods"
    __table_args__ = (
        ForeignKeyConstraint(
            ["tenant_id", "subscription_id"],
            ["subscriptions.tenant_id", "subscriptions.id"],
            ondelete="CASCADE",
        ),
        ForeignKeyConstraint(["tenant_id", "order_id"], ["orders.tenant_id", "orders.id"]),
        UniqueConstraint("tenant_id", "subscription_id", "period_start"),
        Index(
            "uq_subscription_periods_tenant_id_order_id",
            "tenant_id",
            "order_id",
            unique=True,
            postgresql_where=text("order_id IS NOT NULL"),
        ),
    )

    subscription_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), nullable=False)
    customer_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), nullable=False)
    period_index: Mapped[int] = mapped_column(Integer, nullable=False)
    period_start: Mapped[date] = mapped_column(Date, nullable=False)
    period_end: Mapped[date] = mapped_column(Date, nullable=False)
    order_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    # billed (order created), paid, payment_failed (retries used up: past due)
    status: Mapped[str] = mapped_column(String(20), nullable=False)


class SubscriptionChange(TenantOwned, Timestamped, Base):
    """One change of a subscription (start, quantity, plan, cancel, reactivate, pause,
    resume, auto-renew, period roll-over…): what it was before and after, when it takes
    effect and who made it. A change at period end waits (`applied_at` null) until the
    roll-over applies it; a prorated charge waits (`billed_order_id` null) for the next
    renewal order unless the tenant bills it at once."""

    __tablename__ = "subscription_changes"
    __table_args__ = (
        ForeignKeyConstraint(
            ["tenant_id", "subscription_id"],
            ["subscriptions.tenant_id", "subscriptions.id"],
            ondelete="CASCADE",
        ),
        Index(
            "ix_subscription_changes_tenant_id_subscription_id_created_at",
            "tenant_id",
            "subscription_id",
            "created_at",
        ),
    )

    subscription_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), nullable=False)
    customer_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), nullable=False)
    kind: Mapped[str] = mapped_column(String(30), nullable=False)
    before: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    effective_on: Mapped[date] = mapped_column(Date, nullable=False)
    applied_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    actor_kind: Mapped[str] = mapped_column(String(20), nullable=False)
    actor_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    # A prorated charge of the change: quantity of the SKU at this unit price.
    proration_sku_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    proration_quantity: Mapped[Decimal | None] = mapped_column(Quantity)
    proration_unit_price: Mapped[Decimal | None] = mapped_column(Amount)
    billed_order_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))


class SubscriptionPaymentAttempt(TenantOwned, Timestamped, Base):
    """One off-session charge of a period's order on the saved card."""

    __tablename__ = "subscription_payment_attempts"
    __table_args__ = (
        ForeignKeyConstraint(
            ["tenant_id", "period_id"],
            ["subscription_periods.tenant_id", "subscription_periods.id"],
            ondelete="CASCADE",
        ),
        UniqueConstraint("tenant_id", "period_id", "attempt_no"),
    )

    subscription_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), nullable=False)
    customer_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), nullable=False)
    period_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), nullable=False)
    attempt_no: Mapped[int] = mapped_column(Integer, nullable=False)
    # succeeded, failed
    status: Mapped[str] = mapped_column(String(20), nullable=False)
    payment_intent_id: Mapped[str | None] = mapped_column(String(100))
    error: Mapped[str | None] = mapped_column(Text)
    next_retry_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class SubscriptionReminder(TenantOwned, Timestamped, Base):
    """A renewal reminder sent: once per (subscription, term end, offset in days)."""

    __tablename__ = "subscription_reminders"
    __table_args__ = (
        ForeignKeyConstraint(
            ["tenant_id", "subscription_id"],
            ["subscriptions.tenant_id", "subscriptions.id"],
            ondelete="CASCADE",
        ),
        UniqueConstraint(
            "tenant_id",
            "subscription_id",
            "term_end",
            "offset_days",
            name="uq_subscription_reminders_once",
        ),
    )

    subscription_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), nullable=False)
    customer_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), nullable=False)
    term_end: Mapped[date] = mapped_column(Date, nullable=False)
    offset_days: Mapped[int] = mapped_column(Integer, nullable=False)
    sent_to: Mapped[str | None] = mapped_column(Text)


class SubscriptionSettings(Base):
    """The tenant's renewal rules (without a row: the defaults of `rules.RenewalTerms`)."""

    __tablename__ = "subscription_settings"

    tenant_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("tenants.id", ondelete="CASCADE"), primary_key=True
    )
    renewal_lead_days: Mapped[int] = mapped_column(Integer, nullable=False)
    retry_days: Mapped[list[int]] = mapped_column(JSONB, nullable=False)
    proration_mode: Mapped[str] = mapped_column(String(20), nullable=False)
    reminder_offsets: Mapped[list[int]] = mapped_column(JSONB, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, server_default=func.now()
    )


class SubscriptionNumberCounter(Base):
    """The tenant's next SUB number (gapless: updated in the creating transaction)."""

    __tablename__ = "subscription_number_counters"

    tenant_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("tenants.id", ondelete="CASCADE"), primary_key=True
    )
    next_value: Mapped[int] = mapped_column(BigInteger, nullable=False)


class SubscriptionDue(Base):
    """Platform-level schedule of a subscription's next moments (ids and times only), so
    the worker's jobs find due work across tenants without reading tenant data: when its
    next renewal order is due, when its period ends, when its next reminder and its next
    payment retry are due."""

    __tablename__ = "subscription_due"
    __table_args__ = (
        Index("ix_subscription_due_renew_at", "renew_at"),
        Index("ix_subscription_due_period_end_at", "period_end_at"),
        Index("ix_subscription_due_remind_at", "remind_at"),
        Index("ix_subscription_due_retry_at", "retry_at"),
    )

    tenant_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    subscription_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    renew_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    period_end_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    remind_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    retry_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


# Subscriptions reach staff through their customer's data scope (as orders do) and a portal
# contact their own customer's; plans are the tenant's offer, read by the portal too.
declare(SubscriptionPlan, resource="subscriptions", portal=PortalReach.TENANT)
for _model in (
    Subscription,
    SubscriptionLine,
    SubscriptionPeriod,
    SubscriptionChange,
    SubscriptionPaymentAttempt,
):
    declare(
        _model,
        resource="subscriptions",
        customer=_model.customer_id,
        portal=PortalReach.OWN_CUSTOMER,
    )
declare(SubscriptionReminder, resource="subscriptions", customer=SubscriptionReminder.customer_id)
