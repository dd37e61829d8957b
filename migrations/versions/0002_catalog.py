"""Catalogue: products, variants (SKUs) and price books.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from core.migration_ops import grant_to_existing_roles, tenant_fk, tenant_table, timestamp_column

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

TABLES = (
    "products",
    "product_options",
    "product_option_values",
    "skus",
    "price_books",
    "price_book_entries",
)
# Existing tenants' default roles get the new resources like new tenants do
# (rbac/catalog.py DEFAULT_ROLES); admins get them from `orbit migrate` itself.
DEFAULT_GRANTS = (
    ("manager", "products", "read"),
    ("manager", "products", "write"),
    ("manager", "price_books", "read"),
    ("manager", "price_books", "write"),
    ("sales", "products", "read"),
    ("sales", "price_books", "read"),
    ("warehouse", "products", "read"),
    ("finance", "products", "read"),
    ("finance", "price_books", "read"),
    ("finance", "price_books", "write"),
    ("support", "products", "read"),
)


def _id_columns() -> list[sa.Column[Any]]:
    return [
        sa.Column("tenant_id", sa.UUID(), nullable=False),
        sa.Column("id", sa.UUID(), nullable=False),
    ]


def _create_products() -> None:
    op.create_table(
        "products",
        *_id_columns(),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), server_default="", nullable=False),
        sa.Column(
            "attributes",
            postgresql.JSONB(astext_type=sa.Text()),
            server_default=sa.text("'[]'::jsonb"),
            nullable=False,
        ),
        sa.Column("unit", sa.String(length=20), server_default="pcs", nullable=False),
        sa.Column("tax_rate", sa.Numeric(6, 4), server_default="0", nullable=False),
        sa.Column("base_price", sa.Numeric(18, 4), server_default="0", nullable=False),
        sa.Column("base_cost", sa.Numeric(18, 4), server_default="0", nullable=False),
        sa.Column("active", sa.Boolean(), server_default="true", nullable=False),
        sa.Column("has_options", sa.Boolean(), server_default="false", nullable=False),
        timestamp_column(),
        tenant_fk("products"),
        sa.CheckConstraint("tax_rate >= 0 AND tax_rate < 1", name=op.f("ck_products_tax_rate")),
        sa.CheckConstraint(
            "base_price >= 0 AND base_cost >= 0", name=op.f("ck_products_base_amounts")
        ),
        sa.PrimaryKeyConstraint("tenant_id", "id", name="pk_products"),
        sa.UniqueConstraint("tenant_id", "code", name="uq_products_tenant_id_code"),
    )
    op.create_index("ix_products_tenant_id_name_id", "products", ["tenant_id", "name", "id"])


def _create_options() -> None:
    op.create_table(
        "product_options",
        *_id_columns(),
        sa.Column("product_id", sa.UUID(), nullable=False),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("position", sa.Integer(), server_default="0", nullable=False),
        tenant_fk("product_options"),
        sa.ForeignKeyConstraint(
            ["tenant_id", "product_id"],
            ["products.tenant_id", "products.id"],
            name="fk_product_options_tenant_id_products",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("tenant_id", "id", name="pk_product_options"),
        sa.UniqueConstraint(
            "tenant_id", "product_id", "name", name="uq_product_options_tenant_id_product_id_name"
        ),
    )
    op.create_table(
        "product_option_values",
        *_id_columns(),
        sa.Column("option_id", sa.UUID(), nullable=False),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("price_delta", sa.Numeric(18, 4), server_default="0", nullable=False),
        sa.Column("cost_delta", sa.Numeric(18, 4), server_default="0", nullable=False),
        sa.Column("position", sa.Integer(), server_default="0", nullable=False),
        tenant_fk("product_option_values"),
        sa.ForeignKeyConstraint(
            ["tenant_id", "option_id"],
            ["product_options.tenant_id", "product_options.id"],
            name="fk_product_option_values_tenant_id_product_options",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("tenant_id", "id", name="pk_product_option_values"),
        sa.UniqueConstraint(
            "tenant_id",
            "option_id",
            "name",
            name="uq_product_option_values_tenant_id_option_id_name",
        ),
        sa.UniqueConstraint(
            "tenant_id",
            "option_id",
            "code",
            name="uq_product_option_values_tenant_id_option_id_code",
        ),
    )


def _create_skus() -> None:
    op.create_table(
        "skus",
        *_id_columns(),
        sa.Column("product_id", sa.UUID(), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column(
            "option_value_ids",
            postgresql.ARRAY(sa.UUID()),
            server_default=sa.text("'{}'::uuid[]"),
            nullable=False,
        ),
        sa.Column("cost", sa.Numeric(18, 4), server_default="0", nullable=False),
        sa.Column("list_price", sa.Numeric(18, 4), server_default="0", nullable=False),
        sa.Column("min_order_quantity", sa.Numeric(18, 3), server_default="1", nullable=False),
        sa.Column("pack_size", sa.Numeric(18, 3), server_default="1", nullable=False),
        sa.Column("active", sa.Boolean(), server_default="true", nullable=False),
        timestamp_column(),
        tenant_fk("skus"),
        sa.ForeignKeyConstraint(
            ["tenant_id", "product_id"],
            ["products.tenant_id", "products.id"],
            name="fk_skus_tenant_id_products",
        ),
        sa.CheckConstraint("list_price >= 0 AND cost >= 0", name=op.f("ck_skus_amounts")),
        sa.CheckConstraint(
            "min_order_quantity > 0 AND pack_size > 0", name=op.f("ck_skus_quantities")
        ),
        sa.PrimaryKeyConstraint("tenant_id", "id", name="pk_skus"),
        sa.UniqueConstraint("tenant_id", "code", name="uq_skus_tenant_id_code"),
        sa.UniqueConstraint(
            "tenant_id",
            "product_id",
            "option_value_ids",
            name="uq_skus_tenant_id_product_id_option_value_ids",
        ),
    )


def _create_price_books() -> None:
    op.create_table(
        "price_books",
        *_id_columns(),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("customer_tier", sa.String(length=40), nullable=True),
        sa.Column("region", sa.String(length=60), nullable=True),
        sa.Column("valid_from", sa.Date(), nullable=True),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column("priority", sa.Integer(), server_default="0", nullable=False),
        sa.Column("active", sa.Boolean(), server_default="true", nullable=False),
        timestamp_column(),
        tenant_fk("price_books"),
        sa.CheckConstraint(
            "valid_to IS NULL OR valid_from IS NULL OR valid_to >= valid_from",
            name=op.f("ck_price_books_validity"),
        ),
        sa.PrimaryKeyConstraint("tenant_id", "id", name="pk_price_books"),
        sa.UniqueConstraint("tenant_id", "name", name="uq_price_books_tenant_id_name"),
    )
    op.create_table(
        "price_book_entries",
        *_id_columns(),
        sa.Column("price_book_id", sa.UUID(), nullable=False),
        sa.Column("sku_id", sa.UUID(), nullable=False),
        sa.Column("unit_price", sa.Numeric(18, 4), nullable=False),
        sa.Column("min_quantity", sa.Numeric(18, 3), server_default="1", nullable=False),
        tenant_fk("price_book_entries"),
        sa.ForeignKeyConstraint(
            ["tenant_id", "price_book_id"],
            ["price_books.tenant_id", "price_books.id"],
            name="fk_price_book_entries_tenant_id_price_books",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id", "sku_id"],
            ["skus.tenant_id", "skus.id"],
            name="fk_price_book_entries_tenant_id_skus",
        ),
        sa.CheckConstraint("unit_price >= 0", name=op.f("ck_price_book_entries_unit_price")),
        sa.CheckConstraint("min_quantity > 0", name=op.f("ck_price_book_entries_min_quantity")),
        sa.PrimaryKeyConstraint("tenant_id", "id", name="pk_price_book_entries"),
        sa.UniqueConstraint(
            "tenant_id",
            "price_book_id",
            "sku_id",
            "min_quantity",
            name="uq_price_book_entries_book_sku_min_quantity",
        ),
    )
    op.create_index(
        "ix_price_book_entries_tenant_id_sku_id", "price_book_entries", ["tenant_id", "sku_id"]
    )


def upgrade() -> None:
    _create_products()
    _create_options()
    _create_skus()
    _create_price_books()
    for table in TABLES:
        tenant_table(table)
    grant_to_existing_roles(DEFAULT_GRANTS)


def downgrade() -> None:
    op.execute("DELETE FROM casbin_rules WHERE ptype = 'p' AND v1 IN ('products', 'price_books')")
    op.drop_index("ix_price_book_entries_tenant_id_sku_id", table_name="price_book_entries")
    op.drop_table("price_book_entries")
    op.drop_table("price_books")
    op.drop_table("skus")
    op.drop_table("product_option_values")
    op.drop_table("product_options")
    op.drop_index("ix_products_tenant_id_name_id", table_name="products")
    op.drop_table("products")
