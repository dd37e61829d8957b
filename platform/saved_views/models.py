"""Saved views of a list (today: the order list): a named set of filters and a sort, private
to its owner or shared with the whole tenant."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, DateTime, Index, String, func, text
from sqlalchemy.dialects.postgresql import JSONB, UUID
from sqlalchemy.orm import Mapped, mapped_column

from core.access import declare
from core.models import Base, TenantOwned, Timestamped


class SavedView(TenantOwned, Timestamped, Base):
    """`list_key` names the list (orders); `owner_id` is the staff user who saved it. Names
    are unique per owner and list, ignoring case."""

    __tablename__ = "saved_views"
    __table_args__ = (
        Index(
            "uq_saved_views_tenant_id_owner_id_list_key_name",
            "tenant_id",
            "owner_id",
            "list_key",
            text("lower(name)"),
            unique=True,
        ),
        Index("ix_saved_views_tenant_id_list_key_shared", "tenant_id", "list_key", "shared"),
    )

    list_key: Mapped[str] = mapped_column(String(40), nullable=False)
    owner_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), nullable=False)
    owner_label: Mapped[str | None] = mapped_column(String(320))
    name: Mapped[str] = mapped_column(String(80), nullable=False)
    shared: Mapped[bool] = mapped_column(Boolean, nullable=False, server_default=text("false"))
    filters: Mapped[dict[str, Any]] = mapped_column(JSONB, nullable=False)
    sort: Mapped[str] = mapped_column(String(40), nullable=False)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, server_default=func.now()
    )


# Anyone who reads orders keeps views; which views they see (their own and the shared ones)
# is the services' rule, not a data scope.
declare(SavedView, resource="orders")
