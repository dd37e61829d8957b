"""Inventory input rules: pure checks that return user errors, and how quantities read."""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal

from core.errors import BusinessRuleError, UserError
from core.money import QUANTITY, check_decimal, is_well_formed
from inventory.allocation import normalize_region
from inventory.errors import InventoryErrorCode

MAX_PRIORITY = 10_000
MAX_REASON = 500
CODE = re.compile(r"^[A-Z0-9][A-Z0-9_.-]{0,39}$")
Path = tuple[str, ...]


def raise_if(errors: list[UserError]) -> None:
    if errors:
        raise BusinessRuleError(*errors)


def format_quantity(value: Decimal) -> str:
    """10.000 → "10", 2.500 → "2.5": how quantities read in messages."""
    text = format(value.normalize(), "f")
    return "0" if text == "-0" else text


def check_quantity(value: Decimal, path: Path, *, signed: bool = False) -> list[UserError]:
    """A positive quantity (any non-zero one when `signed`) with at most 3 decimals."""
    if errors := check_decimal(value, path, QUANTITY, code=InventoryErrorCode.INVALID_QUANTITY):
        return errors
    if value == 0 or (value < 0 and not signed):
        message = "Use a quantity other than zero." if signed else "Use a quantity above zero."
        return [UserError(InventoryErrorCode.INVALID_QUANTITY, message, path)]
    return []


def check_threshold(value: Decimal | None) -> list[UserError]:
    """None (no alert), zero, or a positive quantity."""
    if value is None:
        return []
    if errors := check_decimal(
        value, ("threshold",), QUANTITY, code=InventoryErrorCode.INVALID_QUANTITY
    ):
        return errors
    return [] if value == 0 else check_quantity(value, ("threshold",))


def check_on_hand_fits(on_hand: Decimal, path: Path) -> list[UserError]:
    """On hand after a change, as its column (NUMERIC(18, 3)) can hold it."""
    if is_well_formed(on_hand, QUANTITY):
        return []
    return [
        UserError(
            InventoryErrorCode.STOCK_TOO_LARGE,
            f"On hand would have more than {QUANTITY.integer} digits; check the quantity.",
            path,
        )
    ]


def check_reason(reason: str | None) -> list[UserError]:
    if reason is None or not reason.strip() or len(reason.strip()) > MAX_REASON:
        return [
            UserError(
                InventoryErrorCode.REASON_REQUIRED,
                f"Say why the stock changes (at most {MAX_REASON} characters).",
                ("reason",),
            )
        ]
    return []


def normalize_code(code: str) -> str:
    return code.strip().upper()


def normalize_regions(regions: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(normalize_region(r) for r in regions if r.strip()))


def check_code(code: str) -> list[UserError]:
    if not CODE.match(normalize_code(code)):
        return [
            UserError(
                InventoryErrorCode.INVALID_CODE,
                "Use 1 to 40 letters, digits, dots, dashes or "
                "underscores, starting with a letter or digit.",
                ("code",),
            )
        ]
    return []


def check_name(name: str) -> list[UserError]:
    if not name.strip() or len(name.strip()) > 200:
        return [
            UserError(
                InventoryErrorCode.REQUIRED,
                "Enter the warehouse's name (at most 200 characters).",
                ("name",),
            )
        ]
    return []


def check_regions(regions: list[str]) -> list[UserError]:
    if any(len(r) > 40 for r in normalize_regions(regions)):
        return [
            UserError(
                InventoryErrorCode.INVALID_REGION,
                "A region is at most 40 characters.",
                ("regions",),
            )
        ]
    return []


def check_priority(priority: int) -> list[UserError]:
    if not 0 <= priority <= MAX_PRIORITY:
        return [
            UserError(
                InventoryErrorCode.INVALID_PRIORITY,
                f"Use a priority from 0 to {MAX_PRIORITY}; lower numbers are chosen first.",
                ("priority",),
            )
        ]
    return []


def check_warehouse(
    code: str | None, name: str | None, regions: list[str] | None, priority: int | None
) -> list[UserError]:
    """The given fields of a new or changed warehouse (None: not given)."""
    return [
        *(check_code(code) if code is not None else []),
        *(check_name(name) if name is not None else []),
        *(check_regions(regions) if regions is not None else []),
        *(check_priority(priority) if priority is not None else []),
    ]
