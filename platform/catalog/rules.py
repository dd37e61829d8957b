"""Catalogue validation: pure checks (no I/O) that return the user errors of an input.

Codes are stable; fields are the GraphQL input names (camelCase) so a client can put each
message beside the right input.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from enum import Enum

from catalog.errors import CatalogErrorCode
from core.errors import BusinessRuleError, UserError
from core.money import AMOUNT, QUANTITY, QUANTITY_PLACES, RATE, check_decimal, is_well_formed

Path = tuple[str, ...]


class PriceBookKind(str, Enum):
    """What a price book is for; the pricing engine tries promotion, then volume, then
    tier, then regional books, then the list price."""

    TIER = "tier"
    PROMOTION = "promotion"
    REGIONAL = "regional"
    VOLUME = "volume"


PRICE_BOOK_KINDS = tuple(kind.value for kind in PriceBookKind)
# Upper-cased before checking: codes are case-insensitive and stored in capitals.
SKU_CODE = re.compile(r"^[A-Z0-9][A-Z0-9._/-]{0,63}$")
VALUE_CODE = re.compile(r"^[A-Z0-9][A-Z0-9._]{0,19}$")
MAX_ATTRIBUTES = 50
MAX_VARIANTS = 500
PRIORITY_RANGE = range(-1000, 1001)


def raise_if(errors: Sequence[UserError]) -> None:
    if errors:
        raise BusinessRuleError(*errors)


def normalize_code(code: str) -> str:
    return code.strip().upper()


def clean_label(value: str | None) -> str | None:
    """A customer tier or region as stored: trimmed; blank means none."""
    if value is None or not value.strip():
        return None
    return value.strip()


def normalize_label(value: str | None) -> str | None:
    """Customer tiers and regions compare case-insensitively; blank means none."""
    cleaned = clean_label(value)
    return cleaned.lower() if cleaned is not None else None


# Control characters (a bell, an escape) have no place in names and descriptions.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def check_characters(value: str | None, path: Path) -> list[UserError]:
    if value is not None and CONTROL.search(value):
        return [UserError(CatalogErrorCode.INVALID_CHARACTERS, "Remove control characters.", path)]
    return []


def check_text(value: str, path: Path, what: str, limit: int) -> list[UserError]:
    if not value.strip() or len(value.strip()) > limit:
        return [
            UserError(
                CatalogErrorCode.REQUIRED, f"Enter {what} (at most {limit} characters).", path
            )
        ]
    return check_characters(value, path)


def check_sku_code(code: str, path: Path) -> list[UserError]:
    if not SKU_CODE.match(normalize_code(code)):
        return [
            UserError(
                CatalogErrorCode.INVALID_CODE,
                "Use 1-64 letters, digits and . _ / -, starting with a letter or digit.",
                path,
            )
        ]
    return []


def check_value_code(code: str, path: Path) -> list[UserError]:
    if not VALUE_CODE.match(normalize_code(code)):
        return [
            UserError(
                CatalogErrorCode.INVALID_CODE,
                "Use 1-20 letters, digits, . and _ (it becomes part of the SKU codes).",
                path,
            )
        ]
    return []


def check_amount(
    value: Decimal, path: Path, code: CatalogErrorCode = CatalogErrorCode.INVALID_PRICE
) -> list[UserError]:
    """A stored price or cost: a number the column holds, not negative."""
    if errors := check_decimal(value, path, AMOUNT, code=code):
        return errors
    if value < 0:
        return [UserError(code, "Enter an amount of at least 0.", path)]
    return []


def check_delta(value: Decimal, path: Path) -> list[UserError]:
    """What an option value adds to the base price or cost; it may be negative."""
    return check_decimal(value, path, AMOUNT, code=CatalogErrorCode.INVALID_PRICE)


def check_tax_rate(value: Decimal, path: Path = ("taxRate",)) -> list[UserError]:
    if errors := check_decimal(value, path, RATE, code=CatalogErrorCode.INVALID_TAX_RATE):
        return errors
    if not Decimal(0) <= value < 1:
        return [
            UserError(
                CatalogErrorCode.INVALID_TAX_RATE,
                "Enter the tax rate as a fraction from 0 to "
                "below 1 with at most 4 decimal places (0.13 for 13%).",
                path,
            )
        ]
    return []


def is_valid_quantity(value: Decimal) -> bool:
    return is_well_formed(value, QUANTITY) and value > 0


def check_quantity(
    value: Decimal, path: Path, code: CatalogErrorCode = CatalogErrorCode.INVALID_QUANTITY
) -> list[UserError]:
    if errors := check_decimal(value, path, QUANTITY, code=code):
        return errors
    if value <= 0:
        return [
            UserError(
                code,
                f"Enter a quantity above 0 with at most {QUANTITY_PLACES} decimal places.",
                path,
            )
        ]
    return []


def check_unit(unit: str, path: Path = ("unit",)) -> list[UserError]:
    if not unit.strip() or len(unit.strip()) > 20:
        return [
            UserError(
                CatalogErrorCode.INVALID_UNIT,
                "Enter the unit of sale (at most 20 characters, e.g. pcs, kg, box).",
                path,
            )
        ]
    return check_characters(unit, path)


def check_attributes(
    attributes: Sequence[tuple[str, str]], path: Path = ("attributes",)
) -> list[UserError]:
    if len(attributes) > MAX_ATTRIBUTES:
        return [
            UserError(
                CatalogErrorCode.INVALID_ATTRIBUTE, f"At most {MAX_ATTRIBUTES} attributes.", path
            )
        ]
    errors: list[UserError] = []
    seen: set[str] = set()
    for index, (name, value) in enumerate(attributes):
        at = (*path, str(index))
        if not name.strip() or len(name.strip()) > 60 or len(value) > 500:
            errors.append(
                UserError(
                    CatalogErrorCode.INVALID_ATTRIBUTE,
                    "Name the attribute (at most 60 characters); values have at most 500.",
                    (*at, "name"),
                )
            )
        elif name.strip().lower() in seen:
            errors.append(
                UserError(
                    CatalogErrorCode.DUPLICATE_ATTRIBUTE,
                    "Each attribute appears once.",
                    (*at, "name"),
                )
            )
        errors += check_characters(name, (*at, "name")) + check_characters(value, (*at, "value"))
        seen.add(name.strip().lower())
    return errors


def check_order_quantity(
    min_order_quantity: Decimal, pack_size: Decimal, quantity: Decimal, path: Path = ("quantity",)
) -> list[UserError]:
    """An order line's quantity against a SKU's minimum and pack size."""
    if not is_valid_quantity(quantity):
        return check_quantity(quantity, path)
    if quantity < min_order_quantity:
        return [
            UserError(
                CatalogErrorCode.BELOW_MIN_ORDER_QUANTITY,
                f"Order at least {min_order_quantity.normalize():f}.",
                path,
            )
        ]
    if quantity % pack_size != 0:
        return [
            UserError(
                CatalogErrorCode.NOT_PACK_SIZE_MULTIPLE,
                f"Order in multiples of {pack_size.normalize():f}.",
                path,
            )
        ]
    return []


# --- price books ---------------------------------------------------------------------------


def check_price_book(
    name: str,
    kind: str,
    customer_tier: str | None,
    region: str | None,
    valid_from: date | None,
    valid_to: date | None,
    priority: int,
) -> list[UserError]:
    """A book's own fields, whole (after an update's changes are applied)."""
    errors = check_text(name, ("name",), "the price book's name", 120)
    if kind not in PRICE_BOOK_KINDS:
        errors.append(
            UserError(
                CatalogErrorCode.INVALID_KIND, "Use tier, promotion, regional or volume.", ("kind",)
            )
        )
    if kind == "tier" and customer_tier is None:
        errors.append(
            UserError(
                CatalogErrorCode.TIER_REQUIRED,
                "A tier price book names the customer tier it applies to.",
                ("customerTier",),
            )
        )
    if kind == "regional" and region is None:
        errors.append(
            UserError(
                CatalogErrorCode.REGION_REQUIRED,
                "A regional price book names its region.",
                ("region",),
            )
        )
    if customer_tier is not None and len(customer_tier) > 40:
        errors.append(
            UserError(CatalogErrorCode.INVALID_TIER, "At most 40 characters.", ("customerTier",))
        )
    if region is not None and len(region) > 60:
        errors.append(
            UserError(CatalogErrorCode.INVALID_REGION, "At most 60 characters.", ("region",))
        )
    errors += check_characters(customer_tier, ("customerTier",))
    errors += check_characters(region, ("region",))
    if kind == "promotion" and (valid_from is None or valid_to is None):
        errors.append(
            UserError(
                CatalogErrorCode.VALIDITY_REQUIRED,
                "A promotion runs from a first to a last day.",
                ("validTo" if valid_from else "validFrom",),
            )
        )
    if valid_from is not None and valid_to is not None and valid_to < valid_from:
        errors.append(
            UserError(
                CatalogErrorCode.INVALID_VALIDITY,
                "The last day comes before the first.",
                ("validTo",),
            )
        )
    if priority not in PRIORITY_RANGE:
        errors.append(
            UserError(
                CatalogErrorCode.INVALID_PRIORITY,
                "Use a priority from -1000 to 1000.",
                ("priority",),
            )
        )
    return errors


def check_entry(
    kind: str, unit_price: Decimal, min_quantity: Decimal, path: Path
) -> list[UserError]:
    errors = check_amount(unit_price, (*path, "unitPrice"))
    quantity_errors = check_quantity(min_quantity, (*path, "minQuantity"))
    errors += quantity_errors
    if kind != "volume" and not quantity_errors and min_quantity != 1:
        errors.append(
            UserError(
                CatalogErrorCode.VOLUME_BREAK_NOT_ALLOWED,
                "Only volume price books have quantity breaks; leave the minimum quantity at 1.",
                (*path, "minQuantity"),
            )
        )
    return errors
