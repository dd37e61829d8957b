"""The emails and notices about a subscription: the renewal reminder to the customer (its
mail address, in its language, under the seller's letterhead) with a notice to the
customer's owner, and the confirmation when auto-renewal is switched off or on. Event
handlers send them, so nothing goes out for a change that rolled back; the event keys each
message, so a repeated delivery is the same message to the receiver."""

# Chinese text is written with full-width punctuation, as Chinese readers expect.
# ruff: noqa: RUF001

from __future__ import annotations

import uuid
from datetime import date

import customer_notices.services as customer_notices
import customers.services as customers
import identity.services as identity
import notifications.services as notifications
import tenants.services as tenants
from core.context import Actor
from core.mail_layout import Body, send_branded
from notifications import RenderedNotice, is_chinese
from subscriptions.models import Subscription

RENEWAL_KIND = "subscription_renewal"


def reminder_text(
    locale: str, number: str, term_end: date, renews: bool, tenant: str
) -> RenderedNotice:
    day = term_end.isoformat()
    if is_chinese(locale):
        if renews:
            return RenderedNotice(
                f"订阅 {number} 将于 {day} 续订",
                f"您在 {tenant} 的订阅 {number} 将于 {day} 自动续订。如需更改，请登录客户门户。",
            )
        return RenderedNotice(
            f"订阅 {number} 将于 {day} 结束",
            f"您在 {tenant} 的订阅 {number} 将于 {day} 结束，不会自动续订。",
        )
    if renews:
        return RenderedNotice(
            f"Subscription {number} renews on {day}",
            f"Your subscription {number} with {tenant} renews automatically on {day}. "
            "To change it, sign in to the customer portal.",
        )
    return RenderedNotice(
        f"Subscription {number} ends on {day}",
        f"Your subscription {number} with {tenant} ends on {day} and will not renew.",
    )


def auto_renew_text(locale: str, number: str, on: bool, tenant: str) -> RenderedNotice:
    if is_chinese(locale):
        if on:
            return RenderedNotice(
                f"订阅 {number} 已开启自动续订",
                f"您在 {tenant} 的订阅 {number} 将在每个周期结束时自动续订。",
            )
        return RenderedNotice(
            f"订阅 {number} 已关闭自动续订",
            f"您在 {tenant} 的订阅 {number} 将在当前周期结束时结束。",
        )
    if on:
        return RenderedNotice(
            f"Auto-renewal is on for subscription {number}",
            f"Your subscription {number} with {tenant} now renews at the end of each period.",
        )
    return RenderedNotice(
        f"Auto-renewal is off for subscription {number}",
        f"Your subscription {number} with {tenant} now ends with its current period.",
    )


async def _subscription(actor: Actor, subscription_id: uuid.UUID) -> Subscription | None:
    return await actor.session.get(Subscription, (actor.tenant_id, subscription_id))


async def _email_customer(
    actor: Actor, customer_id: uuid.UUID, text: RenderedNotice | None, key: str
) -> bool:
    address = await customers.mail_address_of_customer(actor, customer_id)
    if not address or text is None:
        return False
    await send_branded(
        actor.settings,
        await customer_notices.email_letterhead(actor),
        Body([text.body]),
        to=address,
        subject=text.title,
        message_key=key,
    )
    return True


async def send_reminder(
    actor: Actor,
    subscription_id: uuid.UUID,
    term_end: date,
    renews: bool,
    event_id: uuid.UUID,
) -> None:
    """Email the customer the renewal reminder and give the customer's owner a notice."""
    subscription = await _subscription(actor, subscription_id)
    if subscription is None:
        return
    tenant = await tenants.current_tenant(actor)
    locale = await customers.mail_locale_of_customer(actor, subscription.customer_id)
    text = reminder_text(
        locale or tenant.locale, subscription.number, term_end, renews, tenant.name
    )
    await _email_customer(actor, subscription.customer_id, text, f"{event_id}.renewal-reminder")
    customer = await customers.customer_for_system(actor, subscription.customer_id)
    if customer is None or customer.owner_id is None:
        return
    [owner] = await identity.users_by_id(actor, [customer.owner_id])
    if owner is None or owner.status != "active":
        return
    notice = reminder_text(
        owner.locale or tenant.locale, subscription.number, term_end, renews, customer.name
    )
    await notifications.notify(actor, owner.id, RENEWAL_KIND, notice, event_id)


async def confirm_auto_renew(actor: Actor, subscription_id: uuid.UUID, event_id: uuid.UUID) -> None:
    """Tell the customer auto-renewal was switched off or on."""
    subscription = await _subscription(actor, subscription_id)
    if subscription is None:
        return
    tenant = await tenants.current_tenant(actor)
    locale = await customers.mail_locale_of_customer(actor, subscription.customer_id)
    text = auto_renew_text(
        locale or tenant.locale, subscription.number, subscription.auto_renew, tenant.name
    )
    await _email_customer(actor, subscription.customer_id, text, f"{event_id}.auto-renew")
