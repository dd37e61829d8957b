"""Ticket tables (tenant-owned): tickets, their conversation, the tenant's own categories and
the gapless ticket number counter.

A ticket's category is a key: the built-in keys (rules.BUILT_IN_CATEGORIES) exist for every
tenant without a row; a `ticket_categories` row renames or deactivates a built-in one or adds
the tenant's own. The order lines a ticket concerns are an array of line ids of its order,
checked against that order when written.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, UUID
from sqlalchemy.orm import Mapped, mapped_column

from core.access import PortalReach, declare
from core.models import Base, TenantOwned, Timestamped


class Ticket(TenantOwned, Timestamped, Base):
    """One customer's question or problem. `contact_id` is the portal contact who opened it
    (replies are emailed there), else replies go to the customer's mail address."""

    __tablename__ = "tickets"
    __table_args__ = (
        ForeignKeyConstraint(["tenant_id", "customer_id"], ["customers.tenant_id", "customers.id"]),
        ForeignKeyConstraint(["tenant_id", "order_id"], ["orders.tenant_id", "orders.id"]),
        ForeignKeyConstraint(["tenant_id", "owner_id"], ["users.tenant_id", "users.id"]),
        ForeignKeyConstraint(
            ["tenant_id", "department_id"], ["departments.tenant_id", "departments.id"]
        ),
        UniqueConstraint("tenant_id", "number"),
        Index(
            "uq_tickets_tenant_id_idempotency_key",
            "tenant_id",
            "idempotency_key",
            unique=True,
            postgresql_where=text("idempotency_key IS NOT NULL"),
        ),
        Index("ix_tickets_tenant_id_created_at_id", "tenant_id", "created_at", "id"),
        Index(
            "ix_tickets_tenant_id_status_created_at_id", "tenant_id", "status", "created_at", "id"
        ),
        Index(
            "ix_tickets_tenant_id_customer_id_created_at_id",
            "tenant_id",
            "customer_id",
            "created_at",
            "id",
        ),
        Index(
            "ix_tickets_tenant_id_owner_id_created_at_id",
            "tenant_id",
            "owner_id",
            "created_at",
            "id",
        ),
        Index("ix_tickets_tenant_id_order_id", "tenant_id", "order_id"),
    )

    number: Mapped[str] = mapped_column(String(20), nullable=False)
    customer_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), nullable=False)
    order_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    order_line_ids: Mapped[list[uuid.UUID]] = mapped_column(
        ARRAY(UUID(as_uuid=True)), nullable=False, server_default=text("'{}'")
    )
    category: Mapped[str] = mapped_column(String(40), nullable=False)
    priority: Mapped[str] = mapped_column(String(10), nullable=False)
    subject: Mapped[str] = mapped_column(String(200), nullable=False)
    description: Mapped[str] = mapped_column(Text, nullable=False)
    status: Mapped[str] = mapped_column(String(30), nullable=False)
    resolution_code: Mapped[str | None] = mapped_column(String(20))
    channel: Mapped[str] = mapped_column(String(10), nullable=False)
    owner_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    department_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    contact_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    created_by_kind: Mapped[str] = mapped_column(String(20), nullable=False)
    created_by_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    idempotency_key: Mapped[str | None] = mapped_column(String(200))
    request_hash: Mapped[str | None] = mapped_column(String(64))
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, server_default=func.now()
    )
    first_response_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    solved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class TicketMessage(TenantOwned, Timestamped, Base):
    """One message of a ticket's conversation: a public reply (the customer sees it) or an
    internal note (staff only). Written once, never edited."""

    __tablename__ = "ticket_messages"
    __table_args__ = (
        ForeignKeyConstraint(
            ["tenant_id", "ticket_id"], ["tickets.tenant_id", "tickets.id"], ondelete="CASCADE"
        ),
        Index(
            "ix_ticket_messages_tenant_id_ticket_id_created_at",
            "tenant_id",
            "ticket_id",
            "created_at",
        ),
    )

    ticket_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), nullable=False)
    customer_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), nullable=False)
    kind: Mapped[str] = mapped_column(String(20), nullable=False)
    author_kind: Mapped[str] = mapped_column(String(20), nullable=False)
    author_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    author_label: Mapped[str] = mapped_column(String(320), nullable=False)
    body: Mapped[str] = mapped_column(Text, nullable=False)
    mentioned_user_ids: Mapped[list[uuid.UUID]] = mapped_column(
        ARRAY(UUID(as_uuid=True)), nullable=False, server_default=text("'{}'"), default=list
    )


