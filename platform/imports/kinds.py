"""What each kind of import reads: its columns, and how rows become the inputs of the
services that create customers, products and orders. Pure: no I/O.

A row's cells that cannot even be read (a number that is not one, a date that is not a
date) are reported here; every business rule is left to the service the row goes to, so an
import accepts and refuses exactly what the API does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from enum import Enum

from core.errors import UserError
from imports.files import SourceRow


class Kind(str, Enum):
    CUSTOMERS = "customers"
    PRODUCTS = "products"
    ORDERS = "orders"


@dataclass(frozen=True)
class Column:
    name: str
    required: bool
    description: str
    example: str


@dataclass(frozen=True)
class RowIssue:
    row_number: int
    column: str | None
    code: str
    message: str


COLUMNS: dict[Kind, tuple[Column, ...]] = {
    Kind.CUSTOMERS: (
        Column(
            "external_ref",
            True,
            "The customer's id in your other system; a customer "
            "with it already is skipped as DUPLICATE.",
            "C-1001",
        ),
        Column("name", True, "Company name.", "Acme Trading"),
        Column("tier", False, "standard, vip or wholesale (default standard).", "vip"),
        Column("region", False, "Sales region.", "east"),
        Column("phone", False, "Company phone.", "+86 21 5555 0100"),
        Column("email", False, "Company email.", "orders@acme.example"),
        Column("tags", False, "Tags separated by semicolons.", "key account;b2b"),
        Column("notes", False, "Internal notes.", ""),
        Column("payment_terms", False, "prepaid or net (needs customers:credit).", "net"),
        Column("payment_net_days", False, "Days for net terms.", "30"),
        Column(
            "credit_limit",
            False,
            "Credit limit in the tenant's currency (needs customers:credit).",
            "50000",
        ),
        Column("department", False, "Department key (default: the owner's).", ""),
        Column("contact_name", False, "A first contact's name.", "Li Wei"),
        Column(
            "contact_email",
            False,
            "The contact's email (needed with a name).",
            "li.wei@acme.example",
        ),
        Column("contact_phone", False, "The contact's phone.", ""),
    ),
    Kind.PRODUCTS: (
        Column(
            "sku",
            True,
            "Product and SKU code; an existing code is skipped as DUPLICATE.",
            "CHAIR-01",
        ),
        Column("name", True, "Product name.", "Office chair"),
        Column("list_price", True, "List price in the tenant's currency.", "199.00"),
        Column("cost", True, "Unit cost.", "120.00"),
        Column("tax_rate", True, "Tax rate as a fraction (0.13 for 13 %).", "0.13"),
        Column("unit", False, "Unit of measure (default pcs).", "pcs"),
        Column("min_order_quantity", False, "Minimum order quantity (default 1).", "1"),
        Column("pack_size", False, "Orders must be multiples of it (default 1).", "1"),
        Column("description", False, "Description.", ""),
    ),
    Kind.ORDERS: (
        Column(
            "external_ref",
            True,
            "The order's id in your other system: rows with the "
            "same value are one order; an existing one is skipped as DUPLICATE.",
            "PO-2026-0001",
        ),
        Column(
            "customer_ref",
            True,
            "The customer's external reference (first row of the order).",
            "C-1001",
        ),
        Column("sku", True, "SKU code of the line.", "CHAIR-01"),
        Column("quantity", True, "Quantity of the line.", "10"),
        Column("discount_percent", False, "Line discount in percent (default 0).", "0"),
        Column(
            "requested_delivery_date", False, "YYYY-MM-DD (first row of the order).", "2030-01-31"
        ),
        Column("priority", False, "normal or urgent (first row of the order).", "normal"),
        Column("tags", False, "Tags separated by semicolons (first row of the order).", ""),
        Column("notes", False, "Notes (first row of the order).", ""),
    ),
}

# Where a service's error field path points, as a column of the file.
_FIELD_COLUMNS = {
    "externalRef": "external_ref",
    "customerId": "customer_ref",
    "skuId": "sku",
    "code": "sku",
    "listPrice": "list_price",
    "taxRate": "tax_rate",
    "minOrderQuantity": "min_order_quantity",
    "packSize": "pack_size",
    "discountPercent": "discount_percent",
    "requestedDeliveryDate": "requested_delivery_date",
    "creditLimit": "credit_limit",
    "departmentKey": "department",
    "netDays": "payment_net_days",
    "paymentTerms": "payment_terms",
    "ownerId": None,
    "lines": None,
}
_CONTACT_COLUMNS = {"name": "contact_name", "email": "contact_email", "phone": "contact_phone"}
_TAG_SEPARATOR = re.compile(r"[;|]")


def template_csv(kind: Kind) -> str:
    """A header row and one example row."""
    columns = COLUMNS[kind]
    return (
        "\r\n".join(
            [",".join(c.name for c in columns), ",".join(_csv_cell(c.example) for c in columns)]
        )
        + "\r\n"
    )


def _csv_cell(value: str) -> str:
    return f'"{value}"' if any(ch in value for ch in ',;"') else value


def missing_columns(kind: Kind, columns: list[str]) -> list[str]:
    return [c.name for c in COLUMNS[kind] if c.required and c.name not in columns]


def column_of(path: tuple[str, ...] | None) -> str | None:
    """The file's column for a service error's field path (None when no single column)."""
    if not path:
        return None
    names = [part for part in path if not part.isdigit()]
    if not names:
        return None
    if names[0] == "contacts":
        return _CONTACT_COLUMNS.get(names[-1])
    if names[0] == "paymentTerms":
        return _FIELD_COLUMNS.get(names[-1])
    last = names[-1]
    if last in _FIELD_COLUMNS:
        return _FIELD_COLUMNS[last]
    return re.sub(r"(?<!^)([A-Z])", r"_\1", last).lower()


# --- reading cells -------------------------------------------------------------------------


@dataclass
class CellReader:
    """Reads typed values from one row and collects the cells it could not read."""

    row: SourceRow
    issues: list[RowIssue] = field(default_factory=list)

    def text(self, column: str) -> str | None:
        return self.row.get(column) or None

    def decimal(self, column: str) -> Decimal | None:
        raw = self.row.get(column).replace(" ", "")
        if not raw:
            return None
        try:
            value = Decimal(raw)
        except InvalidOperation:
            value = Decimal("NaN")
        if not value.is_finite():
            self._bad(column, "INVALID_NUMBER", f"{raw!r} is not a number.")
            return None
        return value

    def integer(self, column: str) -> int | None:
        value = self.decimal(column)
        if value is None:
            return None
        if value != value.to_integral_value():
            self._bad(column, "INVALID_NUMBER", "Use a whole number.")
            return None
        return int(value)

    def day(self, column: str) -> date | None:
        raw = self.row.get(column)
        if not raw:
            return None
        try:
            return date.fromisoformat(raw[:10])
        except ValueError:
            self._bad(column, "INVALID_DATE", f"{raw!r} is not a date (use YYYY-MM-DD).")
            return None

    def tags(self, column: str) -> list[str]:
        return [tag.strip() for tag in _TAG_SEPARATOR.split(self.row.get(column)) if tag.strip()]

    def require(self, column: str, value: object) -> None:
        if value is None and all(issue.column != column for issue in self.issues):
            self._bad(column, "REQUIRED", f"{column} is required.")

    def _bad(self, column: str, code: str, message: str) -> None:
        self.issues.append(RowIssue(self.row.number, column, code, message))


def issues_of(errors: list[UserError], row_number: int) -> list[RowIssue]:
    return [RowIssue(row_number, column_of(e.field), e.code, e.message) for e in errors]
