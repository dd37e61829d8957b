"""GraphQL operations for staff and integrators: the contracts list (with an expiring-soon
filter), one contract, and creating, sending, amending, countersigning, terminating,
renewing contracts and revoking versions (the types are in `types_schema`)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

import strawberry
from strawberry.types import Info

import contracts.services as contracts
from contracts.rules import ContractStatus, RenewalType
from contracts.types_schema import (
    ContractError,
    ContractType,
    ContractVersionType,
)
from core.errors import NotFound
from core.gql.context import context_of
from core.gql.pagination import Connection, to_connection
from core.gql.types import (
    UserErrorType,
    decode_id,
    error_list_field,
    input_row_id,
    optional_input_row_id,
    payload_of,
    run_mutation,
)
from files import upload_ids


@strawberry.input(description="Which contracts to list; every filter given must match.")
class ContractFilterInput:
    statuses: list[ContractStatus] | None = strawberry.field(
        default=None, description="Only contracts in one of these statuses."
    )
    customer_id: strawberry.ID | None = strawberry.field(
        default=None, description="Only this Customer's."
    )
    expiring_within_days: int | None = strawberry.field(
        default=None,
        description="Only contracts in force whose current term ends within this many days.",
    )


@strawberry.input(description="A contract's term, renewal and notice.")
class ContractTermsInput:
    start_date: date = strawberry.field(description="The first day covered.")
    initial_term_months: int = strawberry.field(description="The first term's length.")
    renewal_type: RenewalType = strawberry.field(description="How it renews.")
    renewal_term_months: int | None = strawberry.field(
        default=None, description="A renewal term's length (default: the initial term's)."
    )
    notice_days: int = strawberry.field(description="Notice period in days before a term end.")
    minimum_term_months: int | None = strawberry.field(
        default=None, description="No termination before this many months from the start."
    )

    def to_terms(self) -> contracts.Terms:
        return contracts.Terms(
            start_date=self.start_date,
            initial_term_months=self.initial_term_months,
            renewal_type=self.renewal_type,
            renewal_term_months=self.renewal_term_months,
            notice_days=self.notice_days,
            minimum_term_months=self.minimum_term_months,
        )


@strawberry.input(description="A new contract.")
class CreateContractInput:
    customer_id: strawberry.ID = strawberry.field(description="Global id of the Customer.")
    title: str = strawberry.field(description="What it is about.")
    terms: ContractTermsInput = strawberry.field(description="Term, renewal and notice.")
    template_id: strawberry.ID | None = strawberry.field(
        default=None, description="ContractTemplate to render version 1 from (default one)."
    )
    upload_id: strawberry.ID | None = strawberry.field(
        default=None,
        description="An uploaded PDF (id answered by POST /files, purpose contract_document) "
        "as version 1 instead of a rendered one.",
    )
    send: bool = strawberry.field(
        default=False, description="Send version 1 for the customer's signature at once."
    )


@strawberry.input(description="A version to act on.")
class ContractVersionInput:
    version_id: strawberry.ID = strawberry.field(description="Global id of the ContractVersion.")


@strawberry.input(description="The company's signature on a version the customer signed.")
class CountersignContractInput:
    version_id: strawberry.ID = strawberry.field(description="Global id of the ContractVersion.")
    signer_title: str | None = strawberry.field(
        default=None, description="Your title, printed on the signature page."
    )


@strawberry.input(description="An amendment: a new version replacing the latest one.")
class AmendContractInput:
    contract_id: strawberry.ID = strawberry.field(description="Global id of the Contract.")
    note: str | None = strawberry.field(default=None, description="What it changes.")
    upload_id: strawberry.ID | None = strawberry.field(
        default=None, description="An uploaded PDF (purpose contract_document)."
    )
    template_id: strawberry.ID | None = strawberry.field(
        default=None, description="ContractTemplate to render from (default: the contract's)."
    )


@strawberry.input(description="Ending a contract.")
class TerminateContractInput:
    contract_id: strawberry.ID = strawberry.field(description="Global id of the Contract.")
    effective_date: date = strawberry.field(description="The day it ends.")
    reason: str = strawberry.field(description="Why.")


@strawberry.input(description="A contract to renew by hand for one renewal term.")
class RenewContractInput:
    contract_id: strawberry.ID = strawberry.field(description="Global id of the Contract.")


@strawberry.type(description="Result of a contract mutation.")
class ContractPayload:
    contract: ContractType | None = strawberry.field(description="The contract afterwards.")
    user_errors: list[UserErrorType] = error_list_field(ContractError)


@strawberry.type(description="Result of amendContract.")
class AmendContractPayload:
    version: ContractVersionType | None = strawberry.field(description="The new version.")
    user_errors: list[UserErrorType] = error_list_field(ContractError)


def _filter(flt: ContractFilterInput | None) -> contracts.ContractFilter:
    if flt is None:
        return contracts.ContractFilter()
    return contracts.ContractFilter(
        statuses=tuple(flt.statuses or ()),
        customer_id=optional_input_row_id(flt.customer_id, "Customer"),
        expiring_within_days=flt.expiring_within_days,
    )


def _new_contract(data: CreateContractInput) -> contracts.NewContract:
    return contracts.NewContract(
        customer_id=input_row_id(data.customer_id, "Customer"),
        title=data.title,
        terms=data.terms.to_terms(),
        template_id=optional_input_row_id(data.template_id, "ContractTemplate"),
        upload_id=upload_ids([data.upload_id])[0] if data.upload_id else None,
        send=data.send,
    )


def _user_agent(info: Info) -> str | None:
    request: Any = context_of(info).request
    return request.headers.get("user-agent") if request is not None else None


async def _contract_mutation(info: Info, operation: Any) -> ContractPayload:
    outcome = await run_mutation(info, operation)
    return payload_of(ContractPayload, outcome, ContractType.of)


@strawberry.type
class Query:
    @strawberry.field(
        description="Contracts of customers in your data scope, newest first (contracts:read)."
    )
    async def contracts(
        self,
        info: Info,
        filter: Annotated[
            ContractFilterInput | None, strawberry.argument(description="Which contracts.")
        ] = None,
        first: Annotated[int | None, strawberry.argument(description="Page size.")] = None,
        after: Annotated[
            str | None, strawberry.argument(description="Cursor: the page after it.")
        ] = None,
    ) -> Connection[ContractType]:
        actor = await context_of(info).reader()
        page = await contracts.list_contracts(actor, _filter(filter), first, after)
        return to_connection(page, ContractType.of)

    @strawberry.field(description="One contract by its global id; null when out of reach.")
    async def contract(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="Global id of the Contract.")],
    ) -> ContractType | None:
        try:
            row_id = decode_id(id, "Contract")
        except NotFound:
            return None
        [found] = await contracts.contracts_by_id(await context_of(info).reader(), [row_id])
        return ContractType.of(found) if found else None


@strawberry.type
class Mutation:
    @strawberry.mutation(
        description="Create a contract with version 1, rendered from a template or an "
        "uploaded PDF (contracts:write)."
    )
    async def create_contract(self, info: Info, input: CreateContractInput) -> ContractPayload:
        data = _new_contract(input)
        return await _contract_mutation(info, lambda a: contracts.create_contract(a, data))

    @strawberry.mutation(
        description="Send a draft version for the customer's signature (contracts:write)."
    )
    async def send_contract_version(
        self, info: Info, input: ContractVersionInput
    ) -> ContractPayload:
        version_id = input_row_id(input.version_id, "ContractVersion")
        return await _contract_mutation(info, lambda a: contracts.send_version(a, version_id))

    @strawberry.mutation(
        description="Withdraw a draft or sent version; a signed one is immutable (contracts:write)."
    )
    async def revoke_contract_version(
        self, info: Info, input: ContractVersionInput
    ) -> ContractPayload:
        version_id = input_row_id(input.version_id, "ContractVersion")
        return await _contract_mutation(info, lambda a: contracts.revoke_version(a, version_id))

    @strawberry.mutation(
        description="Amend a contract: a new draft version that replaces the latest one "
        "(contracts:write)."
    )
    async def amend_contract(self, info: Info, input: AmendContractInput) -> AmendContractPayload:
        contract_id = input_row_id(input.contract_id, "Contract")
        upload = upload_ids([input.upload_id])[0] if input.upload_id else None
        template = optional_input_row_id(input.template_id, "ContractTemplate")
        outcome = await run_mutation(
            info,
            lambda a: contracts.amend_contract(a, contract_id, input.note, upload, template),
        )
        return payload_of(AmendContractPayload, outcome, ContractVersionType.of)

    @strawberry.mutation(
        description="The company's signature on a version the customer signed "
        "(contracts:countersign)."
    )
    async def countersign_contract(
        self, info: Info, input: CountersignContractInput
    ) -> ContractPayload:
        version_id = input_row_id(input.version_id, "ContractVersion")
        agent = _user_agent(info)
        return await _contract_mutation(
            info,
            lambda a: contracts.countersign_version(a, version_id, input.signer_title, agent),
        )

    @strawberry.mutation(
        description="Terminate a contract as of a date, with a reason (contracts:write)."
    )
    async def terminate_contract(
        self, info: Info, input: TerminateContractInput
    ) -> ContractPayload:
        contract_id = input_row_id(input.contract_id, "Contract")
        return await _contract_mutation(
            info,
            lambda a: contracts.terminate_contract(
                a, contract_id, input.effective_date, input.reason
            ),
        )

    @strawberry.mutation(
        description="Renew a contract by hand for one renewal term (contracts:write)."
    )
    async def renew_contract(self, info: Info, input: RenewContractInput) -> ContractPayload:
        contract_id = input_row_id(input.contract_id, "Contract")
        return await _contract_mutation(info, lambda a: contracts.renew_contract(a, contract_id))
