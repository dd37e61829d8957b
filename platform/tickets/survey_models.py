"""Satisfaction survey tables: the tenant's survey settings, one survey per ticket, its
answers (every change a new version) and the platform-level pointer the sending job scans.

A survey row exists from the ticket's solving on; until it is sent it may be dropped (the
ticket was reopened), so at most one survey per ticket ever reaches the customer. The raw
link token is never stored, only its SHA-256.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import (
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
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.orm import Mapped, mapped_column

from core.access import PortalReach, declare
from core.models import Base, TenantOwned, Timestamped


class TicketSurveySettings(Base):
    """When and how the tenant asks (without a row: 24 hours after solving, valid 28 days,
    good/bad)."""

    __tablename__ = "ticket_survey_settings"

    tenant_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("tenants.id", ondelete="CASCADE"), primary_key=True
    )
    delay_hours: Mapped[int] = mapped_column(Integer, nullable=False)
    validity_days: Mapped[int] = mapped_column(Integer, nullable=False)
    scale: Mapped[str] = mapped_column(String(20), nullable=False)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, server_default=func.now()
    )


class TicketSurvey(TenantOwned, Timestamped, Base):
    """A ticket's survey: scheduled at solving (`send_at`), attributed to the owner at that
    moment, sent once (`sent_at`, with the token's hash and its expiry) and answered any
    number of times before it expires (`current_answer_id`: the latest version)."""

    __tablename__ = "ticket_surveys"
    __table_args__ = (
        ForeignKeyConstraint(
            ["tenant_id", "ticket_id"], ["tickets.tenant_id", "tickets.id"], ondelete="CASCADE"
        ),
        ForeignKeyConstraint(
            ["tenant_id", "current_answer_id"],
            ["ticket_survey_answers.tenant_id", "ticket_survey_answers.id"],
            use_alter=True,
            name="fk_ticket_surveys_current_answer",
        ),
        UniqueConstraint("tenant_id", "ticket_id"),
        Index(
            "uq_ticket_surveys_tenant_id_token_hash",
            "tenant_id",
            "token_hash",
            unique=True,
            postgresql_where=text("token_hash IS NOT NULL"),
        ),
        Index("ix_ticket_surveys_tenant_id_sent_at", "tenant_id", "sent_at"),
    )

    ticket_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), nullable=False)
    customer_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), nullable=False)
    owner_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    solved_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    send_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    scale: Mapped[str | None] = mapped_column(String(20))
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    sent_to: Mapped[str | None] = mapped_column(String(320))
    expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    token_hash: Mapped[str | None] = mapped_column(String(64))
    current_answer_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    answered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class TicketSurveyAnswer(TenantOwned, Timestamped, Base):
    """One version of the customer's answer; never changed, a new answer is a new row."""

    __tablename__ = "ticket_survey_answers"
    __table_args__ = (
        ForeignKeyConstraint(
            ["tenant_id", "survey_id"],
            ["ticket_surveys.tenant_id", "ticket_surveys.id"],
            ondelete="CASCADE",
        ),
        UniqueConstraint("tenant_id", "survey_id", "version"),
    )

    survey_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), nullable=False)
    customer_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), nullable=False)
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    rating: Mapped[str] = mapped_column(String(10), nullable=False)
    good: Mapped[bool] = mapped_column(nullable=False)
    reason: Mapped[str | None] = mapped_column(String(20))
    comment: Mapped[str | None] = mapped_column(Text)
    answered_via: Mapped[str] = mapped_column(String(10), nullable=False)
    contact_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))


class TicketSurveyDue(Base):
    """Platform-level pointer to a scheduled survey's send time, so the sending job finds
    due surveys across tenants without reading tenant data."""

    __tablename__ = "ticket_survey_due"

    tenant_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    survey_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    send_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False, index=True)


declare(
    TicketSurvey,
    resource="tickets",
    customer=TicketSurvey.customer_id,
    portal=PortalReach.OWN_CUSTOMER,
)
declare(
    TicketSurveyAnswer,
    resource="tickets",
    customer=TicketSurveyAnswer.customer_id,
    portal=PortalReach.OWN_CUSTOMER,
)
