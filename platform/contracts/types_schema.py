"""GraphQL types of contracts for staff and integrators: the Contract node with its
versions, signatures and links, templates and settings, and the enums and error type they
share with the portal."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

import strawberry
from strawberry import relay
from strawberry.types import Info

import contracts.services as contracts
import customers.services as customers
import files.services as files
from contracts.errors import ContractErrorCode
from contracts.models import Contract, ContractLink, ContractSignature, ContractVersion
from contracts.rules import (
    ContractStatus,
    LinkKind,
    Party,
    RenewalType,
    SignatureState,
    VersionSource,
    notice_deadline,
)
from core.context import Actor
from core.gql.context import context_of
from core.gql.types import id_of, optional_id_of, resolve_by_ids, user_error_type
from customers import CustomerType
from files.errors import FileErrorCode

strawberry.enum(
    ContractStatus,
    name="ContractStatus",
    description="Where a contract stands, from its signature and dates: DRAFT (not signed by "
    "the customer yet), ACTIVE, EXPIRING (inside the notice window before the current term "
    "end), RENEWED (in a renewed term), TERMINATED (as of its termination date), EXPIRED "
    "(its term ended without renewal).",
)
strawberry.enum(
    RenewalType,
    name="ContractRenewalType",
    description="NONE: ends with its term; AUTOMATIC: renews for the renewal term until "
    "terminated; EVERGREEN: renews by its renewal term (a month by default) until "
    "terminated; ONCE: renews one time.",
)
strawberry.enum(
    SignatureState,
    name="ContractSignatureState",
    description="A version's signature state: DRAFT -> SENT -> SIGNED | DECLINED | EXPIRED "
    "| REVOKED.",
)
strawberry.enum(
    VersionSource,
    name="ContractVersionSource",
    description="Whether a version's document was rendered from a template or uploaded.",
)
strawberry.enum(Party, name="ContractParty", description="Who signed: the customer or the company.")
strawberry.enum(
    LinkKind,
    name="ContractLinkKind",
    description="What a contract covers: an order or a subscription.",
)
ContractError = user_error_type(
    "ContractError",
    ContractErrorCode,
    FileErrorCode,
    description="Why a contract was not created or changed.",
)


async def _versions(actor: Actor, ids: list[uuid.UUID]) -> list[list[ContractVersion]]:
    return await contracts.versions_of_contracts(actor, ids)


async def _signatures(actor: Actor, ids: list[uuid.UUID]) -> list[list[ContractSignature]]:
    return await contracts.signatures_of_versions(actor, ids)


async def _links(actor: Actor, ids: list[uuid.UUID]) -> list[list[ContractLink]]:
    return await contracts.links_of_contracts(actor, ids)


async def _files(actor: Actor, ids: list[uuid.UUID]) -> list[list[files.StoredFile]]:
    return await contracts.files_of_versions(actor, ids)


async def _customers(actor: Actor, ids: list[uuid.UUID]) -> list[Any]:
    return await customers.customers_by_id(actor, ids)


async def file_url(info: Info, version_id: uuid.UUID, file_id: uuid.UUID | None) -> str | None:
    """A short-lived signed URL of one of the version's files."""
    if file_id is None:
        return None
    for row in await context_of(info).loader(_files).load(version_id):
        if row.id == file_id:
            return files.download_path(context_of(info).services.settings, row)
    return None


@strawberry.type(
    name="ContractSignature",
    description="One signature of a version: who, for which party, when, from where, and "
    "the SHA-256 of the exact document signed.",
)
class ContractSignatureType:
    party: Party = strawberry.field(description="The customer or the company.")
    signer_name: str = strawberry.field(
        description="The name the signer typed (or the staff user)."
    )
    signer_title: str | None = strawberry.field(description="The signer's title.")
    signed_at: datetime = strawberry.field(description="When.")
    ip_address: str | None = strawberry.field(description="The IP address signed from.")
    user_agent: str | None = strawberry.field(description="The browser's user agent.")
    document_sha256: str = strawberry.field(
        description="SHA-256 (hex) of the document bytes signed."
    )

    @classmethod
    def of(cls, row: ContractSignature) -> ContractSignatureType:
        return cls(
            party=Party(row.party),
            signer_name=row.signer_name,
            signer_title=row.signer_title,
            signed_at=row.signed_at,
            ip_address=row.ip_address,
            user_agent=row.user_agent,
            document_sha256=row.document_sha256,
        )


