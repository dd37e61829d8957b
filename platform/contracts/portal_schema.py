"""GraphQL for the portal: the signed-in contact's customer's contracts with their
versions and signatures, downloading them, and signing (typing the name and ticking
acceptance) or declining a version. Ids are plain row ids, as elsewhere in the portal."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated, Any

import strawberry
from strawberry.types import Info

import contracts.services as contracts
from contracts.models import Contract, ContractVersion
from contracts.rules import ContractStatus, RenewalType, SignatureState, notice_deadline
from contracts.types_schema import ContractError, ContractSignatureType, file_url
from core.context import Actor
from core.errors import NotFound
from core.gql.context import context_of
from core.gql.pagination import Connection, to_connection
from core.gql.types import NO_ROW, UserErrorType, error_list_field, payload_of, run_mutation


def _row_id(value: strawberry.ID | None) -> uuid.UUID:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return NO_ROW


async def _versions(actor: Actor, ids: list[uuid.UUID]) -> list[list[ContractVersion]]:
    return await contracts.versions_of_contracts(actor, ids)


async def _signatures(actor: Actor, ids: list[uuid.UUID]) -> list[list[Any]]:
    return await contracts.signatures_of_versions(actor, ids)


@strawberry.type(name="PortalContractVersion", description="One document of your contract.")
class PortalContractVersionType:
    id: strawberry.ID = strawberry.field(description="The version's id (name it to sign).")
    number: int = strawberry.field(description="1 for the first, then one per amendment.")
    state: SignatureState = strawberry.field(description="Its signature state.")
    file_name: str = strawberry.field(description="The document's file name.")
    sha256: str = strawberry.field(
        description="SHA-256 of the document: send it back when signing, to sign exactly it."
    )
    note: str | None = strawberry.field(description="What the amendment changes.")
    sent_at: datetime | None = strawberry.field(description="When it was sent to you.")
    expires_at: datetime | None = strawberry.field(description="Sign before this.")
    signed_at: datetime | None = strawberry.field(description="When you signed it.")
    row: strawberry.Private[ContractVersion]

    @classmethod
    def of(cls, row: ContractVersion) -> PortalContractVersionType:
        return cls(
            id=strawberry.ID(str(row.id)),
            number=row.number,
            state=SignatureState(row.state),
            file_name=row.file_name,
            sha256=row.sha256,
            note=row.note,
            sent_at=row.sent_at,
            expires_at=row.expires_at,
            signed_at=row.signed_at,
            row=row,
        )

    @strawberry.field(description="Signed URL of the document (about 15 minutes).")
    async def document_url(self, info: Info) -> str | None:
        return await file_url(info, self.row.id, self.row.file_id)

    @strawberry.field(description="Signed URL of the signed copy (null until signed).")
    async def signed_document_url(self, info: Info) -> str | None:
        return await file_url(info, self.row.id, self.row.signed_file_id)

    @strawberry.field(description="Its signatures.")
    async def signatures(self, info: Info) -> list[ContractSignatureType]:
        rows = await context_of(info).loader(_signatures).load(self.row.id)
        return [ContractSignatureType.of(row) for row in rows]


@strawberry.type(name="PortalContract", description="One of your contracts.")
class PortalContractType:
    id: strawberry.ID = strawberry.field(description="The contract's id.")
    number: str = strawberry.field(description="Its number, e.g. CT-000042.")
    title: str = strawberry.field(description="What it is about.")
    status: ContractStatus = strawberry.field(description="Where it stands.")
    start_date: date = strawberry.field(description="The first day covered.")
    current_term_end: date = strawberry.field(description="The current term's last day.")
    notice_deadline: date = strawberry.field(description="The last day to give notice.")
    renewal_type: RenewalType = strawberry.field(description="How it renews.")
    notice_days: int = strawberry.field(description="The notice period in days.")
    row: strawberry.Private[Contract]

    @classmethod
    def of(cls, row: Contract) -> PortalContractType:
        return cls(
            id=strawberry.ID(str(row.id)),
            number=row.number,
            title=row.title,
            status=ContractStatus(row.status),
            start_date=row.start_date,
            current_term_end=row.current_term_end,
            notice_deadline=notice_deadline(row.current_term_end, row.notice_days),
            renewal_type=RenewalType(row.renewal_type),
            notice_days=row.notice_days,
            row=row,
        )

    @strawberry.field(description="Its versions, newest first.")
    async def versions(self, info: Info) -> list[PortalContractVersionType]:
        rows = await context_of(info).loader(_versions).load(self.row.id)
        return [PortalContractVersionType.of(row) for row in rows]


@strawberry.input(description="Your signature on a version sent to you.")
class SignContractInput:
    version_id: strawberry.ID = strawberry.field(description="The PortalContractVersion's id.")
    document_sha256: str = strawberry.field(
        description="The sha256 of the version you read (signing fails if it changed)."
    )
    signer_name: str = strawberry.field(description="Your full name, typed.")
    signer_title: str | None = strawberry.field(default=None, description="Your title.")
    accept: bool = strawberry.field(description="You accept the contract.")


@strawberry.input(description="Declining a version sent to you.")
class DeclineContractInput:
    version_id: strawberry.ID = strawberry.field(description="The PortalContractVersion's id.")
    reason: str | None = strawberry.field(default=None, description="Why, if you wish.")


@strawberry.type(description="Result of signContract or declineContract.")
class PortalContractPayload:
    contract: PortalContractType | None = strawberry.field(description="The contract afterwards.")
    user_errors: list[UserErrorType] = error_list_field(ContractError)


@strawberry.type
class Query:
    @strawberry.field(description="Your customer's contracts, newest first (portal only).")
    async def my_contracts(
        self,
        info: Info,
        first: Annotated[int | None, strawberry.argument(description="Page size.")] = None,
        after: Annotated[
            str | None, strawberry.argument(description="Cursor: the page after it.")
        ] = None,
    ) -> Connection[PortalContractType]:
        actor = await context_of(info).reader()
        page = await contracts.portal_contracts(actor, first, after)
        return to_connection(page, PortalContractType.of)

    @strawberry.field(description="One of your customer's contracts (portal only).")
    async def my_contract(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="The PortalContract's id.")],
    ) -> PortalContractType:
        row_id = _row_id(id)
        if row_id == NO_ROW:
            raise NotFound()
        actor = await context_of(info).reader()
        actor.require_portal()
        return PortalContractType.of(await contracts.get_contract(actor, row_id))


@strawberry.type
class Mutation:
    @strawberry.mutation(
        description="Sign a version sent to you by typing your name and ticking acceptance "
        "(portal only); the record keeps your name, title, time, IP address, browser and "
        "the document's SHA-256."
    )
    async def sign_contract(self, info: Info, input: SignContractInput) -> PortalContractPayload:
        request: Any = context_of(info).request
        data = contracts.SignatureInput(
            version_id=_row_id(input.version_id),
            document_sha256=input.document_sha256,
            signer_name=input.signer_name,
            signer_title=input.signer_title,
            accepted=input.accept,
            user_agent=request.headers.get("user-agent") if request is not None else None,
        )
        outcome = await run_mutation(info, lambda a: contracts.sign_version(a, data))
        return payload_of(PortalContractPayload, outcome, PortalContractType.of)

    @strawberry.mutation(description="Decline to sign a version sent to you (portal only).")
    async def decline_contract(
        self, info: Info, input: DeclineContractInput
    ) -> PortalContractPayload:
        version_id = _row_id(input.version_id)
        outcome = await run_mutation(
            info, lambda a: contracts.decline_version(a, version_id, input.reason)
        )
        return payload_of(PortalContractPayload, outcome, PortalContractType.of)
