"""Support mail into tickets. The inbound SMTP server stores each accepted message for its
tenant (`accept_mail`) and queues a job; the worker (`process_inbound_mail`) parses it with
the standard `email` package and, in one transaction:

- a message to `<slug>+<token>@…` whose token is genuine and whose sender is a contact of
  the ticket's customer is added to that ticket as the customer's reply (a closed ticket
  gets a new follow-up ticket instead);
- a message to `<slug>@…` from a contact with portal access opens a ticket (channel email);
- anything else is kept, refused with a reason (UNKNOWN_SENDER, SPOOFED_TOKEN,
  SENDER_NOT_ON_TICKET, EMPTY_MESSAGE, DUPLICATE) and no ticket changes.
"""

from __future__ import annotations

import email
import email.policy
import html
import re
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import parseaddr
from enum import StrEnum
from typing import Any

import structlog
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

import customers.services as customers
import files.services as files
import tenants.services as tenants
from core.context import Actor, Services
from core.errors import AccessError, BusinessRuleError
from core.ids import new_id
from core.tenancy import Principal, PrincipalKind
from files import FILES_PER_ITEM, FilePurpose
from tickets import mail_addresses
from tickets.conversation import portal_reply
from tickets.inbound_models import InboundMail
from tickets.models import Ticket
from tickets.opening import PortalTicketInput, portal_create_ticket
from tickets.rules import TicketChannel, TicketStatus

log = structlog.get_logger("orbit.tickets")

INBOUND_MAIL_JOB = "process_inbound_mail"
SUBJECT_LIMIT = 200
_QUOTE_STARTS = (
    re.compile(r"^On .{1,200} wrote:\s*$"),
    re.compile(r"^-{2,}\s*Original Message\s*-{2,}", re.IGNORECASE),
    re.compile(r"^在.{1,200}写道[:\uff1a]\s*$"),
    re.compile(r"^From: .+"),
    re.compile(r"^>"),
)


class InboundStatus(StrEnum):
    RECEIVED = "received"
    THREADED = "threaded"
    OPENED = "opened"
    REFUSED = "refused"


class InboundReason(StrEnum):
    DUPLICATE = "DUPLICATE"
    EMPTY_MESSAGE = "EMPTY_MESSAGE"
    SENDER_NOT_ON_TICKET = "SENDER_NOT_ON_TICKET"
    SPOOFED_TOKEN = "SPOOFED_TOKEN"
    TICKET_CLOSED = "TICKET_CLOSED"
    UNKNOWN_SENDER = "UNKNOWN_SENDER"


@dataclass(frozen=True)
class ParsedMail:
    from_address: str
    from_name: str
    subject: str
    body: str
    message_id: str | None
    attachments: tuple[tuple[str, bytes], ...] = ()


