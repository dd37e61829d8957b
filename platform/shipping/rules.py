"""Shipping rules without I/O: what a shipment may carry, shipment numbers, the late rule."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from core.errors import UserError
from core.money import QUANTITY, check_decimal
from shipping.errors import ShippingErrorCode

MAX_TEXT = 100
MAX_NOTE = 2000
MIN_LATE_DAYS = 1
MAX_LATE_DAYS = 365


@dataclass(frozen=True)
class Remaining:
    """An order line as a shipment sees it: how much of it has not shipped yet."""

    line_id: str
    ordered: Decimal
    shipped: Decimal

    @property
    def unshipped(self) -> Decimal:
        return self.ordered - self.shipped


def shipment_number(order_number: str, seq: int) -> str:
    return f"{order_number}-S{seq}"


def format_quantity(value: Decimal) -> str:
    normal = value.normalize()
    return f"{normal:f}"


def check_text(
    value: str | None, field: str, code: ShippingErrorCode, message: str
) -> list[UserError]:
    cleaned = (value or "").strip()
    if not cleaned:
        return [UserError(code, message, (field,))]
    if len(cleaned) > MAX_TEXT:
        return [UserError(ShippingErrorCode.TOO_LONG, f"At most {MAX_TEXT} characters.", (field,))]
    return []


def check_note(note: str | None) -> list[UserError]:
    if note is not None and len(note) > MAX_NOTE:
        return [UserError(ShippingErrorCode.TOO_LONG, f"At most {MAX_NOTE} characters.", ("note",))]
    return []


def check_quantity(quantity: Decimal, line: Remaining, index: int) -> list[UserError]:
    """A shipped quantity is positive, has at most 3 decimals and fits what remains."""
    path = ("lines", str(index), "quantity")
    if malformed := check_decimal(
        quantity, path, QUANTITY, code=ShippingErrorCode.INVALID_QUANTITY
    ):
        return malformed
    if quantity <= 0:
        return [
            UserError(
                ShippingErrorCode.INVALID_QUANTITY,
                "Ship a positive quantity with at most 3 decimal places.",
                path,
            )
        ]
    if quantity > line.unshipped:
        return [
            UserError(
                ShippingErrorCode.SHIP_QUANTITY_EXCEEDS,
                f"Only {format_quantity(line.unshipped)} of this line remain to ship.",
                path,
            )
        ]
    return []


def check_duplicates(line_ids: Sequence[str]) -> list[UserError]:
    seen: set[str] = set()
    errors = []
    for index, line_id in enumerate(line_ids):
        if line_id in seen:
            errors.append(
                UserError(
                    ShippingErrorCode.DUPLICATE_SHIPMENT_LINE,
                    "Each order line appears once per shipment.",
                    ("lines", str(index), "orderLineId"),
                )
            )
        seen.add(line_id)
    return errors


def check_late_days(days: int) -> list[UserError]:
    if not MIN_LATE_DAYS <= days <= MAX_LATE_DAYS:
        return [
            UserError(
                ShippingErrorCode.INVALID_LATE_SHIPMENT_DAYS,
                f"Between {MIN_LATE_DAYS} and {MAX_LATE_DAYS} days.",
                ("lateShipmentDays",),
            )
        ]
    return []


def late_after(ready_at: datetime, days: int) -> datetime:
    """When an order that became Ready to Ship at `ready_at` is late."""
    return ready_at + timedelta(days=days)


def fully_shipped(lines: Sequence[Remaining]) -> bool:
    return all(line.unshipped <= 0 for line in lines)