class TicketCategory(TenantOwned, Timestamped, Base):
    """The tenant's name and switch for a category key: a built-in one renamed or switched
    off, or one of its own."""

    __tablename__ = "ticket_categories"
    __table_args__ = (UniqueConstraint("tenant_id", "key"),)

    key: Mapped[str] = mapped_column(String(40), nullable=False)
    name: Mapped[str] = mapped_column(String(100), nullable=False)
    active: Mapped[bool] = mapped_column(Boolean, nullable=False, server_default=text("true"))


class TicketNumberCounter(Base):
    """The tenant's next ticket number (gapless: updated in the creating transaction)."""

    __tablename__ = "ticket_number_counters"

    tenant_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("tenants.id", ondelete="CASCADE"), primary_key=True
    )
    next_value: Mapped[int] = mapped_column(BigInteger, nullable=False)


class TicketCalendar(Base):
    """The tenant's working calendar for SLA business time (one per tenant; without a row
    the default applies: Monday to Friday, 09:00-18:00, in the tenant's time zone).
    `weekly_hours` maps weekday numbers ("0" = Monday) to lists of ["HH:MM", "HH:MM"]."""

    __tablename__ = "ticket_calendars"

    tenant_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("tenants.id", ondelete="CASCADE"), primary_key=True
    )
    time_zone: Mapped[str] = mapped_column(String(64), nullable=False)
    weekly_hours: Mapped[dict[str, list[list[str]]]] = mapped_column(JSONB, nullable=False)
    country: Mapped[str | None] = mapped_column(String(2))
    subdivision: Mapped[str | None] = mapped_column(String(10))
    closed_dates: Mapped[list[date]] = mapped_column(
        ARRAY(Date), nullable=False, server_default=text("'{}'")
    )
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, server_default=func.now()
    )


class SlaPolicy(TenantOwned, Timestamped, Base):
    """Targets in business minutes for the tickets it matches: the first policy by
    `position` whose priorities and categories (empty: any) fit the ticket, else the
    fallback. A target left empty is not measured."""

    __tablename__ = "ticket_sla_policies"
    __table_args__ = (
        Index(
            "uq_ticket_sla_policies_tenant_id_fallback",
            "tenant_id",
            unique=True,
            postgresql_where=text("fallback"),
        ),
    )

    name: Mapped[str] = mapped_column(String(100), nullable=False)
    position: Mapped[int] = mapped_column(Integer, nullable=False)
    priorities: Mapped[list[str]] = mapped_column(
        ARRAY(String(10)), nullable=False, server_default=text("'{}'")
    )
    categories: Mapped[list[str]] = mapped_column(
        ARRAY(String(40)), nullable=False, server_default=text("'{}'")
    )
    fallback: Mapped[bool] = mapped_column(Boolean, nullable=False, server_default=text("false"))
    first_response_minutes: Mapped[int | None] = mapped_column(Integer)
    next_response_minutes: Mapped[int | None] = mapped_column(Integer)
    resolution_minutes: Mapped[int | None] = mapped_column(Integer)


class TicketSlaClock(Base):
    """One (ticket, metric) clock: the fields of `sla_clock.SlaClock`, stored."""

    __tablename__ = "ticket_sla_clocks"
    __table_args__ = (
        ForeignKeyConstraint(
            ["tenant_id", "ticket_id"], ["tickets.tenant_id", "tickets.id"], ondelete="CASCADE"
        ),
    )

    tenant_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    ticket_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    metric: Mapped[str] = mapped_column(String(20), primary_key=True)
    policy_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    target_minutes: Mapped[int] = mapped_column(Integer, nullable=False)
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    due_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    paused_total_minutes: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    paused_since: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    reached_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    breached_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class TicketSlaDue(Base):
    """Platform-level pointer to a running clock's due time, so the breach check finds due
    clocks across tenants with one index range scan and without reading tenant data."""

    __tablename__ = "ticket_sla_due"

    tenant_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    ticket_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    metric: Mapped[str] = mapped_column(String(20), primary_key=True)
    due_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False, index=True)


# Tickets reach staff through their customer's data scope (as orders do), and a portal
# contact their own customer's; messages and categories are reached through tickets'
# services, which check tickets:* themselves.
declare(Ticket, resource="tickets", customer=Ticket.customer_id, portal=PortalReach.OWN_CUSTOMER)
declare(
    TicketMessage,
    resource="tickets",
    customer=TicketMessage.customer_id,
    portal=PortalReach.OWN_CUSTOMER,
)
declare(TicketCategory, resource="tickets", portal=PortalReach.TENANT)
declare(SlaPolicy, resource="tickets")
