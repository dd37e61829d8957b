"""Order change rules without I/O: which orders may change, what a request changes compared
with the order, and what a change states in the order's history."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import Enum
from typing import Any

from core.errors import UserError
from core.money import QUANTITY, check_decimal
from order_changes.errors import OrderChangeErrorCode

MAX_REASON = 2000
MAX_NOTE = 2000


class ChangeStatus(str, Enum):
    OPEN = "open"
    APPROVED = "approved"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"
    CLOSED = "closed"  # the order moved on (cancelled, shipped) before a decision


class Decision(str, Enum):
    APPROVE = "approve"
    REJECT = "reject"


@dataclass(frozen=True)
class LineNow:
    """An order line as it is: what a requested quantity is compared with."""

    line_id: str
    line_no: int
    sku_code: str
    quantity: Decimal
    shipped: Decimal
    unit_price: Decimal
    price_source: str


@dataclass(frozen=True)
class RequestedLine:
    line_id: str
    quantity: Decimal


def check_text(value: str | None, limit: int, field: str) -> list[UserError]:
    if value is not None and len(value) > limit:
        return [UserError(OrderChangeErrorCode.TOO_LONG, f"At most {limit} characters.", (field,))]
    return []


def check_lines(
    requested: Sequence[RequestedLine | None], current: dict[str, LineNow]
) -> list[UserError]:
    """Each requested line must be a line of the order, named once, with a quantity that is
    a number and not below what has shipped of it. None stands for an id that names no
    order line."""
    errors: list[UserError] = []
    seen: set[str] = set()
    for index, line in enumerate(requested):
        at = ("lines", str(index))
        if line is None or line.line_id not in current:
            errors.append(
                UserError(
                    OrderChangeErrorCode.UNKNOWN_LINE,
                    "No such line on this order.",
                    (*at, "orderLineId"),
                )
            )
            continue
        if line.line_id in seen:
            errors.append(
                UserError(
                    OrderChangeErrorCode.DUPLICATE_LINE,
                    "Each line may be changed once.",
                    (*at, "orderLineId"),
                )
            )
        seen.add(line.line_id)
        if malformed := check_decimal(
            line.quantity, (*at, "quantity"), QUANTITY, code=OrderChangeErrorCode.INVALID_QUANTITY
        ):
            errors.extend(malformed)
            continue
        shipped = current[line.line_id].shipped
        if line.quantity < shipped:
            errors.append(
                UserError(
                    OrderChangeErrorCode.BELOW_SHIPPED_QUANTITY,
                    f"{shipped.normalize():f} already shipped; the quantity cannot go below it.",
                    (*at, "quantity"),
                )
            )
    return errors


def line_changes(
    requested: Sequence[RequestedLine], current: dict[str, LineNow]
) -> list[dict[str, Any]]:
    """The requested lines whose quantity differs from the order's, before and after."""
    changes = []
    for line in requested:
        now = current[line.line_id]
        if line.quantity != now.quantity:
            changes.append(
                {
                    "lineId": now.line_id,
                    "lineNo": now.line_no,
                    "skuCode": now.sku_code,
                    "before": str(now.quantity),
                    "after": str(line.quantity),
                    "unitPriceBefore": str(now.unit_price),
                    "priceSourceBefore": now.price_source,
                }
            )
    return sorted(changes, key=lambda change: int(change["lineNo"]))


def date_change(requested: date | None, current: date | None) -> dict[str, Any] | None:
    if requested is None or requested == current:
        return None
    return {"before": str(current) if current else None, "after": str(requested)}


def address_change(
    requested: dict[str, Any] | None, current: dict[str, Any] | None
) -> dict[str, Any] | None:
    if requested is None or requested == current:
        return None
    return {"before": current, "after": requested}


def _quantity(value: str) -> str:
    return f"{Decimal(value).normalize():f}"


def summary_params(changes: dict[str, Any]) -> dict[str, Any]:
    """What changed, as the order's history keeps it (orders' ORDER_CHANGED note facts)."""
    params: dict[str, Any] = {}
    if lines := changes.get("lines"):
        params["lines"] = [
            {
                "sku": line["skuCode"],
                "before": _quantity(line["before"]),
                "after": _quantity(line["after"]),
            }
            for line in lines
        ]
    if dates := changes.get("requestedDeliveryDate"):
        params["delivery"] = {"before": dates["before"], "after": dates["after"]}
    if ship_to := changes.get("shipTo"):
        after = ship_to["after"]
        params["shipTo"] = {"recipient": after["recipient"], "city": after["city"]}
    return params


_CLOSED_NOTE = re.compile(r"^The order became (?P<status>[a-z ]+) before a decision\.$")


def closed_note(order_status: str) -> str:
    """The English note of a request the order's move closed (kept for older clients)."""
    return f"The order became {order_status.replace('_', ' ')} before a decision."


def closed_by_order_status(outcome: dict[str, Any] | None, note: str | None) -> str | None:
    """The order status that closed a request: kept in its outcome, or read back from the
    English note of a request closed before the outcome kept it."""
    if outcome and outcome.get("closedByOrderStatus"):
        return str(outcome["closedByOrderStatus"])
    found = _CLOSED_NOTE.match(note or "")
    return found["status"].replace(" ", "_") if found else None


def quantity_changed(changes: dict[str, Any]) -> bool:
    return bool(changes.get("lines"))
