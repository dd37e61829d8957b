"""A contact's own language (en or zh-CN), chosen in the portal: emails to the contact are
written in it; null means the tenant's language, as before.

Revision ID: 0027
Revises: 0026
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0027"
down_revision = "0026"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("customer_contacts", sa.Column("locale", sa.String(10), nullable=True))


def downgrade() -> None:
    op.drop_column("customer_contacts", "locale")
