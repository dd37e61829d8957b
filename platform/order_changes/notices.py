"""What change-request notifications and emails say, in English or Simplified Chinese."""
# Chinese text is written with full-width punctuation, as Chinese readers expect.
# ruff: noqa: RUF001

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from typing import Any

from notifications import RenderedEmail, RenderedNotice, is_chinese
from order_changes.rules import summary_params


@dataclass(frozen=True)
class ChangeFacts:
    """What happened: `kind` is requested, approved, rejected or withdrawn."""

    kind: str
    number: str
    changes: dict[str, Any]
    reason: str | None
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


_SUMMARY_EN = {
    "line": "{sku} {before} → {after}",
    "delivery": "delivery {before} → {after}",
    "ship_to": "ship to {recipient}, {city}",
    "separator": "; ",
    "text": "Change: {parts}",
    "reason": "{text} ({reason})",
}
_SUMMARY_ZH = {
    "line": "{sku} {before} → {after}",
    "delivery": "交货日期 {before} → {after}",
    "ship_to": "收货地址改为 {recipient}，{city}",
    "separator": "；",
    "text": "变更：{parts}",
    "reason": "{text}（{reason}）",
}


def summary(locale: str | None, changes: dict[str, Any], reason: str | None) -> str:
    """What a request changes, in one line in the reader's language (the console words
    the order history's ORDER_CHANGED note the same way), e.g. `Change: BOLT 4 → 10`."""
    words = _SUMMARY_ZH if is_chinese(locale) else _SUMMARY_EN
    params = summary_params(changes)
    parts = [words["line"].format(**line) for line in params.get("lines", [])]
    if delivery := params.get("delivery"):
        parts.append(
            words["delivery"].format(before=delivery["before"] or "-", after=delivery["after"])
        )
    if ship_to := params.get("shipTo"):
        parts.append(words["ship_to"].format(**ship_to))
    text = words["text"].format(parts=words["separator"].join(parts))
    return words["reason"].format(text=text, reason=reason) if reason else text


def notice(locale: str | None, facts: ChangeFacts) -> RenderedNotice:
    chinese = is_chinese(locale)
    title = (_ZH if chinese else _EN)[facts.kind].format(number=facts.number)
    by = f"操作人：{facts.actor}" if chinese else f"By {facts.actor}"
    lines = [summary(locale, facts.changes, facts.reason), by]
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
