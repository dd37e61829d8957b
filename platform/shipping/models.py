"""Shipping tables: shipments and their lines (tenant-owned), the tenant's shipping
settings, the late-shipment alerts already raised, and the platform-level deadline queue
the late-shipment job scans.

Quantities are NUMERIC(18, 3), like order lines. A shipment leaves one warehouse; its lines
say how much of which order line it carries.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal

from sqlalchemy import (
    CheckConstraint,
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

from core.models import Base, TenantOwned, Timestamped

Quantity = Numeric(18, 3)
DEFAULT_LATE_SHIPMENT_DAYS = 2


class Shipment(TenantOwned, Timestamped, Base):
    """One parcel or truck leaving one warehouse for an order; `seq` numbers an order's
    shipments from 1 (the number reads SO-2026-000042-S1)."""

    __tablename__ = "shipments"
    __table_args__ = (
        ForeignKeyConstraint(
            ["tenant_id", "order_id"], ["orders.tenant_id", "orders.id"], ondelete="CASCADE"
        ),
        ForeignKeyConstraint(
            ["tenant_id", "warehouse_id"], ["warehouses.tenant_id", "warehouses.id"]
        ),
        UniqueConstraint("tenant_id", "order_id", "seq"),
    )

    order_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), nullable=False)
    seq: Mapped[int] = mapped_column(Integer, nullable=False)
    number: Mapped[str] = mapped_column(String(80), nullable=False)
    warehouse_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), nullable=False)
    carrier: Mapped[str] = mapped_column(String(100), nullable=False)
    tracking_number: Mapped[str] = mapped_column(String(100), nullable=False)
    note: Mapped[str | None] = mapped_column(Text)
    shipped_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    delivered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_by_kind: Mapped[str | None] = mapped_column(String(20))
    created_by_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))


class ShipmentLine(TenantOwned, Base):
    """How much of one order line a shipment carries (more than 0: services check it)."""

    __tablename__ = "shipment_lines"
    __table_args__ = (
        ForeignKeyConstraint(
            ["tenant_id", "shipment_id"],
            ["shipments.tenant_id", "shipments.id"],
            ondelete="CASCADE",
        ),
        ForeignKeyConstraint(
            ["tenant_id", "order_line_id"],
            ["order_lines.tenant_id", "order_lines.id"],
            ondelete="CASCADE",
        ),
        UniqueConstraint("tenant_id", "shipment_id", "order_line_id"),
        Index("ix_shipment_lines_tenant_id_order_line_id", "tenant_id", "order_line_id"),
    )

    shipment_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), nullable=False)
    order_line_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), nullable=False)
    quantity: Mapped[Decimal] = mapped_column(Quantity, nullable=False)


class ShippingSettings(Base):
    """A tenant's shipping settings: after how many days Ready to Ship an order is late."""

    __tablename__ = "shipping_settings"
    __table_args__ = (CheckConstraint("late_shipment_days > 0", name="days_positive"),)

    tenant_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("tenants.id", ondelete="CASCADE"), primary_key=True
    )
    late_shipment_days: Mapped[int] = mapped_column(
        Integer, nullable=False, server_default=text(str(DEFAULT_LATE_SHIPMENT_DAYS))
    )
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, server_default=func.now()
    )


class LateShipmentAlert(Base):
    """`order.shipment_late` was raised for this order: the record that makes it once."""

    __tablename__ = "late_shipment_alerts"
    __table_args__ = (
        ForeignKeyConstraint(
            ["tenant_id", "order_id"], ["orders.tenant_id", "orders.id"], ondelete="CASCADE"
        ),
    )

    tenant_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("tenants.id", ondelete="CASCADE"), primary_key=True
    )
    order_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    event_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), nullable=False)
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, server_default=func.now()
    )


class ShipmentDeadline(Base):
    """Platform-level pointer to an order waiting in Ready to Ship and when it becomes late,
    so the late-shipment job finds due orders across tenants without reading tenant data
    (like `event_queue`). Holds ids and times only."""

    __tablename__ = "shipment_deadlines"
    __table_args__ = (Index("ix_shipment_deadlines_due_at", "due_at"),)

    tenant_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    order_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    ready_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    due_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, server_default=text("now()")
    )
