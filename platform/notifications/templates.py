"""What notifications say, in English or Simplified Chinese: plain text and simple HTML."""
# Chinese text is written with full-width punctuation, as Chinese readers expect.
# ruff: noqa: RUF001

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from html import escape


@dataclass(frozen=True)
class RenderedEmail:
    subject: str
    text: str
    html: str


@dataclass(frozen=True)
class RenderedNotice:
    title: str
    body: str


def is_chinese(locale: str | None) -> bool:
    return bool(locale) and str(locale).lower().startswith("zh")


def _html_page(paragraphs: list[str], link: str, button: str) -> str:
    body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    href = escape(link, quote=True)
    return (
        '<!doctype html><html><body style="font-family: sans-serif; line-height: 1.5">'
        f'{body}<p><a href="{href}" style="display: inline-block; padding: 8px 16px; '
        f'background: #2453d4; color: #fff; text-decoration: none; border-radius: 4px">'
        f'{escape(button)}</a></p><p style="color: #666; font-size: 12px">{escape(link)}</p>'
        "</body></html>"
    )


def simple_email(subject: str, paragraphs: list[str], link: str, button: str) -> RenderedEmail:
    """A few paragraphs and one button, for notices other domains send by email."""
    text = "\n\n".join([*paragraphs, link]) + "\n"
    return RenderedEmail(subject=subject, text=text, html=_html_page(paragraphs, link, button))


def invitation_email(
    locale: str | None,
    *,
    tenant_name: str,
    invitee_name: str,
    inviter_name: str | None,
    link: str,
    expires_at: datetime,
) -> RenderedEmail:
    expires = expires_at.strftime("%Y-%m-%d %H:%M UTC")
    if is_chinese(locale):
        who = inviter_name or tenant_name
        paragraphs = [
            f"{invitee_name}，您好：",
            f"{who} 邀请您加入 {tenant_name} 的 Orbit 工作区。",
            f"请打开下面的链接设置密码并登录。链接在 {expires} 之前有效，只能使用一次。",
        ]
        subject = f"{who} 邀请您加入 {tenant_name}（Orbit 邀请）"
        button = "接受邀请"
    else:
        who = inviter_name or "A colleague"
        paragraphs = [
            f"Hello {invitee_name},",
            f"{who} invited you to join {tenant_name} on Orbit.",
            f"Open the link below to choose a password and sign in. It works once, "
            f"until {expires}.",
        ]
        subject = f"You're invited to join {tenant_name} on Orbit"
        button = "Accept the invitation"
    text = "\n\n".join([*paragraphs, link]) + "\n"
    return RenderedEmail(subject=subject, text=text, html=_html_page(paragraphs, link, button))


def member_joined(locale: str | None, *, member_name: str, member_email: str) -> RenderedNotice:
    if is_chinese(locale):
        return RenderedNotice(
            title=f"{member_name} 已加入", body=f"{member_name}（{member_email}）接受了您的邀请。"
        )
    return RenderedNotice(
        title=f"{member_name} joined",
        body=f"{member_name} ({member_email}) accepted your invitation.",
    )
