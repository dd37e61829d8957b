"""What collaboration notices and emails say, in English or Simplified Chinese."""
# Chinese text is written with full-width punctuation, as Chinese readers expect.
# ruff: noqa: RUF001

from __future__ import annotations

from dataclasses import dataclass

from notifications import RenderedEmail, RenderedNotice, is_chinese, simple_email

STATUS_ZH = {
    "draft": "草稿",
    "submitted": "已提交",
    "pending_approval": "待审批",
    "confirmed": "已确认",
    "awaiting_payment": "待付款",
    "paid": "已付款",
    "ready_to_ship": "待发货",
    "shipped": "已发货",
    "delivered": "已送达",
    "completed": "已完成",
    "cancelled": "已取消",
}


@dataclass(frozen=True)
class Letter:
    """One recipient's in-app notice and email about the same thing."""

    notice: RenderedNotice
    email: RenderedEmail


def status_label(status: str, locale: str | None) -> str:
    if is_chinese(locale):
        return STATUS_ZH.get(status, status)
    return status.replace("_", " ").capitalize()


def _letter(title: str, body: str, link: str, button: str) -> Letter:
    return Letter(
        RenderedNotice(title=title, body=body), simple_email(title, [title, body], link, button)
    )


def mentioned(locale: str | None, *, author: str, number: str, excerpt: str, link: str) -> Letter:
    if is_chinese(locale):
        return _letter(f"{author} 在订单 {number} 中提到了您", excerpt, link, "查看订单")
    return _letter(f"{author} mentioned you on order {number}", excerpt, link, "Open the order")


def commented(locale: str | None, *, author: str, number: str, excerpt: str, link: str) -> Letter:
    if is_chinese(locale):
        return _letter(f"{author} 评论了订单 {number}", excerpt, link, "查看订单")
    return _letter(f"{author} commented on order {number}", excerpt, link, "Open the order")


def status_changed(
    locale: str | None, *, number: str, source: str, target: str, who: str | None, link: str
) -> Letter:
    before, after = status_label(source, locale), status_label(target, locale)
    if is_chinese(locale):
        body = f"状态由“{before}”变为“{after}”" + (f"，操作人：{who}。" if who else "。")
        return _letter(f"订单 {number} 已变为{after}", body, link, "查看订单")
    body = f"Its status went from {before} to {after}" + (f" ({who})." if who else ".")
    return _letter(f"Order {number} is now {after.lower()}", body, link, "Open the order")
