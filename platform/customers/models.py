"""Customer companies and contacts (tenant-owned)."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKeyConstraint, String, UniqueConstraint
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.orm import Mapped, mapped_column

from core.models import Base, TenantOwned, Timestamped


class Customer(TenantOwned, Timestamped, Base):
    __tablename__ = "customers"
    __table_args__ = (
        ForeignKeyConstraint(["tenant_id", "owner_id"], ["users.tenant_id", "users.id"]),
        ForeignKeyConstraint(
            ["tenant_id", "department_id"], ["departments.tenant_id", "departments.id"]
        ),
    )

    name: Mapped[str] = mapped_column(String(200), nullable=False)
    status: Mapped[str] = mapped_column(String(20), nullable=False, default="active")
    owner_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    department_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))


class Contact(TenantOwned, Timestamped, Base):
    __tablename__ = "customer_contacts"
    __table_args__ = (
        UniqueConstraint("tenant_id", "email"),
        ForeignKeyConstraint(
            ["tenant_id", "customer_id"], ["customers.tenant_id", "customers.id"],
            ondelete="CASCADE",
        ),
    )

    customer_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), nullable=False)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    email: Mapped[str] = mapped_column(String(254), nullable=False)
    phone: Mapped[str | None] = mapped_column(String(40))
    portal_enabled: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    portal_password_hash: Mapped[str | None] = mapped_column(String(200))
    last_portal_login_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
