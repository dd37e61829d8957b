"""Contract tables (tenant-owned): templates, contracts with their terms, the orders and
subscriptions they cover, versions (each a stored document), signatures, the reminders
sent, the tenant's settings and the gapless CT number counter; and one platform-level
table, the cross-tenant schedule of contracts the daily job looks at.

A contract's `current_term_end` is stored (the last day covered) and moved by each
renewal: notice deadlines are computed from it, never from the initial term.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
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
from sqlalchemy.dialects.postgresql import ARRAY, UUID
from sqlalchemy.orm import Mapped, mapped_column

from core.access import PortalReach, declare
from core.models import Base, TenantOwned, Timestamped


class ContractTemplate(TenantOwned, Timestamped, Base):
    """A contract text with placeholders ({customer_name}, {start_date}, ...) filled when
    a version is rendered; one template per tenant is the default."""

    __tablename__ = "contract_templates"
    __table_args__ = (
        Index(
            "uq_contract_templates_tenant_id_default",
            "tenant_id",
            unique=True,
            postgresql_where=text("is_default"),
        ),
        UniqueConstraint("tenant_id", "name"),
    )

    name: Mapped[str] = mapped_column(String(200), nullable=False)
    body: Mapped[str] = mapped_column(Text, nullable=False)
    is_default: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, server_default=func.now()
    )


class Contract(TenantOwned, Timestamped, Base):
    """One customer's contract: its terms, where it stands and how it ended."""

    __tablename__ = "contracts"
    __table_args__ = (
        ForeignKeyConstraint(["tenant_id", "customer_id"], ["customers.tenant_id", "customers.id"]),
        UniqueConstraint("tenant_id", "number"),
        Index("ix_contracts_tenant_id_created_at_id", "tenant_id", "created_at", "id"),
        Index("ix_contracts_tenant_id_customer_id", "tenant_id", "customer_id"),
        Index("ix_contracts_tenant_id_current_term_end", "tenant_id", "current_term_end"),
        Index("ix_contracts_tenant_id_quote_id", "tenant_id", "quote_id"),
        CheckConstraint(
            "initial_term_months > 0 AND notice_days >= 0 AND current_term_end >= start_date",
            name="terms",
        ),
    )

    number: Mapped[str] = mapped_column(String(20), nullable=False)
    customer_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), nullable=False)
    title: Mapped[str] = mapped_column(String(200), nullable=False)
    owner_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    template_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    start_date: Mapped[date] = mapped_column(Date, nullable=False)
    initial_term_months: Mapped[int] = mapped_column(Integer, nullable=False)
    current_term_start: Mapped[date] = mapped_column(Date, nullable=False)
    current_term_end: Mapped[date] = mapped_column(Date, nullable=False)
    renewal_type: Mapped[str] = mapped_column(String(20), nullable=False)
    renewal_term_months: Mapped[int | None] = mapped_column(Integer)
    notice_days: Mapped[int] = mapped_column(Integer, nullable=False)
    minimum_term_months: Mapped[int | None] = mapped_column(Integer)
    renewal_count: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    status: Mapped[str] = mapped_column(String(20), nullable=False)
    terminated_on: Mapped[date | None] = mapped_column(Date)
    termination_reason: Mapped[str | None] = mapped_column(Text)
    terminated_by_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    terminated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    quote_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    quote_number: Mapped[str | None] = mapped_column(String(40))
    version_count: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, server_default=func.now()
    )


class ContractLink(TenantOwned, Base):
    """An order or a subscription the contract covers (the other domain stays unaware)."""

    __tablename__ = "contract_links"
    __table_args__ = (
        ForeignKeyConstraint(
            ["tenant_id", "contract_id"],
            ["contracts.tenant_id", "contracts.id"],
            ondelete="CASCADE",
        ),
        UniqueConstraint("tenant_id", "contract_id", "kind", "target_id"),
        Index("ix_contract_links_tenant_id_kind_target_id", "tenant_id", "kind", "target_id"),
    )

    contract_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), nullable=False)
    customer_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), nullable=False)
    kind: Mapped[str] = mapped_column(String(20), nullable=False)
    target_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), nullable=False)


