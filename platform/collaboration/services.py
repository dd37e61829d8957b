"""Collaboration use cases: comments with @mentions on orders, following orders, and the
notices handlers send to mentioned users and followers.

Comments are read with orders:read on the order (within the caller's data scope); writing,
editing and deleting one's own comments needs comments:write. Only staff users comment and
follow (an API client has no inbox). Other domains call nothing here.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Select, func, select
from sqlalchemy.dialects.postgresql import insert

import audit.services as audit
import identity.services as identity
import orders.services as orders
from collaboration import rules
from collaboration.errors import CollaborationErrorCode
from collaboration.events import CommentAdded, CommentDeleted, CommentEdited
from collaboration.models import OrderComment, OrderFollower
from core import access
from core.context import Actor
from core.errors import BusinessRuleError, Forbidden, NotFound, UserError
from core.ids import new_id
from core.outbox import emit
from core.tenancy import Principal, PrincipalKind

if TYPE_CHECKING:
    from identity.models import User
    from orders.models import Order

ACTIVE = "active"


@dataclass(frozen=True)
class CommentInput:
    body: str | None
    # In the order given; None stands for an id that names no user at all.
    mentioned_user_ids: Sequence[uuid.UUID | None] = ()


def utcnow() -> datetime:
    return datetime.now(UTC)


def raise_if(errors: Sequence[UserError]) -> None:
    if errors:
        raise BusinessRuleError(*errors)


# --- who may see the order -----------------------------------------------------------------


def _as_user(actor: Actor, user_id: uuid.UUID) -> Actor:
    """The same unit of work, asking as another staff user of the tenant."""
    return Actor(
        services=actor.services,
        session=actor.session,
        principal=Principal(PrincipalKind.STAFF, actor.tenant_id, user_id),
    )


async def user_can_read_order(actor: Actor, user_id: uuid.UUID, order_id: uuid.UUID) -> bool:
    """Whether a staff user may read the order: the same check (permission and data scope)
    their own request would meet, so a mention or notice never leaks an order."""
    try:
        await orders.get_order(_as_user(actor, user_id), order_id)
    except (NotFound, Forbidden):
        return False
    return True


async def _staff_member(actor: Actor) -> Principal:
    principal = actor.require_principal()
    if principal.kind is not PrincipalKind.STAFF:
        raise Forbidden("Only staff users comment on and follow orders.")
    return principal


async def _commenter(actor: Actor) -> Principal:
    await actor.require("comments", "write")
    return await _staff_member(actor)


# --- mentions ------------------------------------------------------------------------------


async def _mention_errors(
    actor: Actor, order_id: uuid.UUID, requested: Sequence[uuid.UUID | None]
) -> list[UserError]:
    """UNKNOWN_USER for ids that are not active users of the tenant, and
    MENTION_CANNOT_SEE_ORDER for users who could not open the order, each on its index."""
    count_errors = rules.check_mention_count(requested)
    if count_errors:
        return count_errors
    wanted = rules.unique_in_order(i for i in requested if i is not None)
    users = {u.id: u for u in await identity.users_by_id(actor, wanted) if u is not None}
    readable = {
        user_id: await user_can_read_order(actor, user_id, order_id)
        for user_id, user in users.items()
        if user.status == ACTIVE
    }
    errors = []
    for index, user_id in enumerate(requested):
        user = users.get(user_id) if user_id is not None else None
        if user is None or user.status != ACTIVE:
            errors.append(
                UserError(
                    CollaborationErrorCode.UNKNOWN_USER,
                    "No active user of this company has this id.",
                    rules.mention_path(index),
                )
            )
        elif not readable[user.id]:
            errors.append(
                UserError(
                    CollaborationErrorCode.MENTION_CANNOT_SEE_ORDER,
                    f"{user.name} cannot see this order, so they cannot be mentioned on it.",
                    rules.mention_path(index),
                )
            )
    return errors


async def _checked(
    actor: Actor, order_id: uuid.UUID, data: CommentInput
) -> tuple[str, list[uuid.UUID]]:
    body = rules.clean_body(data.body)
    raise_if(
        [*rules.check_body(body), *await _mention_errors(actor, order_id, data.mentioned_user_ids)]
    )
    return body, rules.unique_in_order(i for i in data.mentioned_user_ids if i is not None)


# --- following -----------------------------------------------------------------------------


async def _set_following(
    actor: Actor, order_id: uuid.UUID, user_ids: Sequence[uuid.UUID], following: bool, reason: str
) -> None:
    if not user_ids:
        return
    statement = insert(OrderFollower).values(
        [
            {
                "tenant_id": actor.tenant_id,
                "order_id": order_id,
                "user_id": user_id,
                "following": following,
                "reason": reason,
            }
            for user_id in user_ids
        ]
    )
    await actor.session.execute(
        statement.on_conflict_do_update(
            index_elements=[OrderFollower.tenant_id, OrderFollower.order_id, OrderFollower.user_id],
            set_={
                "following": statement.excluded.following,
                "reason": statement.excluded.reason,
                "updated_at": func.now(),
            },
        )
    )


def _implicit_followers(
    order: Order | orders.OrderHead,
) -> tuple[uuid.UUID | None, uuid.UUID | None]:
    """The order's creator (when a staff user created it) and the customer's owner."""
    creator = order.created_by_id if order.created_by_kind == PrincipalKind.STAFF.value else None
    return creator, order.owner_id


async def _follower_ids(
    actor: Actor, visible: Sequence[Order | orders.OrderHead]
) -> dict[uuid.UUID, set[uuid.UUID]]:
    choices: dict[uuid.UUID, dict[uuid.UUID, bool]] = {order.id: {} for order in visible}
    if visible:
        rows = await actor.session.execute(
            select(OrderFollower.order_id, OrderFollower.user_id, OrderFollower.following).where(
                OrderFollower.tenant_id == actor.tenant_id,
                OrderFollower.order_id.in_([order.id for order in visible]),
            )
        )
        for order_id, user_id, following in rows:
            choices[order_id][user_id] = following
    return {
        order.id: rules.followers(_implicit_followers(order), choices[order.id])
        for order in visible
    }


async def _active_users(actor: Actor, ids: set[uuid.UUID]) -> dict[uuid.UUID, User]:
    return {
        u.id: u
        for u in await identity.users_by_id(actor, sorted(ids))
        if u is not None and u.status == ACTIVE
    }


async def followers_of_orders(actor: Actor, order_ids: list[uuid.UUID]) -> list[list[User]]:
    """A DataLoader batch: each order's active followers by name; none for an order out of
    the caller's scope."""
    visible = [order for order in await orders.orders_by_id(actor, order_ids) if order]
    follower_ids = await _follower_ids(actor, visible)
    users = await _active_users(actor, set().union(*follower_ids.values()))
    return [
        sorted(
            (users[i] for i in follower_ids.get(order_id, set()) if i in users),
            key=lambda user: (user.name.lower(), str(user.id)),
        )
        for order_id in order_ids
    ]


