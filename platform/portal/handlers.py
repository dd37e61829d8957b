"""Portal event handlers: the magic-link sign-in email."""

from __future__ import annotations

import customer_notices.services as customer_notices
import portal.services as portal
from core.context import Actor
from core.events import EventHandler, event_of, handles
from core.mail import committed_before_sending
from core.mail_layout import Body, send_branded
from core.outbox import OutboxEvent
from portal.events import MagicLinkRequested

# Full-width punctuation is what Chinese text uses, hence the RUF001 exemptions.
ZH_SUBJECT = "{tenant} 客户门户登录链接 (sign-in link)"
ZH_PARAGRAPHS = (
    "{name}，您好：",  # noqa: RUF001
    "请点击以下链接登录 {tenant} 客户门户。"
    "链接 {minutes} 分钟内有效，只能使用一次。"  # noqa: RUF001
    "如果这不是您本人的操作，请忽略此邮件。",  # noqa: RUF001
)
ZH_BUTTON = "登录客户门户"
EN_SUBJECT = "Your sign-in link for {tenant}"
EN_PARAGRAPHS = (
    "Hello {name},",
    "Sign in to the {tenant} customer portal with the link below. It works once, within "
    "{minutes} minutes. If you did not ask for it, ignore this email.",
)
EN_BUTTON = "Sign in to the portal"


def _compose(mail: portal.MagicLinkMail) -> tuple[str, Body]:
    """Subject and words in the contact's language (the tenant's when they chose none)."""
    chinese = mail.locale == "zh-CN"
    subject, paragraphs, button = (
        (ZH_SUBJECT, ZH_PARAGRAPHS, ZH_BUTTON)
        if chinese
        else (EN_SUBJECT, EN_PARAGRAPHS, EN_BUTTON)
    )
    values = {"name": mail.contact_name, "tenant": mail.tenant_name, "minutes": mail.valid_minutes}
    body = Body([paragraph.format(**values) for paragraph in paragraphs], mail.url, button)
    return subject.format(**values), body


@handles("portal.magic_link_email", MagicLinkRequested)
async def send_magic_link_email(actor: Actor, event: OutboxEvent) -> None:
    """Create the link's token only now, so no secret ever sits in the outbox, and commit
    it before the email leaves, so the link works the instant it arrives; a retry replaces
    the token, so only the newest email's link works."""
    requested = event_of(MagicLinkRequested, event)
    mail = await committed_before_sending(
        actor,
        lambda own: portal.prepare_magic_link_mail(own, event.tenant_id, requested.link_id),
    )
    if mail is None:
        return
    subject, body = _compose(mail)
    await send_branded(
        actor.settings,
        await customer_notices.email_letterhead(actor),
        body,
        to=mail.to,
        subject=subject,
        message_key=str(event.id),
    )


HANDLERS: tuple[EventHandler, ...] = (send_magic_link_email,)
