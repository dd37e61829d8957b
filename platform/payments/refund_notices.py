"""In-app notices about refunds: a new request to the staff who may execute refunds, the
decision (paid back, failed, rejected) to the person who asked. Each is added once per
event, however often the worker runs the handler."""

from __future__ import annotations

import uuid
from typing import Any

import identity.services as identity
import notifications.services as notifications
import rbac.services as rbac
import tenants.services as tenants
from core.context import Actor
from core.gql.types import global_id
from notifications.templates import RenderedNotice, is_chinese

REQUESTED_KIND = "refund_requested"
DECIDED_KIND = "refund_decided"
ACTIVE = "active"


def _amount(payload: dict[str, Any]) -> str:
    return f"{payload['amount']} {payload['currency']}"


def requested_notice(locale: str | None, payload: dict[str, Any]) -> RenderedNotice:
    number, customer = payload["number"], payload["customerName"]
    if is_chinese(locale):
        return RenderedNotice(
            title=f"退款申请 {number} 待处理",
            body=f"{customer} 的付款 {payload['paymentNumber']} 申请退款 {_amount(payload)}。",
        )
    return RenderedNotice(
        title=f"Refund {number} waits for a decision",
        body=f"{_amount(payload)} of payment {payload['paymentNumber']} "
        f"({customer}) is to be refunded.",
    )


_OUTCOMES = {
    "succeeded": ("was paid back", "已退款"),
    "failed": ("failed", "失败"),
    "rejected": ("was rejected", "已被拒绝"),
}


def decided_notice(locale: str | None, payload: dict[str, Any]) -> RenderedNotice:
    english, chinese = _OUTCOMES[payload["status"]]
    number = payload["number"]
    detail = payload.get("failureMessage") or ""
    if is_chinese(locale):
        return RenderedNotice(
            title=f"退款 {number} {chinese}",
            body=f"{payload['customerName']} 的退款 {_amount(payload)} {chinese}。{detail}".strip(),
        )
    return RenderedNotice(
        title=f"Refund {number} {english}",
        body=f"The refund of {_amount(payload)} to "
        f"{payload['customerName']} {english}. {detail}".strip(),
    )


def _link(payload: dict[str, Any]) -> str:
    return f"/refunds?id={global_id('Refund', uuid.UUID(payload['refundId']))}"


async def tell_executors(actor: Actor, payload: dict[str, Any], event_id: uuid.UUID) -> None:
    """Notify every active staff user who may execute refunds."""
    tenant = await tenants.current_tenant(actor)
    holders = await rbac.staff_holding(actor, "refunds", "execute")
    for user in await identity.users_by_id(actor, sorted(set(holders))):
        if user is not None and user.status == ACTIVE:
            await notifications.notify(
                actor,
                user.id,
                REQUESTED_KIND,
                requested_notice(user.locale or tenant.locale, payload),
                event_id,
                _link(payload),
            )


async def tell_requester(actor: Actor, payload: dict[str, Any], event_id: uuid.UUID) -> None:
    """Notify the person who asked for the refund how it ended."""
    if not payload.get("requestedById"):
        return
    tenant = await tenants.current_tenant(actor)
    [user] = await identity.users_by_id(actor, [uuid.UUID(payload["requestedById"])])
    if user is not None and user.status == ACTIVE:
        await notifications.notify(
            actor,
            user.id,
            DECIDED_KIND,
            decided_notice(user.locale or tenant.locale, payload),
            event_id,
            _link(payload),
        )
