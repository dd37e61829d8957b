"""The look of an email to a tenant's customers: the tenant's logo on top, the text, an
optional button, and the seller's legal name and address below. The plain-text part says
the same words; every value is escaped in the HTML part."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from core.mail import Attachment, InlineImage, send_mail
from core.settings import Settings

LOGO_CONTENT_ID = "tenant-logo@orbit"
LOGO_MAX_WIDTH_PX = 200


@dataclass(frozen=True)
class Letterhead:
    """Who signs the email: the seller's name (its legal name when set), address and logo."""

    name: str
    address: str | None = None
    logo: InlineImage | None = None


@dataclass(frozen=True)
class Body:
    """What an email says: paragraphs (a paragraph may hold line breaks) and an optional
    link with its button label."""

    paragraphs: list[str]
    link: str | None = None
    button: str | None = None


@dataclass(frozen=True)
class LaidOutEmail:
    text: str
    html: str
    inline_images: tuple[InlineImage, ...]


def logo_image(content: bytes, content_type: str) -> InlineImage:
    maintype, _, subtype = content_type.partition("/")
    return InlineImage(LOGO_CONTENT_ID, content, maintype or "image", subtype or "png")


def signature(head: Letterhead) -> str:
    return "\n".join(line for line in (head.name, head.address or "") if line).strip()


def lay_out(head: Letterhead, body: Body) -> LaidOutEmail:
    text_blocks = [*body.paragraphs, *([body.link] if body.link else []), signature(head)]
    images = (head.logo,) if head.logo else ()
    return LaidOutEmail("\n\n".join(text_blocks) + "\n", _html(head, body), images)


def _lines(value: str) -> str:
    return "<br>".join(escape(line) for line in value.splitlines())


def _logo(head: Letterhead) -> str:
    if head.logo is None:
        return ""
    return (
        f'<p><img src="cid:{escape(head.logo.content_id, quote=True)}" '
        f'alt="{escape(head.name, quote=True)}" '
        f'style="max-width: {LOGO_MAX_WIDTH_PX}px; height: auto"></p>'
    )


def _button(body: Body) -> str:
    if not body.link:
        return ""
    href = escape(body.link, quote=True)
    label = escape(body.button or body.link)
    return (
        f'<p><a href="{href}" style="display: inline-block; padding: 8px 16px; '
        'background: #2453d4; color: #fff; text-decoration: none; border-radius: 4px">'
        f'{label}</a></p><p style="color: #666; font-size: 12px">{escape(body.link)}</p>'
    )


def _footer(head: Letterhead) -> str:
    return (
        '<hr style="border: none; border-top: 1px solid #ddd">'
        f'<p style="color: #666; font-size: 12px">{_lines(signature(head))}</p>'
    )


def _html(head: Letterhead, body: Body) -> str:
    paragraphs = "".join(f"<p>{_lines(paragraph)}</p>" for paragraph in body.paragraphs)
    return (
        '<!doctype html><html><body style="font-family: sans-serif; line-height: 1.5">'
        f"{_logo(head)}{paragraphs}{_button(body)}{_footer(head)}</body></html>"
    )


async def send_branded(
    settings: Settings,
    head: Letterhead,
    body: Body,
    *,
    to: str,
    subject: str,
    message_key: str,
    attachments: tuple[Attachment, ...] = (),
    reply_to: str | None = None,
) -> str:
    """Send `body` under the seller's letterhead, as plain text and HTML with the logo."""
    email = lay_out(head, body)
    return await send_mail(
        settings,
        to=to,
        subject=subject,
        text=email.text,
        html=email.html,
        message_key=message_key,
        attachments=attachments,
        inline_images=email.inline_images,
        reply_to=reply_to,
    )
