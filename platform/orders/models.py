"""Order tables (tenant-owned): orders, their lines, their status history, the gapless
number counters and the per-tenant order settings.

Amounts are NUMERIC(18, 4), quantities NUMERIC(18, 3). Addresses are copied onto the order
(JSONB snapshots) so a later change of the customer's address book never rewrites history.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    BigInteger,
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
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, UUID
from sqlalchemy.orm import Mapped, mapped_column

from core.access import PortalReach, declare
from core.models import Base, TenantOwned, Timestamped

Amount = Numeric(18, 4)
Quantity = Numeric(18, 3)
ZERO = text("0")


class Order(TenantOwned, Timestamped, Base):
    """One customer order. `version` grows with every change (optimistic checks);
    `owner_id` and `department_id` are the customer's at creation."""

    __tablename__ = "orders"
    __table_args__ = (
        ForeignKeyConstraint(["tenant_id", "customer_id"], ["customers.tenant_id", "customers.id"]),
        # An exchange order (channel exchange) points at the order whose goods it replaces.
        ForeignKeyConstraint(
            ["tenant_id", "exchange_of_order_id"],
            ["orders.tenant_id", "orders.id"],
            name="fk_orders_tenant_id_exchange_of_order_id_orders",
        ),
        UniqueConstraint("tenant_id", "number"),
        Index(
            "uq_orders_tenant_id_external_ref",
            "tenant_id",
            "external_ref",
            unique=True,
            postgresql_where=text("external_ref IS NOT NULL"),
        ),
        Index(
            "uq_orders_tenant_id_idempotency_key",
            "tenant_id",
            "idempotency_key",
            unique=True,
            postgresql_where=text("idempotency_key IS NOT NULL"),
        ),
        Index("ix_orders_tenant_id_created_at_id", "tenant_id", "created_at", "id"),
        Index(
            "ix_orders_tenant_id_customer_id_created_at_id",
            "tenant_id",
            "customer_id",
            "created_at",
            "id",
        ),
        Index(
            "ix_orders_tenant_id_status_created_at_id", "tenant_id", "status", "created_at", "id"
        ),
        # 0012: the list's other filters and sorts and the board's columns.
        Index(
            "ix_orders_tenant_id_priority_created_at_id",
            "tenant_id",
            "priority",
            "created_at",
            "id",
        ),
        Index("ix_orders_tenant_id_total_id", "tenant_id", "total", "id"),
        Index("ix_orders_tenant_id_status_total_id", "tenant_id", "status", "total", "id"),
        Index("ix_orders_tenant_id_status_rank_id", "tenant_id", "status", "rank", "id"),
        Index(
            "ix_orders_tenant_id_requested_date_id",
            "tenant_id",
            text("coalesce(requested_delivery_date, DATE 'infinity')"),
            "id",
        ),
    )

    number: Mapped[str] = mapped_column(String(60), nullable=False)
    channel: Mapped[str] = mapped_column(String(20), nullable=False)
    external_ref: Mapped[str | None] = mapped_column(String(200))
    customer_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), nullable=False)
    customer_name: Mapped[str] = mapped_column(String(200), nullable=False)
    owner_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    department_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    region: Mapped[str | None] = mapped_column(String(40))
    payment_terms_kind: Mapped[str] = mapped_column(String(20), nullable=False)
    # The rest of the terms the order was sold on (null on orders from before 0020: they
    # take the customer's at confirmation).
    payment_net_days: Mapped[int | None] = mapped_column(Integer)
    payment_plan: Mapped[list[dict[str, Any]] | None] = mapped_column(JSONB)
    ship_to: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    bill_to: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    requested_delivery_date: Mapped[date | None] = mapped_column(Date)
    priority: Mapped[str] = mapped_column(String(10), nullable=False)
    rank: Mapped[int] = mapped_column(BigInteger, nullable=False, server_default=ZERO)
    tags: Mapped[list[str]] = mapped_column(
        ARRAY(String(40)), nullable=False, server_default=text("'{}'")
    )
    notes: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), nullable=False)
    currency: Mapped[str] = mapped_column(String(3), nullable=False)
    subtotal: Mapped[Decimal] = mapped_column(Amount, nullable=False)
    discount_total: Mapped[Decimal] = mapped_column(Amount, nullable=False)
    tax_total: Mapped[Decimal] = mapped_column(Amount, nullable=False)
    total: Mapped[Decimal] = mapped_column(Amount, nullable=False)
    # Payment progress beside the lifecycle (payments.services keeps them).
    payment_status: Mapped[str] = mapped_column(
        String(20), nullable=False, default="unpaid", server_default=text("'unpaid'")
    )
    amount_paid: Mapped[Decimal] = mapped_column(
        Amount, nullable=False, default=Decimal(0), server_default=ZERO
    )
    amount_refunded: Mapped[Decimal] = mapped_column(
        Amount, nullable=False, default=Decimal(0), server_default=ZERO
    )
    carrier: Mapped[str | None] = mapped_column(String(100))
    tracking_number: Mapped[str | None] = mapped_column(String(100))
    shipped_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    version: Mapped[int] = mapped_column(Integer, nullable=False, server_default=text("1"))
    idempotency_key: Mapped[str | None] = mapped_column(String(200))
    request_hash: Mapped[str | None] = mapped_column(String(64))
    created_by_kind: Mapped[str | None] = mapped_column(String(20))
    created_by_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, server_default=func.now()
    )
    exchange_of_order_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))


