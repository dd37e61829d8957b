"""Notification use cases: the signed-in user's inbox, and what event handlers send.

Handlers act for nobody (the actor has no principal), so the functions they call take the
tenant explicitly; the inbox functions serve only the signed-in staff user's own rows.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from sqlalchemy import ColumnElement, func, select, update
from sqlalchemy.dialects.postgresql import insert

import audit.services as audit
import identity.services as identity
import tenants.services as tenants
from core.context import Actor
from core.errors import BusinessRuleError, Forbidden, NotFound
from core.ids import new_id
from core.mail import committed_before_sending, send_mail
from core.pagination import Page, keyset_page
from core.tenancy import Principal, PrincipalKind
from notifications import templates
from notifications.errors import NotificationErrorCode
from notifications.models import Notification
from notifications.preferences import EmailedKind as EmailedKind
from notifications.preferences import wants_email as wants_email

MEMBER_JOINED = "member_joined"


def utcnow() -> datetime:
    return datetime.now(UTC)


# --- invitation email ----------------------------------------------------------------------


async def send_invitation_email(
    actor: Actor, invitation_id: uuid.UUID, event_id: uuid.UUID
) -> bool:
    """Email the invitation link, its token committed first so the link works the instant
    the email arrives; False when there was nothing to send."""
    letter = await committed_before_sending(
        actor, lambda own: identity.prepare_invitation_letter(own, invitation_id)
    )
    if letter is None:
        return False
    email = templates.invitation_email(
        letter.locale,
        tenant_name=letter.tenant_name,
        invitee_name=letter.invitee_name,
        inviter_name=letter.inviter_name,
        link=letter.link,
        expires_at=letter.expires_at,
    )
    await send_mail(
        actor.settings,
        to=letter.to,
        subject=email.subject,
        text=email.text,
        html=email.html,
        message_key=str(event_id),
    )
    return True


# --- in-app notifications created by handlers ----------------------------------------------


async def notify(
    actor: Actor,
    user_id: uuid.UUID,
    kind: str,
    notice: templates.RenderedNotice,
    event_id: uuid.UUID,
    link: str | None = None,
) -> bool:
    """Add a notification to a user's inbox, once per source event; False when the event
    had already added it."""
    inserted = await actor.session.execute(
        insert(Notification)
        .values(
            tenant_id=actor.tenant_id,
            id=new_id(),
            user_id=user_id,
            event_id=event_id,
            kind=kind,
            title=notice.title[:200],
            body=notice.body,
            link=link,
        )
        .on_conflict_do_nothing(
            index_elements=[Notification.tenant_id, Notification.user_id, Notification.event_id]
        )
        .returning(Notification.id)
    )
    return inserted.first() is not None


async def notify_member_joined(
    actor: Actor, member_id: uuid.UUID, inviter_id: uuid.UUID, event_id: uuid.UUID
) -> bool:
    """Tell the inviter that the person they invited has joined."""
    member, inviter = await identity.users_by_id(actor, [member_id, inviter_id])
    tenant = await tenants.current_tenant(actor)
    if member is None or inviter is None:
        return False
    notice = templates.member_joined(
        inviter.locale or tenant.locale, member_name=member.name, member_email=member.email
    )
    return await notify(actor, inviter.id, MEMBER_JOINED, notice, event_id)


# --- the signed-in user's inbox ------------------------------------------------------------


def _inbox_owner(actor: Actor) -> Principal:
    """Only staff users have an inbox (API clients and portal customers do not)."""
    principal = actor.require_principal()
    if principal.kind is not PrincipalKind.STAFF:
        raise Forbidden("Only staff users have notifications.")
    return principal


def _own(principal: Principal) -> tuple[ColumnElement[bool], ColumnElement[bool]]:
    return (
        Notification.tenant_id == principal.tenant_id,
        Notification.user_id == principal.subject_id,
    )


async def list_notifications(
    actor: Actor, unread_only: bool, first: int | None, after: str | None
) -> Page[Notification]:
    """The user's notifications, newest first."""
    principal = _inbox_owner(actor)
    stmt = select(Notification).where(*_own(principal))
    if unread_only:
        stmt = stmt.where(Notification.read_at.is_(None))
    return await keyset_page(actor.session, stmt, [Notification.id], first=first, after=after)


async def notifications_by_id(actor: Actor, ids: list[uuid.UUID]) -> list[Notification | None]:
    """The user's own notifications by id; anyone else's are not found."""
    principal = _inbox_owner(actor)
    rows = (
        await actor.session.scalars(
            select(Notification).where(*_own(principal), Notification.id.in_(ids))
        )
    ).all()
    found = {n.id: n for n in rows}
    return [found.get(i) for i in ids]


async def unread_count(actor: Actor) -> int:
    principal = _inbox_owner(actor)
    count = await actor.session.scalar(
        select(func.count())
        .select_from(Notification)
        .where(*_own(principal), Notification.read_at.is_(None))
    )
    return int(count or 0)


async def mark_read(actor: Actor, ids: list[uuid.UUID] | None, everything: bool) -> int:
    """Mark the given notifications (or all of them) read; returns how many changed."""
    principal = _inbox_owner(actor)
    if not everything and not ids:
        raise BusinessRuleError.single(
            NotificationErrorCode.NOTHING_TO_MARK, "Pass notification ids or all: true.", "ids"
        )
    stmt = update(Notification).where(*_own(principal), Notification.read_at.is_(None))
    wanted = list(dict.fromkeys(ids or []))
    if not everything:
        if any(n is None for n in await notifications_by_id(actor, wanted)):
            raise NotFound()
        stmt = stmt.where(Notification.id.in_(wanted))
    changed = await actor.session.execute(stmt.values(read_at=utcnow()).returning(Notification.id))
    marked = [str(row_id) for row_id in changed.scalars()]
    await audit.record(
        actor,
        "notifications.mark_read",
        "user",
        principal.subject_id,
        after={"markedRead": sorted(marked)},
    )
    return len(marked)
