"""Outgoing email over SMTP (aiosmtplib)."""

from __future__ import annotations

from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

import aiosmtplib

from core.settings import Settings


@dataclass(frozen=True)
class Attachment:
    """A file sent with a message, e.g. an invoice PDF."""

    filename: str
    content: bytes
    maintype: str = "application"
    subtype: str = "octet-stream"


async def send_mail(
    settings: Settings,
    *,
    to: str,
    subject: str,
    text: str,
    html: str | None = None,
    message_key: str | None = None,
    attachments: tuple[Attachment, ...] = (),
) -> str:
    """Send one message and return its Message-ID. `message_key` (an event id) makes the
    Message-ID stable, so a re-sent duplicate can be recognised by the receiver."""
    message = EmailMessage()
    message["From"] = settings.mail_from
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=False)
    domain = settings.mail_from.rpartition("@")[2].rstrip(">") or "orbit.localhost"
    message["Message-ID"] = (
        f"<{message_key}@{domain}>" if message_key else make_msgid(domain=domain)
    )
    message.set_content(text)
    if html:
        message.add_alternative(html, subtype="html")
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
