"""Price book use cases: tier, promotion, regional and volume books and their entries.

Reads need `price_books:read`, changes `price_books:write`. How the books combine into one
price is the pricing engine's business (`catalog.pricing`).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import Enum
from typing import Any, Literal

from sqlalchemy import Select, delete
from sqlalchemy.exc import IntegrityError

import audit.services as audit
import customers.services as customers
from catalog import rules
from catalog.errors import CatalogErrorCode
from catalog.events import PriceBookCreated, PriceBookDeleted, PriceBookUpdated
from catalog.models import PriceBook, PriceBookEntry, Sku
from catalog.rules import clean_label, normalize_label, raise_if
from catalog.skus import skus_by_id
from core import access
from core.context import Actor
from core.errors import BusinessRuleError, NotFound, UserError
from core.ids import new_id
from core.outbox import emit
from core.pagination import Page, keyset_page

MAX_ENTRIES = 5000


class Unchanged(Enum):
    """Marks an optional field an update leaves alone (None clears it)."""

    UNCHANGED = "unchanged"


UNCHANGED = Unchanged.UNCHANGED
Keep = Literal[Unchanged.UNCHANGED]


@dataclass
class NewEntry:
    """A SKU's price in a book; `sku_id` None stands for an id that names no SKU."""

    sku_id: uuid.UUID | None
    unit_price: Decimal
    min_quantity: Decimal = Decimal(1)


@dataclass
class NewPriceBook:
    name: str
    kind: str
    customer_tier: str | None = None
    region: str | None = None
    valid_from: date | None = None
    valid_to: date | None = None
    priority: int = 0
    active: bool = True
    entries: list[NewEntry] = field(default_factory=list)


@dataclass
class PriceBookChanges:
    """None leaves name, kind, priority and active alone; the optional fields take
    UNCHANGED for that, and None clears them."""

    name: str | None = None
    kind: str | None = None
    customer_tier: str | Keep | None = UNCHANGED
    region: str | Keep | None = UNCHANGED
    valid_from: date | Keep | None = UNCHANGED
    valid_to: date | Keep | None = UNCHANGED
    priority: int | None = None
    active: bool | None = None


# --- validation ----------------------------------------------------------------------------


async def _check_book(actor: Actor, book: PriceBook) -> None:
    errors = rules.check_price_book(
        book.name,
        book.kind,
        book.customer_tier,
        book.region,
        book.valid_from,
        book.valid_to,
        book.priority,
    )
    if book.customer_tier is not None and book.customer_tier not in await customers.customer_tiers(
        actor
    ):
        errors.append(
            UserError(
                CatalogErrorCode.UNKNOWN_TIER, "No customer has such a tier.", ("customerTier",)
            )
        )
    raise_if(errors)
    others = (await access.restrict(actor, PriceBook, "write")).with_only_columns(PriceBook.id)
    taken = await actor.session.scalar(
        others.where(PriceBook.name == book.name, PriceBook.id != book.id)
    )
    if taken is not None:
        raise BusinessRuleError.single(
            CatalogErrorCode.NAME_TAKEN, "Another price book has this name.", "name"
        )


async def _checked_entries(
    actor: Actor, book: PriceBook, entries: Sequence[NewEntry]
) -> list[PriceBookEntry]:
    """The entries as rows of `book`, or every user error they carry."""
    if len(entries) > MAX_ENTRIES:
        raise BusinessRuleError.single(
            CatalogErrorCode.TOO_MANY_ENTRIES,
            f"At most {MAX_ENTRIES} entries per price book.",
            "entries",
        )
    known = {
        sku.id
        for sku in await skus_by_id(actor, [e.sku_id for e in entries if e.sku_id is not None])
        if sku is not None
    }
    errors: list[UserError] = []
    seen: set[tuple[uuid.UUID, Decimal]] = set()
    for index, entry in enumerate(entries):
        path = ("entries", str(index))
        if entry.sku_id not in known:
            errors.append(UserError(CatalogErrorCode.UNKNOWN_SKU, "No such SKU.", (*path, "skuId")))
        errors += rules.check_entry(book.kind, entry.unit_price, entry.min_quantity, path)
        # A malformed quantity is refused above; only numbers are compared (a signalling
        # NaN cannot even be hashed).
        if entry.sku_id is None or not rules.is_valid_quantity(entry.min_quantity):
            continue
        if (entry.sku_id, entry.min_quantity) in seen:
            errors.append(
                UserError(
                    CatalogErrorCode.DUPLICATE_ENTRY,
                    "This SKU already has a price from this quantity in the book.",
                    (*path, "minQuantity"),
                )
            )
        seen.add((entry.sku_id, entry.min_quantity))
    raise_if(errors)
    return [
        PriceBookEntry(
            tenant_id=book.tenant_id,
            id=new_id(),
            price_book_id=book.id,
            sku_id=entry.sku_id,
            unit_price=entry.unit_price,
            min_quantity=entry.min_quantity,
        )
        for entry in entries
    ]


