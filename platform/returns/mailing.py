"""The emails a customer gets about their return: at approval (with the label's link), at
receipt and at resolution (the refund's amount or the exchange order's number). They go to
the portal contact who asked for the return, else to the customer's mail address, in their
language (else the tenant's), with the seller's letterhead; event handlers send them, so
the step is committed before anything is sent."""

# Chinese text is written with full-width punctuation, as Chinese readers expect.
# ruff: noqa: RUF001

from __future__ import annotations

import uuid
from dataclasses import dataclass

import customer_notices.services as customer_notices
import customers.services as customers
import orders.services as orders
import tenants.services as tenants
from core.context import Actor
from core.mail_layout import Body, send_branded
from notifications import is_chinese
from returns.label_pdf import label_url
from returns.models import Return
from returns.reading import lines_for_change


@dataclass(frozen=True)
class Recipient:
    email: str
    name: str
    locale: str


@dataclass(frozen=True)
class Email:
    subject: str
    body: Body


async def _recipient(actor: Actor, row: Return, tenant_locale: str) -> Recipient | None:
    if row.contact_id is not None:
        contact = await customers.portal_contact_by_id(
            actor, actor.tenant_id, row.contact_id, row.customer_id
        )
        if contact is not None:
            return Recipient(contact.email, contact.name, contact.locale or tenant_locale)
    customer = await customers.customer_for_system(actor, row.customer_id)
    address = await customers.mail_address_of_customer(actor, row.customer_id)
    if customer is None or not address:
        return None
    locale = await customers.mail_locale_of_customer(actor, row.customer_id)
    return Recipient(address, customer.name, locale or tenant_locale)


async def _return(actor: Actor, return_id: uuid.UUID) -> Return | None:
    return await actor.session.get(Return, (actor.tenant_id, return_id))


async def _outcome(actor: Actor, row: Return) -> tuple[str, str]:
    """How the return was resolved, in English and Chinese."""
    if row.exchange_order_id is not None:
        [order] = await orders.orders_for_system(actor, [row.exchange_order_id])
        return (
            f"A replacement is on its way with order {order.number}.",
            f"换货订单 {order.number} 已为您安排发货。",
        )
    lines = await lines_for_change(actor, row.id)
    currency = lines[0].currency if lines else ""
    amount = f"{row.refund_amount or 0:.2f} {currency}"
    return (
        f"We are refunding {amount} for the items that passed inspection.",
        f"通过检验的商品将退款 {amount}。",
    )


async def _email(actor: Actor, row: Return, step: str, name: str, tenant: str, zh: bool) -> Email:
    base = f"{actor.settings.public_url}"
    if step == "approved":
        link = f"{base}{label_url(row)}" if label_url(row) else None
        if zh:
            return Email(
                f"退货 {row.number} 已批准",
                Body(
                    [
                        f"{name}，您好：",
                        f"{tenant} 已批准您的退货 {row.number}。请打印退货标签，随货寄回。",
                    ],
                    link,
                    "下载退货标签",
                ),
            )
        return Email(
            f"Return {row.number} approved",
            Body(
                [
                    f"Hello {name},",
                    f"{tenant} approved your return {row.number}. Print the return label "
                    "and send the goods back with it.",
                ],
                link,
                "Download the return label",
            ),
        )
    if step == "received":
        if zh:
            return Email(
                f"已收到退货 {row.number}",
                Body(
                    [
                        f"{name}，您好：",
                        f"{tenant} 已收到您退回的商品（{row.number}），将尽快检验。",
                    ]
                ),
            )
        return Email(
            f"Return {row.number} received",
            Body(
                [
                    f"Hello {name},",
                    f"{tenant} received the goods of your return {row.number}; they will be "
                    "inspected shortly.",
                ]
            ),
        )
    english, chinese = await _outcome(actor, row)
    if zh:
        return Email(
            f"退货 {row.number} 已处理",
            Body([f"{name}，您好：", f"您的退货 {row.number} 已处理。", chinese]),
        )
    return Email(
        f"Return {row.number} resolved",
        Body([f"Hello {name},", f"Your return {row.number} has been resolved.", english]),
    )


async def email_step(actor: Actor, return_id: uuid.UUID, step: str, event_id: uuid.UUID) -> bool:
    """Email the customer one step of their return (approved, received, resolved): system
    work for an event handler; False when there is nobody to write to. The event keys the
    email, so a repeated delivery is the same message to the receiver."""
    row = await _return(actor, return_id)
    if row is None:
        return False
    tenant = await tenants.current_tenant(actor)
    recipient = await _recipient(actor, row, tenant.locale)
    if recipient is None:
        return False
    email = await _email(
        actor, row, step, recipient.name, tenant.name, is_chinese(recipient.locale)
    )
    await send_branded(
        actor.settings,
        await customer_notices.email_letterhead(actor),
        email.body,
        to=recipient.email,
        subject=email.subject,
        message_key=f"{event_id}.return-{step}",
    )
    return True