@strawberry.type(name="ContractVersion", description="One document of a contract.")
class ContractVersionType(relay.Node):
    id: relay.NodeID[str]
    number: int = strawberry.field(description="1 for the first, then one per amendment.")
    source: VersionSource = strawberry.field(description="Rendered or uploaded.")
    state: SignatureState = strawberry.field(description="Its signature state.")
    file_name: str = strawberry.field(description="The document's file name.")
    sha256: str = strawberry.field(description="SHA-256 (hex) of the document's bytes.")
    note: str | None = strawberry.field(description="What the amendment changes.")
    amends_version_id: strawberry.ID | None = strawberry.field(
        description="Global id of the ContractVersion this one replaces (amendments)."
    )
    created_at: datetime = strawberry.field(description="When it was made.")
    sent_at: datetime | None = strawberry.field(description="When it was sent for signature.")
    expires_at: datetime | None = strawberry.field(description="When the signature window closes.")
    signed_at: datetime | None = strawberry.field(description="When the customer signed it.")
    declined_at: datetime | None = strawberry.field(description="When the customer declined.")
    decline_reason: str | None = strawberry.field(description="Why the customer declined.")
    revoked_at: datetime | None = strawberry.field(description="When it was withdrawn.")
    row: strawberry.Private[ContractVersion]

    @classmethod
    def of(cls, row: ContractVersion) -> ContractVersionType:
        return cls(
            id=str(row.id),
            number=row.number,
            source=VersionSource(row.source),
            state=SignatureState(row.state),
            file_name=row.file_name,
            sha256=row.sha256,
            note=row.note,
            amends_version_id=optional_id_of("ContractVersion", row.amends_version_id),
            created_at=row.created_at,
            sent_at=row.sent_at,
            expires_at=row.expires_at,
            signed_at=row.signed_at,
            declined_at=row.declined_at,
            decline_reason=row.decline_reason,
            revoked_at=row.revoked_at,
            row=row,
        )

    @strawberry.field(description="Signed URL of the document (about 15 minutes).")
    async def document_url(self, info: Info) -> str | None:
        return await file_url(info, self.row.id, self.row.file_id)

    @strawberry.field(
        description="Signed URL of the signed copy: the document with its signature page "
        "(null until signed)."
    )
    async def signed_document_url(self, info: Info) -> str | None:
        return await file_url(info, self.row.id, self.row.signed_file_id)

    @strawberry.field(description="Its signatures, in the order they were made.")
    async def signatures(self, info: Info) -> list[ContractSignatureType]:
        rows = await context_of(info).loader(_signatures).load(self.row.id)
        return [ContractSignatureType.of(row) for row in rows]

    @classmethod
    async def resolve_nodes(
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Any]:
        return await resolve_by_ids(info, node_ids, contracts.versions_by_id, cls.of, required)


@strawberry.type(name="ContractLink", description="An order or subscription a contract covers.")
class ContractLinkType:
    kind: LinkKind = strawberry.field(description="Order or subscription.")
    target_id: strawberry.ID = strawberry.field(
        description="Global id of the Order or Subscription."
    )

    @classmethod
    def of(cls, row: ContractLink) -> ContractLinkType:
        type_name = "Order" if row.kind == LinkKind.ORDER.value else "Subscription"
        return cls(kind=LinkKind(row.kind), target_id=id_of(type_name, row.target_id))


