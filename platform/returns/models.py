"""Return tables (tenant-owned): returns (RMA), their lines, the inspections of received
lines, the gapless RMA number counter and the tenant's return settings.

A line keeps what was asked (quantity), what arrived (received_quantity) and what has been
inspected (inspected_quantity): received less inspected is in quarantine, on hand at the
warehouse in fact but in no stock level, because stock moves only at inspection. The unit
price paid is copied from the order line for the refund to come.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    BigInteger,
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
from sqlalchemy.dialects.postgresql import JSONB, UUID
from sqlalchemy.orm import Mapped, mapped_column

from core.access import PortalReach, declare
from core.models import Base, TenantOwned, Timestamped

Quantity = Numeric(18, 3)
Amount = Numeric(18, 4)


class Return(TenantOwned, Timestamped, Base):
    """One customer's return of items of one delivered order. A resolved return keeps how
    (`resolution`: refund or exchange) and what it granted: the refund's amount and id (a
    refund request in payments) or the exchange order it created."""

    __tablename__ = "returns"
    __table_args__ = (
        ForeignKeyConstraint(["tenant_id", "customer_id"], ["customers.tenant_id", "customers.id"]),
        ForeignKeyConstraint(["tenant_id", "order_id"], ["orders.tenant_id", "orders.id"]),
        ForeignKeyConstraint(["tenant_id", "ticket_id"], ["tickets.tenant_id", "tickets.id"]),
        ForeignKeyConstraint(
            ["tenant_id", "exchange_order_id"],
            ["orders.tenant_id", "orders.id"],
            name="fk_returns_tenant_id_exchange_order_id_orders",
        ),
        UniqueConstraint("tenant_id", "number"),
        Index(
            "uq_returns_tenant_id_refund_id",
            "tenant_id",
            "refund_id",
            unique=True,
            postgresql_where=text("refund_id IS NOT NULL"),
        ),
        Index(
            "uq_returns_tenant_id_exchange_order_id",
            "tenant_id",
            "exchange_order_id",
            unique=True,
            postgresql_where=text("exchange_order_id IS NOT NULL"),
        ),
        Index(
            "uq_returns_tenant_id_idempotency_key",
            "tenant_id",
            "idempotency_key",
            unique=True,
            postgresql_where=text("idempotency_key IS NOT NULL"),
        ),
        Index("ix_returns_tenant_id_created_at_id", "tenant_id", "created_at", "id"),
        Index(
            "ix_returns_tenant_id_status_created_at_id", "tenant_id", "status", "created_at", "id"
        ),
        Index(
            "ix_returns_tenant_id_customer_id_created_at_id",
            "tenant_id",
            "customer_id",
            "created_at",
            "id",
        ),
        Index("ix_returns_tenant_id_order_id", "tenant_id", "order_id"),
    )

    number: Mapped[str] = mapped_column(String(20), nullable=False)
    customer_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), nullable=False)
    order_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), nullable=False)
    ticket_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    status: Mapped[str] = mapped_column(String(20), nullable=False)
    wish: Mapped[str] = mapped_column(String(20), nullable=False)
    channel: Mapped[str] = mapped_column(String(10), nullable=False)
    resolution_status: Mapped[str | None] = mapped_column(String(20))
    decline_reason: Mapped[str | None] = mapped_column(Text)
    contact_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    created_by_kind: Mapped[str] = mapped_column(String(20), nullable=False)
    created_by_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    idempotency_key: Mapped[str | None] = mapped_column(String(200))
    request_hash: Mapped[str | None] = mapped_column(String(64))
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, server_default=func.now()
    )
    approved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    approved_by_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    declined_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    received_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    inspected_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    cancelled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    resolution: Mapped[str | None] = mapped_column(String(20))
    refund_amount: Mapped[Decimal | None] = mapped_column(Amount)
    refund_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    exchange_order_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    # The approval request opened when its value was above the approval threshold.
    approval_request_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))


class ReturnLine(TenantOwned, Base):
    """One order line's part of a return: how much, why, and how far it got."""

    __tablename__ = "return_lines"
    __table_args__ = (
        ForeignKeyConstraint(
            ["tenant_id", "return_id"], ["returns.tenant_id", "returns.id"], ondelete="CASCADE"
        ),
        ForeignKeyConstraint(
            ["tenant_id", "order_line_id"], ["order_lines.tenant_id", "order_lines.id"]
        ),
        UniqueConstraint("tenant_id", "return_id", "line_no"),
        Index("ix_return_lines_tenant_id_order_line_id", "tenant_id", "order_line_id"),
        CheckConstraint(
            "quantity > 0 AND received_quantity >= 0 AND received_quantity <= quantity "
            "AND inspected_quantity >= 0 AND inspected_quantity <= received_quantity",
            name="quantities",
        ),
    )

    return_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), nullable=False)
    customer_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), nullable=False)
    line_no: Mapped[int] = mapped_column(Integer, nullable=False)
    order_line_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), nullable=False)
    sku_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), nullable=False)
    sku_code: Mapped[str] = mapped_column(String(64), nullable=False)
    description: Mapped[str] = mapped_column(String(300), nullable=False)
    unit_price: Mapped[Decimal] = mapped_column(Amount, nullable=False)
    currency: Mapped[str] = mapped_column(String(3), nullable=False)
    warehouse_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    quantity: Mapped[Decimal] = mapped_column(Quantity, nullable=False)
    reason: Mapped[str] = mapped_column(String(30), nullable=False)
    comment: Mapped[str | None] = mapped_column(Text)
    received_quantity: Mapped[Decimal] = mapped_column(
        Quantity, nullable=False, server_default=text("0")
    )
    inspected_quantity: Mapped[Decimal] = mapped_column(
        Quantity, nullable=False, server_default=text("0")
    )
    refund_amount: Mapped[Decimal | None] = mapped_column(Amount)


