"""Contracts: templates, versions (documents through the files storage), signatures, terms, renewals and the reminder ladder (issue 13).

Revision ID: 0039
Revises: 0038
"""

from __future__ import annotations

revision = "0039"
down_revision = "0038"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