async def _change_following(actor: Actor, order_id: uuid.UUID, following: bool) -> list[User]:
    order = await orders.get_order(actor, order_id)
    principal = await _staff_member(actor)
    await _set_following(
        actor, order.id, [principal.subject_id], following, "follow" if following else "unfollow"
    )
    await audit.record(
        actor,
        "orders.follow" if following else "orders.unfollow",
        "order",
        order.id,
        after={"following": following},
    )
    [followers] = await followers_of_orders(actor, [order.id])
    return followers


async def follow_order(actor: Actor, order_id: uuid.UUID) -> list[User]:
    """Follow an order the caller can read; returns its followers."""
    return await _change_following(actor, order_id, True)


async def unfollow_order(actor: Actor, order_id: uuid.UUID) -> list[User]:
    """Stop following an order (also its creator or owner); returns its followers. A later
    comment or mention by or of the user makes them follow again."""
    return await _change_following(actor, order_id, False)


# --- comments ------------------------------------------------------------------------------


def _summary(comment: OrderComment) -> dict[str, Any]:
    return {
        "orderId": str(comment.order_id),
        "body": comment.body,
        "mentionedUserIds": [str(i) for i in comment.mentioned_user_ids],
    }


async def add_order_comment(actor: Actor, order_id: uuid.UUID, data: CommentInput) -> OrderComment:
    """Comment on an order the caller can read (comments:write). The author and the
    mentioned users follow the order from now on; `comment.added` tells them."""
    author = await _commenter(actor)
    order = await orders.get_order(actor, order_id)
    body, mentioned = await _checked(actor, order.id, data)
    comment = OrderComment(
        tenant_id=actor.tenant_id,
        id=new_id(),
        order_id=order.id,
        author_id=author.subject_id,
        body=body,
        mentioned_user_ids=mentioned,
        created_at=utcnow(),
    )
    actor.session.add(comment)
    await actor.session.flush()
    await _set_following(actor, order.id, [author.subject_id], True, "comment")
    await _set_following(
        actor, order.id, [m for m in mentioned if m != author.subject_id], True, "mention"
    )
    await audit.record(actor, "comments.add", "order_comment", comment.id, after=_summary(comment))
    await emit(actor, CommentAdded(order.id, comment.id, comment.author_id, tuple(mentioned)))
    return comment


async def _comments_on_visible_orders(actor: Actor) -> Select[OrderComment]:
    """Comments on orders the caller may read (orders:read and the order's data scope)."""
    return (await access.restrict(actor, OrderComment)).where(
        OrderComment.order_id.in_(await orders.visible_order_ids(actor))
    )


