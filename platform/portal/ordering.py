"""Portal ordering: the tenant's catalogue at the signed-in customer's own prices, a quote
for one line, the customer's addresses and placing an order (the progress timeline of an
order as the customer reads it is in portal.timeline).

Who may order: any contact with portal access of an active customer (contacts carry no
separate ordering flag); revoking portal access ends ordering at once. Orders are placed
through `orders.services.place_portal_order`, so they pass the same checks, pricing,
numbering, approval rules and stock reservation as staff orders, on channel portal.

The catalogue and availability queries read the catalog and inventory tables here because
those domains have no portal-facing reads yet (their staff reads need products:read and
inventory:read); they never reveal cost, price sources or exact stock.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import Enum
from typing import TYPE_CHECKING

import catalog.services as catalog
import customers.services as customers
import inventory.services as inventory
import orders.services as orders
from core import access
from core.context import Actor
from core.errors import BusinessRuleError, NotFound, Unauthenticated, UserError
from core.money import Money
from core.pagination import Page
from core.tenancy import Principal
from portal.errors import PortalErrorCode

# The timeline's home is portal.timeline; these names stay importable from here.
from portal.timeline import Milestone as Milestone
from portal.timeline import StepState as StepState
from portal.timeline import TimelineStep as TimelineStep
from portal.timeline import timeline as timeline

if TYPE_CHECKING:
    from catalog.models import Sku
    from customers.models import Contact, CustomerAddress
    from orders.models import Order

# A warehouse holding fewer than this many minimum order quantities is running low.
LOW_STOCK_MULTIPLE = Decimal(10)


class Availability(str, Enum):
    IN_STOCK = "in_stock"
    LOW = "low"
    OUT_OF_STOCK = "out_of_stock"


@dataclass(frozen=True)
class CatalogItem:
    """A sellable SKU with the customer's unit price for its minimum order quantity."""

    sku: Sku
    unit_price: Money
    availability: Availability


@dataclass(frozen=True)
class PortalQuote:
    sku: Sku
    quantity: Decimal
    unit_price: Money
    line_total: Money
    availability: Availability
    issues: list[UserError]


# --- who may order -------------------------------------------------------------------------


async def _ordering_contact(actor: Actor) -> tuple[Principal, Contact]:
    """The signed-in contact, while they still have portal access to an active customer."""
    principal = actor.require_portal()
    assert principal.customer_id is not None  # require_portal guarantees it
    contact = await customers.portal_contact_by_id(
        actor, principal.tenant_id, principal.subject_id, customer_id=principal.customer_id
    )
    if contact is None:  # access revoked since the token was verified
        raise Unauthenticated("The token is no longer valid.")
    return principal, contact


async def _price_context(actor: Actor, customer_id: uuid.UUID) -> catalog.PriceContext:
    profile = await customers.customer_pricing_profile(actor, customer_id, access.PORTAL)
    return await catalog.context_for(actor, profile.tier, profile.region)


# --- availability (a hint, never the quantity) ---------------------------------------------


def availability_hint(
    best_available: Decimal, threshold: Decimal | None, min_order_quantity: Decimal
) -> Availability:
    """OUT_OF_STOCK when no single warehouse can fill the minimum order quantity (a line
    is reserved from one warehouse); LOW at or below that warehouse's low-stock threshold
    or under ten minimum order quantities; IN_STOCK otherwise."""
    if best_available < min_order_quantity:
        return Availability.OUT_OF_STOCK
    if (
        threshold is not None and best_available <= threshold
    ) or best_available < min_order_quantity * LOW_STOCK_MULTIPLE:
        return Availability.LOW
    return Availability.IN_STOCK


async def _availability(actor: Actor, skus: Sequence[Sku]) -> dict[uuid.UUID, Availability]:
    """Each SKU's hint from its best active warehouse."""
    best = await inventory.best_availability(actor, [sku.id for sku in skus])
    nothing = inventory.BestAvailability(Decimal(0), None)
    return {
        sku.id: availability_hint(
            best.get(sku.id, nothing).available,
            best.get(sku.id, nothing).low_stock_threshold,
            sku.min_order_quantity,
        )
        for sku in skus
    }


