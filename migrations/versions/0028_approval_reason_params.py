"""Approval steps' reasons carry their figures as params (plain decimals and the currency) so
clients word them in the reader's language. The English messages already stored are read
back: "Order total 1,200.00 USD plus open receivables 300.00 USD exceeds the credit limit
1,000.00 USD.", "A line discount of 12% is above the approval threshold of 5%.", "Order
total 150,000.00 USD is above 100,000.00 USD."; a message that matches none keeps {}.

Revision ID: 0028
Revises: 0027
"""

from __future__ import annotations

import json
import re
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0028"
down_revision = "0027"
branch_labels = None
depends_on = None

AMOUNT = r"(?P<{}>[\d,]+(?:\.\d+)?) (?P<{}>[A-Z]{{3}})"
PATTERNS = {
    "credit_limit": re.compile(
        "^Order total "
        + AMOUNT.format("total", "currency")
        + " plus open receivables "
        + AMOUNT.format("openReceivables", "c2")
        + " exceeds the credit limit "
        + AMOUNT.format("creditLimit", "c3")
        + r"\.$"
    ),
    "discount": re.compile(
        r"^A line discount of (?P<discount>[\d.]+)% is above the approval threshold of "
        r"(?P<threshold>[\d.]+)%\.$"
    ),
    "amount": re.compile(
        "^Order total "
        + AMOUNT.format("total", "currency")
        + " is above "
        + AMOUNT.format("threshold", "c2")
        + r"\.$"
    ),
}


def params_of(code: str, message: str) -> dict[str, str]:
    """The figures of a stored English reason; {} when it cannot be read."""
    pattern = PATTERNS.get(code)
    found = pattern.match(message) if pattern else None
    if found is None:
        return {}
    return {
        name: value.replace(",", "")
        for name, value in found.groupdict().items()
        if name not in ("c2", "c3")
    }


def with_params(reasons: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        reason
        if "params" in reason
        else {**reason, "params": params_of(reason["code"], reason["message"])}
        for reason in reasons
    ]


def upgrade() -> None:
    add_params()


def add_params() -> None:
    """Every stored reason without params gets them (run again, it finds none left)."""
    bind = op.get_bind()
    rows = bind.execute(
        sa.text(
            # A row whose reasons are not a list (none is written so) is left as it is.
            "SELECT tenant_id, id, reasons FROM approval_steps WHERE EXISTS ("
            "SELECT 1 FROM jsonb_array_elements(CASE WHEN jsonb_typeof(reasons) = 'array' "
            "THEN reasons ELSE '[]'::jsonb END) AS r WHERE NOT r ? 'params')"
        )
    ).all()
    update = sa.text(
        "UPDATE approval_steps SET reasons = CAST(:reasons AS jsonb) "
        "WHERE tenant_id = :tenant_id AND id = :id"
    )
    for tenant_id, step_id, reasons in rows:
        bind.execute(
            update,
            {"reasons": json.dumps(with_params(reasons)), "tenant_id": tenant_id, "id": step_id},
        )


def downgrade() -> None:
    op.execute(
        "UPDATE approval_steps SET reasons = (SELECT COALESCE(jsonb_agg(r.value - 'params' "
        "ORDER BY r.position), '[]'::jsonb) FROM jsonb_array_elements(CASE WHEN "
        "jsonb_typeof(reasons) = 'array' THEN reasons ELSE '[]'::jsonb END) "
        "WITH ORDINALITY AS r(value, position)) WHERE jsonb_typeof(reasons) = 'array'"
    )
