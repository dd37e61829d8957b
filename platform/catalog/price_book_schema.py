"""GraphQL for price books, their entries and the price tester."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import strawberry
from strawberry import relay
from strawberry.types import Info

import catalog.price_books as books
import catalog.pricing as pricing
from catalog.errors import CatalogErrorCode
from catalog.models import PriceBook, PriceBookEntry
from catalog.rules import PriceBookKind
from catalog.schema_types import PriceRuleType, SkuType, load_skus, money, quantity_of
from core.context import Actor
from core.errors import NotFound
from core.gql.context import context_of
from core.gql.money import MoneyType
from core.gql.pagination import Connection, to_connection
from core.gql.types import (
    UserErrorType,
    decode_id,
    error_list_field,
    from_row,
    id_of,
    payload_of,
    resolve_by_ids,
    run_mutation,
    user_error_type,
)

PriceBookError = user_error_type(
    "PriceBookError",
    CatalogErrorCode,
    description="Why a change to a price book or its entries was refused.",
)


async def _load_books(actor: Actor, ids: list[uuid.UUID]) -> list[PriceBook | None]:
    return await books.price_books_by_id(actor, ids)


async def _load_book_entries(actor: Actor, ids: list[uuid.UUID]) -> list[list[PriceBookEntry]]:
    return await books.entries_of_books(actor, ids)


# --- price book types ----------------------------------------------------------------------


strawberry.enum(
    PriceBookKind,
    name="PriceBookKind",
    description="What a price book is for; the pricing engine tries PROMOTION, "
    "then VOLUME, then TIER, then REGIONAL, then the list price.",
)


@strawberry.type(
    name="PriceBook",
    description="A set of SKU prices for some customers (a "
    "tier, a region, everyone), perhaps only between two dates.",
)
class PriceBookType(relay.Node):
    id: relay.NodeID[str]
    name: str = strawberry.field(
        description="Name, unique in the tenant; quotes show it as the price source label."
    )
    kind: PriceBookKind = strawberry.field(description="TIER, PROMOTION, REGIONAL or VOLUME.")
    customer_tier: str | None = strawberry.field(
        description="Customer tier the book is for (required for TIER books); null: any."
    )
    region: str | None = strawberry.field(
        description="Customer region the book is for (required for REGIONAL books); null: "
        "any. Compared case-insensitively."
    )
    valid_from: date | None = strawberry.field(description="First day it applies; null: open.")
    valid_to: date | None = strawberry.field(description="Last day it applies; null: open.")
    priority: int = strawberry.field(description="Among books of the same kind, higher wins.")
    active: bool = strawberry.field(description="Inactive books never price anything.")
    created_at: datetime = strawberry.field(description="When the book was created.")

    @strawberry.field(description="The book's prices by SKU code, then quantity break.")
    async def entries(self, info: Info) -> list[PriceBookEntryType]:
        loader = context_of(info).loader(_load_book_entries)
        return [PriceBookEntryType.of(e) for e in await loader.load(uuid.UUID(self.id))]

    @classmethod
    def of(cls, book: PriceBook) -> PriceBookType:
        return from_row(cls, book, kind=PriceBookKind(book.kind))

    @classmethod
    async def resolve_nodes(
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Any]:
        return await resolve_by_ids(info, node_ids, books.price_books_by_id, cls.of, required)


@strawberry.type(
    name="PriceBookEntry",
    description="A SKU's unit price in a price book, from "
    "a minimum quantity (volume books' quantity breaks).",
)
class PriceBookEntryType(relay.Node):
    id: relay.NodeID[str]
    min_quantity: Decimal = strawberry.field(
        description="Applies to quantities from this one up (always 1 outside volume books)."
    )
    price_book_id: strawberry.Private[uuid.UUID]
    sku_id: strawberry.Private[uuid.UUID]
    unit_price_amount: strawberry.Private[Decimal]

    @strawberry.field(description="The price of one unit.")
    async def unit_price(self, info: Info) -> MoneyType:
        return await money(info, self.unit_price_amount)

    @strawberry.field(description="The SKU priced.")
    async def sku(self, info: Info) -> SkuType:
        sku = await context_of(info).loader(load_skus).load(self.sku_id)
        if sku is None:
            raise NotFound()
        return SkuType.of(sku)

    @strawberry.field(description="The book the entry belongs to.")
    async def price_book(self, info: Info) -> PriceBookType:
        book = await context_of(info).loader(_load_books).load(self.price_book_id)
        if book is None:
            raise NotFound()
        return PriceBookType.of(book)

    @classmethod
    def of(cls, entry: PriceBookEntry) -> PriceBookEntryType:
        return from_row(
            cls,
            entry,
            min_quantity=quantity_of(entry.min_quantity),
            unit_price_amount=entry.unit_price,
        )

    @classmethod
    async def resolve_nodes(
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Any]:
        return await resolve_by_ids(info, node_ids, books.entries_by_id, cls.of, required)


@strawberry.type(
    name="PriceQuote",
    description="What a customer pays for a quantity of a SKU "
    "on a date, and which rule of the pricing engine decided it.",
)
class PriceQuoteType:
    quantity: Decimal = strawberry.field(description="The quantity priced.")
    unit_price: MoneyType = strawberry.field(description="Price of one unit.")
    line_total: MoneyType = strawberry.field(
        description="unitPrice x quantity, rounded once (half up) to the currency's minor units."
    )
    price_source: str = strawberry.field(
        description="The rule that produced the unit price: "
        "promotion:<book id>, volume:<book id>:<min quantity>, "
        "tier:<book id>, region:<book id> or list. Order lines "
        "record it."
    )
    price_source_label: str = strawberry.field(
        description='The rule in English: the price book\'s name, or "List price".',
        deprecation_reason="English only: word priceRule.",
    )
    tier: str | None = strawberry.field(description="The customer tier priced for.")
    region: str | None = strawberry.field(description="The customer region priced for.")
    on: date = strawberry.field(
        name="date", description="The day priced for (promotions' windows)."
    )
    sku_id: strawberry.Private[uuid.UUID]
    price_book_id: strawberry.Private[uuid.UUID | None]

    @strawberry.field(description="The rule that gave the price, for clients to word.")
    def price_rule(self) -> PriceRuleType:
        return PriceRuleType.of(self.price_source, self.price_source_label)

    @strawberry.field(description="The SKU priced.")
    async def sku(self, info: Info) -> SkuType:
        sku = await context_of(info).loader(load_skus).load(self.sku_id)
        if sku is None:
            raise NotFound()
        return SkuType.of(sku)

    @strawberry.field(description="The price book that priced it; null for the list price.")
    async def price_book(self, info: Info) -> PriceBookType | None:
        if self.price_book_id is None:
            return None
        book = await context_of(info).loader(_load_books).load(self.price_book_id)
        return PriceBookType.of(book) if book else None

    @classmethod
    def of(cls, quote: pricing.PriceQuote) -> PriceQuoteType:
        return cls(
            quantity=quantity_of(quote.quantity),
            unit_price=MoneyType.of(quote.unit_price),
            line_total=MoneyType.of(quote.line_total),
            price_source=quote.price_source,
            price_source_label=quote.price_source_label,
            tier=quote.context.tier,
            region=quote.context.region,
            on=quote.on,
            sku_id=quote.sku_id,
            price_book_id=quote.price_book_id,
        )


# --- inputs ---------------------------------------------------------------------------------


@strawberry.input(description="A SKU's price in a price book.")
class PriceBookEntryInput:
    sku_id: strawberry.ID = strawberry.field(description="Global id of the SKU.")
    unit_price: Decimal = strawberry.field(description="Price of one unit (at most 4 places).")
    min_quantity: Decimal = strawberry.field(
        default=Decimal(1),
        description="Volume books: the quantity break from which the price applies.",
    )


def _sku_ref(global_id: strawberry.ID) -> uuid.UUID | None:
    """An entry's SKU id; one that names no SKU becomes an UNKNOWN_SKU user error."""
    try:
        return decode_id(global_id, "Sku")
    except NotFound:
        return None