class ContractVersion(TenantOwned, Timestamped, Base):
    """One document of a contract: rendered from a template or uploaded, kept as a stored
    file with the SHA-256 of its bytes. Once signed it never changes; an amendment is a new
    version naming the one it replaces."""

    __tablename__ = "contract_versions"
    __table_args__ = (
        ForeignKeyConstraint(
            ["tenant_id", "contract_id"],
            ["contracts.tenant_id", "contracts.id"],
            ondelete="CASCADE",
        ),
        ForeignKeyConstraint(
            ["tenant_id", "amends_version_id"],
            ["contract_versions.tenant_id", "contract_versions.id"],
            name="fk_contract_versions_tenant_id_amends_version_id",
        ),
        UniqueConstraint("tenant_id", "contract_id", "number"),
    )

    contract_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), nullable=False)
    customer_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), nullable=False)
    number: Mapped[int] = mapped_column(Integer, nullable=False)
    source: Mapped[str] = mapped_column(String(20), nullable=False)
    file_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), nullable=False)
    file_name: Mapped[str] = mapped_column(String(200), nullable=False)
    sha256: Mapped[str] = mapped_column(String(64), nullable=False)
    signed_file_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    amends_version_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    note: Mapped[str | None] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(20), nullable=False)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    signed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    declined_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    decline_reason: Mapped[str | None] = mapped_column(Text)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_by_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))


class ContractSignature(TenantOwned, Base):
    """Who signed a version, for which party, and exactly what: the SHA-256 of the document
    bytes they were shown, with the time, IP address and user agent of the signing."""

    __tablename__ = "contract_signatures"
    __table_args__ = (
        ForeignKeyConstraint(
            ["tenant_id", "version_id"],
            ["contract_versions.tenant_id", "contract_versions.id"],
            ondelete="CASCADE",
        ),
        # One signature per party and version: a second one is refused by the database too.
        UniqueConstraint("tenant_id", "version_id", "party"),
    )

    version_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), nullable=False)
    contract_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), nullable=False)
    customer_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), nullable=False)
    party: Mapped[str] = mapped_column(String(20), nullable=False)
    signer_name: Mapped[str] = mapped_column(String(200), nullable=False)
    signer_title: Mapped[str | None] = mapped_column(String(200))
    signed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    ip_address: Mapped[str | None] = mapped_column(String(64))
    user_agent: Mapped[str | None] = mapped_column(String(500))
    document_sha256: Mapped[str] = mapped_column(String(64), nullable=False)
    user_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    contact_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))


class ContractReminder(TenantOwned, Base):
    """A reminder sent: the unique key makes each go once per contract, term, ladder,
    offset and recipient, across worker restarts and concurrent runs."""

    __tablename__ = "contract_reminders"
    __table_args__ = (
        ForeignKeyConstraint(
            ["tenant_id", "contract_id"],
            ["contracts.tenant_id", "contracts.id"],
            ondelete="CASCADE",
        ),
        UniqueConstraint(
            "tenant_id",
            "contract_id",
            "term_end",
            "ladder",
            "offset_days",
            "recipient_kind",
            name="uq_contract_reminders_once",
        ),
    )

    contract_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), nullable=False)
    term_end: Mapped[date] = mapped_column(Date, nullable=False)
    ladder: Mapped[str] = mapped_column(String(20), nullable=False)
    offset_days: Mapped[int] = mapped_column(Integer, nullable=False)
    recipient_kind: Mapped[str] = mapped_column(String(20), nullable=False)
    recipient: Mapped[str | None] = mapped_column(String(320))
    due_on: Mapped[date] = mapped_column(Date, nullable=False)
    sent_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, server_default=func.now()
    )


class ContractSettings(Base):
    """The tenant's reminder ladder (days before the notice deadline and before the end)
    and how many days a version sent for signature stays open."""

    __tablename__ = "contract_settings"

    tenant_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("tenants.id", ondelete="CASCADE"), primary_key=True
    )
    reminder_offsets: Mapped[list[int]] = mapped_column(ARRAY(Integer), nullable=False)
    signature_days: Mapped[int] = mapped_column(Integer, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, server_default=func.now()
    )


class ContractNumberCounter(Base):
    """The tenant's next CT number (gapless: updated in the creating transaction)."""

    __tablename__ = "contract_number_counters"

    tenant_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("tenants.id", ondelete="CASCADE"), primary_key=True
    )
    next_value: Mapped[int] = mapped_column(BigInteger, nullable=False)


class ContractDue(Base):
    """Platform-level: the day the daily job next looks at a contract (a reminder, a
    notice deadline, a term end); ids and a date only."""

    __tablename__ = "contract_due"

    tenant_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    contract_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    due_on: Mapped[date] = mapped_column(Date, nullable=False, index=True)


# Contracts reach staff through their customer's data scope and a portal contact their own
# customer's; templates are the tenant's (contracts:read to see, :configure to change).
declare(
    Contract, resource="contracts", customer=Contract.customer_id, portal=PortalReach.OWN_CUSTOMER
)
declare(
    ContractVersion,
    resource="contracts",
    customer=ContractVersion.customer_id,
    portal=PortalReach.OWN_CUSTOMER,
)
declare(
    ContractSignature,
    resource="contracts",
    customer=ContractSignature.customer_id,
    portal=PortalReach.OWN_CUSTOMER,
)
declare(ContractLink, resource="contracts", customer=ContractLink.customer_id)
declare(ContractTemplate, resource="contracts")
