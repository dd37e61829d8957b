"""Inventory tables (tenant-owned): warehouses, stock levels, the movement ledger and
reservations.

Quantities are NUMERIC(18, 3). The database keeps the stock invariants itself: on hand,
reserved and backordered are never negative, and reserved never exceeds on hand, so the
available quantity (on hand - reserved) cannot go below zero whatever the code does.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal

from sqlalchemy import (
    Boolean,
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
from sqlalchemy.dialects.postgresql import ARRAY, UUID
from sqlalchemy.orm import Mapped, mapped_column

from core.access import PortalReach, declare
from core.models import Base, TenantOwned, Timestamped

Quantity = Numeric(18, 3)
ZERO = text("0")


class Warehouse(TenantOwned, Timestamped, Base):
    """A place stock is kept. `regions` are the customer regions it serves; among
    warehouses that qualify equally, the lower `priority` number is chosen first."""

    __tablename__ = "warehouses"
    __table_args__ = (UniqueConstraint("tenant_id", "code"),)

    code: Mapped[str] = mapped_column(String(40), nullable=False)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    regions: Mapped[list[str]] = mapped_column(
        ARRAY(String(40)), nullable=False, server_default=text("'{}'")
    )
    priority: Mapped[int] = mapped_column(Integer, nullable=False, server_default=text("100"))
    active: Mapped[bool] = mapped_column(Boolean, nullable=False, server_default=text("true"))


class StockLevel(Base):
    """Stock of one SKU in one warehouse. `reserved` is held for open reservations out of
    `on_hand`; `backordered` is what reservations still wait for beyond the stock."""

    __tablename__ = "stock_levels"
    __table_args__ = (
        ForeignKeyConstraint(
            ["tenant_id", "warehouse_id"], ["warehouses.tenant_id", "warehouses.id"]
        ),
        ForeignKeyConstraint(["tenant_id", "sku_id"], ["skus.tenant_id", "skus.id"]),
        CheckConstraint("on_hand >= 0", name="on_hand_not_negative"),
        CheckConstraint("reserved >= 0", name="reserved_not_negative"),
        CheckConstraint("backordered >= 0", name="backordered_not_negative"),
        CheckConstraint("reserved <= on_hand", name="reserved_within_on_hand"),
        CheckConstraint("low_stock_threshold >= 0", name="threshold_not_negative"),
        Index("ix_stock_levels_tenant_id_sku_id", "tenant_id", "sku_id"),
    )

    tenant_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("tenants.id", ondelete="CASCADE"), primary_key=True
    )
    warehouse_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    sku_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    on_hand: Mapped[Decimal] = mapped_column(Quantity, nullable=False, server_default=ZERO)
    reserved: Mapped[Decimal] = mapped_column(Quantity, nullable=False, server_default=ZERO)
    backordered: Mapped[Decimal] = mapped_column(Quantity, nullable=False, server_default=ZERO)
    low_stock_threshold: Mapped[Decimal | None] = mapped_column(Quantity)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, server_default=func.now()
    )

    @property
    def available(self) -> Decimal:
        return self.on_hand - self.reserved


class StockMovement(TenantOwned, Timestamped, Base):
    """One change of a stock level, never updated or deleted: summing the deltas of a
    (warehouse, SKU) gives its level."""

    __tablename__ = "stock_movements"
    __table_args__ = (
        ForeignKeyConstraint(
            ["tenant_id", "warehouse_id"], ["warehouses.tenant_id", "warehouses.id"]
        ),
        ForeignKeyConstraint(["tenant_id", "sku_id"], ["skus.tenant_id", "skus.id"]),
        Index("ix_stock_movements_tenant_id_sku_id_id", "tenant_id", "sku_id", "id"),
        Index("ix_stock_movements_tenant_id_warehouse_id_id", "tenant_id", "warehouse_id", "id"),
        Index("ix_stock_movements_tenant_id_reference_id", "tenant_id", "reference_id"),
    )

    warehouse_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), nullable=False)
    sku_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), nullable=False)
    kind: Mapped[str] = mapped_column(String(20), nullable=False)
    on_hand_delta: Mapped[Decimal] = mapped_column(Quantity, nullable=False, server_default=ZERO)
    reserved_delta: Mapped[Decimal] = mapped_column(Quantity, nullable=False, server_default=ZERO)
    backordered_delta: Mapped[Decimal] = mapped_column(
        Quantity, nullable=False, server_default=ZERO
    )
    reason: Mapped[str | None] = mapped_column(Text)
    reference_type: Mapped[str | None] = mapped_column(String(40))
    reference_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    actor_kind: Mapped[str | None] = mapped_column(String(20))
    actor_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))


class Reservation(TenantOwned, Timestamped, Base):
    """Stock held for one reference (an order line): `reserved` is held out of on hand,
    `backordered` still waits for stock, `consumed` has shipped. An active reservation
    exists at most once per reference."""

    __tablename__ = "stock_reservations"
    __table_args__ = (
        ForeignKeyConstraint(
            ["tenant_id", "warehouse_id", "sku_id"],
            ["stock_levels.tenant_id", "stock_levels.warehouse_id", "stock_levels.sku_id"],
        ),
        CheckConstraint("quantity >= 0", name="quantity_not_negative"),
        CheckConstraint("reserved >= 0", name="reserved_not_negative"),
        CheckConstraint("backordered >= 0", name="backordered_not_negative"),
        CheckConstraint("consumed >= 0", name="consumed_not_negative"),
        CheckConstraint(
            "reserved + backordered + consumed <= quantity", name="parts_within_quantity"
        ),
        Index(
            "uq_stock_reservations_active_reference",
            "tenant_id",
            "reference_type",
            "reference_id",
            unique=True,
            postgresql_where=text("status = 'active'"),
        ),
        Index("ix_stock_reservations_tenant_id_reference_id", "tenant_id", "reference_id"),
        Index(
            "ix_stock_reservations_tenant_id_warehouse_id_sku_id",
            "tenant_id",
            "warehouse_id",
            "sku_id",
        ),
    )

    reference_type: Mapped[str] = mapped_column(String(40), nullable=False)
    reference_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), nullable=False)
    warehouse_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), nullable=False)
    sku_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), nullable=False)
    quantity: Mapped[Decimal] = mapped_column(Quantity, nullable=False, server_default=ZERO)
    reserved: Mapped[Decimal] = mapped_column(Quantity, nullable=False, server_default=ZERO)
    backordered: Mapped[Decimal] = mapped_column(Quantity, nullable=False, server_default=ZERO)
    consumed: Mapped[Decimal] = mapped_column(Quantity, nullable=False, server_default=ZERO)
    status: Mapped[str] = mapped_column(String(20), nullable=False, server_default=text("'active'"))
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, server_default=func.now()
    )


# Stock is the tenant's, whoever owns a customer: no data scope applies. The portal reaches
# warehouses only through the services that pass PORTAL (stock hints, never quantities).
# Stock levels are keyed by warehouse and SKU, without a row id: their reads check
# inventory:read themselves (inventory.stock_reads).
declare(Warehouse, resource="warehouses", portal=PortalReach.TENANT)
declare(StockMovement, resource="inventory")
declare(Reservation, resource="inventory")