def _summary(book: PriceBook) -> dict[str, Any]:
    return {
        "name": book.name,
        "kind": book.kind,
        "customerTier": book.customer_tier,
        "region": book.region,
        "validFrom": book.valid_from.isoformat() if book.valid_from else None,
        "validTo": book.valid_to.isoformat() if book.valid_to else None,
        "priority": book.priority,
        "active": book.active,
    }


# --- reading -------------------------------------------------------------------------------


async def list_price_books(actor: Actor, first: int | None, after: str | None) -> Page[PriceBook]:
    """Price books by name."""
    return await keyset_page(
        actor.session,
        await access.restrict(actor, PriceBook),
        [PriceBook.name, PriceBook.id],
        first=first,
        after=after,
        descending=False,
    )


async def price_books_by_id(actor: Actor, ids: list[uuid.UUID]) -> list[PriceBook | None]:
    return await access.rows_by_id(actor, PriceBook, ids)


async def get_price_book(actor: Actor, book_id: uuid.UUID) -> PriceBook:
    [book] = await price_books_by_id(actor, [book_id])
    if book is None:
        raise NotFound()
    return book


def _by_sku_code(entries: Select[PriceBookEntry]) -> Select[PriceBookEntry]:
    return entries.join(
        Sku, (Sku.tenant_id == PriceBookEntry.tenant_id) & (Sku.id == PriceBookEntry.sku_id)
    ).order_by(Sku.code, PriceBookEntry.min_quantity)


async def entries_of_books(actor: Actor, book_ids: list[uuid.UUID]) -> list[list[PriceBookEntry]]:
    """Each book's entries by SKU code, then quantity break."""
    entries = (await access.restrict(actor, PriceBookEntry)).where(
        PriceBookEntry.price_book_id.in_(book_ids)
    )
    rows = (await actor.session.scalars(_by_sku_code(entries))).all()
    grouped: dict[uuid.UUID, list[PriceBookEntry]] = {i: [] for i in book_ids}
    for entry in rows:
        grouped[entry.price_book_id].append(entry)
    return [grouped[i] for i in book_ids]


async def entries_by_id(actor: Actor, ids: list[uuid.UUID]) -> list[PriceBookEntry | None]:
    return await access.rows_by_id(actor, PriceBookEntry, ids)


# --- changing ------------------------------------------------------------------------------


async def _book_for_change(actor: Actor, book_id: uuid.UUID) -> PriceBook:
    return await access.get_scoped(actor, PriceBook, book_id, "write", lock=True)


async def _flush_book(actor: Actor) -> None:
    """Flush; a name another transaction took meanwhile is the same user error."""
    try:
        await actor.session.flush()
    except IntegrityError as error:
        raise BusinessRuleError.single(
            CatalogErrorCode.NAME_TAKEN, "Another price book has this name.", "name"
        ) from error


async def create_price_book(actor: Actor, data: NewPriceBook) -> PriceBook:
    principal = await actor.require("price_books", "write")
    book = PriceBook(
        tenant_id=principal.tenant_id,
        id=new_id(),
        name=data.name.strip(),
        kind=data.kind,
        customer_tier=normalize_label(data.customer_tier),
        region=clean_label(data.region),
        valid_from=data.valid_from,
        valid_to=data.valid_to,
        priority=data.priority,
        active=data.active,
    )
    await _check_book(actor, book)
    entries = await _checked_entries(actor, book, data.entries)
    actor.session.add(book)
    await _flush_book(actor)
    actor.session.add_all(entries)
    await actor.session.flush()
    await audit.record(
        actor,
        "catalog.create_price_book",
        "price_book",
        book.id,
        after={**_summary(book), "entries": len(entries)},
    )
    await emit(actor, PriceBookCreated(price_book_id=book.id, kind=book.kind))
    return book


