"""Order change requests (tenant-owned): what someone asked to change on a confirmed order,
field by field before and after, who decided and what the change cost once applied.

The requested changes are a JSONB document (`changes`), written once when the request is
made; `outcome` holds what approval applied (new prices and totals), or the order status
that closed the request. Both are history: they are never rewritten after the decision.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import DateTime, ForeignKeyConstraint, Index, String, Text, func, text
from sqlalchemy.dialects.postgresql import JSONB, UUID
from sqlalchemy.orm import Mapped, mapped_column

from core.access import declare
from core.models import Base, TenantOwned, Timestamped


class OrderChangeRequest(TenantOwned, Timestamped, Base):
    """One request to change an order's quantities, delivery date or ship-to address.
    At most one per order is open (a partial unique index)."""

    __tablename__ = "order_change_requests"
    __table_args__ = (
        ForeignKeyConstraint(
            ["tenant_id", "order_id"], ["orders.tenant_id", "orders.id"], ondelete="CASCADE"
        ),
        Index(
            "uq_order_change_requests_open_order",
            "tenant_id",
            "order_id",
            unique=True,
            postgresql_where=text("status = 'open'"),
        ),
        Index(
            "ix_order_change_requests_tenant_id_order_id_created_at",
            "tenant_id",
            "order_id",
            "created_at",
        ),
        Index(
            "ix_order_change_requests_tenant_id_status_created_at_id",
            "tenant_id",
            "status",
            "created_at",
            "id",
        ),
    )

    order_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), nullable=False)
    order_number: Mapped[str] = mapped_column(String(60), nullable=False)
    status: Mapped[str] = mapped_column(String(20), nullable=False)
    reason: Mapped[str | None] = mapped_column(Text)
    changes: Mapped[dict[str, Any]] = mapped_column(JSONB, nullable=False)
    outcome: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    requested_by_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    requested_by_label: Mapped[str | None] = mapped_column(String(320))
    decided_by_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    decided_by_label: Mapped[str | None] = mapped_column(String(320))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    decision_note: Mapped[str | None] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, server_default=func.now()
    )


# Requests reach a caller through their order (orders:read and the order's customer in the
# caller's data scope), on top of order_changes' own permission: services add the order's
# condition (orders.visible_order_ids).
declare(OrderChangeRequest, resource="order_changes")