@strawberry.type(name="Contract", description="A customer's contract: terms, versions, signatures.")
class ContractType(relay.Node):
    id: relay.NodeID[str]
    number: str = strawberry.field(description="Gapless per-tenant number, e.g. CT-000042.")
    title: str = strawberry.field(description="What it is about.")
    status: ContractStatus = strawberry.field(description="Where it stands.")
    start_date: date = strawberry.field(description="The first day covered.")
    initial_term_months: int = strawberry.field(description="The first term's length.")
    current_term_start: date = strawberry.field(description="The current term's first day.")
    current_term_end: date = strawberry.field(
        description="The current term's last day (moved by each renewal)."
    )
    notice_deadline: date = strawberry.field(
        description="The last day notice may be given: current term end less the notice period."
    )
    renewal_type: RenewalType = strawberry.field(description="How it renews.")
    renewal_term_months: int | None = strawberry.field(
        description="A renewal term's length (null: the initial term's, a month if evergreen)."
    )
    notice_days: int = strawberry.field(description="The notice period in days.")
    minimum_term_months: int | None = strawberry.field(
        description="It cannot be terminated before this many months from its start."
    )
    renewal_count: int = strawberry.field(description="How many times it has renewed.")
    terminated_on: date | None = strawberry.field(description="The day it ends by termination.")
    termination_reason: str | None = strawberry.field(description="Why it was terminated.")
    terminated_by_id: strawberry.ID | None = strawberry.field(
        description="Global id of the User who terminated it."
    )
    terminated_at: datetime | None = strawberry.field(description="When it was terminated.")
    owner_id: strawberry.ID | None = strawberry.field(
        description="Global id of the User who owns it (gets its reminders)."
    )
    quote_id: strawberry.ID | None = strawberry.field(
        description="Global id of the Quote it came from."
    )
    quote_number: str | None = strawberry.field(description="That quote's number.")
    created_at: datetime = strawberry.field(description="When it was created.")
    updated_at: datetime = strawberry.field(description="When it last changed.")
    row: strawberry.Private[Contract]

    @classmethod
    def of(cls, row: Contract) -> ContractType:
        return cls(
            id=str(row.id),
            number=row.number,
            title=row.title,
            status=ContractStatus(row.status),
            start_date=row.start_date,
            initial_term_months=row.initial_term_months,
            current_term_start=row.current_term_start,
            current_term_end=row.current_term_end,
            notice_deadline=notice_deadline(row.current_term_end, row.notice_days),
            renewal_type=RenewalType(row.renewal_type),
            renewal_term_months=row.renewal_term_months,
            notice_days=row.notice_days,
            minimum_term_months=row.minimum_term_months,
            renewal_count=row.renewal_count,
            terminated_on=row.terminated_on,
            termination_reason=row.termination_reason,
            terminated_by_id=optional_id_of("User", row.terminated_by_id),
            terminated_at=row.terminated_at,
            owner_id=optional_id_of("User", row.owner_id),
            quote_id=optional_id_of("Quote", row.quote_id),
            quote_number=row.quote_number,
            created_at=row.created_at,
            updated_at=row.updated_at,
            row=row,
        )

    @strawberry.field(description="Its versions, newest first (amendments name what they replace).")
    async def versions(self, info: Info) -> list[ContractVersionType]:
        rows = await context_of(info).loader(_versions).load(self.row.id)
        return [ContractVersionType.of(row) for row in rows]

    @strawberry.field(description="The orders and subscriptions it covers.")
    async def links(self, info: Info) -> list[ContractLinkType]:
        rows = await context_of(info).loader(_links).load(self.row.id)
        return [ContractLinkType.of(row) for row in rows]

    @strawberry.field(description="The customer (null when out of your scope).")
    async def customer(self, info: Info) -> CustomerType | None:
        found = await context_of(info).loader(_customers).load(self.row.customer_id)
        return CustomerType.of(found) if found else None

    @classmethod
    async def resolve_nodes(
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Any]:
        return await resolve_by_ids(info, node_ids, contracts.contracts_by_id, cls.of, required)


@strawberry.type(name="ContractTemplate", description="A contract text versions render from.")
class ContractTemplateType(relay.Node):
    id: relay.NodeID[str]
    name: str = strawberry.field(description="Its name.")
    body: str = strawberry.field(
        description="The text, with placeholders such as {customer_name} and {end_date}."
    )
    is_default: bool = strawberry.field(description="Whether contracts use it by default.")
    updated_at: datetime = strawberry.field(description="When it last changed.")

    @classmethod
    def of(cls, row: Any) -> ContractTemplateType:
        return cls(
            id=str(row.id),
            name=row.name,
            body=row.body,
            is_default=row.is_default,
            updated_at=row.updated_at,
        )

    @classmethod
    async def resolve_nodes(
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Any]:
        async def fetch(actor: Actor, ids: list[uuid.UUID]) -> list[Any]:
            rows = {row.id: row for row in await contracts.list_templates(actor)}
            return [rows.get(i) for i in ids]

        return await resolve_by_ids(info, node_ids, fetch, cls.of, required)


@strawberry.type(name="ContractSettings", description="The tenant's contract settings.")
class ContractSettingsType:
    reminder_offsets: list[int] = strawberry.field(
        description="Days before the notice deadline and before the term end that the owner "
        "and the customer are reminded (default 60, 30, 14, 7)."
    )
    signature_days: int = strawberry.field(
        description="Days a version sent for signature stays open."
    )

    @classmethod
    def of(cls, found: contracts.ContractRules) -> ContractSettingsType:
        return cls(
            reminder_offsets=list(found.reminder_offsets), signature_days=found.signature_days
        )