def _entries(entries: list[PriceBookEntryInput]) -> list[books.NewEntry]:
    return [
        books.NewEntry(
            sku_id=_sku_ref(e.sku_id), unit_price=e.unit_price, min_quantity=e.min_quantity
        )
        for e in entries
    ]


@strawberry.input(description="A new price book and its entries.")
class CreatePriceBookInput:
    name: str = strawberry.field(description="Name, unique in the tenant.")
    kind: PriceBookKind = strawberry.field(description="TIER, PROMOTION, REGIONAL or VOLUME.")
    customer_tier: str | None = strawberry.field(
        default=None,
        description="Customer tier it is for (one of customerTiers); required for TIER books.",
    )
    region: str | None = strawberry.field(
        default=None, description="Customer region it is for; required for REGIONAL books."
    )
    valid_from: date | None = strawberry.field(
        default=None, description="First day; required for PROMOTION books."
    )
    valid_to: date | None = strawberry.field(
        default=None, description="Last day (inclusive); required for PROMOTION books."
    )
    priority: int = strawberry.field(
        default=0, description="-1000 to 1000; higher wins among books of the same kind."
    )
    active: bool = strawberry.field(default=True, description="Whether it prices anything.")
    entries: list[PriceBookEntryInput] = strawberry.field(
        default_factory=list, description="Its prices."
    )


