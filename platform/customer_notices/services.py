"""Customer notice use cases: the tenant's switches (settings:read / settings:write), and the
emails event handlers send. Handlers act for nobody, so they read the order, its customer and
the tenant through those domains' system functions; each email goes once per event."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum

from sqlalchemy.dialects.postgresql import insert

import audit.services as audit
import customers.services as customers
import orders.services as orders
import tenants.services as tenants
from core.context import Actor
from core.mail_layout import Letterhead, logo_image, send_branded
from core.tenancy import PrincipalKind
from customer_notices import templates
from customer_notices.models import CustomerNoticeSent, CustomerNoticeSettings
from customer_notices.tracking import tracking_url
from tenants import read_branding, read_logo


class NoticeKind(StrEnum):
    ORDER_CONFIRMED = "order_confirmed"
    ORDER_SHIPPED = "order_shipped"
    ORDER_DELIVERED = "order_delivered"


@dataclass(frozen=True)
class NoticeSwitches:
    order_confirmed: bool = True
    order_shipped: bool = True
    order_delivered: bool = True

    def allows(self, kind: NoticeKind) -> bool:
        return bool(getattr(self, kind.value))


@dataclass(frozen=True)
class Recipient:
    email: str
    name: str
    locale: str | None


# --- settings ------------------------------------------------------------------------------


async def _switches(actor: Actor) -> NoticeSwitches:
    row = await actor.session.get(CustomerNoticeSettings, actor.tenant_id)
    if row is None:
        return NoticeSwitches()
    return NoticeSwitches(row.order_confirmed, row.order_shipped, row.order_delivered)


async def read_settings(actor: Actor) -> NoticeSwitches:
    await actor.require("settings", "read")
    return await _switches(actor)


async def update_settings(actor: Actor, switches: NoticeSwitches) -> NoticeSwitches:
    """Switch customer notices on or off (settings:write); emails already sent stay sent."""
    await actor.require("settings", "write")
    before = await _switches(actor)
    row = await actor.session.get(CustomerNoticeSettings, actor.tenant_id, with_for_update=True)
    if row is None:
        row = CustomerNoticeSettings(tenant_id=actor.tenant_id)
        actor.session.add(row)
    row.order_confirmed = switches.order_confirmed
    row.order_shipped = switches.order_shipped
    row.order_delivered = switches.order_delivered
    row.updated_at = datetime.now(UTC)
    await audit.record(
        actor,
        "customer_notices.update_settings",
        "customer_notice_settings",
        actor.tenant_id,
        before=_as_json(before),
        after=_as_json(switches),
    )
    await actor.session.flush()
    return switches


def _as_json(switches: NoticeSwitches) -> dict[str, bool]:
    return {kind.value: switches.allows(kind) for kind in NoticeKind}


# --- recipients ----------------------------------------------------------------------------


async def _recipient(actor: Actor, order: orders.OrderHead) -> Recipient | None:
    """The portal contact who placed the order, else the customer's own mail address; a
    locale of None is the tenant's."""
    if order.created_by_kind == PrincipalKind.PORTAL.value and order.created_by_id:
        contact = await customers.portal_contact_by_id(
            actor, actor.tenant_id, order.created_by_id, order.customer_id
        )
        if contact is not None:
            return Recipient(contact.email, contact.name, contact.locale)
    address = await customers.mail_address_of_customer(actor, order.customer_id)
    if not address:
        return None
    return Recipient(address, order.customer_name, None)


async def _claim(
    actor: Actor, event_id: uuid.UUID, kind: NoticeKind, order_id: uuid.UUID, to: str
) -> bool:
    """Record the notice for this event; False when a previous delivery already sent it."""
    inserted = await actor.session.execute(
        insert(CustomerNoticeSent)
        .values(
            tenant_id=actor.tenant_id,
            event_id=event_id,
            kind=kind.value,
            order_id=order_id,
            recipient=to,
        )
        .on_conflict_do_nothing(
            index_elements=[CustomerNoticeSent.tenant_id, CustomerNoticeSent.event_id]
        )
        .returning(CustomerNoticeSent.event_id)
    )
    return inserted.first() is not None


# --- sending -------------------------------------------------------------------------------


async def _send(
    actor: Actor,
    kind: NoticeKind,
    order_id: uuid.UUID,
    event_id: uuid.UUID,
    render: templates.Render,
) -> bool:
    if not (await _switches(actor)).allows(kind):
        return False
    order = (await orders.order_heads_for_system(actor, [order_id])).get(order_id)
    if order is None:
        return False
    recipient = await _recipient(actor, order)
    if recipient is None or not await _claim(actor, event_id, kind, order.id, recipient.email):
        return False
    tenant = await tenants.current_tenant(actor)
    facts = templates.OrderFacts(
        number=order.number,
        contact_name=recipient.name,
        tenant_name=tenant.name,
        link=portal_order_address(actor.settings.public_url, tenant.slug, order.id),
    )
    email = render(recipient.locale or tenant.locale, facts)
    await send_branded(
        actor.settings,
        await email_letterhead(actor),
        email.body,
        to=recipient.email,
        subject=email.subject,
        message_key=f"{event_id}.customer",
    )
    return True


def portal_order_address(public_url: str, tenant_slug: str, order_id: uuid.UUID) -> str:
    """The order's portal page under the tenant's own portal address: a signed-out reader
    is asked to sign in to that tenant and comes back to the order."""
    return f"{public_url}/portal/{tenant_slug}/orders/{order_id}"


async def email_letterhead(actor: Actor) -> Letterhead:
    """The seller as an email to its customers shows it: its legal name (else its name),
    address and logo."""
    branding = await read_branding(actor)
    logo = await read_logo(actor)
    name = branding.legal_name or (await tenants.current_tenant(actor)).name
    return Letterhead(
        name=name,
        address=branding.address,
        logo=logo_image(logo.content, logo.content_type) if logo else None,
    )


async def send_order_confirmed(actor: Actor, order_id: uuid.UUID, event_id: uuid.UUID) -> bool:
    return await _send(
        actor, NoticeKind.ORDER_CONFIRMED, order_id, event_id, templates.order_confirmed
    )


async def send_order_shipped(
    actor: Actor, order_id: uuid.UUID, event_id: uuid.UUID, carrier: str, tracking_number: str
) -> bool:
    shipment = templates.ShipmentFacts(
        carrier, tracking_number, tracking_url(carrier, tracking_number)
    )

    def render(locale: str | None, facts: templates.OrderFacts) -> templates.NoticeEmail:
        return templates.order_shipped(locale, facts, shipment)

    return await _send(actor, NoticeKind.ORDER_SHIPPED, order_id, event_id, render)


async def send_order_delivered(actor: Actor, order_id: uuid.UUID, event_id: uuid.UUID) -> bool:
    return await _send(
        actor, NoticeKind.ORDER_DELIVERED, order_id, event_id, templates.order_delivered
    )
