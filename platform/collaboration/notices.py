"""What handlers send about orders: mention and comment notices, and status changes to the
order's followers. Each recipient gets one in-app notice per event (the notifications
table's unique event key) and, only when that notice is new, one email, so a re-delivered
event notifies nobody twice. Recipients who can no longer read the order get nothing."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING

import identity.services as identity
import notifications.services as notifications
import orders.services as orders
import tenants.services as tenants
from collaboration import rules, templates
from collaboration.events import CommentMentions
from collaboration.models import OrderComment
from collaboration.services import (
    ACTIVE,
    follower_ids_for_system,
    followers_who_asked,
    user_can_read_order,
)
from core.console_links import order_path
from core.context import Actor
from core.mail import send_mail
from orders.events import OrderStatusChanged

if TYPE_CHECKING:
    from identity.models import User

MENTION_KIND = "order_mention"
COMMENT_KIND = "order_comment"
STATUS_KIND = "order_status"

Render = Callable[[str | None, str], templates.Letter]


def order_link(actor: Actor, number: str) -> tuple[str, str]:
    """(console path, absolute URL) of the order's page."""
    path = order_path(number)
    return path, f"{actor.settings.public_url}{path}"


async def _deliver(
    actor: Actor,
    user: User,
    kind: str,
    order: orders.OrderHead,
    render: Render,
    event_id: uuid.UUID,
    default_locale: str,
    asked: bool,
) -> bool:
    if not await user_can_read_order(actor, user.id, order.id):
        return False
    path, url = order_link(actor, order.number)
    letter = render(user.locale or default_locale, url)
    if not await notifications.notify(actor, user.id, kind, letter.notice, event_id, path):
        return False
    if not await notifications.wants_email(actor, user.id, kind, asked=asked):
        return True
    await send_mail(
        actor.settings,
        to=user.email,
        subject=letter.email.subject,
        text=letter.email.text,
        html=letter.email.html,
        message_key=f"{event_id}.{user.id}",
    )
    return True


async def _send(
    actor: Actor,
    order: orders.OrderHead,
    kinds: dict[uuid.UUID, str],
    render: dict[str, Render],
    event_id: uuid.UUID,
) -> int:
    users = {
        u.id: u
        for u in await identity.users_by_id(actor, sorted(kinds))
        if u is not None and u.status == ACTIVE
    }
    locale = (await tenants.current_tenant(actor)).locale
    asked = await followers_who_asked(actor, order.id)
    sent = 0
    for user_id, kind in kinds.items():
        if user_id in users:
            sent += await _deliver(
                actor, users[user_id], kind, order, render[kind], event_id, locale, user_id in asked
            )
    return sent


async def _order(actor: Actor, order_id: uuid.UUID) -> orders.OrderHead | None:
    """The order, for a handler acting for nobody; each recipient's own access is checked
    before anything is sent."""
    return (await orders.order_heads_for_system(actor, [order_id])).get(order_id)


async def _name(actor: Actor, user_id: uuid.UUID | None) -> str | None:
    if user_id is None:
        return None
    [user] = await identity.users_by_id(actor, [user_id])
    return user.name if user else None


async def notify_comment(
    actor: Actor, event: CommentMentions, event_id: uuid.UUID, *, followers_too: bool
) -> int:
    """Mentioned users get a mention notice; with `followers_too` (a new comment), the other
    followers get a comment notice. Never the author; nothing for a comment deleted since."""
    order = await _order(actor, event.order_id)
    comment = await actor.session.get(OrderComment, (actor.tenant_id, event.comment_id))
    if order is None or comment is None or comment.deleted_at is not None:
        return 0
    kinds = dict.fromkeys(event.mentioned_user_ids, MENTION_KIND)
    if followers_too:
        for follower in await follower_ids_for_system(actor, order):
            kinds.setdefault(follower, COMMENT_KIND)
    kinds.pop(comment.author_id, None)
    author = await _name(actor, comment.author_id) or "?"
    facts = {"author": author, "number": order.number, "excerpt": rules.excerpt(comment.body)}
    render: dict[str, Render] = {
        MENTION_KIND: lambda locale, link: templates.mentioned(locale, link=link, **facts),
        COMMENT_KIND: lambda locale, link: templates.commented(locale, link=link, **facts),
    }
    return await _send(actor, order, kinds, render, event_id)


async def notify_status_change(
    actor: Actor, changed: OrderStatusChanged, event_id: uuid.UUID, changed_by: uuid.UUID | None
) -> int:
    """Every follower but the user who made the change hears of the new status."""
    order = await _order(actor, changed.order_id)
    if order is None:
        return 0
    kinds = {
        user_id: STATUS_KIND
        for user_id in await follower_ids_for_system(actor, order)
        if user_id != changed_by
    }
    if not kinds:
        return 0
    who = await _name(actor, changed_by)

    def render(locale: str | None, link: str) -> templates.Letter:
        return templates.status_changed(
            locale,
            number=order.number,
            source=changed.from_,
            target=changed.to,
            who=who,
            link=link,
        )

    return await _send(actor, order, kinds, {STATUS_KIND: render}, event_id)
