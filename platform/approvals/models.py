"""Approval tables: the tenant's rule settings, approval requests with their ordered steps,
the reminders sent, and the platform-level reminder queue the worker scans.

A request copies the order's number, customer name and total when it is opened, so the
inbox lists what approvers decide on without reading the orders table.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    Boolean,
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
)
from sqlalchemy.dialects.postgresql import JSONB, UUID
from sqlalchemy.orm import Mapped, mapped_column

from core.access import declare
from core.models import Base, TenantOwned, Timestamped


class ApprovalSettingsRow(Base):
    """A tenant's approval rules; a tenant without a row uses rules.DEFAULT_SETTINGS.
    `amount_thresholds` is a list of {"above": "100000", "level": "manager"}."""

    __tablename__ = "approval_settings"

    tenant_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("tenants.id", ondelete="CASCADE"), primary_key=True
    )
    credit_check: Mapped[bool] = mapped_column(Boolean, nullable=False)
    discount_threshold: Mapped[Decimal | None] = mapped_column(Numeric(7, 4))
    amount_thresholds: Mapped[list[dict[str, Any]]] = mapped_column(JSONB, nullable=False)
    forbid_self_approval: Mapped[bool] = mapped_column(Boolean, nullable=False)
    reminder_after_hours: Mapped[int | None] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, server_default=func.now()
    )


class ApprovalRequest(TenantOwned, Timestamped, Base):
    """One submission of an order that a rule held for approval, or of a return whose value
    is above the tenant's return approval threshold (`return_id` set)."""

    __tablename__ = "approval_requests"
    __table_args__ = (
        ForeignKeyConstraint(
            ["tenant_id", "order_id"], ["orders.tenant_id", "orders.id"], ondelete="CASCADE"
        ),
        ForeignKeyConstraint(
            ["tenant_id", "return_id"],
            ["returns.tenant_id", "returns.id"],
            name="fk_approval_requests_tenant_id_return_id_returns",
            ondelete="CASCADE",
        ),
        Index(
            "ix_approval_requests_tenant_id_order_id_created_at",
            "tenant_id",
            "order_id",
            "created_at",
        ),
    )

    order_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), nullable=False)
    order_number: Mapped[str] = mapped_column(String(60), nullable=False)
    customer_name: Mapped[str] = mapped_column(String(200), nullable=False)
    total: Mapped[Decimal] = mapped_column(Numeric(18, 4), nullable=False)
    currency: Mapped[str] = mapped_column(String(3), nullable=False)
    status: Mapped[str] = mapped_column(String(20), nullable=False)
    requested_by_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    order_created_by_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    order_owner_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    allow_backorder: Mapped[bool] = mapped_column(Boolean, nullable=False)
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # A return's approval (its value above the tenant's threshold): the order is the one
    # returned from, and deciding approves or declines the return instead of the order.
    return_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))


class ApprovalStep(TenantOwned, Timestamped, Base):
    """One level of a request. Steps are decided in `sequence` order; only the `pending`
    one is active. `reasons` is a list of {"code": ..., "message": ..., "params": {...}}."""

    __tablename__ = "approval_steps"
    __table_args__ = (
        ForeignKeyConstraint(
            ["tenant_id", "request_id"],
            ["approval_requests.tenant_id", "approval_requests.id"],
            ondelete="CASCADE",
        ),
        UniqueConstraint("tenant_id", "request_id", "sequence"),
        Index(
            "ix_approval_steps_tenant_id_status_level_activated_at_id",
            "tenant_id",
            "status",
            "level",
            "activated_at",
            "id",
        ),
    )

    request_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), nullable=False)
    sequence: Mapped[int] = mapped_column(Integer, nullable=False)
    level: Mapped[str] = mapped_column(String(20), nullable=False)
    reasons: Mapped[list[dict[str, Any]]] = mapped_column(JSONB, nullable=False)
    status: Mapped[str] = mapped_column(String(20), nullable=False)
    activated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    decided_by_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    decided_by_label: Mapped[str | None] = mapped_column(String(320))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    decision_reason: Mapped[str | None] = mapped_column(Text)


class ApprovalReminder(TenantOwned, Timestamped, Base):
    """The n-th reminder of a step, recorded once: a re-run never reminds twice."""

    __tablename__ = "approval_reminders"
    __table_args__ = (
        ForeignKeyConstraint(
            ["tenant_id", "step_id"],
            ["approval_steps.tenant_id", "approval_steps.id"],
            ondelete="CASCADE",
        ),
        UniqueConstraint("tenant_id", "step_id", "reminder_no"),
    )

    step_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), nullable=False)
    reminder_no: Mapped[int] = mapped_column(Integer, nullable=False)


class ApprovalReminderDue(Base):
    """Platform-level pointer to an active step and when to look at it next, so the
    worker finds due reminders across tenants without reading any tenant's data."""

    __tablename__ = "approval_reminder_queue"

    step_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    tenant_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), nullable=False)
    due_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False, index=True)


# A request reaches a caller through its order (orders:read and the order's customer in the
# caller's data scope: services add the order's condition); the inbox's steps need
# approvals:read, and the services narrow them to the levels the caller decides at.
declare(ApprovalRequest, resource="orders")
declare(ApprovalStep, resource="approvals")
