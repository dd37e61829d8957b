"""Support mail received for a tenant (tenant-owned): the raw message as it arrived, kept
until the worker has threaded it into a ticket, opened one, or refused it with a reason."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import DateTime, ForeignKeyConstraint, Index, LargeBinary, String, func, text
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.orm import Mapped, mapped_column

from core.models import Base, TenantOwned


class InboundMail(TenantOwned, Base):
    __tablename__ = "ticket_inbound_mail"
    __table_args__ = (
        ForeignKeyConstraint(["tenant_id", "ticket_id"], ["tickets.tenant_id", "tickets.id"]),
        Index(
            "uq_ticket_inbound_mail_tenant_id_message_id",
            "tenant_id",
            "message_id",
            unique=True,
            postgresql_where=text("message_id IS NOT NULL"),
        ),
        Index("ix_ticket_inbound_mail_tenant_id_received_at", "tenant_id", "received_at"),
    )

    received_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), nullable=False
    )
    recipient: Mapped[str] = mapped_column(String(320), nullable=False)
    envelope_from: Mapped[str] = mapped_column(String(320), nullable=False)
    message_id: Mapped[str | None] = mapped_column(String(998))
    raw: Mapped[bytes] = mapped_column(LargeBinary, nullable=False)
    status: Mapped[str] = mapped_column(String(20), nullable=False, server_default="received")
    reason: Mapped[str | None] = mapped_column(String(40))
    from_address: Mapped[str | None] = mapped_column(String(320))
    subject: Mapped[str | None] = mapped_column(String(998))
    ticket_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    processed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
