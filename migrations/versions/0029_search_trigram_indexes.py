"""Trigram indexes for the searches users type: the header's global search and the lists'
search boxes match part of an order number, external reference or customer name, a
customer's or contact's name or email, a product's name or code, a SKU code and an invoice
number anywhere in the text (ILIKE '%…%' or lower(…) LIKE '%…%'), which a b-tree cannot
serve; pg_trgm's GIN indexes can, on the same expressions the queries use.

Revision ID: 0029
Revises: 0028
"""

from __future__ import annotations

from alembic import op

revision = "0029"
down_revision = "0028"
branch_labels = None
depends_on = None

# (index name, table, indexed expression): each as the searches write it.
INDEXES = (
    ("orders_number_trgm", "orders", "number"),
    ("orders_external_ref_trgm", "orders", "external_ref"),
    ("orders_customer_name_trgm", "orders", "customer_name"),
    ("customers_name_trgm", "customers", "lower(name)"),
    ("customers_email_trgm", "customers", "email"),
    ("customer_contacts_name_trgm", "customer_contacts", "lower(name)"),
    ("customer_contacts_email_trgm", "customer_contacts", "email"),
    ("products_name_trgm", "products", "lower(name)"),
    ("products_code_trgm", "products", "lower(code)"),
    ("skus_code_trgm", "skus", "lower(code)"),
    ("invoices_number_trgm", "invoices", "number"),
)


def upgrade() -> None:
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, table, expression in INDEXES:
        op.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin (({expression}) gin_trgm_ops)"
        )


def downgrade() -> None:
    for name, _, _ in INDEXES:
        op.execute(f"DROP INDEX IF EXISTS {name}")
