"""Turning a file's rows into units of work: one customer or product per row, one order per
group of rows sharing an external reference. Lookups the whole file needs (the customers
and SKUs orders name) are made once, before any row is written."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from decimal import Decimal

import catalog.services as catalog
import customers.services as customers
import orders.services as orders
from core.context import Actor
from core.errors import BusinessRuleError, UserError
from customers.errors import CustomerErrorCode
from imports.files import SourceRow, Table
from imports.kinds import CellReader, Kind, RowIssue, column_of

# Stands for a reference that names nothing, so the service reports it as unknown (with
# the same code and message the API gives for an id that does not exist).
UNKNOWN_ID = uuid.UUID(int=0)
Write = Callable[[Actor], Awaitable[object]]


@dataclass
class Unit:
    """Rows written together (or not at all), by one call of a service."""

    rows: list[SourceRow]
    write: Write | None
    issues: list[RowIssue] = field(default_factory=list)
    # Which row each entry of a list the service validates (an order's lines) came from.
    item_rows: list[int] = field(default_factory=list)
    # An order unit's order: the runner writes a chunk's orders with one batch call.
    order: orders.NewOrder | None = None

    def issues_for(self, errors: list[UserError]) -> list[RowIssue]:
        """The service's errors as report lines on the rows and columns at fault."""
        return [
            RowIssue(self._row_of(e.field), column_of(e.field), e.code, e.message) for e in errors
        ]

    def _row_of(self, path: tuple[str, ...] | None) -> int:
        if path and len(path) > 1 and path[0] == "lines" and path[1].isdigit():
            index = int(path[1])
            if index < len(self.item_rows):
                return self.item_rows[index]
        return self.rows[0].number


async def prepare(actor: Actor, kind: Kind, table: Table) -> list[Unit]:
    if kind is Kind.CUSTOMERS:
        return [_customer_unit(row) for row in table.rows]
    if kind is Kind.PRODUCTS:
        return [_product_unit(row) for row in table.rows]
    return await _order_units(actor, table.rows)


def _unit(row: SourceRow, reader: CellReader, write: Write) -> Unit:
    return Unit([row], None if reader.issues else write, list(reader.issues))


# --- customers -----------------------------------------------------------------------------


def _customer_unit(row: SourceRow) -> Unit:
    cells = CellReader(row)
    ref, name = cells.text("external_ref"), cells.text("name")
    cells.require("external_ref", ref)
    cells.require("name", name)
    terms_kind, net_days = cells.text("payment_terms"), cells.integer("payment_net_days")
    data = customers.NewCustomer(
        name=name or "",
        external_ref=ref,
        tier=cells.text("tier"),
        region=cells.text("region"),
        phone=cells.text("phone"),
        email=cells.text("email"),
        tags=cells.tags("tags") or None,
        notes=cells.text("notes"),
        credit_limit=cells.decimal("credit_limit"),
        payment_terms=customers.PaymentTerms(terms_kind.lower(), net_days) if terms_kind else None,
        department_key=cells.text("department"),
        contacts=_contacts(cells),
    )

    async def write(actor: Actor) -> object:
        # An existing customer is a duplicate, whatever else the service would say first.
        if ref and await customers.find_customer_by_external_ref(actor, ref) is not None:
            raise BusinessRuleError.single(
                CustomerErrorCode.EXTERNAL_REF_TAKEN, "Exists.", "externalRef"
            )
        return await customers.create_customer(actor, data)

    return _unit(row, cells, write)


def _contacts(cells: CellReader) -> list[customers.ContactInput]:
    name, email = cells.text("contact_name"), cells.text("contact_email")
    if name is None and email is None:
        return []
    return [
        customers.ContactInput(
            name=name or "", email=email or "", phone=cells.text("contact_phone")
        )
    ]


# --- products ------------------------------------------------------------------------------