@strawberry.input(
    description="Changes to a price book. Omitted fields stay as they are; "
    "customerTier, region, validFrom and validTo are cleared by null."
)
class UpdatePriceBookInput:
    price_book_id: strawberry.ID = strawberry.field(description="Global id of the price book.")
    name: str | None = strawberry.field(default=None, description="New name.")
    kind: PriceBookKind | None = strawberry.field(default=None, description="New kind.")
    customer_tier: str | None = strawberry.field(
        default=strawberry.UNSET, description="New tier; null: any tier."
    )
    region: str | None = strawberry.field(
        default=strawberry.UNSET, description="New region; null: any region."
    )
    valid_from: date | None = strawberry.field(
        default=strawberry.UNSET, description="New first day; null: open."
    )
    valid_to: date | None = strawberry.field(
        default=strawberry.UNSET, description="New last day; null: open."
    )
    priority: int | None = strawberry.field(default=None, description="New priority.")
    active: bool | None = strawberry.field(default=None, description="Activate or deactivate.")

    def to_changes(self) -> books.PriceBookChanges:
        def kept(value: Any) -> Any:
            return books.UNCHANGED if value is strawberry.UNSET else value

        return books.PriceBookChanges(
            name=self.name,
            kind=self.kind.value if self.kind else None,
            customer_tier=kept(self.customer_tier),
            region=kept(self.region),
            valid_from=kept(self.valid_from),
            valid_to=kept(self.valid_to),
            priority=self.priority,
            active=self.active,
        )


@strawberry.input(description="The complete new list of a price book's entries.")
class SetPriceBookEntriesInput:
    price_book_id: strawberry.ID = strawberry.field(description="Global id of the price book.")
    entries: list[PriceBookEntryInput] = strawberry.field(
        description="Every entry the book is to have (replaces the old ones)."
    )


@strawberry.input(
    description="What would a customer pay? Give a customer, or a tier and "
    "region (an explicit tier or region overrides the customer's)."
)
class QuotePriceInput:
    sku_id: strawberry.ID = strawberry.field(description="Global id of the SKU.")
    quantity: Decimal = strawberry.field(description="Quantity (above 0, at most 3 places).")
    customer_id: strawberry.ID | None = strawberry.field(
        default=None, description="Global id of a Customer: their tier and region apply."
    )
    tier: str | None = strawberry.field(default=None, description="Customer tier to price for.")
    region: str | None = strawberry.field(default=None, description="Region to price for.")
    on: date | None = strawberry.field(
        default=None,
        name="date",
        description="Day to price for; today in the tenant's time zone by default.",
    )


