"""The built-in Support role reaches every customer and order (read-only orders): a support
agent answers whoever calls, and with the department scope the demo's support user saw no
customer at all. Tenants' Support roles still on the old default scope move with it; a
scope a tenant chose itself stays.

Revision ID: 0021
Revises: 0020
"""

from __future__ import annotations

from alembic import op

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        "UPDATE roles SET data_scope = 'all' WHERE key = 'support' AND data_scope = 'department'"
    )


def downgrade() -> None:
    op.execute(
        "UPDATE roles SET data_scope = 'department' WHERE key = 'support' AND data_scope = 'all'"
    )