class ReturnInspection(TenantOwned, Timestamped, Base):
    """One inspection of part of a received line: its grade, what happens to the goods and,
    for restocking, the stock movement it wrote."""

    __tablename__ = "return_inspections"
    __table_args__ = (
        ForeignKeyConstraint(
            ["tenant_id", "return_line_id"],
            ["return_lines.tenant_id", "return_lines.id"],
            ondelete="CASCADE",
        ),
        Index(
            "ix_return_inspections_tenant_id_return_line_id_created_at",
            "tenant_id",
            "return_line_id",
            "created_at",
        ),
        CheckConstraint("quantity > 0", name="quantity"),
    )

    return_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), nullable=False)
    return_line_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), nullable=False)
    customer_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), nullable=False)
    quantity: Mapped[Decimal] = mapped_column(Quantity, nullable=False)
    grade: Mapped[str] = mapped_column(String(10), nullable=False)
    disposition: Mapped[str] = mapped_column(String(30), nullable=False)
    warehouse_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    stocked_sku_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    note: Mapped[str | None] = mapped_column(Text)
    inspected_by_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))


class ReturnNumberCounter(Base):
    """The tenant's next RMA number (gapless: updated in the creating transaction)."""

    __tablename__ = "return_number_counters"

    tenant_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("tenants.id", ondelete="CASCADE"), primary_key=True
    )
    next_value: Mapped[int] = mapped_column(BigInteger, nullable=False)


class ReturnSettings(Base):
    """The tenant's return window (days after delivery a return may be asked for), the
    requested value above which approval goes through the approval machinery, and the
    address returns are sent to (None: the default warehouse's)."""

    __tablename__ = "return_settings"

    tenant_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("tenants.id", ondelete="CASCADE"), primary_key=True
    )
    window_days: Mapped[int] = mapped_column(Integer, nullable=False)
    approval_threshold: Mapped[Decimal | None] = mapped_column(Amount)
    return_address: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, server_default=func.now()
    )


# Returns reach staff through their customer's data scope (as orders do) and a portal
# contact their own customer's; inspections are staff only.
declare(Return, resource="returns", customer=Return.customer_id, portal=PortalReach.OWN_CUSTOMER)
declare(
    ReturnLine,
    resource="returns",
    customer=ReturnLine.customer_id,
    portal=PortalReach.OWN_CUSTOMER,
)
declare(ReturnInspection, resource="returns", customer=ReturnInspection.customer_id)
