"""Order status history keeps what the system says as a code and its facts (note_code,
note_params) so clients word it in the reader's language; `note` keeps only the actor's own
words. Existing English notes the system wrote are converted: "Paid in full (PAY-1)" and
"Change: SKU 4 → 10; delivery 2026-12-01 → 2026-12-05; ship to Ann, Lyon (reason)". A note
that matches neither stays as it is (the actor wrote it). Downgrade writes them back.

Revision ID: 0024
Revises: 0023
"""

from __future__ import annotations

import json
import re
from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0024"
down_revision = "0023"
branch_labels = None
depends_on = None

PAID = re.compile(r"^Paid in full \((?P<payment>[^()]*)\)$")
LINE = re.compile(r"^(?P<sku>\S+) (?P<before>\S+) → (?P<after>\S+)$")
DELIVERY = re.compile(r"^delivery (?P<before>\S+) → (?P<after>\S+)$")
SHIP_TO = re.compile(r"^ship to (?P<recipient>.+), (?P<city>[^,()]+)$")
CHANGE = "Change: "


def _change_facts(body: str) -> dict[str, Any] | None:
    facts: dict[str, Any] = {}
    for part in body.split("; "):
        if delivery := DELIVERY.match(part):
            before = delivery["before"]
            facts["delivery"] = {"before": None if before == "-" else before}
            facts["delivery"]["after"] = delivery["after"]
        elif ship_to := SHIP_TO.match(part):
            facts["shipTo"] = ship_to.groupdict()
        elif line := LINE.match(part):
            facts.setdefault("lines", []).append(line.groupdict())
        else:
            return None
    return facts or None


def _cuts(body: str) -> list[int]:
    """Where the requester's bracketed reason may start, leftmost first."""
    if not body.endswith(")"):
        return []
    return [index for index in range(len(body)) if body.startswith(" (", index)]


def parse(note: str) -> tuple[str, dict[str, Any], str | None] | None:
    """(code, params, the actor's words) of a note the system wrote; None for any other."""
    if paid := PAID.match(note):
        return "paid_in_full", {"payment": paid["payment"]}, None
    if not note.startswith(CHANGE):
        return None
    body = note[len(CHANGE) :]
    for cut in _cuts(body):
        if (facts := _change_facts(body[:cut])) is not None:
            return "order_changed", facts, body[cut + 2 : -1]
    if (facts := _change_facts(body)) is not None:
        return "order_changed", facts, None
    return None


def english(code: str, facts: dict[str, Any], comment: str | None) -> str:
    if code == "paid_in_full":
        return f"Paid in full ({facts['payment']})"
    parts = [f"{line['sku']} {line['before']} → {line['after']}" for line in facts.get("lines", [])]
    if delivery := facts.get("delivery"):
        parts.append(f"delivery {delivery['before'] or '-'} → {delivery['after']}")
    if ship_to := facts.get("shipTo"):
        parts.append(f"ship to {ship_to['recipient']}, {ship_to['city']}")
    text = CHANGE + "; ".join(parts)
    return f"{text} ({comment})" if comment else text


def upgrade() -> None:
    op.add_column("order_status_history", sa.Column("note_code", sa.String(40), nullable=True))
    op.add_column(
        "order_status_history",
        sa.Column("note_params", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
    )
    convert_notes()


def convert_notes() -> None:
    """Every English note the system wrote becomes its code and facts (run again, it finds
    nothing left to convert)."""
    bind = op.get_bind()
    rows = bind.execute(
        sa.text(
            "SELECT tenant_id, id, note FROM order_status_history "
            "WHERE note_code IS NULL AND (note LIKE 'Paid in full (%' OR note LIKE 'Change: %')"
        )
    ).all()
    update = sa.text(
        "UPDATE order_status_history SET note = :note, note_code = :code, "
        "note_params = CAST(:params AS jsonb) WHERE tenant_id = :tenant_id AND id = :id"
    )
    for tenant_id, row_id, note in rows:
        parsed = parse(note)
        if parsed is None:
            continue
        code, facts, comment = parsed
        bind.execute(
            update,
            {
                "note": comment,
                "code": code,
                "params": json.dumps(facts),
                "tenant_id": tenant_id,
                "id": row_id,
            },
        )


def downgrade() -> None:
    bind = op.get_bind()
    rows = bind.execute(
        sa.text(
            "SELECT tenant_id, id, note, note_code, note_params FROM order_status_history "
            "WHERE note_code IS NOT NULL"
        )
    ).all()
    update = sa.text(
        "UPDATE order_status_history SET note = :note WHERE tenant_id = :tenant_id AND id = :id"
    )
    for tenant_id, row_id, note, code, facts in rows:
        bind.execute(
            update, {"note": english(code, facts or {}, note), "tenant_id": tenant_id, "id": row_id}
        )
    op.drop_column("order_status_history", "note_params")
    op.drop_column("order_status_history", "note_code")