def _apply(book: PriceBook, changes: PriceBookChanges) -> None:
    if changes.name is not None:
        book.name = changes.name.strip()
    if changes.kind is not None:
        book.kind = changes.kind
    if changes.customer_tier is not UNCHANGED:
        book.customer_tier = normalize_label(changes.customer_tier)
    if changes.region is not UNCHANGED:
        book.region = clean_label(changes.region)
    if changes.valid_from is not UNCHANGED:
        book.valid_from = changes.valid_from
    if changes.valid_to is not UNCHANGED:
        book.valid_to = changes.valid_to
    if changes.priority is not None:
        book.priority = changes.priority
    if changes.active is not None:
        book.active = changes.active


async def update_price_book(
    actor: Actor, book_id: uuid.UUID, changes: PriceBookChanges
) -> PriceBook:
    """The book after the changes must be valid as a whole (a promotion keeps its window,
    only a volume book keeps quantity breaks)."""
    book = await _book_for_change(actor, book_id)
    before = _summary(book)
    with actor.session.no_autoflush:
        _apply(book, changes)
        await _check_book(actor, book)
        if book.kind != "volume" and await _has_breaks(actor, book.id):
            raise BusinessRuleError.single(
                CatalogErrorCode.VOLUME_BREAK_NOT_ALLOWED,
                "The book has quantity breaks; only volume books "
                "have them. Replace its entries first.",
                "kind",
            )
    await _flush_book(actor)
    await audit.record(
        actor,
        "catalog.update_price_book",
        "price_book",
        book.id,
        before=before,
        after=_summary(book),
    )
    await emit(
        actor, PriceBookUpdated(price_book_id=book.id, changed=sorted(_changed(before, book)))
    )
    return book


def _changed(before: dict[str, Any], book: PriceBook) -> list[str]:
    after = _summary(book)
    return [k for k in after if after[k] != before[k]]


async def _has_breaks(actor: Actor, book_id: uuid.UUID) -> bool:
    entries = (await access.restrict(actor, PriceBookEntry, "write")).with_only_columns(
        PriceBookEntry.id
    )
    breaks = entries.where(
        PriceBookEntry.price_book_id == book_id, PriceBookEntry.min_quantity != 1
    )
    return await actor.session.scalar(breaks.limit(1)) is not None


async def set_price_book_entries(
    actor: Actor, book_id: uuid.UUID, entries: Sequence[NewEntry]
) -> PriceBook:
    """Replace the book's entries with `entries`, all or nothing."""
    book = await _book_for_change(actor, book_id)
    rows = await _checked_entries(actor, book, entries)
    removed = (
        await actor.session.execute(
            delete(PriceBookEntry)
            .where(
                PriceBookEntry.tenant_id == book.tenant_id, PriceBookEntry.price_book_id == book.id
            )
            .returning(
                PriceBookEntry.sku_id, PriceBookEntry.min_quantity, PriceBookEntry.unit_price
            )
        )
    ).all()
    actor.session.add_all(rows)
    await actor.session.flush()
    await audit.record(
        actor,
        "catalog.set_price_book_entries",
        "price_book",
        book.id,
        before={
            "entries": _entry_lines([(r.sku_id, r.min_quantity, r.unit_price) for r in removed])
        },
        after={"entries": _entry_lines([(r.sku_id, r.min_quantity, r.unit_price) for r in rows])},
    )
    await emit(actor, PriceBookUpdated(price_book_id=book.id, changed=["entries"]))
    return book


def _entry_lines(entries: Sequence[tuple[uuid.UUID, Decimal, Decimal]]) -> list[str]:
    """Entries as the audit log shows them: `<SKU id> from <min quantity>: <unit price>`."""
    return sorted(
        f"{sku_id} from {min_quantity.normalize():f}: {unit_price.normalize():f}"
        for sku_id, min_quantity, unit_price in entries
    )


async def delete_price_book(actor: Actor, book_id: uuid.UUID) -> uuid.UUID:
    """Delete a book and its entries. Order lines keep the price and source they recorded."""
    book = await _book_for_change(actor, book_id)
    summary = _summary(book)
    await actor.session.delete(book)
    await actor.session.flush()
    await audit.record(actor, "catalog.delete_price_book", "price_book", book_id, before=summary)
    await emit(actor, PriceBookDeleted(price_book_id=book_id))
    return book_id
