"""GraphQL for the tenant's contract templates and settings: reading them (contracts:read)
and changing them (contracts:configure)."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

import contracts.services as contracts
from contracts.types_schema import ContractError, ContractSettingsType, ContractTemplateType
from core.gql.context import context_of
from core.gql.types import (
    UserErrorType,
    error_list_field,
    optional_input_row_id,
    payload_of,
    run_mutation,
)


@strawberry.input(description="A contract template to create (no id) or change.")
class SaveContractTemplateInput:
    id: strawberry.ID | None = strawberry.field(
        default=None, description="Global id of the ContractTemplate to change."
    )
    name: str = strawberry.field(description="Its name.")
    body: str = strawberry.field(description="The text with placeholders.")
    is_default: bool = strawberry.field(default=False, description="Make it the default.")


@strawberry.input(description="The tenant's contract settings.")
class UpdateContractSettingsInput:
    reminder_offsets: list[int] = strawberry.field(
        description="Days before the notice deadline and the term end to remind."
    )


@strawberry.type(description="Result of saveContractTemplate.")
class ContractTemplatePayload:
    template: ContractTemplateType | None = strawberry.field(description="The saved template.")
    user_errors: list[UserErrorType] = error_list_field(ContractError)


@strawberry.type(description="Result of updateContractSettings.")
class ContractSettingsPayload:
    settings: ContractSettingsType | None = strawberry.field(description="The saved settings.")
    user_errors: list[UserErrorType] = error_list_field(ContractError)


@strawberry.type
class Query:
    @strawberry.field(
        description="The tenant's contract templates by name (contracts:read); the default "
        "one is created on first use."
    )
    async def contract_templates(self, info: Info) -> list[ContractTemplateType]:
        rows = await contracts.list_templates(await context_of(info).reader())
        return [ContractTemplateType.of(row) for row in rows]

    @strawberry.field(description="The tenant's contract settings (contracts:read).")
    async def contract_settings(self, info: Info) -> ContractSettingsType:
        found = await contracts.contract_rules(await context_of(info).reader())
        return ContractSettingsType.of(found)


@strawberry.type
class Mutation:
    @strawberry.mutation(description="Create or change a contract template (contracts:configure).")
    async def save_contract_template(
        self, info: Info, input: SaveContractTemplateInput
    ) -> ContractTemplatePayload:
        template_id = optional_input_row_id(input.id, "ContractTemplate")
        data = contracts.TemplateInput(input.name, input.body, input.is_default)
        outcome = await run_mutation(info, lambda a: contracts.save_template(a, template_id, data))
        return payload_of(ContractTemplatePayload, outcome, ContractTemplateType.of)

    @strawberry.mutation(description="Change the reminder ladder (contracts:configure).")
    async def update_contract_settings(
        self, info: Info, input: UpdateContractSettingsInput
    ) -> ContractSettingsPayload:
        offsets = list(input.reminder_offsets)
        outcome = await run_mutation(info, lambda a: contracts.update_contract_rules(a, offsets))
        return payload_of(ContractSettingsPayload, outcome, ContractSettingsType.of)