# --- the catalogue -------------------------------------------------------------------------


async def portal_catalog(
    actor: Actor, search: str | None, first: int | None, after: str | None
) -> Page[CatalogItem]:
    """The tenant's sellable SKUs by code (keyset), matching `search` in the code, the SKU
    name or the product name, each priced for the customer (tier, region, today in the
    tenant's time zone) at its minimum order quantity."""
    principal, _ = await _ordering_contact(actor)
    assert principal.customer_id is not None
    page = await catalog.sellable_skus_page(actor, search, first, after)
    if not page.rows:
        return Page(rows=[], has_next_page=False, cursors=[])
    context = await _price_context(actor, principal.customer_id)
    quotes = await catalog.quote_lines(
        actor,
        context,
        [catalog.QuoteLine(sku.id, sku.min_order_quantity) for sku in page.rows],
        await catalog.today(actor),
    )
    hints = await _availability(actor, page.rows)
    items = [
        CatalogItem(sku, quote.unit_price, hints[sku.id])
        for sku, quote in zip(page.rows, quotes, strict=True)
    ]
    return Page(rows=items, has_next_page=page.has_next_page, cursors=page.cursors)


async def portal_quote(actor: Actor, sku_id: uuid.UUID, quantity: Decimal) -> PortalQuote:
    """What the customer would pay for `quantity` of a sellable SKU today, with what would
    stop the line (minimum order quantity, pack size). NOT_FOUND for an SKU the customer
    cannot order; INVALID_QUANTITY (a user error) for a quantity that is not one."""
    principal, _ = await _ordering_contact(actor)
    assert principal.customer_id is not None
    [sku] = await catalog.skus_by_id(actor, [sku_id])
    if sku is None or not sku.sellable:
        raise NotFound()
    context = await _price_context(actor, principal.customer_id)
    quote = await catalog.quote(actor, context, sku.id, quantity, await catalog.today(actor))
    hints = await _availability(actor, [sku])
    return PortalQuote(
        sku=sku,
        quantity=quantity,
        unit_price=quote.unit_price,
        line_total=quote.line_total,
        availability=hints[sku.id],
        issues=catalog.check_order_quantity(sku, quantity),
    )


# --- addresses and placing -----------------------------------------------------------------


async def portal_addresses(actor: Actor) -> list[CustomerAddress]:
    """The customer's ship-to and bill-to addresses, oldest first."""
    principal, _ = await _ordering_contact(actor)
    assert principal.customer_id is not None
    [addresses] = await customers.addresses_of_customers(
        actor, [principal.customer_id], access.PORTAL
    )
    return addresses


@dataclass(frozen=True)
class PortalLine:
    sku_id: uuid.UUID | None
    quantity: Decimal | None


@dataclass(frozen=True)
class PortalOrderRequest:
    lines: list[PortalLine]
    ship_to_address_id: uuid.UUID | None = None
    bill_to_address_id: uuid.UUID | None = None
    requested_delivery_date: date | None = None
    notes: str | None = None
    idempotency_key: str | None = None


async def place_order(actor: Actor, request: PortalOrderRequest) -> Order:
    """Place and submit an order for the contact's customer (see the module's docstring
    for who may). User errors as for createOrder; INSUFFICIENT_STOCK carries the available
    quantity, as portal orders never backorder."""
    principal, _ = await _ordering_contact(actor)
    if not request.lines:
        raise BusinessRuleError.single(
            PortalErrorCode.EMPTY_ORDER, "Add at least one line.", "lines"
        )
    return await orders.place_portal_order(
        actor,
        orders.NewOrder(
            customer_id=principal.customer_id,
            lines=[orders.NewLine(line.sku_id, line.quantity) for line in request.lines],
            ship_to_address_id=request.ship_to_address_id,
            bill_to_address_id=request.bill_to_address_id,
            requested_delivery_date=request.requested_delivery_date,
            notes=request.notes,
            idempotency_key=request.idempotency_key,
        ),
    )
