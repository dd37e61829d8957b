"""The catalogue's events: products, SKUs and price books changing."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from core.event_types import Event, event


@event("product.created")
@dataclass(frozen=True)
class ProductCreated(Event):
    product_id: uuid.UUID
    code: str


@event("product.updated")
@dataclass(frozen=True)
class ProductUpdated(Event):
    """`changed` names the fields that changed (audit summary keys, or "options")."""

    product_id: uuid.UUID
    changed: list[str]


@event("product.variants_generated")
@dataclass(frozen=True)
class VariantsGenerated(Event):
    product_id: uuid.UUID
    sku_ids: list[uuid.UUID]


@event("sku.updated")
@dataclass(frozen=True)
class SkuUpdated(Event):
    sku_id: uuid.UUID
    product_id: uuid.UUID
    changed: list[str]


@event("price_book.created")
@dataclass(frozen=True)
class PriceBookCreated(Event):
    price_book_id: uuid.UUID
    kind: str


@event("price_book.updated")
@dataclass(frozen=True)
class PriceBookUpdated(Event):
    """`changed` names the fields that changed, or "entries"."""

    price_book_id: uuid.UUID
    changed: list[str]


@event("price_book.deleted")
@dataclass(frozen=True)
class PriceBookDeleted(Event):
    price_book_id: uuid.UUID