@strawberry.type(description="Result of a mutation that changes a price book.")
class PriceBookPayload:
    price_book: PriceBookType | None = strawberry.field(description="The book after the change.")
    user_errors: list[UserErrorType] = error_list_field(PriceBookError)


@strawberry.type(description="Result of deleting a price book.")
class DeletePriceBookPayload:
    deleted_price_book_id: strawberry.ID | None = strawberry.field(
        description="Global id of the deleted book."
    )
    user_errors: list[UserErrorType] = error_list_field(PriceBookError)


# --- root fields ---------------------------------------------------------------------------


@strawberry.type
class Query:
    @strawberry.field(description="Price books by name (price_books:read).")
    async def price_books(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[PriceBookType]:
        actor = await context_of(info).reader()
        page = await books.list_price_books(actor, first, after)
        return to_connection(page, PriceBookType.of)

    @strawberry.field(
        description="The price tester (products:read): what a customer would pay "
        "for a quantity of a SKU on a day, and which rule decides it."
    )
    async def quote_price(self, info: Info, input: QuotePriceInput) -> PriceQuoteType:
        question = pricing.PriceQuestion(
            sku_id=decode_id(input.sku_id, "Sku"),
            quantity=input.quantity,
            customer_id=decode_id(input.customer_id, "Customer") if input.customer_id else None,
            tier=input.tier,
            region=input.region,
            on=input.on,
        )
        actor = await context_of(info).reader()
        return PriceQuoteType.of(await pricing.answer(actor, question))


@strawberry.type
class Mutation:
    @strawberry.mutation(description="Create a price book with its entries (price_books:write).")
    async def create_price_book(self, info: Info, input: CreatePriceBookInput) -> PriceBookPayload:
        data = books.NewPriceBook(
            name=input.name,
            kind=input.kind.value,
            customer_tier=input.customer_tier,
            region=input.region,
            valid_from=input.valid_from,
            valid_to=input.valid_to,
            priority=input.priority,
            active=input.active,
            entries=_entries(input.entries),
        )
        outcome = await run_mutation(info, lambda actor: books.create_price_book(actor, data))
        return payload_of(PriceBookPayload, outcome, PriceBookType.of)

    @strawberry.mutation(description="Change a price book (price_books:write).")
    async def update_price_book(self, info: Info, input: UpdatePriceBookInput) -> PriceBookPayload:
        book_id = decode_id(input.price_book_id, "PriceBook")
        changes = input.to_changes()
        outcome = await run_mutation(
            info, lambda actor: books.update_price_book(actor, book_id, changes)
        )
        return payload_of(PriceBookPayload, outcome, PriceBookType.of)

    @strawberry.mutation(description="Replace a price book's entries (price_books:write).")
    async def set_price_book_entries(
        self, info: Info, input: SetPriceBookEntriesInput
    ) -> PriceBookPayload:
        book_id = decode_id(input.price_book_id, "PriceBook")
        entries = _entries(input.entries)
        outcome = await run_mutation(
            info, lambda actor: books.set_price_book_entries(actor, book_id, entries)
        )
        return payload_of(PriceBookPayload, outcome, PriceBookType.of)

    @strawberry.mutation(
        description="Delete a price book and its entries "
        "(price_books:write). Orders keep the prices they recorded."
    )
    async def delete_price_book(
        self, info: Info, price_book_id: strawberry.ID
    ) -> DeletePriceBookPayload:
        book_id = decode_id(price_book_id, "PriceBook")
        outcome = await run_mutation(info, lambda actor: books.delete_price_book(actor, book_id))
        return payload_of(
            DeletePriceBookPayload, outcome, lambda deleted: id_of("PriceBook", deleted)
        )
