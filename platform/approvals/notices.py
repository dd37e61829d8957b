"""What approvals tell people, in English or Simplified Chinese: approvers that a step waits
for them (in-app) or has waited too long (in-app and email), and an order's creator and
owner that it was rejected (in-app and email). One notice per recipient and event (the
notifications table's event key); the email goes only with a new notice, so a re-delivered
event notifies nobody twice."""
# Chinese text is written with full-width punctuation, as Chinese readers expect.
# ruff: noqa: RUF001

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import identity.services as identity
import notifications.services as notifications
import rbac.services as rbac
import tenants.services as tenants
from core.context import Actor
from core.mail import send_mail
from notifications import RenderedEmail, RenderedNotice, is_chinese, simple_email

REQUESTED_KIND = "approval_requested"
REMINDER_KIND = "approval_reminder"
REJECTED_KIND = "approval_rejected"
INBOX_PATH = "/approvals"
ACTIVE = "active"

LEVEL_NAMES = {
    "finance": ("finance", "财务"),
    "manager": ("manager", "经理"),
    "director": ("director", "总监"),
}


@dataclass(frozen=True)
class Letter:
    notice: RenderedNotice
    email: RenderedEmail


Render = Callable[[str | None, str], Letter]


def _level(level: str, chinese: bool) -> str:
    english, zh = LEVEL_NAMES.get(level, (level, level))
    return zh if chinese else english


def requested(number: str, level: str) -> Render:
    def render(locale: str | None, link: str) -> Letter:
        if is_chinese(locale):
            title, body = (
                f"订单 {number} 等待您审批",
                f"订单 {number} 需要{_level(level, True)}审批，请在审批收件箱中处理。",
            )
            button = "打开审批收件箱"
        else:
            title, body = (
                f"Order {number} awaits your approval",
                f"Order {number} needs {_level(level, False)} approval; decide "
                "in the approvals inbox.",
            )
            button = "Open the approvals inbox"
        return Letter(RenderedNotice(title, body), simple_email(title, [body], link, button))

    return render


def reminder(number: str, level: str, hours: int) -> Render:
    def render(locale: str | None, link: str) -> Letter:
        if is_chinese(locale):
            title, body = (
                f"提醒：订单 {number} 仍在等待审批",
                f"订单 {number} 的{_level(level, True)}审批已等待超过 {hours} 小时。",
            )
            button = "打开审批收件箱"
        else:
            title, body = (
                f"Reminder: order {number} still awaits approval",
                f"The {_level(level, False)} approval of order {number} has "
                f"waited more than {hours} hours.",
            )
            button = "Open the approvals inbox"
        return Letter(RenderedNotice(title, body), simple_email(title, [body], link, button))

    return render


def rejected(number: str, reason: str) -> Render:
    def render(locale: str | None, link: str) -> Letter:
        if is_chinese(locale):
            title, body = (f"订单 {number} 未获批准", f"订单 {number} 已退回草稿。原因：{reason}")
            button = "打开订单"
        else:
            title, body = (
                f"Order {number} was not approved",
                f"Order {number} is back in draft. Reason: {reason}",
            )
            button = "Open the order"
        return Letter(RenderedNotice(title, body), simple_email(title, [body], link, button))

    return render


async def approvers_of(
    actor: Actor, level: str, excluding: Iterable[uuid.UUID | None]
) -> list[uuid.UUID]:
    """Staff holding the level's approvals permission, less those who may not decide."""
    left_out = set(excluding)
    return [i for i in await rbac.staff_holding(actor, "approvals", level) if i not in left_out]


async def send(
    actor: Actor,
    user_ids: Iterable[uuid.UUID],
    kind: str,
    render: Render,
    path: str,
    event_id: uuid.UUID,
    *,
    email: bool,
) -> int:
    """Notify each active user once for this event; returns how many were notified."""
    wanted = sorted(set(user_ids))
    users = [
        u for u in await identity.users_by_id(actor, wanted) if u is not None and u.status == ACTIVE
    ]
    if not users:
        return 0
    default_locale = (await tenants.current_tenant(actor)).locale
    sent = 0
    for user in users:
        letter = render(user.locale or default_locale, f"{actor.settings.public_url}{path}")
        if not await notifications.notify(actor, user.id, kind, letter.notice, event_id, path):
            continue
        sent += 1
        if email and await notifications.wants_email(actor, user.id, kind):
            await send_mail(
                actor.settings,
                to=user.email,
                subject=letter.email.subject,
                text=letter.email.text,
                html=letter.email.html,
                message_key=f"{event_id}.{user.id}",
            )
    return sent
