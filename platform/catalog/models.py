"""Catalogue tables (tenant-owned): products, options and their values, SKUs, price books
and their entries. Other domains reference a SKU by `(tenant_id, id)`."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKeyConstraint,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, UUID
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.access import PortalReach, declare
from core.models import Base, TenantOwned, Timestamped

Amount = Numeric(18, 4)
Quantity = Numeric(18, 3)


class Product(TenantOwned, Timestamped, Base):
    """What the tenant sells. A simple product has exactly one SKU; a configurable one
    (`has_options`) has one SKU per combination of its options' values."""

    __tablename__ = "products"
    __table_args__ = (
        UniqueConstraint("tenant_id", "code"),
        Index("ix_products_tenant_id_name_id", "tenant_id", "name", "id"),
        CheckConstraint("tax_rate >= 0 AND tax_rate < 1", name="tax_rate"),
        CheckConstraint("base_price >= 0 AND base_cost >= 0", name="base_amounts"),
    )

    code: Mapped[str] = mapped_column(String(64), nullable=False)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    description: Mapped[str] = mapped_column(Text, nullable=False, server_default="")
    # Ordered specification lines: [{"name": "Weight", "value": "1.2 kg"}, ...].
    attributes: Mapped[list[dict[str, Any]]] = mapped_column(
        JSONB, nullable=False, server_default=text("'[]'::jsonb")
    )
    unit: Mapped[str] = mapped_column(String(20), nullable=False, server_default="pcs")
    tax_rate: Mapped[Decimal] = mapped_column(Numeric(6, 4), nullable=False, server_default="0")
    # A configurable product's SKUs cost and sell at the base plus their values' deltas.
    base_price: Mapped[Decimal] = mapped_column(Amount, nullable=False, server_default="0")
    base_cost: Mapped[Decimal] = mapped_column(Amount, nullable=False, server_default="0")
    active: Mapped[bool] = mapped_column(Boolean, nullable=False, server_default="true")
    has_options: Mapped[bool] = mapped_column(Boolean, nullable=False, server_default="false")
    # Customers may ask to return it (returns refuse items of products that are not).
    returnable: Mapped[bool] = mapped_column(Boolean, nullable=False, server_default="true")


class ProductOption(TenantOwned, Base):
    """A dimension a configurable product varies in, e.g. Memory."""

    __tablename__ = "product_options"
    __table_args__ = (
        UniqueConstraint("tenant_id", "product_id", "name"),
        ForeignKeyConstraint(
            ["tenant_id", "product_id"], ["products.tenant_id", "products.id"], ondelete="CASCADE"
        ),
    )

    product_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), nullable=False)
    name: Mapped[str] = mapped_column(String(60), nullable=False)
    position: Mapped[int] = mapped_column(Integer, nullable=False, server_default="0")


class ProductOptionValue(TenantOwned, Base):
    """One choice of an option, e.g. 32 GB, with what it adds to the base price and cost."""

    __tablename__ = "product_option_values"
    __table_args__ = (
        UniqueConstraint("tenant_id", "option_id", "name"),
        UniqueConstraint("tenant_id", "option_id", "code"),
        ForeignKeyConstraint(
            ["tenant_id", "option_id"],
            ["product_options.tenant_id", "product_options.id"],
            ondelete="CASCADE",
        ),
    )

    option_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), nullable=False)
    name: Mapped[str] = mapped_column(String(60), nullable=False)
    # Goes into generated SKU codes: LAPTOP-32G-1T.
    code: Mapped[str] = mapped_column(String(20), nullable=False)
    price_delta: Mapped[Decimal] = mapped_column(Amount, nullable=False, server_default="0")
    cost_delta: Mapped[Decimal] = mapped_column(Amount, nullable=False, server_default="0")
    position: Mapped[int] = mapped_column(Integer, nullable=False, server_default="0")


