"""Outgoing email over SMTP (aiosmtplib)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from email.message import EmailMessage, MIMEPart
from email.utils import formatdate, make_msgid
from typing import TypeVar

import aiosmtplib

from core.context import Actor
from core.settings import Settings

Prepared = TypeVar("Prepared")


@dataclass(frozen=True)
class Attachment:
    """A file sent with a message, e.g. an invoice PDF."""

    filename: str
    content: bytes
    maintype: str = "application"
    subtype: str = "octet-stream"


@dataclass(frozen=True)
class InlineImage:
    """An image the HTML part shows by `cid:<content_id>` (e.g. the tenant's logo), sent
    with it in a multipart/related part so mail clients need not fetch anything."""

    content_id: str
    content: bytes
    maintype: str = "image"
    subtype: str = "png"


async def send_mail(
    settings: Settings,
    *,
    to: str,
    subject: str,
    text: str,
    html: str | None = None,
    message_key: str | None = None,
    attachments: tuple[Attachment, ...] = (),
    inline_images: tuple[InlineImage, ...] = (),
    reply_to: str | None = None,
) -> str:
    """Send one message and return its Message-ID. `message_key` (an event id) makes the
    Message-ID stable, so a re-sent duplicate can be recognised by the receiver.
    `inline_images` go with the HTML part and are left out when there is none."""
    message = EmailMessage()
    message["From"] = settings.mail_from
    message["To"] = to
    message["Subject"] = subject
    if reply_to:
        message["Reply-To"] = reply_to
    message["Date"] = formatdate(localtime=False)
    domain = settings.mail_from.rpartition("@")[2].rstrip(">") or "orbit.localhost"
    message["Message-ID"] = (
        f"<{message_key}@{domain}>" if message_key else make_msgid(domain=domain)
    )
    message.set_content(text)
    if html:
        message.add_alternative(html, subtype="html")
        html_part = message.get_body(preferencelist=("html",))
        if html_part is not None:
            _add_related(html_part, inline_images)
    for attachment in attachments:
        message.add_attachment(
            attachment.content,
            maintype=attachment.maintype,
            subtype=attachment.subtype,
            filename=attachment.filename,
        )
    await aiosmtplib.send(
        message,
        hostname=settings.smtp_host,
        port=settings.smtp_port,
        username=settings.smtp_username,
        password=settings.smtp_password,
        start_tls=settings.smtp_starttls,
        timeout=30,
    )
    return str(message["Message-ID"])


def _add_related(html_part: MIMEPart, images: tuple[InlineImage, ...]) -> None:
    for image in images:
        html_part.add_related(
            image.content,
            maintype=image.maintype,
            subtype=image.subtype,
            cid=f"<{image.content_id}>",
            disposition="inline",
        )


async def committed_before_sending(
    actor: Actor, prepare: Callable[[Actor], Awaitable[Prepared]]
) -> Prepared:
    """Run `prepare` (which stores a one-time token and says what to email) in a transaction
    of its own, committed before this returns. The email carrying the token is sent only
    then, so its link works the instant it arrives; when sending fails, the handler's retry
    prepares a new token, and the unsent one was never seen by anybody."""
    async with actor.services.db.transaction(actor.tenant_id) as session:
        own = Actor(services=actor.services, session=session, system_tenant_id=actor.tenant_id)
        return await prepare(own)
