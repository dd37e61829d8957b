"""Quote tables (tenant-owned): quotes, their versions (immutable once sent) and each
version's lines, the gapless quote number counter; and the platform-level schedule the
expiry job reads across tenants (ids, tenant and date only).

A quote keeps its current state (status, validity, the contract it asks for, what its
acceptance created); each version keeps what was offered (lines, totals, the PDF sent).
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal

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
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.orm import Mapped, mapped_column

from core.access import PortalReach, declare
from core.models import Base, TenantOwned, Timestamped

Quantity = Numeric(18, 3)
Amount = Numeric(18, 4)
Percent = Numeric(7, 4)


class Quote(TenantOwned, Timestamped, Base):
    """One offer to one customer in the customer's currency. `current_version` is the
    version the customer sees (the draft being edited, or the one sent); a contract is
    requested when `contract_requested` (its terms beside it)."""

    __tablename__ = "quotes"
    __table_args__ = (
        ForeignKeyConstraint(["tenant_id", "customer_id"], ["customers.tenant_id", "customers.id"]),
        ForeignKeyConstraint(["tenant_id", "order_id"], ["orders.tenant_id", "orders.id"]),
        UniqueConstraint("tenant_id", "number"),
        Index("ix_quotes_tenant_id_created_at_id", "tenant_id", "created_at", "id"),
        Index(
            "ix_quotes_tenant_id_status_created_at_id", "tenant_id", "status", "created_at", "id"
        ),
        Index(
            "ix_quotes_tenant_id_customer_id_created_at_id",
            "tenant_id",
            "customer_id",
            "created_at",
            "id",
        ),
        Index("ix_quotes_tenant_id_sent_at", "tenant_id", "sent_at"),
        Index("ix_quotes_tenant_id_order_id", "tenant_id", "order_id"),
        Index(
            "uq_quotes_tenant_id_idempotency_key",
            "tenant_id",
            "idempotency_key",
            unique=True,
            postgresql_where=text("idempotency_key IS NOT NULL"),
        ),
    )

    number: Mapped[str] = mapped_column(String(20), nullable=False)
    customer_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), nullable=False)
    owner_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    currency: Mapped[str] = mapped_column(String(3), nullable=False)
    status: Mapped[str] = mapped_column(String(20), nullable=False)
    current_version: Mapped[int] = mapped_column(Integer, nullable=False)
    valid_until: Mapped[date] = mapped_column(Date, nullable=False)
    decline_reason: Mapped[str | None] = mapped_column(Text)
    contract_requested: Mapped[bool] = mapped_column(Boolean, nullable=False)
    contract_template_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    contract_start_date: Mapped[date | None] = mapped_column(Date)
    contract_initial_term_months: Mapped[int | None] = mapped_column(Integer)
    contract_renewal_type: Mapped[str | None] = mapped_column(String(20))
    contract_renewal_term_months: Mapped[int | None] = mapped_column(Integer)
    contract_notice_days: Mapped[int | None] = mapped_column(Integer)
    renewal_of_subscription_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    order_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    subscription_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    contract_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    created_by_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    idempotency_key: Mapped[str | None] = mapped_column(String(200))
    request_hash: Mapped[str | None] = mapped_column(String(64))
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, server_default=func.now()
    )
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    accepted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Who accepted: a portal contact (kind portal) or staff on the customer's behalf.
    accepted_by_kind: Mapped[str | None] = mapped_column(String(20))
    accepted_by_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    accepted_version: Mapped[int | None] = mapped_column(Integer)
    declined_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    expired_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    withdrawn_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class QuoteVersion(TenantOwned, Timestamped, Base):
    """One version of a quote: its lines and totals, frozen once sent (with the PDF the
    customer got). A revision starts the next version as a copy."""

    __tablename__ = "quote_versions"
    __table_args__ = (
        ForeignKeyConstraint(
            ["tenant_id", "quote_id"], ["quotes.tenant_id", "quotes.id"], ondelete="CASCADE"
        ),
        UniqueConstraint("tenant_id", "quote_id", "version"),
        CheckConstraint("version > 0", name="version"),
    )

    quote_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), nullable=False)
    customer_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), nullable=False)
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    valid_until: Mapped[date] = mapped_column(Date, nullable=False)
    notes: Mapped[str | None] = mapped_column(Text)
    currency: Mapped[str] = mapped_column(String(3), nullable=False)
    subtotal: Mapped[Decimal] = mapped_column(Amount, nullable=False)
    discount_total: Mapped[Decimal] = mapped_column(Amount, nullable=False)
    tax_total: Mapped[Decimal] = mapped_column(Amount, nullable=False)
    total: Mapped[Decimal] = mapped_column(Amount, nullable=False)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    pdf_file_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))


class QuoteLine(TenantOwned, Base):
    """One line of one version: a one-off SKU, or a recurring plan (its SKU priced per
    billing period), priced as the pricing engine gave it when the version was saved."""

    __tablename__ = "quote_lines"
    __table_args__ = (
        ForeignKeyConstraint(
            ["tenant_id", "version_id"],
            ["quote_versions.tenant_id", "quote_versions.id"],
            ondelete="CASCADE",
        ),
        UniqueConstraint("tenant_id", "version_id", "line_no"),
        CheckConstraint("quantity > 0", name="quantity"),
    )

    quote_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), nullable=False)
    version_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), nullable=False)
    customer_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), nullable=False)
    line_no: Mapped[int] = mapped_column(Integer, nullable=False)
    kind: Mapped[str] = mapped_column(String(20), nullable=False)
    sku_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), nullable=False)
    plan_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    billing_period: Mapped[str | None] = mapped_column(String(10))
    sku_code: Mapped[str] = mapped_column(String(64), nullable=False)
    description: Mapped[str] = mapped_column(String(300), nullable=False)
    currency: Mapped[str] = mapped_column(String(3), nullable=False)
    quantity: Mapped[Decimal] = mapped_column(Quantity, nullable=False)
    unit_price: Mapped[Decimal] = mapped_column(Amount, nullable=False)
    price_source: Mapped[str] = mapped_column(String(120), nullable=False)
    price_source_label: Mapped[str] = mapped_column(String(200), nullable=False)
    discount_percent: Mapped[Decimal] = mapped_column(Percent, nullable=False)
    tax_rate: Mapped[Decimal] = mapped_column(Percent, nullable=False)
    line_subtotal: Mapped[Decimal] = mapped_column(Amount, nullable=False)
    line_discount: Mapped[Decimal] = mapped_column(Amount, nullable=False)
    line_tax: Mapped[Decimal] = mapped_column(Amount, nullable=False)
    line_total: Mapped[Decimal] = mapped_column(Amount, nullable=False)


class QuoteNumberCounter(Base):
    """The tenant's next quote number (gapless: updated in the creating transaction)."""

    __tablename__ = "quote_number_counters"

    tenant_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("tenants.id", ondelete="CASCADE"), primary_key=True
    )
    next_value: Mapped[int] = mapped_column(BigInteger, nullable=False)


class QuoteExpiryDue(Base):
    """Platform-level pointer to a sent quote's last valid day, so the expiry job finds
    quotes to expire across tenants without reading tenant data."""

    __tablename__ = "quote_expiry_due"

    tenant_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    quote_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    valid_until: Mapped[date] = mapped_column(Date, nullable=False, index=True)


# Quotes reach staff through their customer's data scope (as orders do) and a portal
# contact their own customer's.
declare(Quote, resource="quotes", customer=Quote.customer_id, portal=PortalReach.OWN_CUSTOMER)
declare(
    QuoteVersion,
    resource="quotes",
    customer=QuoteVersion.customer_id,
    portal=PortalReach.OWN_CUSTOMER,
)
declare(
    QuoteLine, resource="quotes", customer=QuoteLine.customer_id, portal=PortalReach.OWN_CUSTOMER
)
