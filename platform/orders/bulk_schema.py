"""GraphQL for bulk actions on orders selected in the list: one mutation per action, taking
the orders' ids and returning one result per order (done, or why it was left as it was)."""

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
from orders import bulk_actions
from orders.error_types import OrderError
from orders.rules import Action
from orders.schema_types import OrderActionEnum


@strawberry.type(name="OrderBulkResult", description="What a bulk action did to one order.")
class OrderBulkResultType:
    order_id: strawberry.ID = strawberry.field(description="Global id of the Order.")
    ok: bool = strawberry.field(description="The action was applied to this order.")
    user_errors: list[UserErrorType] = error_list_field(
        OrderError, "Why this order was left as it was (empty when ok)."
    )

    @classmethod
    def of(cls, result: RowResult) -> OrderBulkResultType:
        return cls(
            order_id=id_of("Order", result.id),
            ok=result.ok,
            user_errors=[UserErrorType.of(error) for error in result.errors],
        )


@strawberry.type(description="Result of a bulk action on orders.")
class OrderBulkPayload:
    results: list[OrderBulkResultType] | None = strawberry.field(
        description="One result per selected order, in the order given; null when the "
        "whole action was refused (see userErrors)."
    )
    user_errors: list[UserErrorType] = error_list_field(OrderError)


@strawberry.input(description="Orders and the staff user to own them.")
class BulkAssignOrderOwnerInput:
    order_ids: list[strawberry.ID] = strawberry.field(description="1 to 200 Order ids.")
    owner_id: strawberry.ID = strawberry.field(description="Global id of the User.")


@strawberry.input(description="Orders and the tag to add to each.")
class BulkAddOrderTagInput:
    order_ids: list[strawberry.ID] = strawberry.field(description="1 to 200 Order ids.")
    tag: str = strawberry.field(description="The tag (stored lowercase).")


@strawberry.input(description="Orders and the lifecycle action to take on each.")
class BulkTransitionOrdersInput:
    order_ids: list[strawberry.ID] = strawberry.field(description="1 to 200 Order ids.")
    action: OrderActionEnum = strawberry.field(description="What to do with each order.")
    note: str | None = strawberry.field(default=None, description="Why; kept in each history.")


def _ids(ids: list[strawberry.ID]) -> list[uuid.UUID]:
    return [input_row_id(order_id, "Order") for order_id in ids]


def _results(results: list[RowResult]) -> list[OrderBulkResultType]:
    return [OrderBulkResultType.of(result) for result in results]


@strawberry.type
class Mutation:
    @strawberry.mutation(
        description="Make one staff user the owner of each selected order (orders:write)."
    )
    async def bulk_assign_order_owner(
        self, info: Info, input: BulkAssignOrderOwnerInput
    ) -> OrderBulkPayload:
        ids, owner_id = _ids(input.order_ids), input_row_id(input.owner_id, "User")
        outcome = await run_mutation(
            info, lambda actor: bulk_actions.assign_order_owner(actor, ids, owner_id)
        )
        return payload_of(OrderBulkPayload, outcome, _results)

    @strawberry.mutation(description="Add a tag to each selected order (orders:write).")
    async def bulk_add_order_tag(self, info: Info, input: BulkAddOrderTagInput) -> OrderBulkPayload:
        ids = _ids(input.order_ids)
        outcome = await run_mutation(
            info, lambda actor: bulk_actions.add_order_tag(actor, ids, input.tag)
        )
        return payload_of(OrderBulkPayload, outcome, _results)

    @strawberry.mutation(
        description="Take one lifecycle action on each selected order, each checked as "
        "transitionOrder checks it (the action's permission, the order's status and "
        "preconditions, your data scope)."
    )
    async def bulk_transition_orders(
        self, info: Info, input: BulkTransitionOrdersInput
    ) -> OrderBulkPayload:
        ids, action = _ids(input.order_ids), Action(input.action.value)
        outcome = await run_mutation(
            info, lambda actor: bulk_actions.transition_orders(actor, ids, action, input.note)
        )
        return payload_of(OrderBulkPayload, outcome, _results)
