"""Portal event handlers: the magic-link sign-in email."""

from __future__ import annotations

import portal.services as portal
from core.context import Actor
from core.events import EventHandler, event_of, handles
from core.mail import send_mail
from core.outbox import OutboxEvent
from portal.events import MagicLinkRequested

# Full-width punctuation is what Chinese text uses, hence the RUF001 exemptions.
ZH_SUBJECT = "{tenant} 客户门户登录链接 (sign-in link)"
ZH_BODY = (
    "{name}，您好：\n\n"  # noqa: RUF001
    "请点击以下链接登录 {tenant} 客户门户：\n{url}\n\n"  # noqa: RUF001
    "链接 {minutes} 分钟内有效，只能使用一次。"  # noqa: RUF001
    "如果这不是您本人的操作，请忽略此邮件。\n"  # noqa: RUF001
)
EN_SUBJECT = "Your sign-in link for {tenant}"
EN_BODY = (
    "Hello {name},\n\nSign in to the {tenant} customer portal with this link:\n{url}\n\n"
    "It works once, within {minutes} minutes. If you did not ask for it, ignore this email.\n"
)


def _compose(mail: portal.MagicLinkMail) -> tuple[str, str]:
    """Subject and body in the contact's language (the tenant's when they chose none)."""
    subject, body = (ZH_SUBJECT, ZH_BODY) if mail.locale == "zh-CN" else (EN_SUBJECT, EN_BODY)
    values = {
        "name": mail.contact_name,
        "tenant": mail.tenant_name,
        "url": mail.url,
        "minutes": mail.valid_minutes,
    }
    return subject.format(**values), body.format(**values)


@handles("portal.magic_link_email", MagicLinkRequested)
async def send_magic_link_email(actor: Actor, event: OutboxEvent) -> None:
    """Create the link's token only now, so no secret ever sits in the outbox; a retry
    replaces the token, so only the newest email's link works."""
    requested = event_of(MagicLinkRequested, event)
    mail = await portal.prepare_magic_link_mail(actor, event.tenant_id, requested.link_id)
    if mail is None:
        return
    subject, text = _compose(mail)
    await send_mail(
        actor.settings, to=mail.to, subject=subject, text=text, message_key=str(event.id)
    )


HANDLERS: tuple[EventHandler, ...] = (send_magic_link_email,)
