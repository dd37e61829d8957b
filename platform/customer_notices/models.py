"""Which customer emails a tenant sends, and which have been sent (once per event)."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Index, String, func, text
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.orm import Mapped, mapped_column

from core.models import Base


class CustomerNoticeSettings(Base):
    """One row per tenant once it changed anything; every notice is on until switched off."""

    __tablename__ = "customer_notice_settings"

    tenant_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("tenants.id", ondelete="CASCADE"), primary_key=True
    )
    order_confirmed: Mapped[bool] = mapped_column(
        Boolean, nullable=False, server_default=text("true")
    )
    order_shipped: Mapped[bool] = mapped_column(
        Boolean, nullable=False, server_default=text("true")
    )
    order_delivered: Mapped[bool] = mapped_column(
        Boolean, nullable=False, server_default=text("true")
    )
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, server_default=func.now()
    )


class CustomerNoticeSent(Base):
    """A notice sent for one event: a re-delivered event finds its row and sends nothing."""

    __tablename__ = "customer_notices_sent"
    __table_args__ = (
        Index("ix_customer_notices_sent_tenant_id_order_id", "tenant_id", "order_id"),
    )

    tenant_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("tenants.id", ondelete="CASCADE"), primary_key=True
    )
    event_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    kind: Mapped[str] = mapped_column(String(40), nullable=False)
    order_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    recipient: Mapped[str] = mapped_column(String(254), nullable=False)
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, server_default=func.now()
    )
