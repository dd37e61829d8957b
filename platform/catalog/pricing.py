"""The pricing engine: what one unit of a SKU costs a customer on a date, and why.

Resolution order — the first step that finds a price wins:

1. **promotion** — an entry of a promotion price book valid on the date;
2. **volume** — a quantity break of a volume price book: the entry with the largest
   minimum quantity not above the ordered quantity;
3. **tier** — an entry of a tier price book for the customer's tier;
4. **regional** — an entry of a regional price book for the customer's region;
5. **list** — the SKU's list price.

A price book takes part when it is active, the date lies within its validity (`valid_from`
and `valid_to` inclusive; an empty bound is open), its customer tier is empty or the
customer's, and its region is empty or the customer's (tiers and regions compare
case-insensitively). An entry takes part when its minimum quantity is not above the
quantity (entries of books other than volume books have minimum quantity 1).

Within one step, ties are broken in this order: the higher book priority, then the larger
minimum quantity, then the lower unit price, then the book name (unique per tenant). So the
outcome never depends on insertion order or on the database's row order.

A quote carries the unit price (as stored, up to 4 decimal places), the line total (unit
price x quantity, rounded once, half up, to the currency's minor units), the machine-readable
`price_source` — `promotion:<book id>`, `volume:<book id>:<min quantity>`, `tier:<book id>`,
`region:<book id>` or `list` — and a label for people (the book's name; "List price").
Prices are computed only here, on the server: clients never send a unit price.

Other domains call `quote` for one SKU and `quote_lines` for an order's lines (two SQL
statements however many lines: the SKUs, then every candidate entry).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import (
    BindParameter,
    ColumnElement,
    Date,
    Select,
    any_,
    bindparam,
    func,
    or_,
    select,
)
from sqlalchemy.dialects.postgresql import ARRAY, UUID
from sqlalchemy.orm import InstrumentedAttribute

import customers.services as customers
import tenants.services as tenants
from catalog.errors import CatalogErrorCode
from catalog.models import PriceBook, PriceBookEntry, Sku
from catalog.rules import clean_label, is_valid_quantity, normalize_label
from catalog.skus import get_sku, skus_by_id
from core.context import Actor
from core.errors import BusinessRuleError, NotFound, UserError
from core.money import Money

STEPS = ("promotion", "volume", "tier", "regional")
SOURCE_PREFIX = {"promotion": "promotion", "volume": "volume", "tier": "tier", "regional": "region"}
LIST_PRICE = "list"
# An exchange order's line: goods that replace returned ones, at no charge (orders sets it).
EXCHANGE_PRICE = "exchange"
# A subscription's prorated charge for the rest of a period (subscriptions sets it).
PRORATION_PRICE = "proration"
LIST_PRICE_LABEL = "List price"


@dataclass(frozen=True)
class PriceContext:
    """Who is buying: their tier and region (None: none), and the currency of the prices
    (the tenant's)."""

    currency: str
    tier: str | None = None
    region: str | None = None


@dataclass(frozen=True)
class QuoteLine:
    sku_id: uuid.UUID
    quantity: Decimal


@dataclass(frozen=True)
class Offer:
    """A price book entry that could price a SKU for the context on the date."""

    sku_id: uuid.UUID
    book_id: uuid.UUID
    book_name: str
    kind: str
    priority: int
    min_quantity: Decimal
    unit_price: Decimal


@dataclass(frozen=True)
class PriceQuote:
    sku_id: uuid.UUID
    quantity: Decimal
    unit_price: Money
    line_total: Money
    price_source: str
    price_source_label: str
    price_book_id: uuid.UUID | None
    context: PriceContext
    on: date


# --- the rule (pure) -----------------------------------------------------------------------


def _rank(offer: Offer) -> tuple[int, int, Decimal, Decimal, str]:
    return (
        STEPS.index(offer.kind),
        -offer.priority,
        -offer.min_quantity,
        offer.unit_price,
        offer.book_name,
    )


def best_offer(offers: Iterable[Offer], quantity: Decimal) -> Offer | None:
    """The offer the resolution order picks for `quantity`, or None (list price)."""
    eligible = [o for o in offers if o.kind in STEPS and o.min_quantity <= quantity]
    return min(eligible, key=_rank, default=None)


def source_of(offer: Offer | None) -> tuple[str, str]:
    """The machine-readable price source and its label for people."""
    if offer is None:
        return LIST_PRICE, LIST_PRICE_LABEL
    prefix = f"{SOURCE_PREFIX[offer.kind]}:{offer.book_id}"
    if offer.kind == "volume":
        quantity = f"{offer.min_quantity.normalize():f}"
        return f"{prefix}:{quantity}", f"{offer.book_name} (from {quantity})"
    return prefix, offer.book_name


@dataclass(frozen=True)
class PriceRule:
    """A price source taken apart for people: the step (`list`, `promotion`, `volume`,
    `tier` or `region`), the price book's name and a volume price's minimum quantity.
    Clients word it in the reader's language; the book's name is the tenant's own."""

    kind: str
    book_name: str | None = None
    min_quantity: Decimal | None = None


def rule_of(price_source: str, label: str) -> PriceRule:
    """The rule behind a price source and the label recorded with it (`source_of`)."""
    if price_source in (LIST_PRICE, EXCHANGE_PRICE, PRORATION_PRICE):
        return PriceRule(price_source)
    kind, _, rest = price_source.partition(":")
    if kind != "volume":
        return PriceRule(kind, label)
    quantity = rest.rpartition(":")[2]
    return PriceRule(kind, label.removesuffix(f" (from {quantity})"), Decimal(quantity))


def price_line(
    sku: Sku, quantity: Decimal, offers: Iterable[Offer], context: PriceContext, on: date
) -> PriceQuote:
    offer = best_offer(offers, quantity)
    unit_price = Money(offer.unit_price if offer else sku.list_price, context.currency)
    source, label = source_of(offer)
    return PriceQuote(
        sku_id=sku.id,
        quantity=quantity,
        unit_price=unit_price,
        line_total=unit_price.times(quantity).rounded(),
        price_source=source,
        price_source_label=label,
        price_book_id=offer.book_id if offer else None,
        context=context,
        on=on,
    )


# --- reading the candidates ----------------------------------------------------------------


def _matches(column: InstrumentedAttribute[str | None], value: str | None) -> ColumnElement[bool]:
    """A book's tier (region) is empty, or the customer's whatever the letter case."""
    if value is None:
        return column.is_(None)
    return or_(column.is_(None), func.lower(column) == value.lower())


def _offers_statement(
    actor: Actor, context: PriceContext, sku_ids: Sequence[uuid.UUID], on: date
) -> Select[uuid.UUID, uuid.UUID, str, str, int, Decimal, Decimal]:
    return _active_offers(on).where(
        PriceBookEntry.tenant_id == actor.tenant_id,
        PriceBookEntry.sku_id.in_(list(sku_ids)),
        _matches(PriceBook.customer_tier, clean_label(context.tier)),
        _matches(PriceBook.region, clean_label(context.region)),
    )


def _active_offers(
    on: date | BindParameter[date],
) -> Select[uuid.UUID, uuid.UUID, str, str, int, Decimal, Decimal]:
    """Every price book entry with its book, of active books valid on `on`: what an offer
    is, before the SKUs and the customer's tier and region narrow it."""
    return (
        select(
            PriceBookEntry.sku_id,
            PriceBook.id,
            PriceBook.name,
            PriceBook.kind,
            PriceBook.priority,
            PriceBookEntry.min_quantity,
            PriceBookEntry.unit_price,
        )
        .join(
            PriceBook,
            (PriceBook.tenant_id == PriceBookEntry.tenant_id)
            & (PriceBook.id == PriceBookEntry.price_book_id),
        )
        .where(
            PriceBook.active.is_(True),
            or_(PriceBook.valid_from.is_(None), PriceBook.valid_from <= on),
            or_(PriceBook.valid_to.is_(None), PriceBook.valid_to >= on),
        )
    )


async def _offers(
    actor: Actor, context: PriceContext, sku_ids: Sequence[uuid.UUID], on: date
) -> dict[uuid.UUID, list[Offer]]:
    rows = (await actor.session.execute(_offers_statement(actor, context, sku_ids, on))).all()
    offers: dict[uuid.UUID, list[Offer]] = {i: [] for i in sku_ids}
    for row in rows:
        offers[row[0]].append(Offer(*row))
    return offers


def _skus_with_offers_statement() -> Select[*tuple[Any, ...]]:
    """`skus_with_offers`' statement, built once: its values are parameters (a label is
    lowered, or NULL, which matches only books without one, as `_matches` does)."""
    ids = bindparam("sku_ids", type_=ARRAY(UUID(as_uuid=True)))
    tenant = bindparam("tenant_id", type_=UUID(as_uuid=True))
    on = bindparam("on", type_=Date)
    offers_of = (
        _active_offers(on)
        .where(
            PriceBookEntry.tenant_id == tenant,
            PriceBookEntry.sku_id == any_(ids),
            or_(
                PriceBook.customer_tier.is_(None),
                func.lower(PriceBook.customer_tier) == bindparam("tier"),
            ),
            or_(PriceBook.region.is_(None), func.lower(PriceBook.region) == bindparam("region")),
        )
        .subquery()
    )
    return (
        select(Sku, *offers_of.c)
        .outerjoin(offers_of, offers_of.c.sku_id == Sku.id)
        .where(Sku.tenant_id == tenant, Sku.id == any_(ids))
    )


_SKUS_WITH_OFFERS = _skus_with_offers_statement()


def _lowered(label: str | None) -> str | None:
    cleaned = clean_label(label)
    return cleaned.lower() if cleaned is not None else None


async def skus_with_offers(
    actor: Actor, context: PriceContext, sku_ids: Sequence[uuid.UUID], on: date
) -> tuple[list[Sku | None], dict[uuid.UUID, list[Offer]]]:
    """The tenant's SKUs (as `catalog.services.skus_by_id`: in order, None where there is
    none) and every offer that could price them for `context` on `on`, in one statement;
    price each with `price_line`. For order entry, which has authorised its caller."""
    wanted = list(dict.fromkeys(sku_ids))
    rows = (
        await actor.session.execute(
            _SKUS_WITH_OFFERS,
            {
                "tenant_id": actor.tenant_id,
                "sku_ids": wanted,
                "on": on,
                "tier": _lowered(context.tier),
                "region": _lowered(context.region),
            },
        )
    ).all()
    found: dict[uuid.UUID, Sku] = {}
    offers: dict[uuid.UUID, list[Offer]] = {i: [] for i in wanted}
    for sku, *offer in rows:
        found[sku.id] = sku
        if offer[1] is not None:
            offers[sku.id].append(Offer(*offer))
    return [found.get(i) for i in sku_ids], offers


# --- quoting -------------------------------------------------------------------------------


async def quote_lines(
    actor: Actor, context: PriceContext, lines: Sequence[QuoteLine], on: date
) -> list[PriceQuote]:
    """Price an order's lines, in order. For other domains' use cases, which authorise their
    caller (any principal of the tenant, or system work bound to it, may price). User
    errors: UNKNOWN_SKU at `lines.<i>.skuId`, INVALID_QUANTITY at `lines.<i>.quantity`."""
    skus = await skus_by_id(actor, [line.sku_id for line in lines])
    errors: list[UserError] = []
    for index, (line, sku) in enumerate(zip(lines, skus, strict=True)):
        if sku is None:
            errors.append(
                UserError(
                    CatalogErrorCode.UNKNOWN_SKU, "No such SKU.", ("lines", str(index), "skuId")
                )
            )
        if not is_valid_quantity(line.quantity):
            errors.append(
                UserError(
                    CatalogErrorCode.INVALID_QUANTITY,
                    "Enter a quantity above 0 with at most 3 decimal places.",
                    ("lines", str(index), "quantity"),
                )
            )
    if errors:
        raise BusinessRuleError(*errors)
    offers = await _offers(actor, context, [line.sku_id for line in lines], on)
    return [
        price_line(sku, line.quantity, offers[line.sku_id], context, on)
        for line, sku in zip(lines, skus, strict=True)
        if sku is not None
    ]


async def quote(
    actor: Actor, context: PriceContext, sku_id: uuid.UUID, quantity: Decimal, on: date
) -> PriceQuote:
    """Price one SKU. NOT_FOUND when the tenant has no such SKU; INVALID_QUANTITY (a user
    error at `quantity`) unless the quantity is above 0 with at most 3 decimal places."""
    [sku] = await skus_by_id(actor, [sku_id])
    if sku is None:
        raise NotFound()
    return await _quote_sku(actor, context, sku, quantity, on)


async def _quote_sku(
    actor: Actor, context: PriceContext, sku: Sku, quantity: Decimal, on: date
) -> PriceQuote:
    if not is_valid_quantity(quantity):
        raise BusinessRuleError.single(
            CatalogErrorCode.INVALID_QUANTITY,
            "Enter a quantity above 0 with at most 3 decimal places.",
            "quantity",
        )
    offers = await _offers(actor, context, [sku.id], on)
    return price_line(sku, quantity, offers[sku.id], context, on)


def context_of(currency: str, tier: str | None, region: str | None) -> PriceContext:
    """A price context for a buyer of this tier and region, in `currency`."""
    return PriceContext(currency=currency, tier=normalize_label(tier), region=clean_label(region))


async def context_for(actor: Actor, tier: str | None, region: str | None) -> PriceContext:
    """A price context in the tenant's currency."""
    tenant = await tenants.current_tenant(actor)
    return context_of(tenant.currency, tier, region)


def today_in(time_zone: str) -> date:
    """Today in this time zone (the tenant's: the date prices are quoted for by default)."""
    return datetime.now(ZoneInfo(time_zone)).date()


async def today(actor: Actor) -> date:
    """Today in the tenant's time zone: the date prices are quoted for by default."""
    tenant = await tenants.current_tenant(actor)
    return today_in(tenant.time_zone)


# --- the price tester ----------------------------------------------------------------------


@dataclass
class PriceQuestion:
    """What would this customer (or a customer of this tier and region) pay for `quantity`
    of the SKU on `on` (default: today)? An explicit tier or region overrides the
    customer's."""

    sku_id: uuid.UUID
    quantity: Decimal
    customer_id: uuid.UUID | None = None
    tier: str | None = None
    region: str | None = None
    on: date | None = None


async def answer(actor: Actor, question: PriceQuestion) -> PriceQuote:
    """The price tester: a SKU the caller may read (products:read) and, with a customer,
    a customer within the caller's data scope."""
    sku = await get_sku(actor, question.sku_id)
    tier, region = question.tier, question.region
    if question.customer_id is not None:
        profile = await customers.customer_pricing_profile(actor, question.customer_id)
        tier = tier or profile.tier
        region = region or profile.region
    context = await context_for(actor, tier, region)
    on = question.on or await today(actor)
    return await _quote_sku(actor, context, sku, question.quantity, on)