async def _own_comment(actor: Actor, comment_id: uuid.UUID) -> OrderComment:
    """The caller's own live comment, locked; NOT_FOUND when its order is out of scope."""
    principal = await _commenter(actor)
    comment = await actor.session.scalar(
        (await _comments_on_visible_orders(actor))
        .where(OrderComment.id == comment_id)
        .with_for_update(of=OrderComment)
        .execution_options(populate_existing=True)
    )
    if comment is None:
        raise NotFound()
    if comment.author_id != principal.subject_id:
        raise Forbidden("Only its author may change or delete a comment.")
    if comment.deleted_at is not None:
        raise BusinessRuleError.single(
            CollaborationErrorCode.COMMENT_DELETED, "The comment was deleted.", "commentId"
        )
    return comment


async def edit_order_comment(
    actor: Actor, comment_id: uuid.UUID, data: CommentInput
) -> OrderComment:
    """Change the text and mentions of one's own comment; only newly mentioned users are
    notified (`comment.edited`)."""
    comment = await _own_comment(actor, comment_id)
    body, mentioned = await _checked(actor, comment.order_id, data)
    before = _summary(comment)
    added = [m for m in mentioned if m not in comment.mentioned_user_ids]
    comment.body, comment.mentioned_user_ids, comment.edited_at = body, mentioned, utcnow()
    await _set_following(
        actor, comment.order_id, [m for m in added if m != comment.author_id], True, "mention"
    )
    await audit.record(
        actor, "comments.edit", "order_comment", comment.id, before=before, after=_summary(comment)
    )
    if added:
        await emit(
            actor,
            CommentEdited(comment.order_id, comment.id, comment.author_id, tuple(added)),
        )
    await actor.session.flush()
    return comment


async def delete_order_comment(actor: Actor, comment_id: uuid.UUID) -> OrderComment:
    """Delete one's own comment: it stays in the timeline as deleted, without its text."""
    comment = await _own_comment(actor, comment_id)
    before = _summary(comment)
    comment.body, comment.mentioned_user_ids, comment.deleted_at = "", [], utcnow()
    await audit.record(actor, "comments.delete", "order_comment", comment.id, before=before)
    await emit(actor, CommentDeleted(comment.order_id, comment.id))
    await actor.session.flush()
    return comment


async def comments_of_orders(actor: Actor, order_ids: list[uuid.UUID]) -> list[list[OrderComment]]:
    """A DataLoader batch: each order's comments, oldest first; none for an order out of
    the caller's scope."""
    grouped: dict[uuid.UUID, list[OrderComment]] = {order_id: [] for order_id in order_ids}
    if _portal(actor):
        return [grouped[order_id] for order_id in order_ids]
    rows = await actor.session.scalars(
        (await _comments_on_visible_orders(actor))
        .where(OrderComment.order_id.in_(order_ids))
        .order_by(OrderComment.created_at, OrderComment.id)
    )
    for comment in rows:
        grouped[comment.order_id].append(comment)
    return [grouped[order_id] for order_id in order_ids]


async def comments_by_id(actor: Actor, ids: list[uuid.UUID]) -> list[OrderComment | None]:
    """Comments by id, only on orders the caller can read."""
    if _portal(actor):
        return [None] * len(ids)
    rows = (
        await actor.session.scalars(
            (await _comments_on_visible_orders(actor)).where(OrderComment.id.in_(ids))
        )
    ).all()
    found = {c.id: c for c in rows}
    return [found.get(i) for i in ids]


def _portal(actor: Actor) -> bool:
    """Portal contacts never reach the staff view of orders: for them comments do not exist."""
    return actor.require_principal().kind is PrincipalKind.PORTAL


async def users_named(actor: Actor, ids: list[uuid.UUID]) -> list[User | None]:
    """Authors and mentioned users, for showing their names next to comments."""
    await actor.require("orders", "read")
    return await identity.users_by_id(actor, ids)


def is_viewer(actor: Actor, user_id: uuid.UUID) -> bool:
    principal = actor.principal
    return (
        principal is not None
        and principal.kind is PrincipalKind.STAFF
        and principal.subject_id == user_id
    )


async def follower_ids_for_system(actor: Actor, order: Order | orders.OrderHead) -> set[uuid.UUID]:
    """For handlers (acting for nobody): who follows an order the handler already loaded."""
    return (await _follower_ids(actor, [order]))[order.id]


async def followers_who_asked(actor: Actor, order_id: uuid.UUID) -> set[uuid.UUID]:
    """For handlers: the users who chose to follow the order themselves (not as its owner,
    creator, commenter or a mentioned user); they get its status changes by email."""
    rows = await actor.session.scalars(
        select(OrderFollower.user_id).where(
            OrderFollower.tenant_id == actor.tenant_id,
            OrderFollower.order_id == order_id,
            OrderFollower.following.is_(True),
            OrderFollower.reason == "follow",
        )
    )
    return set(rows)
