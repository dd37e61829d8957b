"""GraphQL for saved order views: the `orderViews` query, `saveOrderView` and
`deleteOrderView`."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import datetime
from typing import Any

import strawberry
from strawberry import relay
from strawberry.scalars import JSON
from strawberry.types import Info

import saved_views.services as views
from core.gql.context import context_of
from core.gql.types import (
    UserErrorType,
    decode_id,
    error_list_field,
    from_row,
    payload_of,
    resolve_by_ids,
    run_mutation,
    user_error_type,
)
from orders import OrderSortEnum
from saved_views.errors import SavedViewErrorCode
from saved_views.models import SavedView

SavedViewError = user_error_type(
    "SavedViewError", SavedViewErrorCode, description="Why a saved view was not saved or deleted."
)


@strawberry.type(
    name="OrderView",
    description="A saved view of the order list: filters and "
    "a sort under a name, private to its owner or shared with the tenant.",
)
class OrderViewType(relay.Node):
    id: relay.NodeID[str]
    name: str = strawberry.field(description="The view's name (unique per owner).")
    shared: bool = strawberry.field(description="Visible to everyone with orders:read.")
    filters: JSON = strawberry.field(
        description="An OrderFilterInput as JSON; pass it as the orders query's filter."
    )
    sort: OrderSortEnum = strawberry.field(description="The sort to list with.")
    owner_label: str | None = strawberry.field(description="Who saved it.")
    mine: bool = strawberry.field(
        description="The current user owns it (and may change or delete it)."
    )
    updated_at: datetime = strawberry.field(description="When it last changed.")

    @classmethod
    def of(cls, view: SavedView, viewer_id: uuid.UUID | None) -> OrderViewType:
        return from_row(
            cls,
            view,
            filters=JSON(dict(view.filters)),
            sort=OrderSortEnum(view.sort.lower()),
            mine=view.owner_id == viewer_id,
        )

    @classmethod
    async def resolve_nodes(
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Any]:
        viewer = context_of(info).principal
        viewer_id = viewer.subject_id if viewer else None
        return await resolve_by_ids(
            info, node_ids, views.views_by_id, lambda view: cls.of(view, viewer_id), required
        )


@strawberry.input(description="A view to save; with id, changes one of your own views.")
class SaveOrderViewInput:
    name: str = strawberry.field(description="A name unique among your views.")
    filters: JSON = strawberry.field(
        description="The order list's filter (OrderFilterInput "
        "as JSON); unknown keys are UNKNOWN_FILTER."
    )
    sort: OrderSortEnum = strawberry.field(default=OrderSortEnum.NEWEST, description="The sort.")
    shared: bool = strawberry.field(default=False, description="Share with the tenant.")
    id: strawberry.ID | None = strawberry.field(
        default=None, description="Global id of your OrderView."
    )


@strawberry.type(description="Result of saveOrderView.")
class OrderViewPayload:
    view: OrderViewType | None = strawberry.field(description="The view as saved.")
    user_errors: list[UserErrorType] = error_list_field(SavedViewError)


@strawberry.type(description="Result of deleteOrderView.")
class DeleteOrderViewPayload:
    deleted_id: strawberry.ID | None = strawberry.field(
        description="Global id of the view deleted."
    )
    user_errors: list[UserErrorType] = error_list_field(SavedViewError)


def _viewer_id(info: Info) -> uuid.UUID | None:
    principal = context_of(info).principal
    return principal.subject_id if principal else None


@strawberry.type
class Query:
    @strawberry.field(
        description="Your saved order views and the shared ones, by name (orders:read)."
    )
    async def order_views(self, info: Info) -> list[OrderViewType]:
        actor = await context_of(info).reader()
        viewer_id = _viewer_id(info)
        return [OrderViewType.of(v, viewer_id) for v in await views.order_views(actor)]


@strawberry.type
class Mutation:
    @strawberry.mutation(
        description="Save the order list's filters and sort as a view "
        "(orders:read); only the owner changes a view."
    )
    async def save_order_view(self, info: Info, input: SaveOrderViewInput) -> OrderViewPayload:
        data = views.ViewInput(
            view_id=decode_id(input.id, "OrderView") if input.id else None,
            name=input.name,
            shared=input.shared,
            filters=input.filters,
            sort=input.sort.name,
        )
        outcome = await run_mutation(info, lambda actor: views.save_order_view(actor, data))
        viewer_id = _viewer_id(info)
        return payload_of(OrderViewPayload, outcome, lambda view: OrderViewType.of(view, viewer_id))

    @strawberry.mutation(description="Delete one of your saved order views.")
    async def delete_order_view(self, info: Info, id: strawberry.ID) -> DeleteOrderViewPayload:
        view_id = decode_id(id, "OrderView")
        outcome = await run_mutation(info, lambda actor: views.delete_order_view(actor, view_id))
        return payload_of(DeleteOrderViewPayload, outcome, lambda _deleted: id)
