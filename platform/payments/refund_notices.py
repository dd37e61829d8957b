"""In-app notices about refunds: a new request to the staff who may execute refunds, the
decision (paid back, failed, rejected) to the person who asked. Each is added once per
event, however often the worker runs the handler."""

from __future__ import annotations

import uuid

import identity.services as identity
import notifications.services as notifications
import rbac.services as rbac
import tenants.services as tenants
from core.context import Actor
from core.gql.types import global_id
from notifications import RenderedNotice, is_chinese
from payments.events import RefundEvent

REQUESTED_KIND = "refund_requested"
DECIDED_KIND = "refund_decided"
ACTIVE = "active"


def _amount(refund: RefundEvent) -> str:
    return f"{refund.amount} {refund.currency}"


def requested_notice(locale: str | None, refund: RefundEvent) -> RenderedNotice:
    number, customer = refund.number, refund.customer_name
    if is_chinese(locale):
        return RenderedNotice(
            title=f"退款申请 {number} 待处理",
            body=f"{customer} 的付款 {refund.payment_number} 申请退款 {_amount(refund)}。",
        )
    return RenderedNotice(
        title=f"Refund {number} waits for a decision",
        body=f"{_amount(refund)} of payment {refund.payment_number} "
        f"({customer}) is to be refunded.",
    )


_OUTCOMES = {
    "succeeded": ("was paid back", "已退款"),
    "failed": ("failed", "失败"),
    "rejected": ("was rejected", "已被拒绝"),
}


def decided_notice(locale: str | None, refund: RefundEvent) -> RenderedNotice:
    english, chinese = _OUTCOMES[refund.status]
    number = refund.number
    detail = refund.failure_message or ""
    if is_chinese(locale):
        return RenderedNotice(
            title=f"退款 {number} {chinese}",
            body=f"{refund.customer_name} 的退款 {_amount(refund)} {chinese}。{detail}".strip(),
        )
    return RenderedNotice(
        title=f"Refund {number} {english}",
        body=f"The refund of {_amount(refund)} to "
        f"{refund.customer_name} {english}. {detail}".strip(),
    )


def _link(refund: RefundEvent) -> str:
    return f"/refunds?id={global_id('Refund', refund.refund_id)}"


async def tell_executors(actor: Actor, refund: RefundEvent, event_id: uuid.UUID) -> None:
    """Notify every active staff user who may execute refunds."""
    tenant = await tenants.current_tenant(actor)
    holders = await rbac.staff_holding(actor, "refunds", "execute")
    for user in await identity.users_by_id(actor, sorted(set(holders))):
        if user is not None and user.status == ACTIVE:
            await notifications.notify(
                actor,
                user.id,
                REQUESTED_KIND,
                requested_notice(user.locale or tenant.locale, refund),
                event_id,
                _link(refund),
            )


async def tell_requester(actor: Actor, refund: RefundEvent, event_id: uuid.UUID) -> None:
    """Notify the person who asked for the refund how it ended."""
    if refund.requested_by_id is None:
        return
    tenant = await tenants.current_tenant(actor)
    [user] = await identity.users_by_id(actor, [refund.requested_by_id])
    if user is not None and user.status == ACTIVE:
        await notifications.notify(
            actor,
            user.id,
            DECIDED_KIND,
            decided_notice(user.locale or tenant.locale, refund),
            event_id,
            _link(refund),
        )
