"""Customer companies, their contacts, addresses and tags (tenant-owned)."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from typing import Any

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
    text,
)
from sqlalchemy.dialects.postgresql import JSONB, UUID
from sqlalchemy.orm import Mapped, mapped_column

from core.access import PortalReach, declare
from core.models import Base, TenantOwned, Timestamped


class Customer(TenantOwned, Timestamped, Base):
    __tablename__ = "customers"
    __table_args__ = (
        ForeignKeyConstraint(["tenant_id", "owner_id"], ["users.tenant_id", "users.id"]),
        ForeignKeyConstraint(
            ["tenant_id", "department_id"], ["departments.tenant_id", "departments.id"]
        ),
        # Import de-duplicates by it; NULLs (no reference) never collide.
        UniqueConstraint("tenant_id", "external_ref"),
        CheckConstraint("credit_limit >= 0", name="credit_limit_not_negative"),
        CheckConstraint("payment_net_days BETWEEN 1 AND 365", name="payment_net_days_range"),
        # What the "own" and "department" data scopes narrow by (migration 0012).
        Index("ix_customers_tenant_id_owner_id", "tenant_id", "owner_id"),
        Index("ix_customers_tenant_id_department_id", "tenant_id", "department_id"),
    )

    name: Mapped[str] = mapped_column(String(200), nullable=False)
    status: Mapped[str] = mapped_column(String(20), nullable=False, default="active")
    owner_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    department_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    tier: Mapped[str] = mapped_column(
        String(20), nullable=False, default="standard", server_default="standard"
    )
    region: Mapped[str | None] = mapped_column(String(40))
    phone: Mapped[str | None] = mapped_column(String(40))
    email: Mapped[str | None] = mapped_column(String(254))
    external_ref: Mapped[str | None] = mapped_column(String(100))
    notes: Mapped[str | None] = mapped_column(Text)
    payment_terms_kind: Mapped[str] = mapped_column(
        String(20), nullable=False, default="prepaid", server_default="prepaid"
    )
    payment_net_days: Mapped[int | None] = mapped_column(Integer)
    # Instalment terms: [{"percent": "30", "trigger": "confirmation", "daysAfter": 0}, ...]
    payment_plan: Mapped[list[dict[str, Any]] | None] = mapped_column(JSONB)
    credit_limit: Mapped[Decimal] = mapped_column(
        Numeric(18, 4), nullable=False, default=Decimal(0), server_default="0"
    )
    credit_currency: Mapped[str] = mapped_column(String(3), nullable=False)


class Contact(TenantOwned, Timestamped, Base):
    __tablename__ = "customer_contacts"
    __table_args__ = (
        UniqueConstraint("tenant_id", "email"),
        ForeignKeyConstraint(
            ["tenant_id", "customer_id"],
            ["customers.tenant_id", "customers.id"],
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
    # The contact's own language for emails (en, zh-CN), set in the portal; null: the tenant's.
    locale: Mapped[str | None] = mapped_column(String(10))


class CustomerAddress(TenantOwned, Timestamped, Base):
    """A ship-to or bill-to address; at most one default per customer and kind."""

    __tablename__ = "customer_addresses"
    __table_args__ = (
        ForeignKeyConstraint(
            ["tenant_id", "customer_id"],
            ["customers.tenant_id", "customers.id"],
            ondelete="CASCADE",
        ),
        Index("ix_customer_addresses_tenant_id_customer_id", "tenant_id", "customer_id"),
        Index(
            "uq_customer_addresses_one_default",
            "tenant_id",
            "customer_id",
            "kind",
            unique=True,
            postgresql_where=text("is_default"),
        ),
    )

    customer_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), nullable=False)
    kind: Mapped[str] = mapped_column(String(10), nullable=False)
    label: Mapped[str | None] = mapped_column(String(100))
    recipient: Mapped[str] = mapped_column(String(200), nullable=False)
    phone: Mapped[str | None] = mapped_column(String(40))
    line1: Mapped[str] = mapped_column(String(200), nullable=False)
    line2: Mapped[str | None] = mapped_column(String(200))
    city: Mapped[str] = mapped_column(String(100), nullable=False)
    region: Mapped[str | None] = mapped_column(String(100))
    postal_code: Mapped[str | None] = mapped_column(String(20))
    country: Mapped[str] = mapped_column(String(2), nullable=False)
    is_default: Mapped[bool] = mapped_column(
        Boolean, nullable=False, default=False, server_default="false"
    )


class CustomerTag(Base):
    """One tag on one customer. A table rather than an array column so that finding a tag's
    customers is a btree range under the tenant (tenant_id, tag), without an extension."""

    __tablename__ = "customer_tags"
    __table_args__ = (
        ForeignKeyConstraint(
            ["tenant_id", "customer_id"],
            ["customers.tenant_id", "customers.id"],
            ondelete="CASCADE",
        ),
        Index("ix_customer_tags_tenant_id_tag", "tenant_id", "tag", "customer_id"),
    )

    tenant_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("tenants.id", ondelete="CASCADE"), primary_key=True
    )
    customer_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    tag: Mapped[str] = mapped_column(String(40), primary_key=True)


declare(
    Customer,
    resource="customers",
    customer=Customer.id,
    owner=Customer.owner_id,
    department=Customer.department_id,
    portal=PortalReach.OWN_CUSTOMER,
    is_customer=True,
)
declare(Contact, resource="customers", customer=Contact.customer_id)
declare(
    CustomerAddress,
    resource="customers",
    customer=CustomerAddress.customer_id,
    portal=PortalReach.OWN_CUSTOMER,
)
