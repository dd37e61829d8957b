"""Exports: what was asked (list, format, filter), how far the worker got and the file,
kept until it expires."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import DateTime, Index, Integer, LargeBinary, String, Text
from sqlalchemy.dialects.postgresql import JSONB, UUID
from sqlalchemy.orm import Mapped, mapped_column

from core.models import Base, TenantOwned, Timestamped


class Export(TenantOwned, Timestamped, Base):
    """One export. Only the user who asked reads it (services filter on created_by_id);
    the rows it holds were read with that user's permissions and data scope."""

    __tablename__ = "exports"
    __table_args__ = (
        Index(
            "ix_exports_tenant_id_created_by_id_created_at",
            "tenant_id",
            "created_by_id",
            "created_at",
        ),
    )

    list_name: Mapped[str] = mapped_column(String(20), nullable=False)
    file_format: Mapped[str] = mapped_column(String(10), nullable=False)
    filter: Mapped[dict[str, Any]] = mapped_column(JSONB, nullable=False)
    status: Mapped[str] = mapped_column(String(20), nullable=False)
    row_count: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    file_name: Mapped[str] = mapped_column(String(100), nullable=False)
    content: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    failure_code: Mapped[str | None] = mapped_column(String(60))
    failure_message: Mapped[str | None] = mapped_column(Text)
    created_by_kind: Mapped[str] = mapped_column(String(20), nullable=False)
    created_by_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), nullable=False)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
