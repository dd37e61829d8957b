"""What customer notices say, in English or Simplified Chinese."""
# Chinese text is written with full-width punctuation, as Chinese readers expect.
# ruff: noqa: RUF001

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from core.mail_layout import Body
from notifications import is_chinese


@dataclass(frozen=True)
class OrderFacts:
    """What every customer notice names: the order, the customer and the seller."""

    number: str
    contact_name: str
    tenant_name: str
    link: str


@dataclass(frozen=True)
class NoticeEmail:
    """A notice's subject and words; the seller's letterhead is added when it is sent."""

    subject: str
    body: Body


Render = Callable[[str | None, OrderFacts], NoticeEmail]


@dataclass(frozen=True)
class ShipmentFacts:
    carrier: str
    tracking_number: str
    tracking_url: str | None


def _email(subject: str, paragraphs: list[str], link: str, button: str) -> NoticeEmail:
    return NoticeEmail(subject, Body(paragraphs, link, button))


def order_confirmed(locale: str | None, order: OrderFacts) -> NoticeEmail:
    if is_chinese(locale):
        return _email(
            f"您的订单 {order.number} 已确认（{order.tenant_name}）",
            [
                f"{order.contact_name}，您好：",
                f"{order.tenant_name} 已确认您的订单 {order.number}。发货时我们会再通知您。",
            ],
            order.link,
            "查看订单",
        )
    return _email(
        f"Your order {order.number} is confirmed ({order.tenant_name})",
        [
            f"Hello {order.contact_name},",
            f"{order.tenant_name} confirmed your order {order.number}. "
            "We will write again when it ships.",
        ],
        order.link,
        "View your order",
    )


def _tracking_lines(locale: str | None, shipment: ShipmentFacts) -> list[str]:
    chinese = is_chinese(locale)
    lines = [
        f"承运商：{shipment.carrier}" if chinese else f"Carrier: {shipment.carrier}",
        f"运单号：{shipment.tracking_number}"
        if chinese
        else f"Tracking number: {shipment.tracking_number}",
    ]
    if shipment.tracking_url:
        label = "物流跟踪：" if chinese else "Track it: "
        lines.append(f"{label}{shipment.tracking_url}")
    return lines


def order_shipped(locale: str | None, order: OrderFacts, shipment: ShipmentFacts) -> NoticeEmail:
    if is_chinese(locale):
        return _email(
            f"您的订单 {order.number} 已发货（{order.tenant_name}）",
            [
                f"{order.contact_name}，您好：",
                f"您的订单 {order.number} 已从 {order.tenant_name} 发出。",
                *_tracking_lines(locale, shipment),
            ],
            order.link,
            "查看订单",
        )
    return _email(
        f"Your order {order.number} has shipped ({order.tenant_name})",
        [
            f"Hello {order.contact_name},",
            f"Your order {order.number} from {order.tenant_name} is on its way.",
            *_tracking_lines(locale, shipment),
        ],
        order.link,
        "View your order",
    )


def order_delivered(locale: str | None, order: OrderFacts) -> NoticeEmail:
    if is_chinese(locale):
        return _email(
            f"您的订单 {order.number} 已送达（{order.tenant_name}）",
            [
                f"{order.contact_name}，您好：",
                f"您的订单 {order.number} 已送达。如有任何问题，请在客户门户中联系我们。",
            ],
            order.link,
            "查看订单",
        )
    return _email(
        f"Your order {order.number} was delivered ({order.tenant_name})",
        [
            f"Hello {order.contact_name},",
            f"Your order {order.number} was delivered. If anything is wrong with it, "
            "tell us through the customer portal.",
        ],
        order.link,
        "View your order",
    )
