"""Recurring-revenue tables: each customer's current MRR per currency, the movements ledger
(one row per change of a customer's MRR), its monthly totals (what every figure is read
from), customers' lifecycle segments and the reconciliation runs' findings."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    func,
)
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.orm import Mapped, mapped_column

from core.access import declare
from core.models import Base, TenantOwned, Timestamped

AMOUNT = Numeric(18, 4)


class CustomerMrr(Base):
    """A customer's MRR now, per currency: the running total the next movement is classified
    against (locked while a change is recorded). `ever_active` tells a return from churn
    (reactivation) from a first start (new)."""

    __tablename__ = "customer_mrr"
    __table_args__ = (
        ForeignKeyConstraint(
            ["tenant_id", "customer_id"],
            ["customers.tenant_id", "customers.id"],
            ondelete="CASCADE",
        ),
    )

    tenant_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("tenants.id", ondelete="CASCADE"), primary_key=True
    )
    customer_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    currency: Mapped[str] = mapped_column(String(3), primary_key=True)
    mrr: Mapped[Decimal] = mapped_column(AMOUNT, nullable=False)
    ever_active: Mapped[bool] = mapped_column(Boolean, nullable=False)
    first_active_on: Mapped[date | None] = mapped_column(Date)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, server_default=func.now()
    )


class MrrMovement(TenantOwned, Timestamped, Base):
    """One change of a customer's MRR, classified: new, expansion, contraction, churn or
    reactivation. `amount` is positive; the kind says which way it moved the MRR."""

    __tablename__ = "mrr_movements"
    __table_args__ = (
        ForeignKeyConstraint(
            ["tenant_id", "customer_id"],
            ["customers.tenant_id", "customers.id"],
            ondelete="CASCADE",
        ),
        Index("ix_mrr_movements_tenant_id_month", "tenant_id", "currency", "month"),
        Index("ix_mrr_movements_tenant_id_customer_id", "tenant_id", "customer_id"),
    )

    customer_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), nullable=False)
    subscription_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), nullable=False)
    effective_on: Mapped[date] = mapped_column(Date, nullable=False)
    month: Mapped[date] = mapped_column(Date, nullable=False)
    currency: Mapped[str] = mapped_column(String(3), nullable=False)
    kind: Mapped[str] = mapped_column(String(20), nullable=False)
    amount: Mapped[Decimal] = mapped_column(AMOUNT, nullable=False)
    customer_mrr_before: Mapped[Decimal] = mapped_column(AMOUNT, nullable=False)
    customer_mrr_after: Mapped[Decimal] = mapped_column(AMOUNT, nullable=False)
    cause: Mapped[str] = mapped_column(String(20), nullable=False)


class MrrMonth(Base):
    """A month's movement totals per currency, kept up to date by every movement: the MRR
    at any month's end is the sum of the net movements up to it, read from a few rows."""

    __tablename__ = "mrr_months"

    tenant_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("tenants.id", ondelete="CASCADE"), primary_key=True
    )
    currency: Mapped[str] = mapped_column(String(3), primary_key=True)
    month: Mapped[date] = mapped_column(Date, primary_key=True)
    new: Mapped[Decimal] = mapped_column(AMOUNT, nullable=False)
    expansion: Mapped[Decimal] = mapped_column(AMOUNT, nullable=False)
    reactivation: Mapped[Decimal] = mapped_column(AMOUNT, nullable=False)
    contraction: Mapped[Decimal] = mapped_column(AMOUNT, nullable=False)
    churn: Mapped[Decimal] = mapped_column(AMOUNT, nullable=False)
    customers_new: Mapped[int] = mapped_column(Integer, nullable=False)
    customers_reactivated: Mapped[int] = mapped_column(Integer, nullable=False)
    customers_churned: Mapped[int] = mapped_column(Integer, nullable=False)


class CustomerSegment(Base):
    """A customer's lifecycle segment as last computed, with the rule that put it there
    (its code and the facts it saw, in words) so staff can see why."""

    __tablename__ = "customer_segments"
    __table_args__ = (
        ForeignKeyConstraint(
            ["tenant_id", "customer_id"],
            ["customers.tenant_id", "customers.id"],
            ondelete="CASCADE",
        ),
        Index("ix_customer_segments_tenant_id_segment", "tenant_id", "segment"),
    )

    tenant_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("tenants.id", ondelete="CASCADE"), primary_key=True
    )
    customer_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    segment: Mapped[str] = mapped_column(String(20), nullable=False)
    rule: Mapped[str] = mapped_column(String(40), nullable=False)
    reason: Mapped[str] = mapped_column(Text, nullable=False)
    computed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)


class RevenueReconciliation(TenantOwned, Base):
    """One reconciliation run's finding for a currency: whether the ledger's identity held
    (MRR_end = MRR_start + new + expansion + reactivation - contraction - churn, month by
    month, with the months' sum equal to the customers' current MRR and to the MRR of the
    subscriptions themselves)."""

    __tablename__ = "revenue_reconciliations"

    currency: Mapped[str] = mapped_column(String(3), nullable=False)
    checked_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    ledger_mrr: Mapped[Decimal] = mapped_column(AMOUNT, nullable=False)
    customers_mrr: Mapped[Decimal] = mapped_column(AMOUNT, nullable=False)
    subscriptions_mrr: Mapped[Decimal] = mapped_column(AMOUNT, nullable=False)
    balanced: Mapped[bool] = mapped_column(Boolean, nullable=False)
    detail: Mapped[str] = mapped_column(Text, nullable=False)


declare(MrrMovement, resource="revenue", customer=MrrMovement.customer_id)
