"""Recurring revenue: the MRR movements ledger and its monthly totals, customers' lifecycle
segments, and the default roles' grants on quotes, contracts, subscriptions and revenue for
existing tenants (issue 13).

Revision ID: 0041
Revises: 0040
"""

from __future__ import annotations

from alembic import op

from core.migration_ops import grant_to_existing_roles

revision = "0041"
down_revision = "0040"
branch_labels = None
depends_on = None

GRANTS = [
    *[
        ("manager", resource, action)
        for resource, action in (
            ("quotes", "read"),
            ("quotes", "write"),
            ("contracts", "read"),
            ("contracts", "write"),
            ("contracts", "countersign"),
            ("contracts", "configure"),
            ("subscriptions", "read"),
            ("subscriptions", "write"),
            ("subscriptions", "plans"),
            ("revenue", "read"),
        )
    ],
    *[
        ("sales", resource, action)
        for resource, action in (
            ("quotes", "read"),
            ("quotes", "write"),
            ("contracts", "read"),
            ("contracts", "write"),
            ("subscriptions", "read"),
            ("subscriptions", "write"),
        )
    ],
    *[("finance", resource, "read") for resource in ("contracts", "subscriptions", "revenue")],
    *[("support", resource, "read") for resource in ("contracts", "subscriptions")],
]


def upgrade() -> None:
    grant_to_existing_roles(GRANTS)


def downgrade() -> None:
    op.execute(
        "DELETE FROM casbin_rules WHERE ptype = 'p' "
        "AND v1 IN ('quotes', 'contracts', 'subscriptions', 'revenue')"
    )