def _product_unit(row: SourceRow) -> Unit:
    cells = CellReader(row)
    code, name = cells.text("sku"), cells.text("name")
    price, cost, tax = cells.decimal("list_price"), cells.decimal("cost"), cells.decimal("tax_rate")
    for column, value in (
        ("sku", code),
        ("name", name),
        ("list_price", price),
        ("cost", cost),
        ("tax_rate", tax),
    ):
        cells.require(column, value)
    data = catalog.NewProduct(
        code=code or "",
        name=name or "",
        tax_rate=tax or Decimal(0),
        list_price=price or Decimal(0),
        cost=cost or Decimal(0),
        description=cells.text("description") or "",
        unit=cells.text("unit") or "pcs",
        min_order_quantity=_or_one(cells.decimal("min_order_quantity")),
        pack_size=_or_one(cells.decimal("pack_size")),
    )

    async def write(actor: Actor) -> object:
        return await catalog.create_product(actor, data)

    return _unit(row, cells, write)


def _or_one(value: Decimal | None) -> Decimal:
    return Decimal(1) if value is None else value


# --- orders --------------------------------------------------------------------------------


def _group_by_ref(rows: list[SourceRow]) -> tuple[dict[str, list[SourceRow]], list[Unit]]:
    """Rows by external reference (in file order); rows without one are rejected."""
    groups: dict[str, list[SourceRow]] = {}
    rejected: list[Unit] = []
    for row in rows:
        ref = row.get("external_ref")
        if not ref:
            rejected.append(
                Unit(
                    [row],
                    None,
                    [RowIssue(row.number, "external_ref", "REQUIRED", "external_ref is required.")],
                )
            )
            continue
        groups.setdefault(ref, []).append(row)
    return groups, rejected


async def _customer_ids(actor: Actor, refs: set[str]) -> dict[str, uuid.UUID]:
    """The customers the file names, within the importer's scope, in one statement (as
    `customers.find_customer_by_external_ref` finds each)."""
    if not refs:
        return {}
    found = await customers.customer_ids_by_external_ref(actor, refs)
    return {ref: found[ref.strip()] for ref in refs if ref.strip() in found}


async def _order_units(actor: Actor, rows: list[SourceRow]) -> list[Unit]:
    groups, units = _group_by_ref(rows)
    customer_ids = await _customer_ids(
        actor, {g[0].get("customer_ref") for g in groups.values() if g[0].get("customer_ref")}
    )
    skus = await catalog.skus_by_code(actor, sorted({r.get("sku") for r in rows if r.get("sku")}))
    sku_ids = {code: sku.id for code, sku in skus.items()}
    units.extend(_order_unit(ref, group, customer_ids, sku_ids) for ref, group in groups.items())
    units.sort(key=lambda unit: unit.rows[0].number)
    return units


def _order_unit(
    ref: str,
    group: list[SourceRow],
    customer_ids: dict[str, uuid.UUID],
    sku_ids: dict[str, uuid.UUID],
) -> Unit:
    head = CellReader(group[0])
    customer_ref = head.text("customer_ref")
    lines, issues = [], []
    for row in group:
        cells = CellReader(row)
        code = cells.text("sku")
        lines.append(
            orders.NewLine(
                sku_id=sku_ids.get(code, UNKNOWN_ID) if code else None,
                quantity=cells.decimal("quantity"),
                discount_percent=cells.decimal("discount_percent") or Decimal(0),
            )
        )
        issues.extend(cells.issues)
    data = orders.NewOrder(
        customer_id=customer_ids.get(customer_ref, UNKNOWN_ID) if customer_ref else None,
        lines=lines,
        channel="import",
        external_ref=ref,
        requested_delivery_date=head.day("requested_delivery_date"),
        priority=(head.text("priority") or "normal").lower(),
        tags=head.tags("tags"),
        notes=head.text("notes"),
    )
    issues.extend(head.issues)

    async def write(actor: Actor) -> object:
        return await orders.create_order(actor, data)

    return Unit(
        group,
        None if issues else write,
        issues,
        [row.number for row in group],
        None if issues else data,
    )
