"""What change-request notifications and emails say, in English or Simplified Chinese."""
# Chinese text is written with full-width punctuation, as Chinese readers expect.
# ruff: noqa: RUF001

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from notifications import RenderedEmail, RenderedNotice, is_chinese


@dataclass(frozen=True)
class ChangeFacts:
    """What happened: `kind` is requested, approved, rejected or withdrawn."""

    kind: str
    number: str
    summary: str
    actor: str
    note: str | None = None


_EN = {
    "requested": "Change requested for order {number}",
    "approved": "Change to order {number} approved",
    "rejected": "Change to order {number} rejected",
    "withdrawn": "Change request for order {number} withdrawn",
}
_ZH = {
    "requested": "订单 {number} 有新的变更申请",
    "approved": "订单 {number} 的变更已批准",
    "rejected": "订单 {number} 的变更被拒绝",
    "withdrawn": "订单 {number} 的变更申请已撤回",
}


def notice(locale: str | None, facts: ChangeFacts) -> RenderedNotice:
    chinese = is_chinese(locale)
    title = (_ZH if chinese else _EN)[facts.kind].format(number=facts.number)
    by = f"操作人：{facts.actor}" if chinese else f"By {facts.actor}"
    lines = [facts.summary, by]
    if facts.note:
        lines.append(f"备注：{facts.note}" if chinese else f"Note: {facts.note}")
    return RenderedNotice(title=title, body="\n".join(lines))


def email(locale: str | None, facts: ChangeFacts, link: str) -> RenderedEmail:
    rendered = notice(locale, facts)
    paragraphs = [*rendered.body.split("\n"), link]
    html = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    return RenderedEmail(
        subject=rendered.title,
        text="\n\n".join(paragraphs) + "\n",
        html=f"<!doctype html><html><body>{html}</body></html>",
    )
