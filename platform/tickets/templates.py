"""What the reply email says, in English or Simplified Chinese."""
# Chinese text is written with full-width punctuation, as Chinese readers expect.
# ruff: noqa: RUF001

from __future__ import annotations

from dataclasses import dataclass

from core.mail_layout import Body
from notifications import is_chinese


@dataclass(frozen=True)
class ReplyFacts:
    number: str
    subject: str
    contact_name: str
    tenant_name: str
    author_name: str
    body: str
    link: str


@dataclass(frozen=True)
class ReplyEmail:
    subject: str
    body: Body


def reply_email(locale: str | None, facts: ReplyFacts) -> ReplyEmail:
    if is_chinese(locale):
        return ReplyEmail(
            f"[{facts.number}] {facts.subject}（{facts.tenant_name} 回复）",
            Body(
                [
                    f"{facts.contact_name}，您好：",
                    f"{facts.author_name}（{facts.tenant_name}）回复了您的工单 {facts.number}：",
                    facts.body,
                ],
                facts.link,
                "在客户门户中查看",
            ),
        )
    return ReplyEmail(
        f"[{facts.number}] {facts.subject} (reply from {facts.tenant_name})",
        Body(
            [
                f"Hello {facts.contact_name},",
                f"{facts.author_name} of {facts.tenant_name} replied to your ticket "
                f"{facts.number}:",
                facts.body,
            ],
            facts.link,
            "View it in the portal",
        ),
    )
