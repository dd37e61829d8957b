"""GraphQL for bulk actions on customers selected in the list: one mutation per action,
taking the customers' ids and returning one result per customer."""

from __future__ import annotations

import uuid

import strawberry
from strawberry.types import Info

from core.bulk import RowResult
from core.gql.types import (
    UserErrorType,
    error_list_field,
    id_of,
    input_row_id,
    payload_of,
    run_mutation,
)
from customers import bulk_actions
from customers.schema import CustomerError


@strawberry.type(name="CustomerBulkResult", description="What a bulk action did to one customer.")
class CustomerBulkResultType:
    customer_id: strawberry.ID = strawberry.field(description="Global id of the Customer.")
    ok: bool = strawberry.field(description="The action was applied to this customer.")
    user_errors: list[UserErrorType] = error_list_field(
        CustomerError, "Why this customer was left as it was (empty when ok)."
    )

    @classmethod
    def of(cls, result: RowResult) -> CustomerBulkResultType:
        return cls(
            customer_id=id_of("Customer", result.id),
            ok=result.ok,
            user_errors=[UserErrorType.of(error) for error in result.errors],
        )


@strawberry.type(description="Result of a bulk action on customers.")
class CustomerBulkPayload:
    results: list[CustomerBulkResultType] | None = strawberry.field(
        description="One result per selected customer, in the order given; null when the "
        "whole action was refused (see userErrors)."
    )
    user_errors: list[UserErrorType] = error_list_field(CustomerError)


@strawberry.input(description="Customers and the staff user to own them.")
class BulkAssignCustomerOwnerInput:
    customer_ids: list[strawberry.ID] = strawberry.field(description="1 to 200 Customer ids.")
    owner_id: strawberry.ID = strawberry.field(description="Global id of the User.")


@strawberry.input(description="Customers and the tag to add to each.")
class BulkAddCustomerTagInput:
    customer_ids: list[strawberry.ID] = strawberry.field(description="1 to 200 Customer ids.")
    tag: str = strawberry.field(description="The tag (stored normalized).")


def _ids(ids: list[strawberry.ID]) -> list[uuid.UUID]:
    return [input_row_id(customer_id, "Customer") for customer_id in ids]


def _results(results: list[RowResult]) -> list[CustomerBulkResultType]:
    return [CustomerBulkResultType.of(result) for result in results]


@strawberry.type
class Mutation:
    @strawberry.mutation(
        description="Make one staff user the owner of each selected customer "
        "(customers:write); each moves into the owner's department."
    )
    async def bulk_assign_customer_owner(
        self, info: Info, input: BulkAssignCustomerOwnerInput
    ) -> CustomerBulkPayload:
        ids, owner_id = _ids(input.customer_ids), input_row_id(input.owner_id, "User")
        outcome = await run_mutation(
            info, lambda actor: bulk_actions.assign_customer_owner(actor, ids, owner_id)
        )
        return payload_of(CustomerBulkPayload, outcome, _results)

    @strawberry.mutation(description="Add a tag to each selected customer (customers:write).")
    async def bulk_add_customer_tag(
        self, info: Info, input: BulkAddCustomerTagInput
    ) -> CustomerBulkPayload:
        ids = _ids(input.customer_ids)
        outcome = await run_mutation(
            info, lambda actor: bulk_actions.add_customer_tag(actor, ids, input.tag)
        )
        return payload_of(CustomerBulkPayload, outcome, _results)
