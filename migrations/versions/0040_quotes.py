"""Quotes: versions, lines (one-off and recurring), statuses and their conversion into an order, a subscription and a contract (issue 13).

Revision ID: 0040
Revises: 0039
"""

from __future__ import annotations

revision = "0040"
down_revision = "0039"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