class OrderLine(TenantOwned, Base):
    """One line: a SKU, its quantity and the price the pricing engine gave it."""

    __tablename__ = "order_lines"
    __table_args__ = (
        ForeignKeyConstraint(
            ["tenant_id", "order_id"], ["orders.tenant_id", "orders.id"], ondelete="CASCADE"
        ),
        ForeignKeyConstraint(["tenant_id", "sku_id"], ["skus.tenant_id", "skus.id"]),
        UniqueConstraint("tenant_id", "order_id", "line_no"),
    )

    order_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), nullable=False)
    line_no: Mapped[int] = mapped_column(Integer, nullable=False)
    sku_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), nullable=False)
    sku_code: Mapped[str] = mapped_column(String(64), nullable=False)
    currency: Mapped[str] = mapped_column(String(3), nullable=False)
    description: Mapped[str] = mapped_column(String(300), nullable=False)
    quantity: Mapped[Decimal] = mapped_column(Quantity, nullable=False)
    unit_price: Mapped[Decimal] = mapped_column(Amount, nullable=False)
    price_source: Mapped[str] = mapped_column(String(120), nullable=False)
    price_source_label: Mapped[str] = mapped_column(String(200), nullable=False)
    discount_percent: Mapped[Decimal] = mapped_column(
        Numeric(7, 4), nullable=False, server_default=ZERO
    )
    tax_rate: Mapped[Decimal] = mapped_column(Numeric(7, 4), nullable=False)
    line_subtotal: Mapped[Decimal] = mapped_column(Amount, nullable=False)
    line_discount: Mapped[Decimal] = mapped_column(Amount, nullable=False)
    line_tax: Mapped[Decimal] = mapped_column(Amount, nullable=False)
    line_total: Mapped[Decimal] = mapped_column(Amount, nullable=False)
    reserved_quantity: Mapped[Decimal] = mapped_column(
        Quantity, nullable=False, server_default=ZERO
    )
    backordered_quantity: Mapped[Decimal] = mapped_column(
        Quantity, nullable=False, server_default=ZERO
    )
    shipped_quantity: Mapped[Decimal] = mapped_column(Quantity, nullable=False, server_default=ZERO)


class OrderStatusChange(TenantOwned, Timestamped, Base):
    """One step of an order's lifecycle: who moved it from which status to which, and why."""

    __tablename__ = "order_status_history"
    __table_args__ = (
        ForeignKeyConstraint(
            ["tenant_id", "order_id"], ["orders.tenant_id", "orders.id"], ondelete="CASCADE"
        ),
        Index(
            "ix_order_status_history_tenant_id_order_id_created_at",
            "tenant_id",
            "order_id",
            "created_at",
        ),
    )

    order_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), nullable=False)
    from_status: Mapped[str | None] = mapped_column(String(20))
    to_status: Mapped[str] = mapped_column(String(20), nullable=False)
    action: Mapped[str] = mapped_column(String(30), nullable=False)
    actor_kind: Mapped[str | None] = mapped_column(String(20))
    actor_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    actor_label: Mapped[str | None] = mapped_column(String(320))
    # The actor's own words; what the system says is a code and its facts (history_notes).
    note: Mapped[str | None] = mapped_column(Text)
    note_code: Mapped[str | None] = mapped_column(String(40))
    note_params: Mapped[dict[str, Any] | None] = mapped_column(JSONB)


class OrderNumberCounter(Base):
    """The next number of a tenant's series (a year, or `all` when the format has no
    year). Incremented in the creating transaction, so a rolled-back order gives its
    number back: numbers are gapless, never a sequence."""

    __tablename__ = "order_number_counters"

    tenant_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("tenants.id", ondelete="CASCADE"), primary_key=True
    )
    series: Mapped[str] = mapped_column(String(20), primary_key=True)
    next_value: Mapped[int] = mapped_column(BigInteger, nullable=False)


class OrderSettings(Base):
    """A tenant's order settings: the number format and the discount cap of each role."""

    __tablename__ = "order_settings"

    tenant_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("tenants.id", ondelete="CASCADE"), primary_key=True
    )
    number_format: Mapped[str] = mapped_column(String(60), nullable=False)
    discount_caps: Mapped[dict[str, Any]] = mapped_column(JSONB, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, server_default=func.now()
    )


declare(Order, resource="orders", customer=Order.customer_id, portal=PortalReach.OWN_CUSTOMER)
