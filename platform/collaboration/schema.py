"""GraphQL for collaboration: the OrderComment node, the comment and follow mutations, and
the `comments`, `followers` and `viewerIsFollowing` fields the Order type takes from here
(`order_comments_field()` and friends, so orders.schema needs one line per field)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol

import strawberry
from strawberry import relay
from strawberry.types import Info

import collaboration.services as collaboration
from collaboration.errors import CollaborationErrorCode
from collaboration.models import OrderComment
from core.context import Actor
from core.errors import NotFound
from core.gql.context import context_of
from core.gql.types import (
    UserErrorType,
    decode_id,
    error_list_field,
    from_row,
    global_id,
    payload_of,
    resolve_by_ids,
    run_mutation,
    user_error_type,
)

if TYPE_CHECKING:
    from identity.models import User
    from orders.models import Order

CollaborationError = user_error_type(
    "CollaborationError",
    CollaborationErrorCode,
    description="Why a comment or a follow did not change.",
)


class _OrderNode(Protocol):
    row: Order


# --- loaders -------------------------------------------------------------------------------


async def _load_comments(actor: Actor, ids: list[uuid.UUID]) -> list[list[OrderComment]]:
    return await collaboration.comments_of_orders(actor, ids)


async def _load_followers(actor: Actor, ids: list[uuid.UUID]) -> list[list[User]]:
    return await collaboration.followers_of_orders(actor, ids)


async def _load_users(actor: Actor, ids: list[uuid.UUID]) -> list[User | None]:
    return await collaboration.users_named(actor, ids)


async def _followers(info: Info, order_id: uuid.UUID) -> list[User]:
    followers: list[User] = await context_of(info).loader(_load_followers).load(order_id)
    return followers


# --- types ---------------------------------------------------------------------------------


@strawberry.type(
    name="OrderParticipant",
    description="A staff user taking part in an "
    "order's conversation: an author, a mentioned user or a follower.",
)
class OrderParticipantType:
    user_id: strawberry.ID = strawberry.field(description="The user's global id (a User).")
    name: str = strawberry.field(description="The user's display name.")

    @classmethod
    def of(cls, user: User) -> OrderParticipantType:
        return cls(user_id=strawberry.ID(str(global_id("User", user.id))), name=user.name)


@strawberry.type(
    name="OrderComment",
    description="A comment on an order. A deleted comment "
    "stays in place with `deleted` true and no text.",
)
class OrderCommentType(relay.Node):
    id: relay.NodeID[str]
    body: str = strawberry.field(
        description="The text, with mentions written as @Name; empty once deleted."
    )
    deleted: bool = strawberry.field(description="Whether the author deleted it.")
    created_at: datetime = strawberry.field(description="When it was posted.")
    edited_at: datetime | None = strawberry.field(description="When it was last edited.")
    deleted_at: datetime | None = strawberry.field(description="When it was deleted.")
    row: strawberry.Private[OrderComment]

    @strawberry.field(description="Who wrote it.")
    async def author(self, info: Info) -> OrderParticipantType | None:
        user = await context_of(info).loader(_load_users).load(self.row.author_id)
        return OrderParticipantType.of(user) if user else None

    @strawberry.field(description="The users mentioned, in the order given, each once.")
    async def mentions(self, info: Info) -> list[OrderParticipantType]:
        users = (
            await context_of(info).loader(_load_users).load_many(list(self.row.mentioned_user_ids))
        )
        return [OrderParticipantType.of(user) for user in users if user]

    @strawberry.field(
        description="Whether the signed-in user wrote it (and may edit or delete it)."
    )
    async def viewer_is_author(self, info: Info) -> bool:
        return collaboration.is_viewer(await context_of(info).reader(), self.row.author_id)

    @classmethod
    def of(cls, comment: OrderComment) -> OrderCommentType:
        return from_row(cls, comment, deleted=comment.deleted_at is not None, row=comment)

    @classmethod
    async def resolve_nodes(
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Any]:
        return await resolve_by_ids(info, node_ids, collaboration.comments_by_id, cls.of, required)


# --- fields of Order -----------------------------------------------------------------------


async def _order_comments(root: _OrderNode, info: Info) -> list[OrderCommentType]:
    comments: list[OrderComment] = await context_of(info).loader(_load_comments).load(root.row.id)
    return [OrderCommentType.of(comment) for comment in comments]


async def _order_followers(root: _OrderNode, info: Info) -> list[OrderParticipantType]:
    return [OrderParticipantType.of(user) for user in await _followers(info, root.row.id)]


async def _viewer_is_following(root: _OrderNode, info: Info) -> bool:
    actor = await context_of(info).reader()
    return any(
        collaboration.is_viewer(actor, user.id) for user in await _followers(info, root.row.id)
    )


def order_comments_field() -> Any:
    return strawberry.field(
        resolver=_order_comments, description="Comments on the order, oldest first."
    )


def order_followers_field() -> Any:
    return strawberry.field(
        resolver=_order_followers,
        description="Who is notified of the order's comments and status changes, by name.",
    )


def viewer_is_following_field() -> Any:
    return strawberry.field(
        resolver=_viewer_is_following, description="Whether the signed-in user follows the order."
    )


# --- inputs and payloads -------------------------------------------------------------------


@strawberry.input(description="A new comment on an order.")
class AddOrderCommentInput:
    order_id: strawberry.ID = strawberry.field(description="The order's global id.")
    body: str = strawberry.field(description="1 to 4000 characters; write mentions as @Name.")
    mentioned_user_ids: list[strawberry.ID] = strawberry.field(
        default_factory=list,
        description="Global ids of the users mentioned in the body; "
        "each must be an active user who can see the order.",
    )


@strawberry.input(description="New text and mentions for one's own comment.")
class EditOrderCommentInput:
    comment_id: strawberry.ID = strawberry.field(description="The comment's global id.")
    body: str = strawberry.field(description="1 to 4000 characters; write mentions as @Name.")
    mentioned_user_ids: list[strawberry.ID] = strawberry.field(
        default_factory=list,
        description="Global ids of the users mentioned; only users "
        "not mentioned before are notified.",
    )


@strawberry.input(description="Which of one's own comments to delete.")
class DeleteOrderCommentInput:
    comment_id: strawberry.ID = strawberry.field(description="The comment's global id.")


@strawberry.input(description="Which order to follow or stop following.")
class FollowOrderInput:
    order_id: strawberry.ID = strawberry.field(description="The order's global id.")


@strawberry.type(description="Result of adding, editing or deleting a comment.")
class OrderCommentPayload:
    comment: OrderCommentType | None = strawberry.field(
        description="The comment as it is now; null when userErrors stopped the change."
    )
    user_errors: list[UserErrorType] = error_list_field(CollaborationError)


@strawberry.type(description="Result of following or unfollowing an order.")
class FollowOrderPayload:
    following: bool = strawberry.field(description="Whether the signed-in user follows now.")
    followers: list[OrderParticipantType] = strawberry.field(
        description="The order's followers now, by name."
    )
    user_errors: list[UserErrorType] = error_list_field(CollaborationError)


def _mentions(ids: list[strawberry.ID]) -> list[uuid.UUID | None]:
    """An id that is not a user's (malformed, another type) is reported like an unknown
    user, on its index."""
    decoded: list[uuid.UUID | None] = []
    for user_id in ids:
        try:
            decoded.append(decode_id(user_id, "User"))
        except NotFound:
            decoded.append(None)
    return decoded


@strawberry.type
class Mutation:
    @strawberry.mutation(
        description="Comment on an order the caller can read "
        "(comments:write). Mentioned users and followers are notified."
    )
    async def add_order_comment(
        self, info: Info, input: AddOrderCommentInput
    ) -> OrderCommentPayload:
        order_id = decode_id(input.order_id, "Order")
        data = collaboration.CommentInput(input.body, _mentions(input.mentioned_user_ids))
        outcome = await run_mutation(
            info, lambda actor: collaboration.add_order_comment(actor, order_id, data)
        )
        return payload_of(OrderCommentPayload, outcome, OrderCommentType.of)

    @strawberry.mutation(
        description="Edit one's own comment (comments:write); another user's is FORBIDDEN."
    )
    async def edit_order_comment(
        self, info: Info, input: EditOrderCommentInput
    ) -> OrderCommentPayload:
        comment_id = decode_id(input.comment_id, "OrderComment")
        data = collaboration.CommentInput(input.body, _mentions(input.mentioned_user_ids))
        outcome = await run_mutation(
            info, lambda actor: collaboration.edit_order_comment(actor, comment_id, data)
        )
        return payload_of(OrderCommentPayload, outcome, OrderCommentType.of)

    @strawberry.mutation(
        description="Delete one's own comment (comments:write); it stays "
        "in the timeline as deleted. Another user's is FORBIDDEN."
    )
    async def delete_order_comment(
        self, info: Info, input: DeleteOrderCommentInput
    ) -> OrderCommentPayload:
        comment_id = decode_id(input.comment_id, "OrderComment")
        outcome = await run_mutation(
            info, lambda actor: collaboration.delete_order_comment(actor, comment_id)
        )
        return payload_of(OrderCommentPayload, outcome, OrderCommentType.of)

    @strawberry.mutation(
        description="Follow an order the caller can read: be notified of "
        "its comments and status changes."
    )
    async def follow_order(self, info: Info, input: FollowOrderInput) -> FollowOrderPayload:
        return await _change_following(info, input, True)

    @strawberry.mutation(
        description="Stop following an order (also as its creator or "
        "owner). Commenting or being mentioned follows it again."
    )
    async def unfollow_order(self, info: Info, input: FollowOrderInput) -> FollowOrderPayload:
        return await _change_following(info, input, False)


async def _change_following(
    info: Info, input: FollowOrderInput, following: bool
) -> FollowOrderPayload:
    order_id = decode_id(input.order_id, "Order")
    change = collaboration.follow_order if following else collaboration.unfollow_order
    outcome = await run_mutation(info, lambda actor: change(actor, order_id))
    return FollowOrderPayload(
        following=following if outcome.value is not None else False,
        followers=[OrderParticipantType.of(u) for u in outcome.value or []],
        user_errors=outcome.user_errors,
    )