class Sku(TenantOwned, Timestamped, Base):
    """The sellable unit: what order lines, stock and price book entries point at."""

    __tablename__ = "skus"
    __table_args__ = (
        UniqueConstraint("tenant_id", "code"),
        # One SKU per option combination (the empty one for a simple product).
        UniqueConstraint("tenant_id", "product_id", "option_value_ids"),
        ForeignKeyConstraint(["tenant_id", "product_id"], ["products.tenant_id", "products.id"]),
        CheckConstraint("list_price >= 0 AND cost >= 0", name="amounts"),
        CheckConstraint("min_order_quantity > 0 AND pack_size > 0", name="quantities"),
    )

    product_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), nullable=False)
    code: Mapped[str] = mapped_column(String(64), nullable=False)
    name: Mapped[str] = mapped_column(String(300), nullable=False)
    # Value ids in the order of their options' positions.
    option_value_ids: Mapped[list[uuid.UUID]] = mapped_column(
        ARRAY(UUID(as_uuid=True)), nullable=False, server_default=text("'{}'::uuid[]")
    )
    cost: Mapped[Decimal] = mapped_column(Amount, nullable=False, server_default="0")
    list_price: Mapped[Decimal] = mapped_column(Amount, nullable=False, server_default="0")
    min_order_quantity: Mapped[Decimal] = mapped_column(
        Quantity, nullable=False, server_default="1"
    )
    # Order quantities must be a multiple of it.
    pack_size: Mapped[Decimal] = mapped_column(Quantity, nullable=False, server_default="1")
    active: Mapped[bool] = mapped_column(Boolean, nullable=False, server_default="true")

    # Loaded with every SKU (one join): callers need the product's tax rate and active flag.
    product: Mapped[Product] = relationship(lazy="joined", innerjoin=True)

    @property
    def sellable(self) -> bool:
        """Whether new order lines may use it: the SKU and its product are both active."""
        return self.active and self.product.active


class PriceBook(TenantOwned, Timestamped, Base):
    """A set of prices that applies to some customers, perhaps only for a while."""

    __tablename__ = "price_books"
    __table_args__ = (
        UniqueConstraint("tenant_id", "name"),
        CheckConstraint(
            "valid_to IS NULL OR valid_from IS NULL OR valid_to >= valid_from", name="validity"
        ),
    )

    name: Mapped[str] = mapped_column(String(120), nullable=False)
    # tier / promotion / regional / volume (validated by the service).
    kind: Mapped[str] = mapped_column(String(20), nullable=False)
    # Lower-case; null means every tier (region).
    customer_tier: Mapped[str | None] = mapped_column(String(40))
    region: Mapped[str | None] = mapped_column(String(60))
    valid_from: Mapped[date | None] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)
    priority: Mapped[int] = mapped_column(Integer, nullable=False, server_default="0")
    active: Mapped[bool] = mapped_column(Boolean, nullable=False, server_default="true")


class PriceBookEntry(TenantOwned, Base):
    """A SKU's unit price in a book, from a minimum quantity (volume books' breaks)."""

    __tablename__ = "price_book_entries"
    __table_args__ = (
        UniqueConstraint(
            "tenant_id",
            "price_book_id",
            "sku_id",
            "min_quantity",
            name="uq_price_book_entries_book_sku_min_quantity",
        ),
        Index("ix_price_book_entries_tenant_id_sku_id", "tenant_id", "sku_id"),
        ForeignKeyConstraint(
            ["tenant_id", "price_book_id"],
            ["price_books.tenant_id", "price_books.id"],
            ondelete="CASCADE",
        ),
        ForeignKeyConstraint(["tenant_id", "sku_id"], ["skus.tenant_id", "skus.id"]),
        CheckConstraint("unit_price >= 0", name="unit_price"),
        CheckConstraint("min_quantity > 0", name="min_quantity"),
    )

    price_book_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), nullable=False)
    sku_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), nullable=False)
    unit_price: Mapped[Decimal] = mapped_column(Amount, nullable=False)
    min_quantity: Mapped[Decimal] = mapped_column(Quantity, nullable=False, server_default="1")


# Catalogue data is the tenant's, whoever owns a customer: no data scope applies. Portal
# contacts reach the products and SKUs they may order (the services that pass PORTAL say
# which); options and price books stay staff-only.
declare(Product, resource="products", portal=PortalReach.TENANT)
declare(Sku, resource="products", portal=PortalReach.TENANT)
declare(ProductOption, resource="products")
declare(ProductOptionValue, resource="products")
declare(PriceBook, resource="price_books")
declare(PriceBookEntry, resource="price_books")
