"""Collaboration tables (tenant-owned): comments on orders and who follows an order.

A comment keeps its `@Name` text in `body` and the mentioned users, de-duplicated and in
the order given, in `mentioned_user_ids`. A deleted comment keeps its row (the timeline
shows "deleted") but loses its text and mentions.

`order_followers` holds explicit choices only: a row with `following = false` records that
the user unfollowed. The order's creator and owner follow implicitly unless such a row says
otherwise (collaboration.services.followers_of_orders).
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import (
    Boolean,
    DateTime,
    ForeignKeyConstraint,
    Index,
    String,
    Text,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, UUID
from sqlalchemy.orm import Mapped, mapped_column

from core.access import declare
from core.models import Base, TenantOwned, Timestamped


class OrderComment(TenantOwned, Timestamped, Base):
    __tablename__ = "order_comments"
    __table_args__ = (
        ForeignKeyConstraint(
            ["tenant_id", "order_id"], ["orders.tenant_id", "orders.id"], ondelete="CASCADE"
        ),
        ForeignKeyConstraint(["tenant_id", "author_id"], ["users.tenant_id", "users.id"]),
        Index(
            "ix_order_comments_tenant_id_order_id_created_at_id",
            "tenant_id",
            "order_id",
            "created_at",
            "id",
        ),
    )

    order_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), nullable=False)
    author_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), nullable=False)
    body: Mapped[str] = mapped_column(Text, nullable=False)
    mentioned_user_ids: Mapped[list[uuid.UUID]] = mapped_column(
        ARRAY(UUID(as_uuid=True)), nullable=False, server_default=text("'{}'")
    )
    edited_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class OrderFollower(Base):
    """One user's explicit follow choice on one order (primary key: tenant, order, user)."""

    __tablename__ = "order_followers"
    __table_args__ = (
        ForeignKeyConstraint(
            ["tenant_id", "order_id"], ["orders.tenant_id", "orders.id"], ondelete="CASCADE"
        ),
        ForeignKeyConstraint(
            ["tenant_id", "user_id"], ["users.tenant_id", "users.id"], ondelete="CASCADE"
        ),
        ForeignKeyConstraint(["tenant_id"], ["tenants.id"], ondelete="CASCADE"),
        Index("ix_order_followers_tenant_id_user_id", "tenant_id", "user_id"),
    )

    tenant_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    order_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    user_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    following: Mapped[bool] = mapped_column(Boolean, nullable=False)
    # Why the row exists: follow, unfollow, comment or mention.
    reason: Mapped[str] = mapped_column(String(20), nullable=False)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, server_default=func.now()
    )


# Comments are read with orders:read; which ones a caller reaches is their orders' scope.
declare(OrderComment, resource="orders")