def _text_of(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    content = str(part.get_content())
    if part.get_content_type() == "text/html":
        content = re.sub(r"(?is)<(script|style).*?</\1>", "", content)
        content = re.sub(r"(?i)<br\s*/?>|</p>|</div>", "\n", content)
        content = html.unescape(re.sub(r"<[^>]+>", "", content))
    return content


def _without_quote(text: str) -> str:
    """The new part of a reply: everything above the quoted earlier mail or signature."""
    kept: list[str] = []
    for line in text.replace("\r\n", "\n").split("\n"):
        if line.rstrip() == "--" or any(start.match(line.strip()) for start in _QUOTE_STARTS):
            break
        kept.append(line)
    return "\n".join(kept).strip()


def parse_mail(raw: bytes) -> ParsedMail:
    message = email.message_from_bytes(raw, policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    name, address = parseaddr(str(message.get("From", "")))
    subject = " ".join(str(message.get("Subject", "")).split())
    return ParsedMail(
        from_address=address.strip().lower(),
        from_name=name.strip(),
        subject=subject[:SUBJECT_LIMIT],
        body=_without_quote(_text_of(message)),
        message_id=(str(message.get("Message-ID", "")).strip() or None),
        attachments=tuple(_attachments(message)),
    )


def _attachments(message: EmailMessage) -> list[tuple[str, bytes]]:
    found = []
    for part in message.iter_attachments():
        content = part.get_payload(decode=True)
        if isinstance(content, bytes) and content:
            found.append((part.get_filename() or "attachment", content))
    return found[:FILES_PER_ITEM]


# --- receiving (the SMTP server) ----------------------------------------------------------


async def tenant_of_recipient(services: Services, address: str) -> uuid.UUID | None:
    """The active tenant an envelope recipient addresses, or None (refused at RCPT)."""
    domain = services.settings.inbound_mail_domain
    recipient = mail_addresses.parse_recipient(address, domain) if domain else None
    if recipient is None:
        return None
    async with services.db.transaction() as session:
        tenant = await tenants.tenant_by_slug(
            Actor(services=services, session=session), recipient.slug
        )
    return tenant.id if tenant is not None and tenant.status == "active" else None


async def accept_mail(
    services: Services, tenant_id: uuid.UUID, recipient: str, envelope_from: str, raw: bytes
) -> uuid.UUID:
    """Keep one accepted message for its tenant and queue its processing. A re-delivery of a
    message already kept is not kept again (DuplicateMail), but queued again while it is
    unprocessed: the first delivery may have been stored and then failed to queue, and the
    sender retried because of it."""
    message_id = parse_mail(raw).message_id
    row_id = new_id()
    try:
        async with services.db.transaction(tenant_id) as session:
            session.add(
                InboundMail(
                    tenant_id=tenant_id,
                    id=row_id,
                    recipient=recipient[:320],
                    envelope_from=envelope_from[:320],
                    message_id=message_id[:998] if message_id else None,
                    raw=raw,
                )
            )
    except IntegrityError:
        log.info("inbound_mail.duplicate", message_id=message_id)
        assert message_id is not None  # only a Message-ID is unique
        pending = await _unprocessed(services, tenant_id, message_id[:998])
        if pending is not None:
            await services.enqueue_job(INBOUND_MAIL_JOB, str(tenant_id), str(pending))
        raise DuplicateMail() from None
    await services.enqueue_job(INBOUND_MAIL_JOB, str(tenant_id), str(row_id))
    return row_id


async def _unprocessed(
    services: Services, tenant_id: uuid.UUID, message_id: str
) -> uuid.UUID | None:
    async with services.db.transaction(tenant_id) as session:
        found: uuid.UUID | None = await session.scalar(
            select(InboundMail.id).where(
                InboundMail.tenant_id == tenant_id,
                InboundMail.message_id == message_id,
                InboundMail.processed_at.is_(None),
            )
        )
    return found


class DuplicateMail(Exception):
    """The same Message-ID arrived before for this tenant."""


# --- processing (the worker) --------------------------------------------------------------


async def process_inbound_mail(ctx: dict[str, Any], tenant_id: str, mail_id: str) -> None:
    services: Services = ctx["services"]
    await process(services, uuid.UUID(tenant_id), uuid.UUID(mail_id))


async def process(services: Services, tenant_id: uuid.UUID, mail_id: uuid.UUID) -> None:
    """Thread, open or refuse one received message, once (the row is locked and marked)."""
    async with services.db.transaction(tenant_id) as session:
        system = Actor(services=services, session=session, system_tenant_id=tenant_id)
        row = await session.get(InboundMail, (tenant_id, mail_id), with_for_update=True)
        if row is None or row.processed_at is not None:
            return
        parsed = parse_mail(row.raw)
        row.from_address, row.subject = parsed.from_address[:320], parsed.subject
        status, reason, ticket_id = await _outcome(system, row, parsed)
        row.status, row.reason, row.ticket_id = status.value, reason, ticket_id
        row.processed_at = datetime.now(UTC)
    log.info("inbound_mail.processed", status=status.value, reason=reason)


Outcome = tuple[InboundStatus, str | None, uuid.UUID | None]


def _refused(reason: InboundReason | str) -> Outcome:
    return InboundStatus.REFUSED, str(reason), None


async def _outcome(system: Actor, row: InboundMail, parsed: ParsedMail) -> Outcome:
    contact = await customers.portal_contact_by_email(system, system.tenant_id, parsed.from_address)
    if contact is None:
        return _refused(InboundReason.UNKNOWN_SENDER)
    if not parsed.body:
        return _refused(InboundReason.EMPTY_MESSAGE)
    principal = Principal(
        kind=PrincipalKind.PORTAL,
        tenant_id=system.tenant_id,
        subject_id=contact.id,
        customer_id=contact.customer_id,
    )
    sender = Actor(
        services=system.services,
        session=system.session,
        principal=principal,
        actor_label=contact.name,
    )
    recipient = mail_addresses.parse_recipient(
        row.recipient, system.settings.inbound_mail_domain or ""
    )
    token = recipient.token if recipient else None
    try:
        async with system.session.begin_nested():
            if token is None:
                return await _open(sender, parsed, None)
            return await _thread(system, sender, parsed, token, contact.customer_id)
    except BusinessRuleError as refused:
        return _refused(refused.errors[0].code.value)
    except AccessError:
        return _refused(InboundReason.SENDER_NOT_ON_TICKET)


async def _stored_attachments(sender: Actor, parsed: ParsedMail) -> tuple[uuid.UUID, ...]:
    """The mail's files kept as the sender's uploads, to attach like a portal upload; a
    file the portal would refuse (a program, too large) is left out, the mail still taken."""
    ids = []
    for name, content in parsed.attachments:
        try:
            async with sender.session.begin_nested():
                stored = await files.store_upload(
                    sender, files.Upload(FilePurpose.TICKET_ATTACHMENT.value, name, content)
                )
        except BusinessRuleError as refused:
            log.info("inbound_mail.attachment_refused", code=refused.errors[0].code.value)
            continue
        ids.append(stored.id)
    return tuple(ids)


async def _open(sender: Actor, parsed: ParsedMail, follows: Ticket | None) -> Outcome:
    subject = parsed.subject or parsed.body.split("\n", 1)[0][:SUBJECT_LIMIT]
    description = parsed.body
    if follows is not None:
        description = f"Follow-up to {follows.number} (closed).\n\n{parsed.body}"
    ticket = await portal_create_ticket(
        sender,
        PortalTicketInput(
            subject=subject,
            description=description,
            order_id=follows.order_id if follows else None,
            channel=TicketChannel.EMAIL,
            attachment_ids=await _stored_attachments(sender, parsed),
        ),
    )
    reason = InboundReason.TICKET_CLOSED.value if follows else None
    return InboundStatus.OPENED, reason, ticket.id


async def _thread(
    system: Actor, sender: Actor, parsed: ParsedMail, token: str, customer_id: uuid.UUID
) -> Outcome:
    number = mail_addresses.token_number(token)
    ticket = (
        await system.session.scalar(
            select(Ticket).where(Ticket.tenant_id == system.tenant_id, Ticket.number == number)
        )
        if number
        else None
    )
    if ticket is None or not mail_addresses.token_is_genuine(
        token, system.settings.jwt_secret, system.tenant_id, ticket.id
    ):
        return _refused(InboundReason.SPOOFED_TOKEN)
    if ticket.customer_id != customer_id:
        return _refused(InboundReason.SENDER_NOT_ON_TICKET)
    if ticket.status == TicketStatus.CLOSED.value:
        return await _open(sender, parsed, ticket)
    await portal_reply(sender, ticket.id, parsed.body, await _stored_attachments(sender, parsed))
    return InboundStatus.THREADED, None, ticket.id


# --- reading (staff) ----------------------------------------------------------------------


async def support_address_of_tenant(actor: Actor) -> str | None:
    """The tenant's support address customers write to (tickets:read); None without
    inbound mail."""
    await actor.require("tickets", "read")
    domain = actor.settings.inbound_mail_domain
    if not domain:
        return None
    tenant = await tenants.current_tenant(actor)
    return mail_addresses.support_address(tenant.slug, domain)


async def recent_inbound_mail(
    actor: Actor, status: InboundStatus | None, limit: int
) -> list[InboundMail]:
    """The latest support mail received and what became of it (tickets:configure)."""
    await actor.require("tickets", "configure")
    statement = select(InboundMail).where(InboundMail.tenant_id == actor.tenant_id)
    if status is not None:
        statement = statement.where(InboundMail.status == status.value)
    statement = statement.order_by(InboundMail.received_at.desc(), InboundMail.id.desc())
    return list((await actor.session.scalars(statement.limit(limit))).all())
