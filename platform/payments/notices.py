"""Overdue reminders to the customer (email) and to the order's owner (in-app and email);
reconciliation alerts to the staff who read payments."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import structlog
from sqlalchemy import select

import customer_notices.services as customer_notices
import customers.services as customers
import identity.services as identity
import notifications.services as notifications
import rbac.services as rbac
import tenants.services as tenants
from core.console_links import order_path
from core.context import Actor
from core.mail import Attachment, send_mail
from core.mail_layout import Body, Letterhead, logo_image, send_branded
from notifications import RenderedNotice, is_chinese
from payments import invoice_pdf
from payments.documents import letterhead
from payments.events import ReceivableOverdue, ReconciliationMismatch
from payments.models import Invoice, InvoiceLine
from tenants import Logo

log = structlog.get_logger("orbit.payments")

OVERDUE_KIND = "receivable_overdue"


def overdue_notice(locale: str | None, overdue: ReceivableOverdue) -> RenderedNotice:
    number, days, due = overdue.number, overdue.days_overdue, overdue.due_date.isoformat()
    amount = f"{overdue.amount_open} {overdue.currency}"
    if is_chinese(locale):  # full-width punctuation is right in Chinese text
        return RenderedNotice(
            title=f"付款提醒：订单 {number} 已逾期 {days} 天",  # noqa: RUF001
            body=f"订单 {number} 尚有 {amount} 未付，到期日为 {due}，"  # noqa: RUF001
            f"已逾期 {days} 天。",
        )
    return RenderedNotice(
        title=f"Payment reminder: order {number} is {days} days overdue",
        body=f"{amount} of order {number} was due on {due} and is {days} days overdue.",
    )


async def send_overdue_reminder(
    actor: Actor, overdue: ReceivableOverdue, event_id: uuid.UUID
) -> None:
    """Email the customer in the language its contacts chose (else the tenant's); notify
    and email the order's owner (once per event: the notification's event key; the emails
    carry the event id in their Message-ID)."""
    tenant = await tenants.current_tenant(actor)
    settings = actor.services.settings
    address = await customers.mail_address_of_customer(actor, overdue.customer_id)
    if address:
        locale = await customers.mail_locale_of_customer(actor, overdue.customer_id)
        notice = overdue_notice(locale or tenant.locale, overdue)
        await send_branded(
            settings,
            await customer_notices.email_letterhead(actor),
            Body([notice.body]),
            to=address,
            subject=notice.title,
            message_key=f"{event_id}.c",
        )
    if overdue.owner_id is None:
        return
    [owner] = await identity.users_by_id(actor, [overdue.owner_id])
    if owner is None or owner.status != "active":
        return
    notice = overdue_notice(owner.locale or tenant.locale, overdue)
    link = order_path(overdue.number)
    added = await notifications.notify(actor, owner.id, OVERDUE_KIND, notice, event_id, link)
    if added and await notifications.wants_email(actor, owner.id, OVERDUE_KIND):
        await send_mail(
            settings,
            to=owner.email,
            subject=notice.title,
            text=f"{notice.body}\n\n{settings.public_url.rstrip('/')}{link}",
            message_key=f"{event_id}.o",
        )


RECONCILIATION_KIND = "reconciliation_mismatch"
ACTIVE = "active"


def reconciliation_notice(locale: str | None, count: int, codes: list[str]) -> RenderedNotice:
    listed = ", ".join(codes)
    if is_chinese(locale):
        return RenderedNotice(
            title=f"对账发现 {count} 处不一致",
            body=f"最近一次对账发现 {count} 处不一致（{listed}）。",  # noqa: RUF001
        )
    return RenderedNotice(
        title=f"Reconciliation found {count} mismatches",
        body=f"The latest reconciliation found {count} mismatches ({listed}).",
    )


async def alert_reconciliation(
    actor: Actor, mismatch: ReconciliationMismatch, event_id: uuid.UUID
) -> None:
    """Notify and email every active staff user who reads payments, once per event."""
    tenant = await tenants.current_tenant(actor)
    holders = await rbac.staff_holding(actor, "payments", "read")
    link = "/receivables?tab=reconciliation"
    for user in await identity.users_by_id(actor, sorted(set(holders))):
        if user is None or user.status != ACTIVE:
            continue
        notice = reconciliation_notice(
            user.locale or tenant.locale, mismatch.mismatches, mismatch.codes
        )
        added = await notifications.notify(
            actor, user.id, RECONCILIATION_KIND, notice, event_id, link
        )
        if added and await notifications.wants_email(actor, user.id, RECONCILIATION_KIND):
            await send_mail(
                actor.services.settings,
                to=user.email,
                subject=notice.title,
                text=notice.body,
                message_key=f"{event_id}.{user.id}",
            )


INVOICE_KINDS = {"invoice": ("Invoice", "发票"), "credit_note": ("Credit note", "贷项通知单")}


def invoice_notice(locale: str | None, invoice: Invoice, seller: str) -> RenderedNotice:
    english, chinese = INVOICE_KINDS.get(invoice.kind, INVOICE_KINDS["invoice"])
    amount = f"{invoice.total:.2f} {invoice.currency}"
    if is_chinese(locale):
        return RenderedNotice(
            title=f"{chinese} {invoice.number}（订单 {invoice.order_number}）",  # noqa: RUF001
            body=f"附件是{seller}开具的{chinese} {invoice.number}，金额 {amount}。",  # noqa: RUF001
        )
    return RenderedNotice(
        title=f"{english} {invoice.number} for order {invoice.order_number}",
        body=f"Please find attached {english.lower()} {invoice.number} from {seller} for {amount}.",
    )


async def send_invoice(actor: Actor, invoice_id: uuid.UUID, event_id: uuid.UUID) -> None:
    """Email an invoice or credit note with its PDF to the customer and record where it
    went. Re-read here: the event may run twice or after the invoice was voided."""
    invoice = await actor.session.get(Invoice, (actor.tenant_id, invoice_id), with_for_update=True)
    if invoice is None or invoice.status == "void":
        return
    address = await customers.mail_address_of_customer(actor, invoice.customer_id)
    if not address:
        return
    lines = list(
        (
            await actor.session.scalars(
                select(InvoiceLine)
                .where(
                    InvoiceLine.tenant_id == actor.tenant_id, InvoiceLine.invoice_id == invoice.id
                )
                .order_by(InvoiceLine.line_no)
            )
        ).all()
    )
    credited = (
        await actor.session.get(Invoice, (actor.tenant_id, invoice.credited_invoice_id))
        if invoice.credited_invoice_id
        else None
    )
    tenant = await tenants.current_tenant(actor)
    head = await letterhead(actor)
    printed = invoice_pdf.printed_seller(invoice, head)
    seller = printed.get("legalName") or tenant.name
    notice = invoice_notice(invoice_pdf.document_language(invoice), invoice, seller)
    try:
        pdf = invoice_pdf.render(
            invoice, lines, credited.number if credited else None, actor.services.settings, head
        )
        attachments: tuple[Attachment, ...] = (
            Attachment(invoice_pdf.file_name(invoice), pdf, "application", "pdf"),
        )
    except invoice_pdf.FontMissing:
        log.warning("invoice.pdf_font_missing", invoice=invoice.number)
        attachments = ()
    await send_branded(
        actor.services.settings,
        _invoice_letterhead(printed, seller, head.logo),
        Body([notice.body]),
        to=address,
        subject=notice.title,
        message_key=f"{event_id}.i",
        attachments=attachments,
    )
    invoice.emailed_to, invoice.emailed_at = address, datetime.now(UTC)


def _invoice_letterhead(printed: dict[str, str], seller: str, logo: Logo | None) -> Letterhead:
    """An invoice's email is signed as its document is: the seller it was issued by."""
    image = logo_image(logo.content, logo.content_type) if logo else None
    return Letterhead(name=seller, address=printed.get("address"), logo=image)
